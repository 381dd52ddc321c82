#!/usr/bin/env bash
# Scaling of `docfacts compare` with the number of facts: pairs built by repeating a fixture pair
# (fixtures/compare/000.en.txt against its tampered Persian translation 002.fa.tampered.txt, 37 and
# 34 facts a copy), each measured whole-process with /usr/bin/time -v (wall time, peak RSS).
#
# usage: bench/compare_scaling.sh [COPIES...]     (default: 100 200 400 800)
# env:   DOCFACTS=path/to/binary (default: $CARGO_TARGET_DIR/release/docfacts, built when missing)
#        WORK (default: $CARGO_TARGET_DIR/bench-compare), FORMAT (default: json; or text)
# Prints one Markdown table row per size: copies, bytes of the pair, facts of A and B, seconds,
# peak RSS (MiB), exit status. Timings are for people to read, not for tests.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=("$@"); [ ${#copies[@]} -gt 0 ] || copies=(100 200 400 800)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${DOCFACTS:-$CARGO_TARGET_DIR/release/docfacts}"
[ -x "$bin" ] || cargo build --release --locked
work="${WORK:-$CARGO_TARGET_DIR/bench-compare}"; mkdir -p "$work"
format="${FORMAT:-json}"
echo "| copies | pair bytes | facts A | facts B | seconds | peak RSS MiB | exit |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for k in "${copies[@]}"; do
  a="$work/a.$k.en.txt"; b="$work/b.$k.fa.txt"
  if [ ! -s "$a" ] || [ ! -s "$b" ]; then
    for _ in $(seq "$k"); do cat fixtures/compare/000.en.txt; printf '\n\n'; done > "$a"
    for _ in $(seq "$k"); do cat fixtures/compare/002.fa.tampered.txt; printf '\n\n'; done > "$b"
  fi
  set +e
  /usr/bin/time -v "$bin" compare --format "$format" "$a" "$b" > "$work/report.$k" 2> "$work/time.$k"
  rc=$?
  set -e
  secs=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.$k" \
    | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
  rss=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/time.$k" | awk '{ printf "%.0f", $1 / 1024 }')
  facts=$(python3 - "$work/report.$k" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception:
    print("? ?"); sys.exit()
a = len(r["matched"]) + len(r["mismatched"]) + len(r["only_in_a"]) + sum(1 for t in r["tolerated"] if t.get("a"))
b = len(r["matched"]) + len(r["mismatched"]) + len(r["only_in_b"]) + sum(1 for t in r["tolerated"] if t.get("b"))
print(a, b)
PY
)
  bytes=$(( $(stat -c %s "$a") + $(stat -c %s "$b") ))
  echo "| $k | $bytes | ${facts% *} | ${facts#* } | $secs | $rss | $rc |"
done
