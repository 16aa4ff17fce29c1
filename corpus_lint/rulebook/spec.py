"""A rule's catalogue entry (``RuleSpec``): what a rule *is*, as data.

Like Vale and sqlfluff, what a rule is (code, name, family, level, parameters,
documentation, pass/fail examples) is data, one TOML file per rule; what it *does* is a
``Rule`` subclass in a plugin. ``corpus-lint rule CODE`` prints the data, SARIF's rule
descriptors are built from it, and one parametrized test runs every example. The built-in
catalogue is ``rules/<family>/CODE.toml``, with each family's data files beside its rules.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus_lint.findings.model import LEVELS

from .params import ParameterSpec
from .snapshot import snapshot, snapshot_index

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
    parameter_specs: dict[str, ParameterSpec] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    precision: str = "high"
    scope: str = "document"  # document | corpus
    enabled: bool = True  # selected when the configuration does not say otherwise
    # codes whose findings explain this rule's on the same span (findings/explained.py)
    explained_by: tuple[str, ...] = ()
    fix: str | None = None  # "safe" | "unsafe": the rule can repair what it finds
    fix_doc: str = ""  # how it repairs it, for `corpus-lint rule CODE`

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
        if not _NAME.match(family):
            raise SpecError(f"{origin}: family {family!r} is not kebab-case")
        if level not in LEVELS:
            raise SpecError(f"{origin}: level {level!r} is not one of {', '.join(LEVELS)}")
        specs = {}
        for key, value in (data.get("parameters") or {}).items():
            try:
                specs[key] = ParameterSpec.from_toml(value)
            except ValueError as exc:
                raise SpecError(f"{origin}: parameter '{key}': {exc}") from None
            reason = specs[key].problem(specs[key].default)
            if reason:
                raise SpecError(f"{origin}: parameter '{key}': its default {reason}")
        known = {"code", "name", "family", "level", "summary", "description", "parameters",
                 "examples", "precision", "scope", "enabled", "explained-by", "fix",
                 "fix-doc"}
        fix = data.get("fix")
        if fix is not None and fix not in ("safe", "unsafe"):
            raise SpecError(f"{origin}: fix {fix!r} is not 'safe' or 'unsafe'")
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError(f"{origin}: unknown key(s) {', '.join(unknown)}")
        return cls(code=code, name=name, family=family, level=level,
                   summary=need("summary"), description=need("description").strip(),
                   parameters={key: spec.default for key, spec in specs.items()},
                   parameter_docs={key: spec.doc for key, spec in specs.items()},
                   parameter_specs=specs,
                   examples=data.get("examples") or {},
                   precision=data.get("precision", "high"),
                   scope=data.get("scope", "document"), enabled=data.get("enabled", True),
                   explained_by=_codes(data.get("explained-by", []), origin),
                   fix=fix, fix_doc=str(data.get("fix-doc", "")).strip())

    @classmethod
    def from_file(cls, path: Path) -> "RuleSpec":
        return cls.from_dict(load_toml(path), str(path))

    @classmethod
    def from_catalogue(cls, code: str) -> "RuleSpec":
        """The built-in catalogue entry ``rules/<family>/CODE.toml``."""
        root = catalogue_dir()
        index = snapshot_index(root, _parse_toml)
        found = index.get(f"{code}.toml", []) if index is not None \
            else sorted(root.glob(f"*/{code}.toml"))
        if len(found) != 1:
            raise SpecError(f"rule {code}: expected one catalogue file rules/*/{code}.toml, "
                            f"found {len(found)}")
        return cls.from_file(found[0])


def _codes(value: Any, origin: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and _CODE.match(v)
                                              for v in value):
        raise SpecError(f"{origin}: 'explained-by' must be a list of rule codes")
    return tuple(value)


@lru_cache(maxsize=1)
def catalogue_dir() -> Path:
    """Where the built-in catalogue is: ``rules/`` in a checkout, ``corpus_lint/rules``
    installed. One folder per family holds its rule files and its data (word lists,
    patterns, shipped models)."""
    import corpus_lint.rules  # a regular package: its folder (importlib.resources, which
    # says the same, costs 3 ms of imports: zipfile, tempfile; start-up)

    return Path(corpus_lint.rules.__file__).parent


def catalogue_files() -> list[Path]:
    """Every built-in rule file, ``rules/<family>/CODE.toml``, in code order."""
    return sorted(catalogue_dir().glob("*/[A-Z]*[0-9][0-9][0-9].toml"), key=lambda p: p.stem)


def family_data(family: str, name: str) -> Path:
    """A data file shipped with a built-in family: ``rules/<family>/<name>``."""
    return catalogue_dir() / family / name


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data; a built-in catalogue file's from the parsed snapshot."""
    root = catalogue_dir()
    if Path(path).parent.parent == root:
        texts = snapshot(root, _parse_toml)
        if texts is not None and str(path) in texts:
            return json.loads(texts[str(path)])
    return _parse_toml(path)


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    with open(path, "rb") as handle:
        return tomllib.load(handle)
