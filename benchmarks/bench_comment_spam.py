#!/usr/bin/env python3
"""Throughput of the comment-spam family (C101, C102) on one core.

    python benchmarks/bench_comment_spam.py DATA_PATH [--repeat N]

Reads every .txt/.md/.jsonl document under DATA_PATH with the engine's readers first, then
times only the family's rules (``rule.check``) over the documents in this process, and
prints documents per second (from the process's CPU time, best of --repeat passes) and the
number of documents flagged.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from corpus_lint.runner import Engine, RunOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept")
    args = parser.parse_args()
    engine = Engine({}, None, RunOptions(select=["comment-spam"]))
    rules = list(engine.rules.values())
    docs = []
    for path in engine.discover([str(args.data)]):
        if isinstance(path, Path):
            reader = engine.reader_for(path)
            docs.extend(d for d in reader.read(path, str(path), engine.settings)
                        if hasattr(d, "text"))
    # warm up: load word lists and compile patterns outside the timing
    for rule in rules:
        list(rule.check(docs[0]))
    best = best_wall = float("inf")
    flagged = 0
    for _ in range(max(args.repeat, 1)):
        flagged = 0
        start, start_wall = time.process_time(), time.perf_counter()
        for doc in docs:
            if any([list(rule.check(doc)) for rule in rules]):
                flagged += 1
        best = min(best, time.process_time() - start)
        best_wall = min(best_wall, time.perf_counter() - start_wall)
    print(f"rules: {', '.join(sorted(engine.rules))}")
    print(f"documents: {len(docs)}  flagged: {flagged}")
    # CPU time of this (single-threaded) process: not inflated when other jobs share the machine
    print(f"cpu time: {best:.3f} s  throughput: {len(docs) / best:,.0f} docs/s (one core)"
          f"  [wall {best_wall:.3f} s]")


if __name__ == "__main__":
    main()
