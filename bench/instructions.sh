#!/usr/bin/env bash
# Instructions per input byte of single-thread `docfacts extract` (valgrind's callgrind: a count,
# not a time, so it repeats on a busy machine), beside a baseline binary's, and the count of a
# bare `grep -cE '[0-9]+'` over the same files; with the stages' inclusive shares.
#
# usage: bench/instructions.sh [DIR]   (default: the first 200 documents of a 30 MB archive)
# env:   DOCFACTS (default target/release/docfacts), BASELINE (optional: an older binary)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${DOCFACTS:-$CARGO_TARGET_DIR/release/docfacts}"
work="$CARGO_TARGET_DIR/bench"; mkdir -p "$work"
dir="${1:-}"
if [ -z "$dir" ]; then
  full="$work/archive_30mb"
  [ -f "$full/.complete" ] || { rm -rf "$full"; python3 bench/make_archive.py corpus "$full" 30 >/dev/null; touch "$full/.complete"; }
  dir="$work/sample200"; rm -rf "$dir"; mkdir -p "$dir"
  find "$full" -name '*.txt' | sort | head -200 | while read -r f; do cp "$f" "$dir/$(echo "${f#"$full"/}" | tr / _)"; done
fi
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
count() {  # total instructions of a command under callgrind; the profile is kept in $work/$1.cg
  local name=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.cg" "$@" >/dev/null 2>"$work/$name.log"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/$name.log"
}
row() { python3 -c "import sys; n,b=int(sys.argv[2]),int(sys.argv[3]); print(f'| {sys.argv[1]} | {n:,} | {n/b:.2f} |')" "$@"; }
echo "$bytes bytes in $(find "$dir" -type f | wc -l) files ($dir)"
echo
echo "| command | instructions | per byte |"
echo "| --- | ---: | ---: |"
row "docfacts extract -j 1" "$(count docfacts "$bin" extract -j 1 -q "$dir")" "$bytes"
if [ -n "${BASELINE:-}" ]; then
  row "baseline extract -j 1" "$(count baseline "$BASELINE" extract -j 1 -q "$dir")" "$bytes"
fi
row "grep -rcE '[0-9]+'" "$(count grep grep -rcE '[0-9]+' "$dir")" "$bytes"
echo
echo "Stages, inclusive instructions (the dates row holds their grammars' compilation, once per process; valgrind hides the CPU's SHA extensions: the digest is counted"
echo "in software there, a small part of a real run):"
echo
stages() { python3 bench/stages.py "$1"; }
stages "$work/docfacts.cg" > "$work/docfacts.stages"
if [ -n "${BASELINE:-}" ]; then
  stages "$work/baseline.cg" > "$work/baseline.stages"
  echo "| stage | baseline | docfacts | baseline ÷ docfacts |"
  echo "| --- | ---: | ---: | ---: |"
  paste "$work/baseline.stages" "$work/docfacts.stages" | python3 -c '
import sys
for line in sys.stdin:
    name, base, _, new = line.rstrip("\n").split("\t")
    base, new = int(base), int(new)
    print(f"| {name} | {base:,} | {new:,} | {base / new:.2f} |" if new else f"| {name} | {base:,} | {new:,} | |")
'
else
  echo "| stage | instructions |"
  echo "| --- | ---: |"
  python3 -c 'import sys; [print(f"| {n} | {int(v):,} |") for n, v in (l.rstrip("\n").split("\t") for l in sys.stdin)]' < "$work/docfacts.stages"
fi
