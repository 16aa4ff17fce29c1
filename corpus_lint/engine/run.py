"""A run: discover files, cut them into work units, check them on an executor, and
collect a ``RunResult``.

Workers return plain data (findings, directives, cross-document summaries); this process
applies suppressions and the baseline, feeds corpus rules in unit order, and stores the
findings as they arrive, so the result is identical and identically ordered whatever the
number of workers or the executor.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from corpus_lint import __version__
from corpus_lint.discovery import Skipped, display_path
from corpus_lint.discovery.units import make_units
from corpus_lint.findings.model import LEVEL_RANK, Directive, Finding, Problem
from corpus_lint.findings.store import FindingStore, RunStats
from corpus_lint.findings.suppression import apply_suppressions
from corpus_lint.findings.display import printable
from corpus_lint.rulebook import CorpusRule, Family, RuleSpec

from .boundary import plugin_problem
from .engine import UNUSED_SUPPRESSION, DocumentResult, Engine, FileResult

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.findings.baseline import Baseline



@dataclass
class RunResult:
    findings: FindingStore
    problems: list[Problem]
    specs: dict[str, RuleSpec]  # every rule enabled in the run, by code
    families: dict[str, Family] = field(default_factory=dict)  # registered, in listing order
    files: int = 0
    documents: int = 0
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: list[tuple[str, str, str, int]] = field(default_factory=list)
    units: int = 0
    cached_units: int = 0
    notes: list[str] = field(default_factory=list)
    fixed: list[tuple] = field(default_factory=list)  # fix mode: (path, record, codes, held)
    diffs: list[str] = field(default_factory=list)  # fix mode with a diff: one per file
    elapsed: float = 0.0
    root: Path = field(default_factory=Path.cwd)
    version: str = __version__
    _stats: RunStats | None = None

    def stats(self) -> RunStats:
        if self._stats is None:
            family_of = {code: spec.family for code, spec in self.specs.items()}
            self._stats = RunStats.of(self.findings, family_of)
        return self._stats

    def failed(self, fail_on: str) -> bool:
        threshold = LEVEL_RANK[fail_on]
        levels = self.stats().findings_by_level
        return bool(self.problems) or any(LEVEL_RANK[level] >= threshold for level in levels)


class _Collector:
    """Takes unit results in order: suppresses, baselines, stores, feeds corpus rules."""

    def __init__(self, engine: Engine, baseline: "Baseline | None"):
        self.engine = engine
        self.store = FindingStore(spill=engine.options.spill)
        self.problems: list[Problem] = []  # the engine's own (plugins) are added at the end
        self.corpus_rules = [rule for rule in engine.rules.values()
                             if isinstance(rule, CorpusRule)]
        self.directives_of: dict[tuple[str, int | None], list[Directive]] = {}
        self.report_unused = UNUSED_SUPPRESSION in engine.enabled
        self.keep = baseline.keep if baseline is not None else (lambda finding: True)
        self.suppressed = self.documents = self.cached_units = 0
        self.notes: list[str] = []
        self.fixed: list[tuple] = []
        self.diffs: list[str] = []

    def add_unit(self, file_result: FileResult) -> None:
        self.problems.extend(file_result.problems)
        self.notes.extend(file_result.notes)
        self.fixed.extend((file_result.path, *fixed) for fixed in file_result.fixed)
        if file_result.diff:
            self.diffs.append(file_result.diff)
        self.cached_units += file_result.cached
        batch: list[Finding] = []
        for doc in file_result.documents:
            self.documents += 1
            for rule in list(self.corpus_rules):
                if rule.code in doc.summaries:
                    self._add(rule, doc.summaries[rule.code])
            batch.extend(self._unsuppressed(doc))
        batch.sort(key=Finding.sort_key)
        self.store.append_sorted_batch([finding for finding in batch if self.keep(finding)])

    def _add(self, rule: CorpusRule, summary) -> None:
        try:
            rule.add(summary)
        except Exception as exc:  # a broken corpus rule stops, the run goes on
            self.corpus_rules.remove(rule)
            self.problems.append(plugin_problem(
                self.engine.plugin_of.get(rule.code, "?"),
                f"rule {rule.code} crashed: {type(exc).__name__}: {exc}; not run further"))

    def _unsuppressed(self, doc: DocumentResult) -> list[Finding]:
        """The document's findings its directives leave, plus I900 for unused directives."""
        if not doc.directives:
            return doc.findings
        engine = self.engine
        self.directives_of[(doc.path, doc.record)] = doc.directives
        kept, dropped, unused = apply_suppressions(
            doc.findings, doc.directives, engine.selector_matches, engine.selector_state)
        self.suppressed += dropped
        if self.report_unused:
            kept.extend(engine.unused_finding(doc, u.directive, u.selector, u.reason)
                        for u in unused)
        return kept

    def finish_corpus_rules(self) -> None:
        """Cross-document findings, suppressed by their document's directives, streamed to
        the store as the rules yield them (a rule that crashes keeps what it yielded)."""
        for rule in self.corpus_rules:
            produced = self.engine.valid(rule.finish(), rule.code, None, self.problems)
            try:
                self.store.add_late(finding for finding in self._late(produced)
                                    if self.keep(finding))
            except Exception as exc:
                self.problems.append(Problem(f"rule {rule.code}", f"crashed: "
                                             f"{type(exc).__name__}: {exc}", kind="plugin"))

    def _late(self, produced: Iterable[Finding]) -> Iterable[Finding]:
        engine = self.engine
        for finding in produced:
            finding.level = engine.levels[finding.code]
            directives = self.directives_of.get((finding.path, finding.record))
            if not directives:
                yield finding
                continue
            kept, dropped, _ = apply_suppressions([finding], directives,
                                                  engine.selector_matches, engine.selector_state)
            self.suppressed += dropped
            yield from kept


def _targets(paths: Iterable[str], engine: Engine, only: set[str] | None,
             collector: _Collector) -> list[tuple[Path, str]]:
    """(path, display path) of every file to check; what cannot be used goes to problems."""
    targets: list[tuple[Path, str]] = []
    for item in engine.discover(paths):
        if isinstance(item, Problem):
            collector.problems.append(item)
        elif isinstance(item, Skipped):
            collector.notes.append(f"{printable(item.path)}: skipped: {printable(item.reason)}")
        elif only is None or os.path.normpath(os.path.abspath(item)) in only:
            display = engine.display_as.get(str(item)) or display_path(item)
            if printable(display) != display:
                collector.notes.append(f"{printable(display)}: the file name is not printable "
                                       f"UTF-8; reports escape it (\\xNN for a byte that is "
                                       f"not UTF-8) and SARIF percent-encodes its bytes")
            targets.append((item, display))
    return targets


def run_check(paths: list[str], engine: Engine, *, only: set[str] | None = None,
              baseline: "Baseline | None" = None) -> RunResult:
    """Check ``paths`` with ``engine`` on its executor.

    ``only``: absolute paths to restrict the run to (``--diff``); ``baseline``: findings to
    leave out of the report.
    """
    started = time.perf_counter()
    collector = _Collector(engine, baseline)
    targets = _targets(paths, engine, only, collector)
    # A file is fixed whole, by one worker: a shard is rewritten record by record.
    units = list(make_units(targets, engine.reader_for,
                            2 ** 62 if engine.options.fix else None))
    progress = None
    if engine.options.progress:
        from corpus_lint.engine.progress import Progress

        progress = Progress(len(units))
    for file_result in engine.executor().map(engine, units):
        collector.add_unit(file_result)
        if progress is not None:
            progress.update(len(file_result.documents))
    if progress is not None:
        progress.close()
    collector.finish_corpus_rules()
    problems = sorted(engine.host.problems + collector.problems,
                      key=lambda p: (p.kind != "plugin", *p.sort_key()))
    specs = {code: engine.rule_classes[code].spec for code in sorted(engine.enabled)}
    if baseline is not None:  # a file that could not be read was not checked
        unread = {problem.path for problem in problems if problem.kind == "input"}
        baseline.run_covered((display for _, display in targets if display not in unread),
                             engine.enabled)
    return RunResult(collector.store, problems, specs, families=engine.families,
                     files=len(targets), documents=collector.documents,
                     suppressed=collector.suppressed,
                     baselined=baseline.matched if baseline is not None else 0,
                     stale_baseline=baseline.stale() if baseline is not None else [],
                     units=len(units), cached_units=collector.cached_units,
                     notes=collector.notes, fixed=collector.fixed, diffs=collector.diffs,
                     elapsed=time.perf_counter() - started, root=engine.settings.root)
