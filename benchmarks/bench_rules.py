"""Throughput of selected rules on one core, in-process: the per-family speed targets.

    python benchmarks/bench_rules.py DATA_PATH --select FAMILY_OR_CODES [--rounds N]

    python benchmarks/bench_rules.py ../shared/bench/bbc --select D1,D2        # >= 3,000 docs/s
    python benchmarks/bench_rules.py ../shared/bench/bbc --select comment-spam # >= 2,000 docs/s
    python benchmarks/bench_rules.py ../shared/bench/bbc --select garbling     # >=   500 docs/s

Reads every document under DATA_PATH with the engine's readers (not timed), calls each
rule's ``prepare`` (models and word lists: a one-off cost per process, printed
separately), then times the engine's ``check_document`` with only the selected rules over
fresh copies of the documents (paragraphs are cached on a document), in the batches a run
prepares together (``prepare_documents``, engine/batching.py; --no-batch: one at a time).
Documents per second come from this process's CPU time (``time.process_time``), which
other jobs on a shared machine do not inflate; the wall time is printed beside it. Best of
--rounds, and the first round apart: later rounds re-read the same documents, so a
per-process cache that holds all of them (garbling's chunk table, when DATA_PATH has fewer
distinct chunks than its bound) makes them faster than a real single pass; the first round
is close to what a run over new text sees (it also pays any lazy set-up once). The
garbage collector runs as rarely as in the command (``startup.fewer_collections``;
--default-gc: the interpreter's own threshold).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus_lint.documents.document import Document
from corpus_lint.engine.batching import batches, prepare
from corpus_lint.engine.engine import Engine, RunOptions
from corpus_lint.startup import fewer_collections


def load_documents(engine: Engine, root: Path) -> list[Document]:
    docs = []
    for path in engine.discover([str(root)]):
        if isinstance(path, Path):
            for item in engine.reader_for(path).read(path, str(path), engine.settings):
                if isinstance(item, Document):
                    docs.append(item)
    return docs


def released(docs: list[Document]):
    """The documents in order, each let go by the list once handed over."""
    for index in range(len(docs)):
        doc, docs[index] = docs[index], None
        yield doc


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--select", required=True,
                        help="comma-separated rule selectors: codes, prefixes, families")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--default-gc", action="store_true",
                        help="keep the interpreter's garbage-collector threshold (the command "
                             "raises it; this shows what that is worth)")
    parser.add_argument("--no-batch", action="store_true",
                        help="check document by document, without the rules' batch "
                             "preparation (prepare_documents)")
    args = parser.parse_args(argv)
    if not args.default_gc:
        fewer_collections()  # as the command and its workers run (startup.py)
    engine = Engine({}, None, RunOptions(select=args.select.split(","), jobs=1,
                                         cross_document=False))
    rules = tuple(engine.rules.values())
    docs = load_documents(engine, args.data)
    if not docs:
        print(f"no documents under {args.data}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    for rule in rules:
        rule.prepare()
    prepare_time = time.perf_counter() - started
    best = best_wall = float("inf")
    first = 0.0
    findings = flagged = 0
    for _ in range(args.rounds):
        fresh = [Document(path=d.path, text=d.text, source_map=d.source_map, record=d.record,
                          metadata=d.metadata) for d in docs]
        problems: list = []
        started, started_wall = time.process_time(), time.perf_counter()
        results = []
        if args.no_batch:
            for index in range(len(fresh)):
                # Let each document (and its memos) go once checked, as a real run does.
                doc, fresh[index] = fresh[index], None
                results.append(engine.check_document(doc, rules, problems))
                del doc
        else:  # as a run checks them: prepared in batches (engine/batching.py)
            for batch in batches(released(fresh)):
                prepare(engine, [(doc, rules) for doc in batch])
                results += [engine.check_document(doc, rules, problems) for doc in batch]
            del batch
        first = first or time.process_time() - started
        best = min(best, time.process_time() - started)
        best_wall = min(best_wall, time.perf_counter() - started_wall)
        findings = sum(len(result.findings) for result in results)
        flagged = sum(1 for result in results if result.findings)
    print(f"rules: {','.join(sorted(engine.rules))}")
    print(f"prepare (once per process): {prepare_time:.2f} s")
    print(f"documents: {len(docs)}  flagged: {flagged}  findings: {findings}")
    print(f"best of {args.rounds}: {best:.3f} s CPU ({best_wall:.3f} s wall)  ->  "
          f"{len(docs) / best:,.0f} documents/second (one core, in-process)")
    print(f"first round (per-process caches cold, lazy set-up included): {first:.3f} s CPU"
          f"  ->  {len(docs) / first:,.0f} documents/second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
