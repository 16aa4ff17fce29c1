"""Cost of respecting .gitignore in a folder walk: discovery of N files in a git work tree
with and without it, side by side in one run (best of 3 rounds each).

    python benchmarks/bench_discovery.py [--files 10000]

Builds the tree in a temporary folder: 100 folders of N/100 files, a .gitignore at the top
and in every tenth folder (the ignore files a corpus repository typically has).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from corpus_lint.engine.engine import Engine, RunOptions


def build(root: Path, files: int) -> None:
    (root / ".git").mkdir()
    (root / ".gitignore").write_text("build/\n*.egg-info/\n__pycache__/\n*.log\n")
    for folder in range(100):
        path = root / "corpus" / f"s{folder}" / "t"
        path.mkdir(parents=True)
        for number in range(files // 100):
            (path / f"f{number}.txt").write_text("x")
        if folder % 10 == 0:
            (root / "corpus" / f"s{folder}" / ".gitignore").write_text("*.tmp\nbuild/\n")


def walk_seconds(respect: bool) -> tuple[int, float]:
    engine = Engine({}, None, RunOptions(respect_gitignore=respect))
    best, count = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        count = sum(1 for _ in engine.discover(["."]))
        best = min(best, time.perf_counter() - started)
    return count, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), args.files)
        previous = os.getcwd()
        os.chdir(tmp)
        try:
            count, with_ignore = walk_seconds(True)
            _, without = walk_seconds(False)
        finally:
            os.chdir(previous)
    print(f"{count} files: {with_ignore:.3f} s respecting .gitignore, {without:.3f} s without "
          f"({1e6 * (with_ignore - without) / count:.0f} us a file, x{with_ignore / without:.2f})")


if __name__ == "__main__":
    main()
