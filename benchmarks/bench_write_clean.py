"""Peak memory of `audit --write-clean` when the corpus grows tenfold: it must stay flat.

    python benchmarks/bench_write_clean.py NEWS_JSONL [--records 3000] [--scale 10]
        [--workdir DIR]

Builds a 1x and a 10x JSONL corpus as bench_memory.py does (the same records repeated
with new ids), then runs `corpus-lint audit --jobs 1 --write-clean DIR` on each in its own
process tree and reads its peak resident memory (ru_maxrss). Per-document rules only
(--no-cross-document) must stay flat; with the cross-document rules the audit's index
grows by design (compact signatures), the clean pass itself holds one document at a time.
Also prints the manifest's action counts.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench_memory import corpora, corpus_arguments


def clean(corpus: Path, out: Path, *extra: str) -> tuple[float, float, dict]:
    """(wall seconds, peak RSS in MiB, manifest actions) of one audit --write-clean."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_lint", "audit", "--jobs", "1", "--no-cache",
                    "--format", "json", "--output", "/dev/null", "--write-clean", str(out),
                    *extra, str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(out / "corpus-lint-manifest.jsonl", encoding="utf-8") as handle:
        actions = Counter(json.loads(line)["action"] for line in handle)
    return wall, peak, dict(sorted(actions.items()))


def main() -> int:
    args = corpus_arguments(__doc__.splitlines()[0])
    with corpora(args) as (folder, pairs):
        sizes = dict(pairs)
        small, large = sizes
        for label, extra in (("per-document rules", ("--no-cross-document",)),
                             ("with cross-document rules", ())):
            peaks = []
            for corpus in (small, large):
                out = Path(folder, f"clean-{corpus.stem}-{len(extra)}")
                done = subprocess.run([sys.executable, __file__, "--measure", str(corpus),
                                       str(out), *extra], capture_output=True, text=True)
                wall, peak, actions = json.loads(done.stdout)
                peaks.append(peak)
                print(f"{label:<27} {sizes[corpus]:>8} documents  {wall:7.1f} s  peak "
                      f"{peak:7.1f} MiB  {actions}")
            print(f"{label:<27} peak memory ratio {args.scale}x/1x: {peaks[1] / peaks[0]:.2f} "
                  f"(goal for per-document rules <= 1.2)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--measure":
        print(json.dumps(clean(Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:])))
        sys.exit(0)
    sys.exit(main())
