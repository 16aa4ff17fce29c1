"""Does comment-spam's work per spam phrase or link depend on the length of the line it is
in? Time C101/C102 on one long line of real prose with N spam phrases and links spread
through it, then on a line twice as long with 2N of them (linear: a ratio of about 2; work
per match that rescans the line: about 4).

    python benchmarks/bench_long_line.py ../shared/bench/bbc [--size 200000] [--count 50]

The prose is the documents under DATA_PATH joined into one line (paragraphs as spaces, as
in a JSONL record written without newlines). Every N-th stretch gets "work from home" and
a link, so the doubled line holds twice the matches at the same density. CPU time of the
engine's ``check_document``, best of --rounds, sizes taking turns.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.engine.engine import Engine, RunOptions

INSERTS = (" you can work from home and earn more, see www.example-{n}.com today ",
           " check out my channel at http://spam{n}.example.net/watch ")


def prose(root: Path, size: int) -> str:
    words = []
    for path in sorted(root.rglob("*.txt")):
        words.extend(path.read_text(encoding="utf-8", errors="replace").split())
        if sum(map(len, words)) > size:
            break
    text = " ".join(words)
    return (text * (size // max(len(text), 1) + 1))[:size]


def build(text: str, count: int) -> str:
    """``text`` with ``count`` inserts spread evenly through it."""
    step = len(text) // count
    parts = []
    for n in range(count):
        parts.append(text[n * step:(n + 1) * step])
        parts.append(INSERTS[n % len(INSERTS)].format(n=n))
    return "".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--size", type=int, default=200_000, help="characters of the x1 line")
    parser.add_argument("--count", type=int, default=50, help="inserts in the x1 line")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    engine = Engine({"max-document-chars": 8 * args.size}, None,
                    RunOptions(select=["comment-spam"], jobs=1, cross_document=False))
    rules = tuple(engine.rules.values())
    for rule in rules:
        rule.prepare()
    base = prose(args.data, 2 * args.size)
    texts = [build(base[:args.size], args.count), build(base, 2 * args.count)]
    best = [float("inf")] * len(texts)
    for _ in range(args.rounds):
        for index, text in enumerate(texts):
            doc = Document(path="line.txt", text=text, source_map=TextSourceMap(text))
            gc.collect()
            started = time.process_time()
            engine.check_document(doc, rules, [])
            best[index] = min(best[index], time.process_time() - started)
    print(f"x1: {len(texts[0]):,} chars, {args.count} inserts: {best[0]:.3f} s")
    print(f"x2: {len(texts[1]):,} chars, {2 * args.count} inserts: {best[1]:.3f} s")
    print(f"ratio {best[1] / best[0]:.2f} (linear: about 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
