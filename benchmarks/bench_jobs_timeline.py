"""Where the wall time of `corpus-lint check --jobs N` goes: the parent's phases and each
worker's batches, on one clock (seconds since this script started: interpreter start-up is not
included).

    python benchmarks/bench_jobs_timeline.py ../shared/bench/bbc [--jobs 2]

Prints the parent's serial start (imports, engine, discovery, rules prepared before the
fork), when each worker started and ended and how long it was busy (the end spread is
the tail one worker idles), and the parent's time after the last result (corpus rules,
report). Times are wall and CPU; on a busy machine read the CPU columns.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time

STARTED = time.time()
LOG = os.path.join(tempfile.gettempdir(), f"jobs-timeline-{os.getpid()}.jsonl")
EVENTS: list[tuple[float, float, str]] = []


def mark(name: str) -> None:
    EVENTS.append((time.time() - STARTED, time.process_time(), name))


def traced(owner, name: str) -> None:
    """Mark the start and end of ``owner.name`` in the parent."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        mark(f"{name} starts")
        try:
            return inner(*args, **kwargs)
        finally:
            mark(f"{name} ends")

    setattr(owner, name, wrapper)


IN_WORKER: list = []  # the executor's own function (the pool pickles ``worker`` by name)


def worker(units, *rest):
    """The executor's batch function, its start, end and CPU time logged."""
    began, cpu = time.time() - STARTED, time.process_time()
    results = IN_WORKER[0](units, *rest)
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps([os.getpid(), began, time.time() - STARTED,
                              time.process_time() - cpu, len(units)]) + "\n")
    return results


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    mark("interpreter ready")
    from corpus_lint import cli
    from corpus_lint.engine import engine, executors, run
    from corpus_lint.startup import fewer_collections

    fewer_collections()  # as the command does (cli.entry): else the parent collects 100x as often

    mark("cli imported")
    traced(engine.Engine, "__init__")
    traced(engine.Engine, "prepare_rules")
    traced(run, "_targets")
    traced(cli, "_report")
    IN_WORKER.append(executors._check_in_forked_worker)
    executors._check_in_forked_worker = worker
    cli.main(["check", "--no-cache", "--format", "json", "--output", os.devnull,
              "--jobs", str(args.jobs), args.data])
    mark("done")
    print(f"{'wall':>7} {'cpu':>7}  parent")
    for wall, cpu, name in EVENTS:
        print(f"{wall:7.3f} {cpu:7.3f}  {name}")
    batches: dict[int, list] = {}
    if os.path.exists(LOG):
        with open(LOG, encoding="utf-8") as log:
            for line in log:
                pid, *batch = json.loads(line)
                batches.setdefault(pid, []).append(batch)
        os.unlink(LOG)
    ends = []
    for pid, done in sorted(batches.items()):
        ends.append(max(end for _, end, _, _ in done))
        print(f"worker {pid}: {len(done)} batches, first at {min(b[0] for b in done):.3f}, "
              f"last ends {ends[-1]:.3f}, busy {sum(e - s for s, e, _, _ in done):.3f} s, "
              f"cpu {sum(c for _, _, c, _ in done):.3f} s, units {sum(b[3] for b in done)}")
    if len(ends) > 1:
        print(f"end spread (a worker idle at the end): {max(ends) - min(ends):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
