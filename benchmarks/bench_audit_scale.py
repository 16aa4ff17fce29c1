"""Peak memory of the whole process tree and wall time of `audit --jobs N` at 1x and Kx.

    python benchmarks/bench_audit_scale.py NEWS_JSONL [--scale 4] [--jobs 2] [--workdir DIR]

The Kx corpus is the 1x file repeated with new ids (``bench_memory.build``), so every
record is a distinct document and D301/D302 see K copies of each. Each audit runs in its own
process; every 0.1 s the resident memory of it and all its descendants is summed from
/proc, so the peak is the tree's (the parent's and each worker's own peaks are printed
too). Summed RSS counts the pages forked workers share with the parent (the models loaded
before the fork) once per process; summed PSS counts each page once, split among sharers. Goal (issue 17): tree peak under 300 MiB at both sizes, wall ratio at most 4.4.

The CPU time of the whole tree (user and system, the audit and its workers, from
``getrusage``) is printed beside the wall time, and its ratio too: on a shared machine whose
speed drifts between the two runs (the same code gave wall ratios of 3.73 to 4.60 in one
hour), the CPU ratio says what the code costs at K times the input.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_memory import build  # noqa: E402


def _memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MiB, zeros once it has gone."""
    found = {"Rss:": 0.0, "Pss:": 0.0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                key = line.split(":")[0] + ":"
                if key in found:
                    found[key] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return found["Rss:"], found["Pss:"]


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        found.append(parent)
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as handle:
                stack.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return found


def audit(corpus: Path, jobs: int, output: str
          ) -> tuple[float, float, float, float, float, float]:
    """(wall s, CPU s of the tree, tree RSS peak, tree PSS peak, parent RSS peak, largest
    worker RSS peak), memory in MiB."""
    command = [sys.executable, "-m", "corpus_lint", "audit", "--jobs", str(jobs), "--no-cache",
               "--format", "sarif", "--output", output, str(corpus)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # (the waited-for descendants)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = shared = parent = worker = 0.0
    while process.poll() is None:
        sizes = [_memory_mib(pid) for pid in _descendants(process.pid)]
        tree = max(tree, sum(rss for rss, _ in sizes))
        shared = max(shared, sum(pss for _, pss in sizes))
        parent = max(parent, sizes[0][0])
        worker = max([worker, *(rss for rss, _ in sizes[1:])])
        time.sleep(0.1)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, tree, shared, parent, worker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", type=Path)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep-sarif", type=Path, help="folder to keep the SARIF reports in")
    args = parser.parse_args()
    for folder in (args.workdir, args.keep_sarif):
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)  # (named folders may be new ones)
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        large = Path(folder, f"x{args.scale}.jsonl")
        n_large = build(args.news, large, args.scale, 10 ** 9)
        rows = []
        for label, corpus, n in (("1x", args.news, n_large // args.scale),
                                 (f"{args.scale}x", large, n_large)):
            out = str((args.keep_sarif or Path(folder)) / f"{label}.sarif")
            wall, cpu, tree, shared, parent, worker = audit(corpus, args.jobs, out)
            rows.append((wall, cpu))
            print(f"{label:>4} {n:>8} documents  {wall:7.1f} s  CPU {cpu:7.1f} s  tree peak RSS "
                  f"{tree:5.0f} MiB PSS {shared:5.0f} MiB  parent RSS {parent:5.0f} MiB  "
                  f"worker RSS {worker:5.0f} MiB", flush=True)
        print(f"wall ratio {args.scale}x/1x: {rows[1][0] / rows[0][0]:.2f}  "
              f"CPU ratio: {rows[1][1] / rows[0][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
