"""Whether --jobs N is ever slower than --jobs 1: wall time of `corpus-lint check` on the
first K files of a folder, for growing K, both ways, in fresh processes.

    python benchmarks/bench_jobs.py ../shared/bench/bbc [--jobs 2] [--runs 3]
    python benchmarks/bench_jobs.py ../shared/bench/news.jsonl --sizes 100,300,1000,3000

Given a JSONL file instead of a folder, each size is one shard of its first K records
(a shard under 4 MiB is cut into several units, so it spreads over the workers too).

Below ``PARALLEL_FROM_BYTES`` of input the engine checks in one process whatever --jobs
says (forking a pool and loading every rule's data costs more than it saves); the table
shows where forking starts to pay on this machine. Runs take turns, so a busy spell slows
both sides alike; the ratio is the figure to read.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def wall(folder: Path, jobs: int) -> float:
    command = [sys.executable, "-m", "corpus_lint", "check", "--no-cache", "--jobs", str(jobs),
               "--quiet", str(folder)]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder of .txt/.md documents, or a JSONL file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,4,16,64,256,1024")
    args = parser.parse_args()
    shard = Path(args.folder).is_file()
    if shard:
        with open(args.folder, encoding="utf-8") as handle:
            files = [line for line, _ in zip(handle, range(max(map(int, args.sizes.split(",")))))]
    else:
        files = sorted(p for p in Path(args.folder).rglob("*") if p.suffix in (".txt", ".md"))
    unit = "records" if shard else "files"
    print(f"{unit:>7} {'KiB':>7} {'jobs 1':>8} {'jobs ' + str(args.jobs):>8}  ratio")
    worst = 0.0
    for count in map(int, args.sizes.split(",")):
        chosen = files[:count]
        with tempfile.TemporaryDirectory() as tmp:
            if shard:
                Path(tmp, "shard.jsonl").write_text("".join(chosen), encoding="utf-8")
            for path in [] if shard else chosen:
                shutil.copy(path, Path(tmp) / path.name)
            wall(Path(tmp), 1)  # warm caches and bytecode
            one, many = [], []
            for _ in range(args.runs):
                one.append(wall(Path(tmp), 1))
                many.append(wall(Path(tmp), args.jobs))
        size = sum(len(line.encode()) if shard else line.stat().st_size for line in chosen) / 1024
        ratio = statistics.median(many) / statistics.median(one)
        worst = max(worst, ratio)
        print(f"{len(chosen):>7} {size:>7.0f} {statistics.median(one):>8.3f} "
              f"{statistics.median(many):>8.3f}  {ratio:.2f}")
    print(f"worst ratio jobs {args.jobs} / jobs 1: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
