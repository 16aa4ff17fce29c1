"""What a pre-commit user feels: wall time of `corpus-lint check` on one document.

    python benchmarks/bench_startup.py [DOCUMENT] [--runs N] [--against DIR]

Runs the real command in fresh processes (interpreter start, imports, plugin loading,
checking, reporting) and prints the median and best wall time, next to a bare
`python -c pass` measured in the same run so the ratio is meaningful on a noisy machine.
The target is under 8x the bare interpreter; the exit status is 1 when the median misses it.
``--against DIR`` also times another build of corpus-lint in the same run (DIR put first on
PYTHONPATH: a folder holding an installed-layout ``corpus_lint`` package, for instance the
previous commit's), so a before/after ratio is measured side by side.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DOC = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "news" / "council-budget.txt"
HEAVY = ("numpy", "rapidfuzz", "ftfy", "langcodes", "yaml", "datasketch", "langdetect", "textstat")


# As installed: pip compiles bytecode at install time, so a user's run never compiles the
# sources. PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every run compile ~100
# modules; the children run without it (the warm-up writes __pycache__).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


TARGET = 8.0  # times a bare interpreter (issue 17)


def wall(command: list[str], runs: int, env: dict | None = None, cwd=None) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env or ENV, cwd=cwd)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", default=str(DEFAULT_DOC))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", metavar="DIR", help="also time the corpus-lint in DIR")
    args = parser.parse_args()
    check = [sys.executable, "-m", "corpus_lint", "check", "--no-cross-document", "--no-cache",
             str(Path(args.document).resolve())]
    other = dict(ENV, PYTHONPATH=os.pathsep.join(
        filter(None, [args.against, ENV.get("PYTHONPATH")]))) if args.against else None
    wall(check, 2)  # warm the file-system cache, write the bytecode and the user cache
    if other:  # run from DIR: ``-m`` puts the working folder first on the path
        wall(check, 2, other, args.against)
    bare, lint, before = [], [], []
    for _ in range(args.runs):  # side by side, so a busy spell slows all alike
        bare += wall([sys.executable, "-c", "pass"], 1)
        lint += wall(check, 1)
        if other:
            before += wall(check, 1, other, args.against)
    importtime = subprocess.run([sys.executable, "-X", "importtime", *check[1:]],
                                capture_output=True, text=True, env=ENV).stderr.splitlines()
    imported = {line.split("|")[-1].strip().split(".")[0] for line in importtime if "|" in line}
    print(f"document: {args.document}")
    print(f"python -c pass     median {statistics.median(bare) * 1000:7.1f} ms  "
          f"best {min(bare) * 1000:7.1f} ms")
    print(f"corpus-lint check  median {statistics.median(lint) * 1000:7.1f} ms  "
          f"best {min(lint) * 1000:7.1f} ms")
    if before:
        print(f"--against {args.against}  median {statistics.median(before) * 1000:7.1f} ms  "
              f"best {min(before) * 1000:7.1f} ms  ratio "
              f"{statistics.median(before) / statistics.median(bare):.1f}x")
    ratio = statistics.median(lint) / statistics.median(bare)
    print(f"ratio to a bare interpreter: {ratio:.1f}x (target < {TARGET:g}x)")
    print(f"heavy modules imported: {', '.join(sorted(imported & set(HEAVY))) or 'none'}")
    return 0 if ratio < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
