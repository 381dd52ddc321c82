#!/usr/bin/env python3
"""The stages' inclusive instructions in a callgrind profile of `docfacts extract`.

usage: stages.py PROFILE.cg      prints "stage<TAB>instructions" lines, in pipeline order

A stage is the largest inclusive count among the functions that make it (the compiler inlines some
of them into their callers, under other names, from build to build).
"""
import re, subprocess, sys

STAGES = [
    ("read and hash", "docfacts_ingest::read::load"),
    ("decode", "docfacts_ingest::decode::decode_text"),
    ("view", "docfacts_normalize::view::View::with_options"),
    ("OCR view", "docfacts_normalize::view::View::ocr_folded"),
    ("detect", "docfacts_detect::detect"),
    ("digit runs", "docfacts_extract::Stages::new|docfacts_extract::windows::Digits::of"),
    ("document numbers", "docfacts_extract::doc_refs::extract|docfacts_extract::Stages::doc_refs"),
    ("dates (with their first compilation)", "docfacts_extract::Stages::dates|docfacts_extract::dates::extract"),
    ("figures", "docfacts_extract::figures::extract"),
    ("describe", "docfacts_extract::describe::describe"),
    ("JSON", "Serialize for docfacts_types::record::Record>::serialize|Record>::write_json"),
    ("whole run", "PROGRAM TOTALS"),
]


def stages(profile):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", profile],
                         capture_output=True, text=True).stdout
    best = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9,]+) \(", line)
        if not m or "=>" in line:
            continue
        n = int(m.group(1).replace(",", ""))
        for name, functions in STAGES:
            if any(re.search(re.escape(f) + r"( |$)", line) for f in functions.split("|")):
                best[name] = max(best.get(name, 0), n)
    return [(name, best.get(name, 0)) for name, _ in STAGES]


if __name__ == "__main__":
    for name, n in stages(sys.argv[1]):
        print(f"{name}\t{n}")
