#!/usr/bin/env bash
# Runs examples/spark/docfacts_spark.py in local[2] mode on corpus/ and checks that its output equals
# `docfacts extract corpus`, with both engines: the shipped binary, and the docfacts Python package
# in mapInPandas. usage: examples/spark/test.sh path/to/docfacts
# Needs python3 (with venv), Java 17+ and Rust; installs pyspark, pandas, pyarrow and the package
# (`pip install ./python`, built from source) into $SPARK_VENV (default target/spark-venv).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 path/to/docfacts" >&2; exit 2; }
bin="$(realpath "$1")"
cd "$(dirname "$0")/../.."
venv="$(realpath -m "${SPARK_VENV:-target/spark-venv}")"
pyspark_version="${PYSPARK_VERSION:-4.0.1}"
# Missing Java or python3 venv: skipped, except under CI=true where it is a failure.
missing=""
command -v java >/dev/null 2>&1 || missing="java"
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$missing python3-venv"
if [ -n "$missing" ]; then
  if [ "${CI:-}" = true ]; then echo "spark test: $missing not found" >&2; exit 1; fi
  echo "skipped: spark test needs$([ -n "$missing" ] && echo " $missing")"; exit 0
fi
start=$(date +%s)
pip=("$venv/bin/pip" --quiet --disable-pip-version-check)
if ! "$venv/bin/python" -c "import pyspark, pandas, pyarrow" 2>/dev/null; then
  python3 -m venv "$venv"
  # a pip that builds ./python in place (21.3+): the crate's path dependencies are ../crates
  "${pip[@]}" install --upgrade pip
  "${pip[@]}" install "pyspark==$pyspark_version" pandas pyarrow
fi
# Always: the package of this checkout (an unchanged crate builds in seconds).
"${pip[@]}" install ./python
installed=$(date +%s)
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$PYSPARK_PYTHON"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Shipped as `docfacts` whatever the local file is called.
mkdir "$work/bin" && cp "$bin" "$work/bin/docfacts"
submit() {
  "$venv/bin/spark-submit" --master 'local[2]' --files "$work/bin/docfacts" \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    examples/spark/docfacts_spark.py "$@" 2> "$work/spark.log" || { cat "$work/spark.log" >&2; exit 1; }
}

"$bin" extract corpus -q > "$work/cli.jsonl"

# A folder of text files → JSON Lines, two partitions.
submit --input corpus --input-format text --partitions 2 --output "$work/out-json" --output-format json
"$PYSPARK_PYTHON" examples/spark/check_output.py "$work/cli.jsonl" "$work/out-json" json

# A JSON Lines dataset of requests → Parquet.
"$PYSPARK_PYTHON" - "$work/requests.jsonl" <<'PY'
import json, pathlib, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for p in sorted(pathlib.Path("corpus").glob("*.txt")):
        out.write(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
PY
submit --input "$work/requests.jsonl" --input-format jsonl --partitions 2 \
  --output "$work/out-parquet" --output-format parquet
"$PYSPARK_PYTHON" examples/spark/check_output.py "$work/cli.jsonl" "$work/out-parquet" parquet 2>>"$work/spark.log"

# The same two runs with the docfacts Python package in mapInPandas.
submit --engine package --input corpus --input-format text --partitions 2 \
  --output "$work/package-json" --output-format json
"$PYSPARK_PYTHON" examples/spark/check_output.py "$work/cli.jsonl" "$work/package-json" json
submit --engine package --input "$work/requests.jsonl" --input-format jsonl --partitions 2 \
  --output "$work/package-parquet" --output-format parquet
"$PYSPARK_PYTHON" examples/spark/check_output.py "$work/cli.jsonl" "$work/package-parquet" parquet 2>>"$work/spark.log"

done_at=$(date +%s)
echo "spark test: ok (pyspark install $((installed - start)) s, spark runs and checks $((done_at - installed)) s)"
