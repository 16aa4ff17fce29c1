"""Peak memory of an audit when the corpus grows tenfold: it must stay flat.

    python benchmarks/bench_memory.py NEWS_JSONL [--records 3000] [--scale 10] [--workdir DIR]

Builds a 1x corpus (the first --records records of the JSONL) and a 10x corpus (the same records repeated with
new ids, so every record is a distinct document) in a temporary folder, then runs
`corpus-lint audit --jobs 1` on each as a separate process and reads its peak resident
memory (ru_maxrss). Measured twice: per-document rules only (--no-cross-document), and with
the cross-document duplicate rules, whose index is on disk (``diskindex``): both must stay
flat.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def build(source: Path, target: Path, scale: int, limit: int) -> int:
    records = 0
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        originals = [json.loads(line) for line in lines if line.strip()][:limit]
        for copy in range(scale):
            for record in originals:
                record = dict(record, id=f"{record.get('id')}-copy{copy}")
                out.write(json.dumps(record) + "\n")
                records += 1
    return records


def audit(corpus: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one audit process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_lint", "audit", "--jobs", "1", "--no-cache",
                    "--format", "json", "--output", "/dev/null", *extra, str(corpus)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("  (peak not above an earlier run's: run the sizes in increasing order)")
    return wall, peak / 1024


def corpus_arguments(description: str) -> argparse.Namespace:
    """NEWS_JSONL, --records, --scale, --workdir: what the memory benchmarks share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("news", type=Path)
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--workdir", type=Path)
    return parser.parse_args()


@contextmanager
def corpora(args: argparse.Namespace) -> Iterator[tuple[str, list[tuple[Path, int]]]]:
    """A temporary folder with the 1x and the --scale x corpus: (folder, [(path, records)])."""
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        small, large = Path(folder, "x1.jsonl"), Path(folder, f"x{args.scale}.jsonl")
        yield folder, [(small, build(args.news, small, 1, args.records)),
                       (large, build(args.news, large, args.scale, args.records))]


def main() -> int:
    args = corpus_arguments(__doc__.splitlines()[0])
    with corpora(args) as (folder, sizes):
        (small, n_small), (large, n_large) = sizes
        for label, extra in (("per-document rules", ("--no-cross-document",)),
                             ("with cross-document rules", ())):
            # Each measurement in its own process tree so ru_maxrss is that run's own.
            rows = []
            for corpus, n in ((small, n_small), (large, n_large)):
                done = subprocess.run([sys.executable, __file__, "--measure", str(corpus), *extra],
                                      capture_output=True, text=True)
                wall, peak = json.loads(done.stdout)
                rows.append((n, wall, peak))
                print(f"{label:<27} {n:>8} documents  {wall:7.1f} s  peak {peak:7.1f} MiB")
            print(f"{label:<27} peak memory ratio {args.scale}x/1x: {rows[1][2] / rows[0][2]:.2f} "
                  f"(goal for per-document rules <= 1.2)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(audit(Path(sys.argv[2]), *sys.argv[3:])))
        sys.exit(0)
    sys.exit(main())
