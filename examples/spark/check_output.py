"""Checks a Spark run's output against `docfacts extract` on the same files (examples/spark/test.sh).

usage: check_output.py CLI.jsonl SPARK_OUTPUT_DIR json|parquet

json: every record equal to the CLI's, byte for byte once parsed, except source.path (the CLI
writes the file path, the Spark job "-" for inline text).
parquet: the same ids, status, language, and every fact (kind, text, start, end) of every record.
"""

import json
import os
import sys


def load_cli(path):
    records = {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        records[r["id"]] = r
    return records


def spark_json(folder):
    records = {}
    for name in sorted(os.listdir(folder)):
        if name.startswith("part-"):
            for line in open(os.path.join(folder, name), encoding="utf-8"):
                r = json.loads(line)
                assert r["id"] not in records, f"id {r['id']} twice"
                records[r["id"]] = r
    return records


def spark_parquet(folder):
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").appName("check").getOrCreate()
    rows = [json.loads(s) for s in spark.read.parquet(folder).toJSON().collect()]
    spark.stop()
    return {r["id"]: r for r in rows}


def facts(r):
    return sorted(
        (kind, f["start"], f["end"], f["text"]) for kind in ("dates", "doc_refs", "figures")
        for f in (r.get(kind) or [])
    )


def main():
    cli_path, folder, fmt = sys.argv[1:4]
    cli = load_cli(cli_path)
    got = spark_json(folder) if fmt == "json" else spark_parquet(folder)
    problems = []
    if sorted(got) != sorted(cli):
        problems.append(f"ids differ: spark {sorted(got)} vs cli {sorted(cli)}")
    for doc_id in sorted(set(cli) & set(got)):
        a, b = cli[doc_id], got[doc_id]
        if fmt == "json":
            a = dict(a, source=dict(a["source"], path=None))
            b = dict(b, source=dict(b["source"], path=None))
            if a != b:
                diff = [k for k in a if a.get(k) != b.get(k)]
                problems.append(f"{doc_id}: fields differ: {diff}")
        else:
            for key in ("status",):
                if a[key] != b.get(key):
                    problems.append(f"{doc_id}: {key} {a[key]!r} vs {b.get(key)!r}")
            if a["language"]["code"] != b["language"]["code"]:
                problems.append(f"{doc_id}: language differs")
            if facts(a) != facts(b):
                problems.append(f"{doc_id}: facts differ ({len(facts(a))} vs {len(facts(b))})")
    n_facts = sum(len(facts(r)) for r in got.values())
    if problems:
        print("spark output differs from the CLI's:", *problems, sep="\n  ")
        sys.exit(1)
    if n_facts == 0:
        print("no facts at all: the check would pass on anything")
        sys.exit(1)
    print(f"ok: {fmt}: {len(got)} records, {n_facts} facts, equal to the CLI's")


if __name__ == "__main__":
    main()
