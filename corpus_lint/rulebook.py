"""Rules: the catalogue entry (``RuleSpec``, data in ``rules/CODE.toml``) and the code.

Like Vale and sqlfluff, what a rule *is* (code, name, family, level, parameters,
documentation, pass/fail examples) is data, one file per rule; what it *does* is a
``Rule`` subclass in a plugin. ``corpus-lint rule CODE`` prints the data, SARIF's rule
descriptors are built from it, and one parametrized test runs every example.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Iterable

from .model import FAMILIES, LEVELS, Document, Finding, Location, Region, content_fingerprint

_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class SpecError(ValueError):
    pass


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    family: str
    level: str
    summary: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    parameter_docs: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    precision: str = "high"
    scope: str = "document"  # document | corpus
    enabled: bool = True  # selected when the configuration does not say otherwise

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str) -> "RuleSpec":
        def need(key, kind=str):
            if key not in data or not isinstance(data[key], kind):
                raise SpecError(f"{origin}: '{key}' missing or not a {kind.__name__}")
            return data[key]

        code, name, family, level = need("code"), need("name"), need("family"), need("level")
        if not _CODE.match(code):
            raise SpecError(f"{origin}: code {code!r} is not letters followed by three digits")
        if not _NAME.match(name):
            raise SpecError(f"{origin}: name {name!r} is not kebab-case")
        if family not in FAMILIES:
            raise SpecError(f"{origin}: family {family!r} is not one of {', '.join(FAMILIES)}")
        if level not in LEVELS:
            raise SpecError(f"{origin}: level {level!r} is not one of {', '.join(LEVELS)}")
        parameters, docs = {}, {}
        for key, value in (data.get("parameters") or {}).items():
            if isinstance(value, dict) and "default" in value:
                parameters[key] = value["default"]
                docs[key] = value.get("doc", "")
            else:
                parameters[key] = value
        known = {"code", "name", "family", "level", "summary", "description", "parameters",
                 "examples", "precision", "scope", "enabled"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError(f"{origin}: unknown key(s) {', '.join(unknown)}")
        return cls(code=code, name=name, family=family, level=level,
                   summary=need("summary"), description=need("description").strip(),
                   parameters=parameters, parameter_docs=docs,
                   examples=data.get("examples") or {},
                   precision=data.get("precision", "high"),
                   scope=data.get("scope", "document"), enabled=data.get("enabled", True))

    @classmethod
    def from_file(cls, path: Path) -> "RuleSpec":
        try:
            import tomllib
        except ModuleNotFoundError:  # Python < 3.11
            import tomli as tomllib  # type: ignore[no-redef]
        with open(path, "rb") as handle:
            return cls.from_dict(tomllib.load(handle), str(path))

    @classmethod
    def from_catalogue(cls, code: str) -> "RuleSpec":
        """The built-in catalogue entry ``rules/<family>/CODE.toml``."""
        found = sorted(catalogue_dir().glob(f"*/{code}.toml"))
        if len(found) != 1:
            raise SpecError(f"rule {code}: expected one catalogue file rules/*/{code}.toml, "
                            f"found {len(found)}")
        return cls.from_file(found[0])


def catalogue_dir() -> Path:
    """Where the built-in catalogue is: ``rules/`` in a checkout, ``corpus_lint/rules``
    installed. One folder per family holds its rule files and its data (word lists,
    patterns, shipped models)."""
    from importlib.resources import files

    return Path(str(files("corpus_lint.rules")))


def catalogue_files() -> list[Path]:
    """Every built-in rule file, ``rules/<family>/CODE.toml``, in code order."""
    return sorted(catalogue_dir().glob("*/[A-Z]*[0-9][0-9][0-9].toml"), key=lambda p: p.stem)


def family_data(family: str, name: str) -> Path:
    """A data file shipped with a built-in family: ``rules/<family>/<name>``."""
    return catalogue_dir() / family / name


class UndeclaredParameter(KeyError):
    """A rule read a parameter its catalogue entry does not declare (a bug in the rule)."""

    def __str__(self) -> str:
        return str(self.args[0])


class RuleParams(dict):
    """A rule's effective parameters: catalogue defaults overridden by configuration.

    Reading a key the catalogue entry does not declare raises instead of falling back to a
    literal, so a default lives in exactly one place, the rule's TOML file.
    """

    def __init__(self, code: str, values: dict[str, Any]):
        super().__init__(values)
        self.code = code

    def __missing__(self, key: str):
        raise UndeclaredParameter(f"rule {self.code} reads parameter '{key}', which its "
                                  f"catalogue entry does not declare")

    def get(self, key: str, *default: Any) -> Any:
        if default and key not in self:  # TRANSITION: made strict once the families are split
            return default[0]
        return self[key]


class Rule:
    """A check over one document. Subclasses set ``spec`` and implement ``check``.

    ``params`` are the spec's defaults overridden by configuration; ``settings`` is the
    whole run configuration (for policies such as required metadata fields). Heavy
    imports belong inside ``check`` or a cached helper, not at module level: a pre-commit
    run on one file must start fast.
    """

    spec: ClassVar[RuleSpec]
    handles_binary: ClassVar[bool] = False
    # Content rules analyse the language of the text; they are skipped on documents longer
    # than max-document-chars (a 10 MB single-line dump is not prose). Rules about bytes,
    # encoding and metadata set this to False and always run.
    content_rule: ClassVar[bool] = True

    def __init__(self, params: dict[str, Any] | None = None, settings: Any = None):
        self.params = RuleParams(self.spec.code, {**self.spec.parameters, **(params or {})})
        self.settings = settings

    @property
    def code(self) -> str:
        return self.spec.code

    def check(self, doc: Document) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def prepare(self) -> None:
        """Load what ``check`` needs (models, word lists) ahead of time.

        The engine calls this in the parent process before it forks workers, so they share
        one copy instead of each loading its own; a single-file run skips it and ``check``
        loads lazily on first use.
        """

    def finding(self, doc: Document, start: int, end: int, message: str, *,
                related: Iterable[Location] = (), properties: dict[str, Any] | None = None,
                fingerprint_text: str | None = None) -> Finding:
        """A finding on ``doc.text[start:end]``; the fingerprint hashes that text by default."""
        text = doc.text[start:end] if fingerprint_text is None else fingerprint_text
        return Finding(code=self.code, level=self.spec.level, path=doc.path,
                       region=doc.region(start, end), message=message,
                       related=list(related),
                       fingerprint=content_fingerprint(self.code, text[:4096]),
                       properties=dict(properties or {}), record=doc.record)

    def finding_at_line(self, doc: Document, line: int, message: str, *, column: int = 1,
                        fingerprint_text: str = "", properties: dict[str, Any] | None = None
                        ) -> Finding:
        """A finding on a whole line of the file (front-matter keys, the first line...)."""
        text = doc.source_map.line_text(line)
        region = Region(line, column, line, max(len(text) + 1, column))
        return Finding(code=self.code, level=self.spec.level, path=doc.path, region=region,
                       message=message, properties=dict(properties or {}),
                       fingerprint=content_fingerprint(self.code, fingerprint_text or message),
                       record=doc.record)


class CorpusRule(Rule):
    """A check across all documents of a run (map-reduce, so it works on any engine).

    ``collect(doc)`` runs wherever the document is read (a worker process or a cluster
    node) and returns a small picklable summary; ``add(summary)`` receives the summaries
    in deterministic document order in one place; ``finish()`` yields the findings.
    """

    def collect(self, doc: Document) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def add(self, summary: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def finish(self) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()
