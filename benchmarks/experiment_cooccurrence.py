#!/usr/bin/env python3
"""Experiment (issue 12, not shipped): does word association beyond adjacent pairs tell
garbled MT from its post-edit? Missed garbled documents read fluently but make no sense
(made-up example: "the committee boiled the elections of its satisfactions"), which a
bigram model cannot see.

    python3 benchmarks/experiment_cooccurrence.py BOOKS_DIR [--train /work/shared/train] [--books 400]

BOOKS_DIR: plain-text books, e.g. the public-domain Project Gutenberg texts of
github rcdm-uga/Gutenberg_Text @a0b16d35 (the measurement below took 400 of 583 books, shuffled
with seed 7).
Counts co-occurrences of the 30,000 most frequent words below the 150 commonest within five
words of each other in the same sentence, then adds three sentence features (share of such
pairs never seen together, mean and minimum PMI of the seen ones) to the paragraph combiner
and prints its held-out sentence AUC on the training data (5 folds by article), as
scripts/build_garbling_model.py does for its own features. Measured (400 books, 7.6M distinct
pairs, 18.9M pair occurrences): 0.7197 -> 0.7224 with all three (unseen share 0.7197, mean PMI
0.7225, minimum PMI 0.7211): about what trigrams gave (0.7216), too little to ship.
"""
from __future__ import annotations

import argparse
import collections
import random
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_garbling_aggregation import build_script  # noqa: E402

WORD = re.compile(r"[a-z]+")
WINDOW, VOCABULARY, STOP = 5, 30_000, 150


def count_pairs(books: list[Path]):
    """Vocabulary index, word counts and sorted pair codes with their counts."""
    sentences = []
    for path in books:
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        sentences += [w for w in (WORD.findall(s) for s in re.split(r"[.!?;]\s", text)) if len(w) >= 4]
    ranked = [w for w, _ in collections.Counter(w for s in sentences for w in s).most_common(VOCABULARY + STOP)]
    index = {w: i for i, w in enumerate(ranked[STOP:])}
    ids = np.array([i for s in sentences for i in (-1, *(index.get(w, -1) for w in s))], dtype=np.int64)
    codes = []
    for offset in range(1, WINDOW + 1):
        a, b = ids[:-offset], ids[offset:]
        keep = (a >= 0) & (b >= 0)
        codes.append(np.minimum(a[keep], b[keep]) * len(index) + np.maximum(a[keep], b[keep]))
    codes = np.concatenate(codes)
    pairs, counts = np.unique(codes, return_counts=True)
    return index, np.bincount(ids[ids >= 0], minlength=len(index)).astype(float), pairs, counts, len(codes)


def sentence_features(text: str, table) -> list[float]:
    """Unseen share, mean PMI and minimum PMI of the sentence's word pairs within WINDOW."""
    index, unigrams, pairs, counts, total = table
    words = WORD.findall(text.lower())
    known = [(i, index[w]) for i, w in enumerate(words) if w in index and unigrams[index[w]] >= 20]
    pmi, unseen, n = [], 0, 0
    for k, (i, a) in enumerate(known):
        for j, b in known[k + 1:]:
            if j - i > WINDOW:
                break
            code = min(a, b) * len(index) + max(a, b)
            where = np.searchsorted(pairs, code)
            n += 1
            if where < len(pairs) and pairs[where] == code:
                pmi.append(np.log(counts[where] * unigrams.sum() ** 2 / (unigrams[a] * unigrams[b] * total)))
            else:
                unseen += 1
    if not n:
        return [0.0, 0.0, 0.0]
    return [unseen / n, float(np.mean(pmi)) if pmi else 0.0, float(min(pmi)) if pmi else 0.0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("books_dir")
    parser.add_argument("--train", default="/work/shared/train")
    parser.add_argument("--books", type=int, default=400)
    args = parser.parse_args()
    books = sorted(Path(args.books_dir).rglob("*.txt"))
    random.Random(7).shuffle(books)
    table = count_pairs(books[:args.books])
    print(f"{len(table[2])} word pairs from {min(len(books), args.books)} books ({table[4]} occurrences)")
    build = build_script()
    texts, y, groups, _, _ = build.load_training(Path(args.train))
    keep = build.skeleton_vocabulary(texts, y)
    oof = build.out_of_fold_scores(build.build_matrix(texts, frozenset(keep))[0], y, groups)
    features, _ = build.paragraph_features(texts, oof, frozenset(build.load_vocabulary()))
    extra = np.array([sentence_features(t, table) for t in texts])
    print(f"held-out sentence AUC, shipped features: {build.auc(build.held_out_combined(features, y, groups), y):.4f}")
    for k, name in enumerate(["unseen share", "mean PMI", "minimum PMI"]):
        score = build.auc(build.held_out_combined(np.hstack([features, extra[:, [k]]]), y, groups), y)
        print(f"  + {name}: {score:.4f}")
    both = build.auc(build.held_out_combined(np.hstack([features, extra]), y, groups), y)
    print(f"  + all three: {both:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
