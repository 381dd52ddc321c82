"""Run docfacts over a dataset on Apache Spark.

Two engines, the same records (docs/CONTRACT.md) for the same requests `{"id": ..., "text": ...}`:
  --engine binary   (default) the docfacts binary travels with the job (`spark-submit --files
                    /path/to/docfacts`); each task starts `docfacts extract --jsonl-input` and
                    pipes its partition through it, records out in the same order.
  --engine package  the docfacts Python package (`pip install ./python` on every executor's
                    Python) is called inside `mapInPandas`, one document at a time; needs pandas
                    and pyarrow. A request line that is not JSON with an id and a text or path
                    fails the task (the binary engine makes it an error record).

Inputs:
  --input-format text   a folder (or glob) of UTF-8 text files, read with wholeTextFiles;
                        id = file name without extension (or the full path with --ids path)
  --input-format jsonl  a JSON Lines dataset of requests, passed as they are: {"id", "text"}, or
                        {"id", "path"} where every executor sees the same file system
Outputs (--output DIR):
  --output-format json     JSON Lines part files, the records exactly as docfacts writes them
  --output-format parquet  the records as a DataFrame (schema inferred from the records)

Examples (see README.md here for a cluster):
  spark-submit --master 'local[2]' --files target/release/docfacts \
      examples/spark/docfacts_spark.py --input corpus --output /tmp/facts --output-format parquet
  spark-submit --master 'local[2]' examples/spark/docfacts_spark.py --engine package \
      --input corpus --output /tmp/facts-json
"""

import argparse
import json
import os
import posixpath
import stat
import subprocess
import sys
import threading


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="folder/glob of text files, or JSON Lines requests")
    p.add_argument("--input-format", choices=["text", "jsonl"], default="text")
    p.add_argument("--output", required=True, help="output directory (must not exist)")
    p.add_argument("--output-format", choices=["json", "parquet"], default="json")
    p.add_argument("--engine", choices=["binary", "package"], default="binary",
                   help="the shipped docfacts binary (default), or the docfacts Python package in mapInPandas")
    p.add_argument("--binary", default="docfacts",
                   help="file name of the docfacts binary shipped with --files (default: docfacts)")
    p.add_argument("--threads", type=int, default=1,
                   help="docfacts threads per task (match spark.task.cpus; default 1)")
    p.add_argument("--partitions", type=int, default=0,
                   help="minimum number of partitions (default: Spark's)")
    p.add_argument("--ids", choices=["stem", "path"], default="stem",
                   help="text input: record id from the file name without extension, or the full path")
    p.add_argument("--extra-args", default="",
                   help="more docfacts extract arguments, space-separated (e.g. '--lang vi')")
    p.add_argument("--lang", default=None, help="package engine: read every document as vi, en or fa")
    args = p.parse_args(argv)
    if args.engine == "package" and args.extra_args:
        p.error("--extra-args is for --engine binary (the package engine takes --lang)")
    if args.engine == "binary" and args.lang:
        args.extra_args = f"{args.extra_args} --lang {args.lang}"
    return args


def docfacts_binary(name):
    """The shipped binary on this executor, made executable (--files does not keep modes)."""
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.path.exists(path):
        raise RuntimeError(f"{name} was not shipped: run spark-submit with --files /path/to/{name}")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run_docfacts(lines, binary_name, threads, extra_args):
    """Pipes an iterator of request lines (str, no newline) through one docfacts process and
    yields its records (str, one JSON object each), in order."""
    cmd = [docfacts_binary(binary_name), "extract", "--jsonl-input", "-q", "-j", str(threads)]
    cmd += [a for a in extra_args.split() if a]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    failure = []

    def feed():
        # A thread writes while this one reads: neither pipe can fill up and block the other.
        try:
            for line in lines:
                proc.stdin.write(line.encode("utf-8"))
                proc.stdin.write(b"\n")
        except BrokenPipeError:
            pass  # docfacts ended early; its status says why
        except BaseException as e:  # the partition's iterator failed: report it, stop docfacts
            failure.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    for record in proc.stdout:
        yield record.decode("utf-8").rstrip("\n")
    feeder.join()
    status = proc.wait()
    if failure:
        raise failure[0]
    # 0: all records ok; 1: some error records (they are in the output); else docfacts failed.
    if status not in (0, 1):
        raise RuntimeError(f"docfacts exited with status {status}: {' '.join(cmd)}")


def package_record(request, lang):
    """The record (a JSON string) of one request line, made by the docfacts package."""
    import docfacts

    req = json.loads(request)
    doc_id = req.get("id") if isinstance(req, dict) else None
    if doc_id is None or ("text" in req) == ("path" in req):
        raise ValueError(f"not a request {{\"id\", \"text\"}} or {{\"id\", \"path\"}}: {request[:200]}")
    try:
        if "text" in req:
            record = docfacts.extract(req["text"], lang, id=str(doc_id))
        else:
            record = docfacts.extract_file(req["path"], lang, id=str(doc_id))
    except docfacts.DocfactsError as e:
        if e.record is None:
            raise
        record = e.record  # kept in the output, as the binary engine keeps error records
    return json.dumps(record, ensure_ascii=False)


def package_batches(batches, lang):
    """mapInPandas: pandas DataFrames of requests (`request`) → of records (`record`)."""
    import pandas as pd

    for batch in batches:
        yield pd.DataFrame({"record": [package_record(r, lang) for r in batch["request"]]})


def text_requests(pairs, ids):
    """(path, content) pairs from wholeTextFiles → request lines."""
    for path, content in pairs:
        if ids == "stem":
            name = posixpath.basename(path)
            doc_id = name.rsplit(".", 1)[0] if "." in name[1:] else name
        else:
            doc_id = path
        yield json.dumps({"id": doc_id, "text": content}, ensure_ascii=False)


def main(argv=None):
    from pyspark.sql import SparkSession

    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName("docfacts").getOrCreate()
    sc = spark.sparkContext
    minimum = args.partitions or None
    if args.input_format == "text":
        files = sc.wholeTextFiles(args.input, minPartitions=minimum)
        ids = args.ids
        requests = files.mapPartitions(lambda part: text_requests(part, ids))
    else:
        requests = sc.textFile(args.input, minPartitions=minimum)
    if args.engine == "package":
        lang = args.lang
        frame = spark.createDataFrame(requests.map(lambda line: (line,)), "request string")
        records = frame.mapInPandas(lambda batches: package_batches(batches, lang), "record string")
        records = records.rdd.map(lambda row: row.record)
    else:
        binary, threads, extra = args.binary, args.threads, args.extra_args
        records = requests.mapPartitions(lambda part: run_docfacts(part, binary, threads, extra))
    if args.output_format == "json":
        records.saveAsTextFile(args.output)
    else:
        records = records.persist()  # read twice: schema inference, then the write
        spark.read.json(records).write.parquet(args.output)
        records.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
