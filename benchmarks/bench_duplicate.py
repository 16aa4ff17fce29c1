"""Throughput of the within-document duplicate rules (D1xx, D2xx) on one core.

    python benchmarks/bench_duplicate.py DATA_PATH [--rounds N] [--select D1,D2]

Reads every .txt document under DATA_PATH once (not timed), then times the engine's
``check_document`` with only the selected rules, in this process (no interpreter start, no
worker processes). Prints documents per second and the findings count. Throughput is
computed from this process's CPU time (``time.process_time``), which other jobs sharing
the machine do not inflate; the wall time is printed beside it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus_lint.model import Document
from corpus_lint.runner import Engine, RunOptions


def load_documents(engine: Engine, root: Path) -> list[Document]:
    docs = []
    paths = [p for p in engine.discover([str(root)]) if isinstance(p, Path)]
    for path in paths:
        reader = engine.reader_for(path)
        for item in reader.read(path, str(path), engine.settings):
            if isinstance(item, Document):
                docs.append(item)
    return docs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--select", default="D1,D2",
                        help="comma-separated rule selectors (default: D1,D2)")
    args = parser.parse_args(argv)
    options = RunOptions(select=args.select.split(","), jobs=1, cross_document=False)
    engine = Engine({}, None, options)
    rules = tuple(engine.rules.values())
    docs = load_documents(engine, args.data)
    if not docs:
        print(f"no documents under {args.data}", file=sys.stderr)
        return 2
    best = best_wall = float("inf")
    findings = 0
    for _ in range(args.rounds):
        # fresh documents each round: paragraphs are cached on the document
        fresh = [Document(path=d.path, text=d.text, source_map=d.source_map, record=d.record)
                 for d in docs]
        problems: list = []
        started, started_wall = time.process_time(), time.perf_counter()
        findings = sum(len(engine.check_document(doc, rules, problems).findings)
                       for doc in fresh)
        best = min(best, time.process_time() - started)
        best_wall = min(best_wall, time.perf_counter() - started_wall)
    print(f"rules: {','.join(sorted(engine.rules))}")
    print(f"documents: {len(docs)}  findings: {findings}")
    print(f"best of {args.rounds}: {best:.3f} s CPU ({best_wall:.3f} s wall)  ->  "
          f"{len(docs) / best:,.0f} documents/second (one core, in-process, CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
