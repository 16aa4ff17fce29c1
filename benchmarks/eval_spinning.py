#!/usr/bin/env python3
"""G108 spun-synonym: false alarms on clean text, and what it catches of synthetic spin.

    python3 benchmarks/eval_spinning.py --bbc ../shared/bench/bbc \\
        --news ../shared/bench/news.jsonl --train ../shared/train [--formal SPEECHES]
        [--margin 3.0 --min 2 --clear-margin 3.75]

Clean: BBC articles (blank-line paragraphs), the first 5,000 Reuters stories of news.jsonl,
and pseudo-documents of six clean post-edited mlqe-pe sentences (one paragraph). Spun: the
same pseudo-documents with each word that the spinner list replaces swapped, with
probability 1/2, for one of its spinner words (seeded). No real spun corpus is at hand, so
the recall figure is of this synthetic spin only: it says how much of a thesaurus spinner's
output the bigram model can tell, not what share of spun web text is found.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from corpus_lint.plugins.garbling.lm import load_lm
from corpus_lint.plugins.garbling.model import load_toml
from corpus_lint.plugins.garbling.spinning import (SYNONYMS_FILE, spun_by_paragraph,
                                                   spun_paragraph, spun_words)
from corpus_lint.plugins.garbling.tokens import TOKEN, normalise

ROOT = Path(__file__).resolve().parents[1]


def flagged(text: str, margin: float, minimum: int, clear: float = 0.0) -> bool:
    """G108's verdict on a text (``spun_paragraph`` on any of its paragraphs)."""
    texts = [p for p in re.split(r"\n\s*\n", text) if len(p) >= 40]
    found = spun_by_paragraph(spun_words([TOKEN.findall(normalise(p)) for p in texts], margin),
                              texts.__getitem__)
    return any(spun_paragraph([(spun, gain) for spun, _, gain in words], minimum, clear)
               for words in found.values())


def post_edit_documents(train: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_garbling_model as build

    texts, _, _, _, edited = build.load_training(train)
    sentences = [t for t, e in zip(texts, edited) if e][:6000]
    return [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]


def spin(text: str, rng: random.Random) -> str:
    replaced_by: dict[str, list[str]] = {}
    lm = load_lm()
    for spun, plains in load_toml(SYNONYMS_FILE)["substitutes"].items():
        for plain in plains:
            if spun in lm.ids:
                replaced_by.setdefault(plain, []).append(spun)
    return re.sub(r"[A-Za-z]+", lambda m: rng.choice(replaced_by[m.group().lower()])
                  if m.group().lower() in replaced_by and rng.random() < 0.5 else m.group(), text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbc")
    parser.add_argument("--news")
    parser.add_argument("--train")
    parser.add_argument("--margin", type=float, default=3.0)
    parser.add_argument("--min", type=int, default=2)
    parser.add_argument("--clear-margin", type=float, default=3.75)
    parser.add_argument("--formal", help="a folder of .txt speeches or reports, a paragraph a "
                        "line (NLTK's inaugural and state_union corpora): formal prose")
    args = parser.parse_args()
    rate = lambda docs: (f"{sum(flagged(d, args.margin, args.min, args.clear_margin) for d in docs)}"
                         f"/{len(docs)}")
    if args.bbc:
        print("BBC flagged:", rate([p.read_text(encoding="utf-8") for p in sorted(Path(args.bbc).glob("*.txt"))]))
    if args.news:
        with open(args.news, encoding="utf-8") as fh:
            stories = [json.loads(l)["text"] for l in fh if l.startswith('{"id": "reuters')][:5000]
        print("Reuters flagged:", rate(stories))
    if args.formal:
        speeches = ["\n\n".join(p.read_text(encoding="utf-8", errors="replace").splitlines())
                    for p in sorted(Path(args.formal).glob("**/*.txt"))]
        print("formal prose flagged:", rate(speeches))
    if args.train:
        docs = post_edit_documents(Path(args.train))
        rng = random.Random(1)
        print("clean post-edit pseudo-documents flagged:", rate(docs))
        print("synthetic spin of them flagged:", rate([spin(d, rng) for d in docs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
