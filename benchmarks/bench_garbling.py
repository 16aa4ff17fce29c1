"""Throughput of the garbling rules (G1xx) on one core.

    python benchmarks/bench_garbling.py DATA_PATH [--rounds N] [--select G1]

Reads every document under DATA_PATH once (not timed), loads the shipped model once (not
timed: a one-off cost per process, printed separately), then times the engine's
``check_document`` with only the selected rules, in this process. Prints documents per
second from this process's CPU time (``time.process_time``), with the wall time beside it.
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
    parser.add_argument("--select", default="G1", help="comma-separated rule selectors (default: G1)")
    args = parser.parse_args(argv)
    options = RunOptions(select=args.select.split(","), jobs=1, cross_document=False)
    engine = Engine({}, None, options)
    rules = tuple(engine.rules.values())
    docs = load_documents(engine, args.data)
    if not docs:
        print(f"no documents under {args.data}", file=sys.stderr)
        return 2
    from corpus_lint.plugins import garbling

    started = time.perf_counter()
    garbling.load_model(), garbling.load_vocabulary(), garbling.load_constructions()
    load_time = time.perf_counter() - started
    best = best_wall = float("inf")
    findings = 0
    for _ in range(args.rounds):
        fresh = [Document(path=d.path, text=d.text, source_map=d.source_map, record=d.record)
                 for d in docs]
        problems: list = []
        started, started_wall = time.process_time(), time.perf_counter()
        findings = sum(len(engine.check_document(doc, rules, problems).findings)
                       for doc in fresh)
        best = min(best, time.process_time() - started)
        best_wall = min(best_wall, time.perf_counter() - started_wall)
    print(f"rules: {','.join(sorted(engine.rules))}")
    print(f"model load (once per process): {load_time:.2f} s")
    print(f"documents: {len(docs)}  findings: {findings}")
    print(f"{len(docs) / best:.0f} docs/s on one core (CPU time {best:.2f} s; wall {best_wall:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
