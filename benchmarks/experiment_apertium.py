#!/usr/bin/env python3
"""Does Apertium MT help the garbling model? Held-out AUC on real MT with and without it.

    apt-get install apertium apertium-eng-spa
    python3 benchmarks/experiment_apertium.py --train ../shared/train [--limit 1000]

Round-trips the clean post-edited sentences of mlqe-pe through Apertium (English ->
Spanish -> English, ``apertium -u``: no unknown-word marks; any left are stripped), adds
the round trips that changed as garbled training sentences in the same article fold as
their source, refits the skeleton model and the combiner fold by fold, and reports the
held-out sentence AUC on the real rows only (neural MT judged by humans), beside the same
figure without them. The shipped model is built without Apertium data: on 2026-12-05 the
round trips lowered the held-out AUC (all 25,027: skeleton 0.693 -> 0.581, combined
0.720 -> 0.604; 936 of them: 0.681 and 0.708).
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_garbling_model as build  # noqa: E402


def round_trip(sentences: list[str]) -> list[str]:
    """English -> Spanish -> English through Apertium, one sentence per line."""
    text = "\n".join(s.replace("\n", " ") for s in sentences) + "\n"
    spanish = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True,
                             text=True, check=True).stdout
    english = subprocess.run(["apertium", "-u", "spa-eng"], input=spanish, capture_output=True,
                             text=True, check=True).stdout
    return english.split("\n")[:len(sentences)]


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*#@](?=\w)", "", text)).strip()


def held_out_auc(texts, y, groups, real, keep, vocabulary) -> tuple[float, float]:
    """(skeleton, combined) held-out AUC on the real rows, models fitted fold by fold."""
    X, _ = build.build_matrix(texts, frozenset(keep))
    oof = np.zeros(len(y))
    for fold in range(5):
        test = groups == fold
        bias, w = build.fit_logistic(X[~test], y[~test], build.L2)
        oof[test] = X[test] @ w + bias
    F, _ = build.paragraph_features(texts, oof, vocabulary)
    combined = build.held_out_combined(F, y, groups)
    return build.auc(oof[real], y[real]), build.auc(combined[real], y[real])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--limit", type=int, help="use this many round trips (seeded sample)")
    args = parser.parse_args()
    texts, y, groups, _, edited = build.load_training(Path(args.train))
    sources = [i for i, e in enumerate(edited) if e]
    random.Random(0).shuffle(sources)
    sources = sources[:args.limit] if args.limit else sources
    trips = round_trip([texts[i] for i in sources])
    extra = [(tidy(t), groups[i]) for i, t in zip(sources, trips)
             if tidy(t) and tidy(t) != tidy(texts[i])]
    print(f"Apertium round trips that changed: {len(extra)} of {len(sources)}")
    keep = build.skeleton_vocabulary(texts, y)
    vocabulary = frozenset(build.load_vocabulary())
    real = np.ones(len(texts), bool)
    print("without: skeleton %.3f, combined %.3f" % held_out_auc(texts, y, groups, real, keep, vocabulary))
    all_texts = texts + [t for t, _ in extra]
    all_y = np.r_[y, np.ones(len(extra))]
    all_groups = np.r_[groups, [g for _, g in extra]]
    all_real = np.r_[real, np.zeros(len(extra), bool)]
    print("with:    skeleton %.3f, combined %.3f"
          % held_out_auc(all_texts, all_y, all_groups, all_real, keep, vocabulary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
