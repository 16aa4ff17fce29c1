#!/usr/bin/env python3
"""Evaluate the comment-spam family on a labelled set: document-level P/R per part, and
leave-one-part-out figures for the thresholds.

    python3 benchmarks/eval_comment_spam.py /work/shared/eval/comment-spam
    python3 benchmarks/eval_comment_spam.py tests/fixtures/comment_spam/corpus2 --by format

Runs C101 and C102 in-process over every document of EVAL_DIR/docs (labels.jsonl in the
format of ../shared/eval). A part is the label's ``--by`` field; by default the source of
the positives and negatives built together (Dragnet real pages, BBC with injected spam).
With --loso, for each part the thresholds (C101 min-score, C102 min-score, C101
bare-max-shared-vocabulary) are chosen on the other parts (best F1 with precision >= 0.95) and measured on the part left out.
With --bare, every positive's comment section (from its first labelled line on) loses its
markers before checking: short lines (names, dates, buttons, counts: 6 words or fewer) and
"Posted by ... at 10:12 pm" / "X says:" lines are dropped, so the comments are bare
paragraphs as many extractors hand them over (a stress test of the change point).
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins.comment_spam import spam
from corpus_lint.plugins.comment_spam.rules import CommentSection, SpamMessage

GRID = {"C101": (3.0, 4.0, 5.0), "C102": (3.0, 3.5, 4.0, 4.5), "shared": (0.3, 0.5)}
PARTS = {"real_comments": "dragnet", "article_only": "dragnet", "injected_spam": "injected",
         "clean": "injected"}


def part_of(label: dict, by: str | None) -> str:
    if by:
        return str(label.get(by, "?"))
    return PARTS.get(label.get("kind", ""), label.get("kind", "?"))


_MARKER_LINE = re.compile(r"\b(?:am|pm)\b|\bposted\b|\bsays:?$|\breply\b|\bsaid\s*(?:\.\.\.|…|:)$",
                          re.I)


def strip_markers(text: str, first: int) -> str:
    """The text with the marker lines of its comment section (line ``first`` on) dropped."""
    lines = text.split("\n")
    kept = lines[:first - 1]
    for line in lines[first - 1:]:
        n = len(line.split())
        if n and (n <= 6 or n <= 15 and _MARKER_LINE.search(line)):
            continue
        kept.append(line)
    return "\n".join(kept)


def flags(root: Path, labels: list[dict], c101: float, c102: float, shared: float = 0.3,
          bare: bool = False) -> list[bool]:
    rules = [CommentSection({"min-score": c101, "bare-max-shared-vocabulary": shared}),
             SpamMessage({"min-score": c102})]
    out = []
    for label in labels:
        text = (root / label["file"]).read_text(encoding="utf-8", errors="replace")
        if bare and label["positive"]:
            text = strip_markers(text, label["lines"][0])
        doc = Document(path=label["file"], text=text, source_map=TextSourceMap(text))
        out.append(any(True for rule in rules for _ in rule.check(doc)))
    return out


def counts(labels, flagged, keep=lambda label: True):
    tp = fp = fn = tn = 0
    for label, f in zip(labels, flagged):
        if not keep(label):
            continue
        if label["positive"]:
            tp, fn = tp + f, fn + (not f)
        else:
            fp, tn = fp + f, tn + (not f)
    return tp, fp, fn, tn


def pr(c):
    tp, fp, fn, _ = c
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else float("nan"))


def row(name, c):
    p, r = pr(c)
    return f"{name:22} {c[0]:4} {c[1]:4} {c[2]:4} {c[3]:4} {p:6.3f} {r:6.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--by", help="label field that names the part (default: source kind)")
    parser.add_argument("--loso", action="store_true", help="leave-one-part-out thresholds")
    parser.add_argument("--bare", action="store_true", help="strip the comment markers first")
    parser.add_argument("--no-model", action="store_true",
                        help="without C102's statistical spam score (to measure what it adds)")
    args = parser.parse_args()
    labels = [json.loads(l) for l in (args.eval_dir / "labels.jsonl").read_text().splitlines()
              if l.strip()]
    parts = sorted({part_of(l, args.by) for l in labels})
    if args.no_model:
        spam.MODEL_MAX = 0.0
    default = flags(args.eval_dir, labels, 4.0, 3.5, 0.3, args.bare)
    print(f"{'part (defaults)':22} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'prec':>6} {'recall':>6}")
    for part in parts:
        print(row(part, counts(labels, default, lambda l, p=part: part_of(l, args.by) == p)))
    print(row("ALL", counts(labels, default)))
    if not args.loso:
        return 0
    runs = {key: flags(args.eval_dir, labels, *key, bare=args.bare)
            for key in itertools.product(GRID["C101"], GRID["C102"], GRID["shared"])}
    print("\nleave one part out: thresholds chosen on the other parts, measured on this one")
    for part in parts:
        def score(key, inside):
            c = counts(labels, runs[key], lambda l: (part_of(l, args.by) == part) == inside)
            p, r = pr(c)
            return (p >= 0.95, 2 * p * r / (p + r) if p + r else 0.0, -key[0], -key[1], -key[2])
        best = max(runs, key=lambda key: score(key, False))
        c = counts(labels, runs[best], lambda l, p=part: part_of(l, args.by) == p)
        print(row(part, c) + f"   chosen on the rest: C101 min-score {best[0]}, "
              f"C102 min-score {best[1]}, bare-max-shared-vocabulary {best[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
