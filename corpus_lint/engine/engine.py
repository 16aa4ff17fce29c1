"""The engine of one run: plugins, configuration, families, rules and readers, and the
checking of one work unit (read its documents, run the rules, parse suppressions).

An ``Engine`` is built once per process from a picklable blueprint (configuration and
options), so worker processes and cluster nodes build exactly the engine of the parent.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from corpus_lint import __version__
from corpus_lint.config import ConfigError, RuleIndex, Settings, build_settings
from corpus_lint.discovery import Skipped, discover
from corpus_lint.discovery.units import WorkUnit
from corpus_lint.documents.document import Document
from corpus_lint.documents.language import document_language, judges
from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.display import excerpt_for
from corpus_lint.findings.explained import drop_explained
from corpus_lint.findings.model import (Directive, Finding, Problem, content_fingerprint,
                                         record_fingerprint, record_identity)
from corpus_lint.findings.suppression import parse_directives
from corpus_lint.pluginhost import PluginHost, load_plugins
from corpus_lint.readers.base import Reader
from corpus_lint.rulebook import CorpusRule, Family, Rule, RuleSpec

from . import boundary

UNUSED_SUPPRESSION = "I900"
_UNASKED = object()


def _is_key(key: Any) -> bool:
    return isinstance(key, str)


def _is_reader(reader: Any) -> bool:
    suffixes = getattr(reader, "suffixes", None)
    return (isinstance(suffixes, (list, tuple)) and all(isinstance(x, str) for x in suffixes)
            and callable(getattr(reader, "read", None)))


def _is_rule_class(cls: Any) -> bool:
    return (isinstance(cls, type) and issubclass(cls, Rule)
            and isinstance(getattr(cls, "spec", None), RuleSpec))



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
    follow_links: bool = False  # follow symbolic links that lead out of the given folders
    respect_gitignore: bool | None = None  # None: as configured (default true)
    fix: str | None = None  # "safe" | "unsafe": fix what can be fixed (corpus_lint.fixes)
    fix_diff: bool = False  # with fix: compute the diff, write nothing


@dataclass
class DocumentResult:
    path: str
    record: int | None
    findings: list[Finding]
    directives: list[Directive]
    summaries: dict[str, Any]
    record_id: str | None = None
    identity: str | None = None  # a record's ``record_identity``; None for a file

    def identify(self, finding: Finding) -> Finding:
        """Give a finding in a record the record's id, and a fingerprint of its own."""
        if self.identity is not None:
            finding.record_id = self.record_id
            finding.fingerprint = record_fingerprint(finding.fingerprint, self.identity)
        return finding


@dataclass
class FileResult:
    path: str
    documents: list[DocumentResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cached: bool = False
    notes: list[str] = field(default_factory=list)  # said once, not problems (cache repairs)
    fixed: list[tuple] = field(default_factory=list)  # fix mode: (record, codes, unsafe held)
    diff: str = ""  # fix mode with fix_diff: the unified diff of the unit's file


class Engine:
    """Plugins, configuration and rule instances of one run; built once per process."""

    def __init__(self, config: dict[str, Any], config_source: Path | None, options: RunOptions):
        self.blueprint = (config, config_source, options)
        self.options = options
        self.host: PluginHost = load_plugins(options.disabled_plugins)
        self.settings: Settings = self._settings(config, config_source, options)
        self.families = self._collect_families()
        self.readers = self._collect_readers()
        self.rule_classes = self._collect_rules()
        self.index = RuleIndex({code: cls.spec for code, cls in self.rule_classes.items()},
                               frozenset(self.families))
        origin = str(config_source) if config_source else "command line"
        selected = self.index.selected(self.settings, origin)
        params = self.index.rule_params(self.settings, origin)
        self.levels = {code: params.get(code, {}).get("level", cls.spec.level)
                       for code, cls in self.rule_classes.items()}
        self.settings.rule_parameters = {
            code: {**cls.spec.parameters,
                   **{k: v for k, v in params.get(code, {}).items() if k != "level"}}
            for code, cls in self.rule_classes.items()}
        self.rules = self._instantiate(selected, params)
        self.enabled = set(self.rules)
        self.explained_by = {code: rule.spec.explained_by for code, rule in self.rules.items()
                             if rule.spec.explained_by}
        self._per_file_cache: dict[str, tuple[Rule, ...]] = {}
        self._own_levels: dict[tuple[Rule, ...], frozenset[str]] = {}
        # file -> the name it is reported and matched under (standard input, --stdin-filename)
        self.display_as: dict[str, str] = {}
        for pattern, selectors in self.settings.per_file_ignores.items():
            for selector in selectors:
                self.index.resolve(selector, f"{origin}: per-file-ignores '{pattern}'")
        self.cache = self._make_cache(config, config_source, params) if options.cache_dir else None

    def _settings(self, config: dict[str, Any], config_source: Path | None,
                  options: RunOptions) -> Settings:
        """The configuration file over the plugins' defaults, the command line over both."""
        defaults: dict[str, dict[str, Any]] = {}
        for _, section, values in boundary.mapping(
                self.host, "corpus_lint_default_config",
                lambda _, values: isinstance(values, dict) and all(map(_is_key, values)),
                "a section name with a table of defaults"):
            defaults.setdefault(section, {}).update(values)
        settings = build_settings(config, config_source, defaults)
        if options.select is not None:
            settings.select = options.select
        settings.extend_select += options.extend_select
        settings.ignore += options.ignore
        if options.fail_on:
            settings.fail_on = options.fail_on
        if options.respect_gitignore is not None:
            settings.respect_gitignore = options.respect_gitignore
        return settings

    def _instantiate(self, selected: set[str], params: dict[str, dict[str, Any]]
                     ) -> dict[str, Rule]:
        """One instance of each selected rule, its parameters filled from configuration."""
        rules: dict[str, Rule] = {}
        for code in sorted(selected):
            cls = self.rule_classes[code]
            if cls.spec.scope == "corpus" and not self.options.cross_document:
                continue
            rule_params = {k: v for k, v in params.get(code, {}).items() if k != "level"}
            try:
                rules[code] = cls(rule_params, self.settings)
            except ConfigError:
                raise  # the user's configuration of the rule is wrong: exit 2
            except Exception as exc:  # a broken plugin rule must not stop the run
                self.host.problems.append(boundary.plugin_problem(
                    self.plugin_of[code], f"rule {code} could not be set up: "
                    f"{type(exc).__name__}: {exc}; not run"))
        return rules

    def prepare_rules(self) -> None:
        """Load every rule's data ahead of time (before forking workers); a rule whose
        ``prepare`` fails is reported and not run."""
        for code, rule in list(self.rules.items()):
            try:
                rule.prepare()
            except Exception as exc:
                self.host.problems.append(boundary.plugin_problem(
                    self.plugin_of[code], f"rule {code} could not load its data: "
                    f"{type(exc).__name__}: {exc}; not run"))
                del self.rules[code]
                self.enabled.discard(code)
        self._per_file_cache.clear()
        self._own_levels.clear()

    def _make_cache(self, config, config_source, params):
        from corpus_lint.engine.cache import ResultCache, configuration_key, files_key, plugin_code_key

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
        from corpus_lint.rulebook import catalogue_dir

        return [catalogue_dir()]

    # -- plugin answers ---------------------------------------------------------------
    def _collect_families(self) -> dict[str, Family]:
        """Registered families in listing order (rank, then name); the first of a name wins."""
        families: dict[str, Family] = {}
        for plugin, family in boundary.items(self.host, "corpus_lint_families",
                                             lambda item: isinstance(item, Family), "a Family"):
            if family.name in families:
                self.host.problems.append(boundary.plugin_problem(
                    plugin, f"family {family.name} is already registered; ignored"))
                continue
            families[family.name] = family
        return dict(sorted(families.items(), key=lambda item: item[1].sort_key()))

    def _collect_readers(self) -> list[tuple[str, Reader]]:
        by_suffix: dict[str, Reader] = {}
        for _, reader in boundary.items(self.host, "corpus_lint_readers", _is_reader, "a Reader"):
            for suffix in reader.suffixes:
                by_suffix[suffix.lower()] = reader
        return sorted(by_suffix.items(), key=lambda item: -len(item[0]))

    def _collect_rules(self) -> dict[str, type[Rule]]:
        rules: dict[str, type[Rule]] = {}
        self.plugin_of: dict[str, str] = {}
        for plugin, cls in boundary.items(self.host, "corpus_lint_rules", _is_rule_class,
                                          "a Rule subclass with a spec"):
            code = cls.spec.code
            if code in rules:  # built-ins register first: their codes cannot be taken over
                self.host.problems.append(boundary.plugin_problem(
                    plugin, f"rule code {code} is already taken; ignored"))
                continue
            if cls.spec.family not in self.families:
                self.host.problems.append(boundary.plugin_problem(
                    plugin, f"rule {code} belongs to family '{cls.spec.family}', which no "
                            f"plugin registers; ignored"))
                continue
            rules[code] = cls
            self.plugin_of[code] = plugin
        return rules

    def executor(self):
        """The executor ``--engine`` names, from those the plugins register."""
        found = {name: cls for _, name, cls in boundary.mapping(
            self.host, "corpus_lint_executors", lambda _, cls: callable(cls), "an executor")}
        if self.options.engine not in found:
            raise ConfigError(f"unknown engine '{self.options.engine}' (available: "
                              f"{', '.join(sorted(found))})")
        return found[self.options.engine]()

    def reporters(self) -> dict[str, type]:
        return {name: cls for _, name, cls in boundary.mapping(
            self.host, "corpus_lint_reporters", lambda _, cls: callable(cls), "a reporter")}

    # -- files ------------------------------------------------------------------------
    def reader_for(self, path: Path | str) -> Reader | None:
        name = str(path).lower()
        for suffix, reader in self.readers:
            if name.endswith(suffix):
                return reader
        return None

    def discover(self, paths: Iterable[str]) -> Iterator[Path | Problem | Skipped]:
        return discover(paths, self.settings, self.reader_for,
                        [suffix for suffix, _ in self.readers], self.options.follow_links)

    def rules_for(self, path: Path | str) -> tuple[Rule, ...]:
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
        directives = parse_directives(doc) if (doc.metadata_suppression is not None
                                               or "corpus-lint:" in doc.text) else []
        if any(d.kind != "document" for d in directives):
            doc.without_directives()
        oversized = len(doc.text) > self.settings.max_document_chars
        language: Any = _UNASKED  # asked of the first rule limited to some languages
        for rule in rules:
            if doc.binary and not rule.handles_binary:
                continue
            if oversized and rule.content_rule:
                continue
            if rule.languages:
                if language is _UNASKED:
                    language = document_language(doc)
                if not judges(language, rule.languages):
                    continue
            try:
                if isinstance(rule, CorpusRule):
                    summaries[rule.code] = rule.collect(doc)
                else:  # ``valid`` inlined: 48 rules x every document, no generator each
                    for finding in rule.check(doc):
                        reason = boundary.finding_problem(finding, rule.code, doc)
                        if reason is None:
                            findings.append(finding)
                        else:
                            self._report_invalid(rule.code, doc, reason, problems)
            except Exception as exc:  # a crashing rule is reported, never fatal
                where = f" (record at line {doc.record})" if doc.record else ""
                problems.append(Problem(doc.path, f"rule {rule.code} crashed{where}: "
                                        f"{type(exc).__name__}: {exc}", line=doc.record,
                                        kind="plugin"))
        findings = drop_explained(findings, self.explained_by)
        own = self._own_levels.get(rules)
        if own is None:  # once per set of rules, not once per document
            own = self._own_levels[rules] = frozenset(r.code for r in rules if r.own_levels)
        for finding in findings:
            if finding.level is None or finding.code not in own:
                finding.level = self.levels[finding.code]
            if not self.options.fix:
                finding.fix = None  # only a fixing run needs it: keep results small
        if self.options.excerpts and findings:
            for finding in findings:
                finding.excerpt = excerpt_for(finding, doc.source_map)
        identity = None if doc.record is None else record_identity(doc.record_id, doc.text)
        result = DocumentResult(doc.path, doc.record, findings, directives, summaries,
                                doc.record_id, identity)
        for finding in findings:
            result.identify(finding)
        return result

    def valid(self, produced: Iterable[Any], code: str, doc: Document | None,
               problems: list[Problem]) -> Iterator[Finding]:
        """The findings a rule produced that can be reported; the others are reported
        against its plugin and dropped."""
        for finding in produced:
            reason = boundary.finding_problem(finding, code, doc)
            if reason is None:
                yield finding
            else:
                self._report_invalid(code, doc, reason, problems)

    def _report_invalid(self, code: str, doc: Document | None, reason: str,
                        problems: list[Problem]) -> None:
        """Report a finding of rule ``code`` that cannot be reported, against its plugin."""
        where = "" if doc is None else f" in {doc.path}" + (
            f" (record at line {doc.record})" if doc.record else "")
        problems.append(boundary.plugin_problem(
            self.plugin_of.get(code, "?"), f"rule {code} returned an invalid finding"
                                           f"{where}: {reason}; dropped"))

    def check_unit(self, unit: WorkUnit) -> FileResult:
        """Check one unit, from the cache when its content and configuration are unchanged;
        in a fixing run, fix it (and check what the fixes leave). ``batching.check_units``
        checks many, their documents prepared in batches, with the same results."""
        if self.options.fix:
            from corpus_lint.fixes.runner import fix_unit

            return fix_unit(self, unit)
        key, cached = self.cached_result(unit)
        if cached is not None:
            return cached
        return self.cached_store(key, self._check_unit(unit))

    def cached_result(self, unit: WorkUnit) -> tuple[Any, FileResult | None]:
        """The unit's cache key (None without a cache) and its cached result, if any."""
        if self.cache is None:
            return None, None
        key = self.cache.key(unit)
        cached = self.cache.get(key)
        if cached is not None:
            cached.cached = True
        return key, cached

    def cached_store(self, key: Any, result: FileResult) -> FileResult:
        """``result``, kept in the cache under ``key`` unless a plugin failed on it."""
        if result.cached:
            return result
        if key is not None and not any(p.kind == "plugin" for p in result.problems):
            self.cache.put(key, result)
        if self.cache is not None and self.cache.notes:
            result.notes, self.cache.notes = self.cache.notes, []
        return result

    def unit_items(self, unit: WorkUnit) -> tuple[FileResult, tuple[Rule, ...], Iterator]:
        """An empty result for the unit, the rules for its file, and its reader's items
        (documents and problems, read lazily)."""
        path, display = unit.path, unit.display
        reader = self.reader_for(path)
        rules = self.rules_for(self.display_as.get(str(path), path))  # str or Path: both match
        if unit.whole_file:
            items = reader.read(path, display, self.settings)
        else:
            items = reader.read(path, display, self.settings, unit.start, unit.end,
                                unit.first_line)
        return FileResult(display), rules, items

    @staticmethod
    def unreadable(unit: WorkUnit, exc: Exception) -> Problem:
        return Problem(unit.display, f"could not be read: {type(exc).__name__}: {exc}")

    def _check_unit(self, unit: WorkUnit) -> FileResult:
        result, rules, items = self.unit_items(unit)
        try:
            for item in items:
                if isinstance(item, Problem):
                    result.problems.append(item)
                else:
                    result.documents.append(self.check_document(item, rules, result.problems))
        except Exception as exc:  # a reader bug must not lose the other files
            result.problems.append(self.unreadable(unit, exc))
        return result

    # -- suppression ------------------------------------------------------------------
    def selector_matches(self, selector: str, code: str) -> bool:
        if selector in ("ALL", "all"):
            return True
        spec = self.rule_classes.get(code)
        if spec is None:
            return code.startswith(selector)
        spec = spec.spec
        return selector in (spec.family, spec.name) or code.startswith(selector) or \
            code.startswith(selector.upper())

    def selector_state(self, selector: str) -> str:
        try:
            codes = self.index.resolve(selector, "suppression")
        except ConfigError:
            return "unknown"
        return "active" if codes & self.enabled else "inactive"

    def unused_finding(self, doc: DocumentResult, directive: Directive, selector: str,
                       reason: str) -> Finding:
        region = Region(directive.line, directive.column, directive.line, directive.column)
        return doc.identify(Finding(
            UNUSED_SUPPRESSION, self.levels[UNUSED_SUPPRESSION], doc.path, region,
            f"Suppression of '{selector}' {reason}.",
            fingerprint=content_fingerprint(UNUSED_SUPPRESSION, selector), record=doc.record))
