#!/usr/bin/env python3
"""The peer baseline: dateparser's search_dates over a sample of the archive.

usage: dateparser_peer.py ARCHIVE_DIR SAMPLE_BYTES  ->  prints "bytes seconds documents dates"
The sample takes whole documents spread over the archive (every language and variant) until
SAMPLE_BYTES is reached.
"""
import os, sys, time

from dateparser.search import search_dates

def main():
    root, want = sys.argv[1], int(sys.argv[2])
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt")
    )
    texts, total = [], 0
    # Consecutive copies cycle through the corpus's documents: take a run of them.
    for path in files:
        with open(path, encoding="utf-8") as fh:
            t = fh.read()
        texts.append(t)
        total += len(t.encode("utf-8"))
        if total >= want:
            break
    search_dates("warm up 22/12/2024")
    start = time.perf_counter()
    found = 0
    for t in texts:
        found += len(search_dates(t) or [])
    elapsed = time.perf_counter() - start
    print(total, f"{elapsed:.3f}", len(texts), found)

main()
