"""Where an audit's time and its parent's memory go, phase by phase.

    python benchmarks/bench_audit_phases.py CORPUS [--jobs 2]

Runs ``audit``'s engine (cross-document rules on, findings spilled) in this process and
prints, for each phase, its wall time, the parent's RSS at its end and the parent's peak
during it (sampled every 50 ms): building the engine; checking the units (the workers run,
their results wait here in unit order); the corpus rules' finish (D301/D302 find copies in
their disk index); writing SARIF (to /dev/null). Run it at 1x and on a Kx concatenation
(``bench_memory.build``) to see which phase grows faster than the corpus (issue 17).
bench_audit_scale.py measures the whole process tree from outside; this says which phase.
"""
from __future__ import annotations

import argparse
import threading
import time

from corpus_lint.engine import run as run_module
from corpus_lint.engine.engine import Engine, RunOptions
from corpus_lint.reporters.sarif import SarifReporter


def _rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


class Phases:
    """Phase marks with the parent's peak RSS since the previous mark."""

    def __init__(self):
        self.marks: list[tuple[str, float, float, float]] = []
        self.peak = 0.0
        self.started = time.perf_counter()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, _rss_mib())
            time.sleep(0.05)

    def mark(self, name: str) -> None:
        now = _rss_mib()
        self.marks.append((name, time.perf_counter(), now, max(self.peak, now)))
        self.peak = 0.0

    def print(self) -> None:
        previous = self.started
        for name, when, now, peak in self.marks:
            print(f"{name:24} {when - previous:7.1f} s  RSS at end {now:6.1f} MiB  "
                  f"peak during {peak:6.1f} MiB")
            previous = when


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    phases = Phases()
    finish = run_module._Collector.finish_corpus_rules

    def timed_finish(collector) -> None:  # the units are all in when the finish starts
        phases.mark("units checked")
        finish(collector)
        phases.mark("corpus rules finished")

    run_module._Collector.finish_corpus_rules = timed_finish
    engine = Engine({}, None, RunOptions(cross_document=True, spill=True, jobs=args.jobs))
    phases.mark("engine built")
    result = run_module.run_check([args.corpus], engine)
    with open("/dev/null", "w", encoding="utf-8") as sink:
        SarifReporter(result, {}).render(sink)
    phases.mark("SARIF written")
    print(f"{result.documents} documents, {len(result.findings)} findings")
    phases.print()
    result.findings.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
