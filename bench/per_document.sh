#!/usr/bin/env bash
# What a document costs whatever its length: single-thread `docfacts extract` over an archive,
# alternated with the same bytes joined ten documents to a file (documents of one language and
# variant together, so that each joined file is read as they are). The difference, divided by the
# documents the joining saved, is the cost of a document beyond its bytes: opening and reading the
# file, detection's sample (the first 32 KB: the whole of a short document, a quarter of a joined
# one), the header and preamble, the record. Times are user + system CPU seconds, means of ROUNDS
# alternated (ABBA) runs.
#
# usage: bench/per_document.sh DIR [ROUNDS]   (DIR: an archive of bench/make_archive.py)
# env:   DOCFACTS (default target/release/docfacts); NO_GNU_TIME=1 measures through bench/measure.py
set -euo pipefail
dir=$(cd "${1:?usage: bench/per_document.sh DIR [ROUNDS]}" && pwd)
rounds="${2:-4}"
source "$(dirname "$0")/binary.sh"
joined="$CARGO_TARGET_DIR/bench/joined10"
rm -rf "$joined"; mkdir -p "$joined"
"$bin" extract -j 2 "$dir" 2>/dev/null | python3 -c '
import json, sys, collections
out = sys.argv[1]
groups = collections.defaultdict(list)
for line in sys.stdin:
    r = json.loads(line)
    if r["status"] == "ok":
        groups[(r["language"]["code"], r["language"]["variant"])].append(r["source"]["path"])
n = 0
for paths in groups.values():
    paths.sort()
    for i in range(0, len(paths), 10):
        with open(f"{out}/joined{n:06d}.txt", "wb") as f:
            for p in paths[i:i + 10]:
                f.write(open(p, "rb").read() + b"\n\n")
        n += 1
' "$joined"
docs=$(find "$dir" -type f | wc -l)
files=$(find "$joined" -type f | wc -l)
# User + system CPU seconds of one single-thread run over $1 (through bench/measure.py where there
# is no /usr/bin/time).
cpu() {
  local t="$CARGO_TARGET_DIR/bench/per_document.t"
  if [ -x /usr/bin/time ] && [ -z "${NO_GNU_TIME:-}" ]; then
    /usr/bin/time -f '%e %M %U %S' -o "$t" "$bin" extract -j 1 -q "$1" >/dev/null 2>&1 || true
  else
    python3 bench/measure.py "$t" "$bin" extract -j 1 -q "$1" >/dev/null 2>&1 || true
  fi
  awk '{print $3 + $4}' "$t"
}
for ((i = 0; i < rounds; i++)); do
  for d in "$dir" "$joined" "$joined" "$dir"; do echo "$d $(cpu "$d")"; done
done | awk -v docs="$docs" -v files="$files" -v dir="$dir" '
  { s[$1] += $2; c[$1]++ }
  END {
    for (k in s) m[k] = s[k] / c[k]
    for (k in m) if (k != dir) j = k
    printf "%d documents: %.3f s; the same bytes in %d files: %.3f s\n", docs, m[dir], files, m[j]
    printf "a document beyond its bytes: %.0f us (%.0f%% of the run)\n", (m[dir] - m[j]) / (docs - files) * 1e6, 100 * (m[dir] - m[j]) * docs / (docs - files) / m[dir]
  }'
