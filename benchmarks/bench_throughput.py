"""Whole-process throughput against datatrove, and the --jobs 2 speed-up, in one run.

    python benchmarks/bench_throughput.py DATA_FOLDER [--datatrove-python PYTHON] [--runs N]

DATA_FOLDER is a folder of .txt documents (../shared/bench/bbc). Both tools are timed as
whole processes (interpreter start, imports, reading, checking, writing the result):

- corpus-lint: `corpus-lint check --jobs 1 --no-cache` with every default rule, JSON
  written to /dev/null; then `--jobs 2`.
- datatrove: GopherRepetitionFilter + GopherQualityFilter + C4QualityFilter +
  FineWebQualityFilter over the same documents, in the interpreter given with
  --datatrove-python (datatrove[processing] and spacy pulls in a large stack; keep it in its
  own virtual environment: `python -m venv dt && dt/bin/pip install "datatrove[processing]" spacy`).

Ratios are computed within the run, so a busy machine slows both sides alike; the two
corpus-lint runs alternate and the speed-up is the median of the per-pair ratios.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

DATATROVE_SCRIPT = textwrap.dedent("""
    import sys, glob
    from datatrove.data import Document
    from datatrove.pipeline.filters import (GopherRepetitionFilter, GopherQualityFilter,
                                            C4QualityFilter, FineWebQualityFilter)
    filters = [GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(),
               FineWebQualityFilter()]
    kept = 0
    for path in sorted(glob.glob(sys.argv[1] + "/*.txt")):
        doc = Document(text=open(path, encoding="utf-8", errors="replace").read(), id=path)
        verdicts = [f.filter(doc) for f in filters]
        kept += all(v is True or (isinstance(v, tuple) and v[0]) for v in verdicts)
    print(kept)
""")


# With PYTHONDONTWRITEBYTECODE (set in some sandboxes) every run compiles corpus-lint's
# modules again: ~0.1 s more of the parent's serial start-up, and of each worker's lazy
# imports, than an installed copy pays (bench_startup and bench_jobs drop it too).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed_once(command: list[str]) -> float:
    """Wall time of one run of a command (its output is discarded)."""
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=ENV)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return elapsed


def timed(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of a command."""
    return statistics.median(timed_once(command) for _ in range(runs))


def paired(first: list[str], second: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall times of two commands run in turn (first, second, first, ...) and the
    median of the per-pair ratios first/second. A neighbour's burst of work on a shared
    machine then slows one pair, not every run of one side: `--jobs 2` needs both cores
    and feels such a burst more than `--jobs 1`, so blocks of runs of each side drew the
    speed-up from the noise as much as from the code."""
    pairs = [(timed_once(first), timed_once(second)) for _ in range(runs)]
    return (statistics.median(one for one, _ in pairs), statistics.median(two for _, two in pairs),
            statistics.median(one / two for one, two in pairs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--datatrove-python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    documents = len(list(args.data.glob("*.txt")))
    lint = [sys.executable, "-m", "corpus_lint", "check", "--no-cache", "--format", "json",
            "--output", "/dev/null", str(args.data)]
    one, two, speed_up = paired(lint + ["--jobs", "1"], lint + ["--jobs", "2"], args.runs)
    print(f"documents: {documents}")
    print(f"corpus-lint --jobs 1: {one:7.2f} s  {documents / one:8.1f} docs/s")
    print(f"corpus-lint --jobs 2: {two:7.2f} s  {documents / two:8.1f} docs/s  "
          f"speed-up {speed_up:.2f}x (median of {args.runs} alternating pairs; "
          f"goal >= 1.8x, issue 17)")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(DATATROVE_SCRIPT)
    try:
        probe = subprocess.run([args.datatrove_python, "-c", "import datatrove, spacy"],
                               capture_output=True)
    except OSError:  # not an interpreter at all: the same answer as one without datatrove
        probe = None
    if probe is None or probe.returncode != 0:
        print(f"datatrove: not importable with {args.datatrove_python}; see --help")
        return 0
    datatrove = timed([args.datatrove_python, script.name, str(args.data)], args.runs)
    print(f"datatrove filters:    {datatrove:7.2f} s  {documents / datatrove:8.1f} docs/s")
    print(f"corpus-lint --jobs 1 is {datatrove / one:.1f}x datatrove's rate (goals: >= 6x "
          f"issue 15, >= 8x issue 17)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
