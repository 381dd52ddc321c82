#!/usr/bin/env bash
# Whole-process benchmark of `docfacts extract` on synthetic archives built from corpus/, beside
# the I/O floor (`cat`) and a peer (dateparser's search_dates), written to BENCHMARKS.md.
#
# usage: bench/run.sh [SIZE_MB...]        (default: 10 100; add 1000 for the 1 GB archive)
# env:   DOCFACTS=path/to/binary (default: target/release/docfacts, built when missing)
#        BASELINE=path/to/an/older/binary (optional: its -j 1 row is measured too, for a before/after)
#        PEER_SAMPLE_BYTES (default 200000), OUT (default BENCHMARKS.md), WORK (default target/bench)
#        REPEAT (default 1): runs per thread count, the median wall time kept
# A machine without /usr/bin/time is measured through bench/measure.py; a python3 that already
# imports dateparser (offline machines: install its wheels first) is used instead of a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${DOCFACTS:-$CARGO_TARGET_DIR/release/docfacts}"
[ -x "$bin" ] || cargo build --release --locked
work="${WORK:-$CARGO_TARGET_DIR/bench}"; mkdir -p "$work"
out="${OUT:-BENCHMARKS.md}"
sample="${PEER_SAMPLE_BYTES:-200000}"
cores=$(nproc)
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)

repeat="${REPEAT:-1}"
physical=$( (lscpu -p=SOCKET,CORE 2>/dev/null || awk -F': ' '/^physical id/ {s=$2} /^core id/ {print s","$2}' /proc/cpuinfo) | grep -v '^#' | sort -u | wc -l)

if python3 -c 'import dateparser' 2>/dev/null; then
  peer_python=python3
else
  venv="$CARGO_TARGET_DIR/bench-venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import dateparser' 2>/dev/null; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q dateparser
  fi
  peer_python="$venv/bin/python"
fi

# wall seconds, peak RSS (KB) and CPU seconds (user + system) of a command: "SECONDS KB CPU"
measure() {
  if [ -x /usr/bin/time ] && [ -z "${NO_GNU_TIME:-}" ]; then
    /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >/dev/null
  else
    python3 bench/measure.py "$work/time.txt" "$@" >/dev/null
  fi
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/time.txt"
}
# measure, REPEAT times: the run with the median wall time
measure_median() {
  for ((r = 0; r < repeat; r++)); do measure "$@"; done | sort -n | sed -n "$(((repeat + 1) / 2))p"
}
mbps() { python3 -c "import sys; b,s=float(sys.argv[1]),float(sys.argv[2]); print(f'{b/1e6/max(s,1e-3):.1f}')" "$@"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.{int(sys.argv[3])}f}' if b else 'n/a')" "$@"; }

rows=(); peer_rows=()
for size in "${sizes[@]}"; do
  dir="$work/archive_${size}mb"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"; python3 bench/make_archive.py corpus "$dir" "$size" "$size" >/dev/null; touch "$dir/.complete"
  fi
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
  docs=$(find "$dir" -name '*.txt' | wc -l)
  find "$dir" -name '*.txt' -print0 | xargs -0 cat >/dev/null  # warm the page cache for all
  read -r cat_s _ _ < <(measure sh -c "find '$dir' -name '*.txt' -print0 | xargs -0 cat")
  cat_mbps=$(mbps "$bytes" "$cat_s")
  # The candidate floor: GNU grep finding the lines with a digit run in the same files.
  read -r grep_s _ _ < <(measure sh -c "find '$dir' -name '*.txt' -print0 | xargs -0 grep -cE '[0-9]+'")
  grep_mbps=$(mbps "$bytes" "$grep_s")
  read -r peer_bytes peer_s peer_docs peer_found < <("$peer_python" bench/dateparser_peer.py "$dir" "$sample")
  peer_mbps=$(python3 -c "print(f'{$peer_bytes/1e6/$peer_s:.4f}')")
  peer_rows+=("| ${size} MB | $peer_docs | $peer_bytes | $peer_s | $peer_found | $peer_mbps |")
  # 1, 2, 4, … threads up to the core count (and the core count itself): the scaling curve.
  threads=(); for ((j = 1; j < cores; j *= 2)); do threads+=("$j"); done; threads+=("$cores")
  one=""
  for j in "${threads[@]}"; do
    read -r s kb cpu < <(measure_median "$bin" extract -q -j "$j" "$dir" -o /dev/null)
    m=$(mbps "$bytes" "$s")
    [ -n "$one" ] || one=$m
    rows+=("| ${size} MB | $docs | $j | $s | $cpu | $m | $(mbps "$bytes" "$cpu") | $(ratio "$m" "$one" 2)× | $(ratio "$docs" "$s" 0) | $((kb / 1024)) | $(ratio "$m" "$cat_mbps" 3) | $(ratio "$m" "$grep_mbps" 3) | $(ratio "$m" "$peer_mbps" 0)× |")
  done
  if [ -n "${BASELINE:-}" ]; then
    read -r s kb cpu < <(measure "$BASELINE" extract -q -j 1 "$dir" -o /dev/null)
    m=$(mbps "$bytes" "$s")
    rows+=("| ${size} MB | $docs | 1 (baseline binary) | $s | $cpu | $m | $(mbps "$bytes" "$cpu") | $(ratio "$m" "$one" 2)× | $(ratio "$docs" "$s" 0) | $((kb / 1024)) | $(ratio "$m" "$cat_mbps" 3) | $(ratio "$m" "$grep_mbps" 3) | $(ratio "$m" "$peer_mbps" 0)× |")
  fi
  rows+=("| ${size} MB | $docs | cat | $cat_s | | $cat_mbps | | | | | 1 | | |")
  rows+=("| ${size} MB | $docs | grep -cE '[0-9]+' | $grep_s | | $grep_mbps | | | | | $(ratio "$grep_mbps" "$cat_mbps" 3) | 1 | |")
  echo "size ${size} MB done" >&2
done

# PDF: docfacts beside pdftotext on the same file, median wall time of 7 runs each.
pdf="${PDF:-fixtures/pdf/mixed_big.pdf}"
pdf_rows=()
if command -v pdftotext >/dev/null && [ -f "$pdf" ]; then
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  median() {  # median wall seconds of 7 runs of a command
    for _ in 1 2 3 4 5 6 7; do measure "$@" | cut -d' ' -f1; done | sort -n | sed -n 4p
  }
  t_ref=$(median pdftotext "$pdf" /dev/null)
  for row in "pdftotext|pdftotext $pdf /dev/null|$t_ref" \
             "docfacts text|$bin text $pdf|$(median "$bin" text "$pdf")" \
             "docfacts extract|$bin extract -q $pdf -o /dev/null|$(median "$bin" extract -q "$pdf" -o /dev/null)"; do
    IFS='|' read -r name _ t <<<"$row"
    pdf_rows+=("| $name | $t | $(python3 -c "print(f'{$pages/max($t,1e-3):.0f}')") | $(ratio "$t_ref" "$t" 2) |")
  done
fi

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bench/run.sh ${sizes[*]}\` on $(date -u +%Y-%m-%d)."
  echo "Machine: $cores cores ($physical physical), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end ($cpu_model), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(uname -sr)."
  echo "docfacts $("$bin" --version 2>/dev/null | awk '{print $2}'), release build."
  echo
  echo "Archives: plain-text reports made from \`corpus/\` by \`bench/make_archive.py\` (all languages and"
  echo "variants mixed, every copy with changed digits, swapped lines and a repeated word: no two alike)."
  echo "Times are wall-clock of the whole process (\`/usr/bin/time\` or \`bench/measure.py\`), page cache warm; output to /dev/null;"
  echo "each thread count's row is the median-wall run of $repeat."
  echo
  echo "MB/s is bytes ÷ wall time; \"MB/s per CPU-second\" is bytes ÷ (user + system time), the number"
  echo "that a machine shared with other work (as this one is) disturbs least."
  echo
  echo "| archive | docs | threads | wall s | CPU s | MB/s | MB/s per CPU-second | ÷ 1 thread | docs/s | peak RSS MB | ÷ cat | ÷ grep | ÷ dateparser |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Peer: dateparser \`search_dates\` (PyPI, default settings, language detected) on the first"
  echo "documents of the same archive, in the same run:"
  echo
  echo "| archive | docs | bytes | seconds | dates found | MB/s |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${peer_rows[@]}"
  echo
  if [ ${#pdf_rows[@]} -gt 0 ]; then
    echo "## PDF"
    echo
    echo "\`$pdf\` ($pages pages), median wall time of 7 runs each, same run. \`extract\` also finds the facts."
    echo
    echo "| command | seconds | pages/s | ÷ pdftotext |"
    echo "| --- | ---: | ---: | ---: |"
    printf '%s\n' "${pdf_rows[@]}"
    echo
  fi
  echo "## Stage benchmarks (criterion)"
  echo
  echo "Per stage, on a short (≤ 2 KiB) and a long (≥ 128 KiB) text of every language and variant in"
  echo "\`corpus/\` (labelled by docfacts' detection): \`cargo bench -p docfacts-bench\` runs them all;"
  echo "one group: \`cargo bench -p docfacts-bench --bench extract\` (also \`ingest\`, \`view\`, \`detect\`,"
  echo "\`pipeline\`); quicker: append \`-- --warm-up-time 0.3 --measurement-time 1 --noplot\`, or a name"
  echo "filter such as \`-- dates/fa\`. Reports land in \`target/criterion/\`. CI does not run them."
} > "$out"
cat "$out"
