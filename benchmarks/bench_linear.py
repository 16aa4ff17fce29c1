"""Is every rule linear in document size? Time each family on a document and on one twice
as long, and print the ratio (linear: about 2; quadratic: about 4).

    python benchmarks/bench_linear.py ../shared/bench/bbc [--size 400000] [--rounds 3]

Documents of several shapes are built from the real text under DATA_PATH: running prose,
the same prose lower-cased without punctuation (as from speech-to-text), one phrase
repeated ("bigger than the other one "), one long line, and many short lines. Each family's
rules run through the engine's ``check_document`` on fresh documents; times are this
process's CPU time (``time.process_time``), best of --rounds, so other jobs on a shared
machine do not skew the ratio. A ratio is only shown where the larger run takes at least
20 ms; below that the rule is too fast on the shape for a ratio to mean anything.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.engine.engine import Engine, RunOptions

FAMILIES = ("duplicate", "garbling", "comment-spam", "metadata", "integrity")
MIN_TIMED = 0.020
LINEAR = (1.8, 2.3)


def prose(root: Path) -> str:
    """Real article text, enough of it for the largest document."""
    texts = []
    for path in sorted(root.rglob("*.txt")):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    if not texts:
        raise SystemExit(f"no .txt documents under {root}")
    return "\n\n".join(texts)


def shapes(text: str) -> dict[str, Callable[[int], str]]:
    """Builders of a document of ``size`` characters, one per shape."""
    def cut(source: str, size: int) -> str:
        return (source * (size // max(len(source), 1) + 1))[:size]

    flat = re.sub(r"[^\w\s]", "", text.lower())
    return {
        "prose": lambda size: cut(text, size),
        "lowercase, no punctuation": lambda size: cut(flat, size),
        "repeated phrase": lambda size: cut("bigger than the other one ", size),
        "one long line": lambda size: cut(text.replace("\n", " "), size),
        "short lines": lambda size: cut("\n".join(text.split()), size),
    }


def timed(engine: Engine, text: str, rounds: int) -> float:
    rules = tuple(engine.rules.values())
    best = float("inf")
    for _ in range(rounds):
        doc = Document(path="bench.txt", text=text, source_map=TextSourceMap(text),
                       metadata={"title": "t", "date": "2020-01-01"})
        problems: list = []
        started = time.process_time()
        engine.check_document(doc, rules, problems)
        best = min(best, time.process_time() - started)
        if problems:
            print(f"  problem: {problems[0].message}", file=sys.stderr)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--size", type=int, default=400_000, help="characters (x1 document)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    builders = shapes(prose(args.data))
    print(f"{'family':<13} {'shape':<27} {'x1 (s)':>8} {'x2 (s)':>8} {'ratio':>6}")
    outside = 0
    for family in FAMILIES:
        engine = Engine({"max-document-chars": 4 * args.size}, None,
                        RunOptions(select=[family], jobs=1, cross_document=False))
        for rule in engine.rules.values():
            rule.prepare()
        for shape, build in builders.items():
            single = timed(engine, build(args.size), args.rounds)
            double = timed(engine, build(2 * args.size), args.rounds)
            ratio = double / single if single > 0 else float("inf")
            shown = f"{ratio:6.2f}" if double >= MIN_TIMED else "     -"
            if double >= MIN_TIMED and not LINEAR[0] <= ratio <= LINEAR[1]:
                shown += "  <- not linear"
                outside += 1
            print(f"{family:<13} {shape:<27} {single:8.3f} {double:8.3f} {shown}")
    print(f"{outside} family/shape pairs outside {LINEAR[0]}-{LINEAR[1]}")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
