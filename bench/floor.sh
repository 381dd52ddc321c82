#!/usr/bin/env bash
# The floor under `docfacts extract`, beside it in the same run: over the same archive, `cat`
# (reading the files), GNU `grep -cE '[0-9]+'` (issue 17's candidate pass), the `floor` example
# (what the contract asks of every document before any fact: list, read, SHA-256, decode, an empty
# record; crates/bench/examples/floor.rs) and single-thread `extract`. ROUNDS rounds, the four
# commands in turn (the order reversed every other round); the median wall time of each is kept.
# Prints MB/s and each one's ratio to grep.
#
# usage: bench/floor.sh DIR [ROUNDS]   (DIR: an archive of bench/make_archive.py)
# env:   DOCFACTS (default target/release/docfacts)
set -euo pipefail
dir=$(cd "${1:?usage: bench/floor.sh DIR [ROUNDS]}" && pwd)
rounds="${2:-5}"
source "$(dirname "$0")/binary.sh"
floor="$CARGO_TARGET_DIR/release/examples/floor"
cargo build --release --locked -q -p docfacts-bench --example floor
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
find "$dir" -type f -print0 | xargs -0 cat >/dev/null # warm the page cache

# Wall seconds of a command, to the microsecond (grep takes a few hundredths of a second).
wall() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(((end - start) / 1000))e-6"
}
run() {
  case $1 in
    cat) wall sh -c "find '$dir' -type f -print0 | xargs -0 cat" ;;
    grep) wall sh -c "find '$dir' -type f -print0 | xargs -0 grep -cE '[0-9]+'" ;;
    floor) wall "$floor" "$dir" ;;
    extract) wall "$bin" extract -j 1 -q "$dir" ;;
  esac
}
order=(cat grep floor extract)
for ((i = 0; i < rounds; i++)); do
  if ((i % 2)); then names=(extract floor grep cat); else names=("${order[@]}"); fi
  for name in "${names[@]}"; do echo "$name $(run "$name")"; done
done | python3 -c '
import statistics, sys
bytes_, order = int(sys.argv[1]), sys.argv[2].split()
times = {}
for line in sys.stdin:
    name, secs = line.split()
    times.setdefault(name, []).append(float(secs))
mbps = {n: bytes_ / 1e6 / max(statistics.median(times[n]), 1e-3) for n in order}
print(f"{bytes_ / 1e6:.1f} MB, median of {len(times[order[0]])} rounds")
print("| pass | MB/s | against grep |")
print("| --- | --- | --- |")
grep = mbps[order[1]]
for n in order:
    print(f"| {n} | {mbps[n]:.1f} | {mbps[n] / grep:.3f}× |")
' "$bytes" "${order[*]}"
