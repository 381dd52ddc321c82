"""Benchmark (not a test): docfacts.extract_many on 1 thread and on N threads.

usage: python python/bench/extract_many.py [--copies 40] [--threads 4] [--rounds 3]

The corpus (corpus/*.txt) is copied COPIES times into a temporary folder, each copy with a line
of its own so that no copy is a duplicate (duplicates are not analysed), and read with
extract_many on 1 thread and on THREADS threads; the best of ROUNDS runs each. Prints documents,
seconds and the speed-up.
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

import docfacts

ROOT = Path(__file__).resolve().parents[2]


def make_batch(folder, copies):
    """COPIES copies of the corpus in `folder`, each slightly different; their paths."""
    paths = []
    for i in range(copies):
        for source in sorted((ROOT / "corpus").glob("*.txt")):
            path = Path(folder) / f"{source.stem}_{i:04}.txt"
            path.write_bytes(source.read_bytes() + f"\n{i}\n".encode())
            paths.append(str(path))
    return paths


def best_time(paths, threads, rounds):
    """The shortest of `rounds` runs over `paths`, in seconds, and the facts found."""
    best, facts = float("inf"), 0
    for _ in range(rounds):
        started = time.perf_counter()
        records = list(docfacts.extract_many(paths, threads=threads))
        best = min(best, time.perf_counter() - started)
        facts = sum(len(r["dates"]) + len(r["doc_refs"]) + len(r["figures"]) for r in records)
        assert len(records) == len(paths) and all(r["status"] == "ok" for r in records)
    return best, facts


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--copies", type=int, default=40)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = make_batch(folder, args.copies)
        size = sum(os.path.getsize(x) for x in paths) / 1e6
        one, facts = best_time(paths, 1, args.rounds)
        many, _ = best_time(paths, args.threads, args.rounds)
    print(f"{len(paths)} documents ({size:.1f} MB, {facts} facts), {os.cpu_count()} CPUs")
    print(f"  1 thread:  {one:.3f} s  ({len(paths) / one:.0f} documents/s)")
    print(f"  {args.threads} threads: {many:.3f} s  ({len(paths) / many:.0f} documents/s)")
    print(f"  speed-up:  {one / many:.2f}x")


if __name__ == "__main__":
    main()
