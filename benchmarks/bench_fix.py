"""Wall time of `corpus-lint fix` against `corpus-lint check` on the same corpus.

    python benchmarks/bench_fix.py CORPUS [--jobs N] [--rounds 3]

Each round copies CORPUS to a fresh temporary folder twice, then times `check --no-cache`
on one copy and `fix --no-cache` on the other (both with the same --jobs, in separate
processes, taking turns), so the fix works on the original text every round. Prints the
median of each and the ratio fix/check (goal: at most 1.5).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(*args: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_lint", *args], cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    check, fix = [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            for name in ("a", "b"):
                target = work / name / args.corpus.name
                if args.corpus.is_dir():
                    shutil.copytree(args.corpus, target)
                else:
                    target.parent.mkdir()
                    shutil.copy(args.corpus, target)
            common = ("--no-cache", "--jobs", args.jobs, "--format", "json")
            check.append(timed("check", *common, args.corpus.name, cwd=work / "a"))
            fix.append(timed("fix", *common, args.corpus.name, cwd=work / "b"))
    c, f = statistics.median(check), statistics.median(fix)
    print(f"check {c:6.2f} s   fix {f:6.2f} s   fix/check {f / c:.2f} "
          f"(median of {args.rounds}; goal <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
