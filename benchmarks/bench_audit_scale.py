"""Peak memory of the whole process tree and wall time of `audit --jobs N` at 1x and Kx.

    python benchmarks/bench_audit_scale.py NEWS_JSONL [--scale 4] [--jobs 2] [--workdir DIR]

The Kx corpus is the 1x file repeated with new ids (``bench_memory.build``), so every
record is a distinct document and D301/D302 see K copies of each. Each audit runs in its own
process; every 0.1 s the resident memory of it and all its descendants is summed from
/proc, so the peak is the tree's (the parent's and each worker's own peaks are printed
too). Goal (issue 17): tree peak under 300 MiB at both sizes, wall ratio at most 4.4.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_memory import build  # noqa: E402


def _rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


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


def audit(corpus: Path, jobs: int, output: str) -> tuple[float, float, float, float]:
    """(wall s, tree peak MiB, parent peak MiB, largest worker peak MiB)."""
    command = [sys.executable, "-m", "corpus_lint", "audit", "--jobs", str(jobs), "--no-cache",
               "--format", "sarif", "--output", output, str(corpus)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = parent = worker = 0.0
    while process.poll() is None:
        pids = _descendants(process.pid)
        sizes = [_rss_mib(pid) for pid in pids]
        tree = max(tree, sum(sizes))
        parent = max(parent, sizes[0])
        worker = max([worker, *sizes[1:]])
        time.sleep(0.1)
    return time.perf_counter() - started, tree, parent, worker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", type=Path)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep-sarif", type=Path, help="folder to keep the SARIF reports in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        large = Path(folder, f"x{args.scale}.jsonl")
        n_large = build(args.news, large, args.scale, 10 ** 9)
        rows = []
        for label, corpus, n in (("1x", args.news, n_large // args.scale),
                                 (f"{args.scale}x", large, n_large)):
            out = str((args.keep_sarif or Path(folder)) / f"{label}.sarif")
            wall, tree, parent, worker = audit(corpus, args.jobs, out)
            rows.append(wall)
            print(f"{label:>4} {n:>8} documents  {wall:7.1f} s  tree peak {tree:6.0f} MiB  "
                  f"parent {parent:6.0f} MiB  worker {worker:6.0f} MiB", flush=True)
        print(f"wall ratio {args.scale}x/1x: {rows[1] / rows[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
