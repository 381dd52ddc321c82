#!/usr/bin/env python3
"""Builds a synthetic archive of plain-text reports from corpus/: every language and variant mixed,
each copy perturbed (digits changed, words swapped/duplicated) so that no cache or dedup flatters it.

usage: make_archive.py CORPUS_DIR OUT_DIR SIZE_MB [SEED]
"""
import os, random, re, sys

def main():
    corpus, out, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    texts = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if name.endswith(".txt") and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
    if not texts:
        sys.exit("no .txt files in " + corpus)
    os.makedirs(out, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    digit = re.compile(r"\d")
    total, n = 0, 0
    while total < target:
        base = texts[n % len(texts)]
        # Perturb: each digit changes with probability 0.3 (dates/numbers stay well-formed in shape).
        body = digit.sub(lambda m: str(rng.randrange(10)) if rng.random() < 0.3 else m.group(0), base)
        lines = body.split("\n")
        # Swap a few lines and duplicate a few words so every copy differs beyond its digits.
        for _ in range(max(1, len(lines) // 20)):
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        k = rng.randrange(len(lines))
        words = lines[k].split(" ")
        if len(words) > 2:
            w = rng.randrange(len(words))
            words.insert(w, words[w])
            lines[k] = " ".join(words)
        body = "\n".join(lines) + f"\n[{n}]\n"
        sub = os.path.join(out, f"{n // 1000:04d}")
        os.makedirs(sub, exist_ok=True)
        data = body.encode("utf-8")
        with open(os.path.join(sub, f"{n:07d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    print(f"{n} documents, {total} bytes in {out}")

main()
