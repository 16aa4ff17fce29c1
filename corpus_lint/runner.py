"""The run: find files, read documents, apply rules, suppress, and collect a ``RunResult``.

Work is split into units (files, or ranges of large JSONL shards; see ``units``) so it can
go to worker processes (``--jobs``) or a distributed engine (``executors``). A worker returns plain data (findings, directives, cross-document
summaries); the parent applies suppressions and feeds corpus rules in file order, so the
result is identical and identically ordered whatever the number of workers.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import __version__
from .config import ConfigError, RuleIndex, Settings, build_settings, posix_relpath
from .model import LEVEL_RANK, Directive, Document, Finding, Problem, content_fingerprint
from .pluginhost import PluginHost, load_plugins
from .readers import Reader, describe_os_error
from .rulebook import CorpusRule, Rule, RuleSpec
from .store import FindingStore, RunStats
from .suppression import apply_suppressions, parse_directives

if TYPE_CHECKING:  # pragma: no cover
    from .baseline import Baseline
from .units import WorkUnit, make_units

UNUSED_SUPPRESSION = "I900"
# Never corpus content; hidden folders (.git, .venv...) are skipped too.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


@dataclass
class RunOptions:
    """What the command line adds to the configuration file."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    jobs: int = 1
    cross_document: bool = True
    disabled_plugins: tuple[str, ...] = ()
    excerpts: bool = False  # attach source lines to findings (text output)
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address; None starts a local cluster
    spill: bool = False  # keep findings on disk (audit: memory independent of corpus size)
    progress: bool = False  # progress line on a terminal
    cache_dir: str | None = None  # None: no result cache


@dataclass
class DocumentResult:
    path: str
    record: int | None
    findings: list[Finding]
    directives: list[Directive]
    summaries: dict[str, Any]


@dataclass
class FileResult:
    path: str
    documents: list[DocumentResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cached: bool = False


@dataclass
class RunResult:
    findings: FindingStore
    problems: list[Problem]
    specs: dict[str, RuleSpec]  # every rule enabled in the run, by code
    files: int = 0
    documents: int = 0
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: list[tuple[str, str, str, int]] = field(default_factory=list)
    units: int = 0
    cached_units: int = 0
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


def display_path(path: Path) -> str:
    """The path as users typed it: relative to the working directory, '/'-separated."""
    return posix_relpath(path)


class Engine:
    """Plugins, configuration and rule instances of one run; built once per process."""

    def __init__(self, config: dict[str, Any], config_source: Path | None, options: RunOptions):
        self.blueprint = (config, config_source, options)
        self.options = options
        self.host: PluginHost = load_plugins(options.disabled_plugins)
        defaults: dict[str, dict[str, Any]] = {}
        for _, answer in self.host.collect("corpus_lint_default_config"):
            for section, values in answer.items():
                defaults.setdefault(section, {}).update(values)
        self.settings: Settings = build_settings(config, config_source, defaults)
        if options.select is not None:
            self.settings.select = options.select
        self.settings.extend_select += options.extend_select
        self.settings.ignore += options.ignore
        if options.fail_on:
            self.settings.fail_on = options.fail_on
        self.readers = self._collect_readers()
        self.rule_classes = self._collect_rules()
        self.index = RuleIndex({code: cls.spec for code, cls in self.rule_classes.items()})
        origin = str(config_source) if config_source else "command line"
        self.enabled = self.index.selected(self.settings, origin)
        params = self.index.rule_params(self.settings, origin)
        self.levels = {code: params.get(code, {}).get("level", cls.spec.level)
                       for code, cls in self.rule_classes.items()}
        self.rules: dict[str, Rule] = {}
        for code in sorted(self.enabled):
            cls = self.rule_classes[code]
            if cls.spec.scope == "corpus" and not options.cross_document:
                continue
            rule_params = {k: v for k, v in params.get(code, {}).items() if k != "level"}
            self.rules[code] = cls(rule_params, self.settings)
        self.enabled = set(self.rules)
        self._per_file_cache: dict[str, tuple[Rule, ...]] = {}
        for pattern, selectors in self.settings.per_file_ignores.items():
            for selector in selectors:
                self.index.resolve(selector, f"{origin}: per-file-ignores '{pattern}'")
        self.cache = self._make_cache(config, config_source, params) if options.cache_dir else None

    def _make_cache(self, config, config_source, params):
        from .cache import ResultCache, configuration_key, files_key, plugin_code_key

        modules = [getattr(plugin, "__name__", type(plugin).__module__)
                   for plugin in self.host.manager.get_plugins()]
        # Everything that decides a result besides the input: the effective parameters of
        # each rule (catalogue defaults included), levels, sections, plugin code and data.
        key = configuration_key(__version__, config, str(config_source),
                                sorted((code, sorted(rule.params.items(), key=repr))
                                       for code, rule in self.rules.items()),
                                sorted(self.levels.items()), self.options.cross_document,
                                self.options.excerpts, plugin_code_key(modules),
                                files_key(self._data_folders()),
                                sorted(self.settings.sections.items(), key=repr),
                                self.settings.max_document_chars)
        return ResultCache(Path(self.options.cache_dir), key)

    def _data_folders(self) -> list[Path]:
        """The rule catalogue and the families' data shipped with corpus-lint."""
        from .rulebook import catalogue_dir

        return [catalogue_dir()]

    # -- plugin answers ---------------------------------------------------------------
    def _collect_readers(self) -> list[tuple[str, Reader]]:
        by_suffix: dict[str, Reader] = {}
        for _, readers in self.host.collect("corpus_lint_readers"):
            for reader in readers:
                for suffix in reader.suffixes:
                    by_suffix[suffix.lower()] = reader
        return sorted(by_suffix.items(), key=lambda item: -len(item[0]))

    def _collect_rules(self) -> dict[str, type[Rule]]:
        rules: dict[str, type[Rule]] = {}
        for plugin, classes in self.host.collect("corpus_lint_rules"):
            for cls in classes:
                code = cls.spec.code
                if code in rules:
                    self.host.problems.append(Problem(
                        f"plugin {plugin}", f"rule code {code} is already taken; ignored",
                        kind="plugin"))
                    continue
                rules[code] = cls
        return rules

    def reporters(self) -> dict[str, type]:
        found: dict[str, type] = {}
        for _, answer in self.host.collect("corpus_lint_reporters"):
            found.update(answer)
        return found

    # -- files ------------------------------------------------------------------------
    def reader_for(self, path: Path | str) -> Reader | None:
        name = str(path).lower()
        for suffix, reader in self.readers:
            if name.endswith(suffix):
                return reader
        return None

    def discover(self, paths: Iterable[str]) -> Iterator[Path | Problem]:
        """Files to check, in argument order and sorted within folders; never follows
        symlinked folders (no loops), reports what it cannot use."""
        seen: set[str] = set()
        for arg in paths:
            path = Path(arg)
            try:
                os.stat(path)
            except OSError as exc:
                yield Problem(display_path(path), describe_os_error(exc))
                continue
            if path.is_dir():
                for folder, dirs, files in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                     and d not in SKIPPED_FOLDERS
                                     and not self.settings.is_excluded(Path(folder, d)))
                    for name in sorted(files):
                        candidate = Path(folder, name)
                        if self.reader_for(name) and not self.settings.is_excluded(candidate):
                            key = os.path.abspath(candidate)
                            if key not in seen:
                                seen.add(key)
                                yield candidate
            elif self.reader_for(path):
                key = os.path.abspath(path)
                if key not in seen and not self.settings.is_excluded(path):
                    seen.add(key)
                    yield path
            else:
                suffixes = ", ".join(sorted(suffix for suffix, _ in self.readers))
                yield Problem(display_path(path), f"unsupported file type (supported: {suffixes})")

    def rules_for(self, path: Path) -> tuple[Rule, ...]:
        ignored: set[str] = set()
        for selectors in self.settings.matching(self.settings.per_file_ignores, path):
            for selector in selectors:
                ignored |= self.index.resolve(selector, "per-file-ignores")
        key = ",".join(sorted(ignored))
        if key not in self._per_file_cache:
            self._per_file_cache[key] = tuple(rule for code, rule in self.rules.items()
                                              if code not in ignored)
        return self._per_file_cache[key]

    # -- checking ---------------------------------------------------------------------
    def check_document(self, doc: Document, rules: tuple[Rule, ...],
                       problems: list[Problem]) -> DocumentResult:
        findings: list[Finding] = []
        summaries: dict[str, Any] = {}
        oversized = len(doc.text) > self.settings.max_document_chars
        for rule in rules:
            if doc.binary and not rule.handles_binary:
                continue
            if oversized and rule.content_rule:
                continue
            try:
                if isinstance(rule, CorpusRule):
                    summaries[rule.code] = rule.collect(doc)
                else:
                    findings.extend(rule.check(doc))
            except Exception as exc:  # a crashing rule is reported, never fatal
                where = f" (record at line {doc.record})" if doc.record else ""
                problems.append(Problem(doc.path, f"rule {rule.code} crashed{where}: "
                                        f"{type(exc).__name__}: {exc}", line=doc.record,
                                        kind="plugin"))
        for finding in findings:
            finding.level = self.levels[finding.code]
        if self.options.excerpts and findings:
            from .reporters.text import excerpt_for

            for finding in findings:
                finding.excerpt = excerpt_for(finding, doc.source_map)
        directives = parse_directives(doc) if (doc.metadata_suppression is not None
                                               or "corpus-lint:" in doc.text) else []
        return DocumentResult(doc.path, doc.record, findings, directives, summaries)

    def check_unit(self, unit: WorkUnit) -> FileResult:
        """Check one unit, from the cache when its content and configuration are unchanged."""
        key = None
        if self.cache is not None:
            key = self.cache.key(unit)
            cached = self.cache.get(key)
            if cached is not None:
                cached.cached = True
                return cached
        result = self._check_unit(unit)
        if key is not None and not any(p.kind == "plugin" for p in result.problems):
            self.cache.put(key, result)
        return result

    def _check_unit(self, unit: WorkUnit) -> FileResult:
        path, display = unit.path, unit.display
        result = FileResult(display)
        reader = self.reader_for(path)
        rules = self.rules_for(path)
        if unit.whole_file:
            items = reader.read(path, display, self.settings)
        else:
            items = reader.read(path, display, self.settings, unit.start, unit.end,
                                unit.first_line)
        try:
            for item in items:
                if isinstance(item, Problem):
                    result.problems.append(item)
                else:
                    result.documents.append(self.check_document(item, rules, result.problems))
        except Exception as exc:  # a reader bug must not lose the other files
            result.problems.append(Problem(display, f"could not be read: {type(exc).__name__}: "
                                           f"{exc}"))
        return result

    # -- suppression ------------------------------------------------------------------
    def selector_matches(self, selector: str, code: str) -> bool:
        if selector in ("ALL", "all"):
            return True
        spec = self.rule_classes.get(code)
        if spec is None:
            return code.startswith(selector)
        spec = spec.spec
        return selector in (spec.family, spec.name) or code.startswith(selector)

    def selector_state(self, selector: str) -> str:
        try:
            codes = self.index.resolve(selector, "suppression")
        except ConfigError:
            return "unknown"
        return "active" if codes & self.enabled else "inactive"

    def unused_finding(self, doc: DocumentResult, directive: Directive, selector: str,
                       reason: str) -> Finding:
        from .model import Region

        region = Region(directive.line, directive.column, directive.line, directive.column)
        return Finding(UNUSED_SUPPRESSION, self.levels[UNUSED_SUPPRESSION], doc.path, region,
                       f"Suppression of '{selector}' {reason}.",
                       fingerprint=content_fingerprint(UNUSED_SUPPRESSION, selector),
                       record=doc.record)


def run_check(paths: list[str], engine: Engine, *, only: set[str] | None = None,
              baseline: "Baseline | None" = None) -> RunResult:
    """Check ``paths`` with ``engine`` on its executor.

    ``only``: absolute paths to restrict the run to (``--diff``); ``baseline``: findings to
    leave out of the report. Per-unit findings are suppressed, baselined and stored as they
    arrive; cross-document findings are merged in at the end.
    """
    from .executors import dask_map, local_map

    started = time.perf_counter()
    problems = list(engine.host.problems)
    targets: list[tuple[Path, str]] = []
    for item in engine.discover(paths):
        if isinstance(item, Problem):
            problems.append(item)
        elif only is None or os.path.normpath(os.path.abspath(item)) in only:
            targets.append((item, display_path(item)))
    units = list(make_units(targets, engine.reader_for))
    if engine.options.engine == "dask":
        results = dask_map(engine, units, engine.options.jobs, engine.options.scheduler)
    else:
        results = local_map(engine, units, engine.options.jobs)
    store = FindingStore(spill=engine.options.spill)
    progress = None
    if engine.options.progress:
        from .progress import Progress

        progress = Progress(len(units))
    suppressed = documents = cached_units = 0
    corpus_rules = [rule for rule in engine.rules.values() if isinstance(rule, CorpusRule)]
    directives_of: dict[tuple[str, int | None], list[Directive]] = {}
    report_unused = UNUSED_SUPPRESSION in engine.enabled
    keep = baseline.keep if baseline is not None else (lambda finding: True)
    for file_result in results:
        problems.extend(file_result.problems)
        cached_units += file_result.cached
        batch: list[Finding] = []
        for doc in file_result.documents:
            documents += 1
            for rule in corpus_rules:
                if rule.code in doc.summaries:
                    rule.add(doc.summaries[rule.code])
            if doc.directives:
                directives_of[(doc.path, doc.record)] = doc.directives
                kept, dropped, unused = apply_suppressions(
                    doc.findings, doc.directives, engine.selector_matches, engine.selector_state)
                suppressed += dropped
                batch.extend(kept)
                if report_unused:
                    batch.extend(engine.unused_finding(doc, u.directive, u.selector, u.reason)
                                 for u in unused)
            else:
                batch.extend(doc.findings)
        batch.sort(key=Finding.sort_key)
        store.append_sorted_batch([finding for finding in batch if keep(finding)])
        if progress is not None:
            progress.update(len(file_result.documents))
    if progress is not None:
        progress.close()
    late: list[Finding] = []
    for rule in corpus_rules:
        try:
            produced = list(rule.finish())
        except Exception as exc:
            problems.append(Problem(f"rule {rule.code}", f"crashed: {type(exc).__name__}: {exc}",
                                    kind="plugin"))
            continue
        for finding in produced:
            finding.level = engine.levels[finding.code]
            directives = directives_of.get((finding.path, finding.record))
            if directives:
                kept, dropped, _ = apply_suppressions([finding], directives,
                                                      engine.selector_matches,
                                                      engine.selector_state)
                suppressed += dropped
                late.extend(kept)
            else:
                late.append(finding)
    store.add_late(finding for finding in late if keep(finding))
    problems.sort(key=lambda p: (p.kind != "plugin", *p.sort_key()))
    specs = {code: engine.rule_classes[code].spec for code in sorted(engine.enabled)}
    return RunResult(store, problems, specs, files=len(targets), documents=documents,
                     suppressed=suppressed,
                     baselined=baseline.matched if baseline is not None else 0,
                     stale_baseline=baseline.stale() if baseline is not None else [],
                     units=len(units), cached_units=cached_units,
                     elapsed=time.perf_counter() - started, root=engine.settings.root)
