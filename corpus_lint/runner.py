"""The run: find files, read documents, apply rules, suppress, and collect a ``RunResult``.

Work is split per file so it can go to worker processes (``--jobs``) and, in audit mode,
to a distributed engine. A worker returns plain data (findings, directives, cross-document
summaries); the parent applies suppressions and feeds corpus rules in file order, so the
result is identical and identically ordered whatever the number of workers.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

from . import __version__
from .config import ConfigError, RuleIndex, Settings, build_settings
from .model import LEVEL_RANK, Directive, Document, Finding, Location, Problem, content_fingerprint
from .pluginhost import PluginHost, load_plugins
from .readers import Reader, describe_os_error
from .rulebook import CorpusRule, Rule, RuleSpec
from .suppression import apply_suppressions, parse_directives

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


@dataclass
class RunResult:
    findings: list[Finding]
    problems: list[Problem]
    specs: dict[str, RuleSpec]  # every rule enabled in the run, by code
    files: int = 0
    documents: int = 0
    suppressed: int = 0
    elapsed: float = 0.0
    root: Path = field(default_factory=Path.cwd)
    version: str = __version__

    def failed(self, fail_on: str) -> bool:
        threshold = LEVEL_RANK[fail_on]
        return bool(self.problems) or any(LEVEL_RANK[f.level] >= threshold for f in self.findings)


def display_path(path: Path) -> str:
    """The path as users typed it: relative to the working directory, '/'-separated."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    return PurePosixPath(*Path(rel).parts).as_posix()


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
        for rule in rules:
            if doc.binary and not rule.handles_binary:
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

    def check_file(self, path: Path) -> FileResult:
        display = display_path(path)
        result = FileResult(display)
        reader = self.reader_for(path)
        rules = self.rules_for(path)
        try:
            for item in reader.read(path, display, self.settings):
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


def run_check(paths: list[str], engine: Engine) -> RunResult:
    """Check ``paths`` with ``engine``, in parallel when ``options.jobs`` > 1."""
    started = time.perf_counter()
    problems = list(engine.host.problems)
    targets: list[Path] = []
    for item in engine.discover(paths):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            targets.append(item)
    findings: list[Finding] = []
    suppressed = documents = 0
    corpus_rules = [rule for rule in engine.rules.values() if isinstance(rule, CorpusRule)]
    directives_of: dict[tuple[str, int | None], list[Directive]] = {}
    report_unused = UNUSED_SUPPRESSION in engine.enabled
    for file_result in _map_files(engine, targets):
        problems.extend(file_result.problems)
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
                findings.extend(kept)
                if report_unused:
                    findings.extend(engine.unused_finding(doc, u.directive, u.selector, u.reason)
                                    for u in unused)
            else:
                findings.extend(doc.findings)
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
                findings.extend(kept)
            else:
                findings.append(finding)
    findings.sort(key=Finding.sort_key)
    problems.sort(key=lambda p: (p.kind != "plugin", *p.sort_key()))
    specs = {code: engine.rule_classes[code].spec for code in sorted(engine.enabled)}
    return RunResult(findings, problems, specs, files=len(targets), documents=documents,
                     suppressed=suppressed, elapsed=time.perf_counter() - started)


# -- parallel map ---------------------------------------------------------------------
_WORKER_ENGINE: Engine | None = None


def _init_worker(blueprint) -> None:
    global _WORKER_ENGINE
    if _WORKER_ENGINE is None:  # forked workers inherit the parent's engine
        _WORKER_ENGINE = Engine(*blueprint)


def _check_in_worker(path: Path) -> FileResult:
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.check_file(path)


def _map_files(engine: Engine, targets: list[Path]) -> Iterator[FileResult]:
    jobs = max(1, min(engine.options.jobs, len(targets)))
    if jobs == 1:
        for path in targets:
            yield engine.check_file(path)
        return
    import multiprocessing

    global _WORKER_ENGINE
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    _WORKER_ENGINE = engine if context.get_start_method() == "fork" else None
    chunksize = max(1, min(16, len(targets) // (jobs * 8)))
    try:
        with context.Pool(jobs, initializer=_init_worker, initargs=(engine.blueprint,)) as pool:
            yield from pool.imap(_check_in_worker, targets, chunksize=chunksize)
    finally:
        _WORKER_ENGINE = None
