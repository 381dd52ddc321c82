#!/usr/bin/env python3
"""Measure a command as GNU time's `-f '%e %M %U %S'` does, for machines without /usr/bin/time.

usage: measure.py OUT_FILE COMMAND [ARG...]  ->  writes "wall_s peak_rss_kb user_s system_s" to OUT_FILE
Peak RSS is the largest of the command's waited-for processes (ru_maxrss of the children).
"""
import resource, subprocess, sys, time

def main():
    out, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    status = subprocess.call(command, stdout=sys.stdout)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as fh:
        fh.write(f"{wall:.2f} {usage.ru_maxrss} {usage.ru_utime:.2f} {usage.ru_stime:.2f}\n")
    sys.exit(status)

main()
