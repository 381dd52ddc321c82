#!/usr/bin/env bash
# What each kind of text costs: instructions per byte of single-thread `docfacts extract` (callgrind)
# on SIZE_MB of variants of each corpus text (made as bench/make_archive.py makes the benchmark
# archive, one text at a time), by stage, with each kind's share of the archive's bytes (the archive
# takes the texts in turn, so a longer text weighs more). One process per kind: its grammars'
# compilation is counted once in it, and SHA-256 in software (valgrind hides the CPU's extensions).
#
# usage: bench/kinds.sh [SIZE_MB]   (default 1)
# env:   DOCFACTS (default target/release/docfacts)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${DOCFACTS:-$CARGO_TARGET_DIR/release/docfacts}"
[ -x "$bin" ] || cargo build --release --locked
size="${1:-1}"
work="$CARGO_TARGET_DIR/bench/kinds"; mkdir -p "$work"
total=$(find corpus -maxdepth 1 -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
names=()
for text in corpus/*.txt; do
  name=$(basename "$text" .txt); names+=("$name")
  rm -rf "$work/$name" "$work/$name.corpus"; mkdir -p "$work/$name.corpus"; cp "$text" "$work/$name.corpus/"
  python3 bench/make_archive.py "$work/$name.corpus" "$work/$name" "$size" >/dev/null
  bytes=$(find "$work/$name" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.cg" "$bin" extract -j 1 -q "$work/$name" >/dev/null 2>"$work/$name.log"
  python3 bench/stages.py "$work/$name.cg" > "$work/$name.stages"
  echo "$name $bytes $(stat -c %s "$text")" >> "$work/sizes.new"
done
mv "$work/sizes.new" "$work/sizes"
python3 - "$work" "$total" "${names[@]}" <<'PY'
import sys
work, total, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
sizes = {n: (int(b), int(s)) for n, b, s in (l.split() for l in open(f"{work}/sizes"))}
tables = {n: [l.rstrip("\n").split("\t") for l in open(f"{work}/{n}.stages")] for n in names}
short = [n.split("_")[0] for n in names]
print("| stage (instructions a byte) | " + " | ".join(short) + " |")
print("| --- |" + " ---: |" * len(names))
print("| share of the archive's bytes | " + " | ".join(f"{100 * sizes[n][1] / total:.0f}%" for n in names) + " |")
for k, (stage, _) in enumerate(tables[names[0]]):
    print(f"| {stage} | " + " | ".join(f"{int(tables[n][k][1]) / sizes[n][0]:.1f}" for n in names) + " |")
PY
