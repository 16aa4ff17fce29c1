"""Configuration: ``[tool.corpus-lint]`` in pyproject.toml, a ``corpus-lint.toml``, or ``--config``.

The file is found by walking up from the working directory, as ruff does. Keys the engine
owns are listed in ``ENGINE_KEYS``; plugins declare their own sections with defaults
through the ``corpus_lint_default_config`` hook. Anything else is an error naming the file
and the key, because a misspelt option that is silently ignored is worse than none.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from corpus_lint.findings.model import LEVELS
from corpus_lint.rulebook.params import ParameterSpec

CONFIG_FILE = "corpus-lint.toml"
PYPROJECT = "pyproject.toml"
ENGINE_KEYS = {
    "select": "rules to run: codes, code prefixes, families, rule names or ALL",
    "extend-select": "rules to run in addition to select",
    "ignore": "rules not to run (same selectors as select)",
    "per-file-ignores": "table of glob -> selectors not to run on matching files",
    "exclude": "globs of files and folders never to check",
    "respect-gitignore": "leave out, in the folders walked, the files and folders git ignores "
                         "(default true; files named on the command line are checked)",
    "fail-on": "lowest level that makes the exit code 1: note, warning or error",
    "rules": "table of rule code or name -> parameters (and 'level')",
    "max-document-chars": "documents longer than this skip the content rules (reported as I112)",
    "max-record-bytes": "largest text file, JSONL line or Parquet text read; larger ones are "
                        "reported and skipped, so memory stays bounded",
    "max-decompression-ratio": "a compressed shard expanding more than this many times is "
                               "reported as a decompression bomb and not read further",
}
DEFAULT_MAX_DOCUMENT_CHARS = 2_000_000
DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_DECOMPRESSION_RATIO = 100
# Sections renamed since a release: old name -> new name (read with a deprecation note).
RENAMED_SECTIONS = {"jsonl": "records"}


class ConfigError(Exception):
    """A configuration or usage error: exit code 2, one line."""


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


def find_config(start: Path) -> Path | None:
    """The nearest corpus-lint.toml, or pyproject.toml with a [tool.corpus-lint] table."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        candidate = folder / PYPROJECT
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            # any spelling TOML allows ([tool."corpus-lint"], spaces), and a header left
            # unclosed: that file is then reported as invalid, not passed over silently
            if re.search(r'^\s*\[\s*tool\s*\.\s*"?corpus-lint(?![\w-])', text, re.M):
                return candidate
    return None


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = _toml().load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except _toml().TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("corpus-lint", {})
    return data


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """gitignore-like globs: ``*`` and ``?`` stay within a path segment, ``**`` crosses them;
    a pattern without ``/`` matches the file name or any folder name."""
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char)))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def glob_match(pattern: str, relative_path: str) -> bool:
    return bool(_glob_regex(pattern).match(relative_path))


def posix_relpath(path: Path | str, start: Path | str | None = None) -> str:
    """``path`` relative to ``start`` (default: the working directory), '/'-separated."""
    try:
        rel = os.path.relpath(path, start) if start is not None else os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    if os.sep == "/" and not os.altsep:  # relpath's answer is already normalised
        return rel
    return PurePosixPath(*Path(rel).parts).as_posix()


@dataclass
class Settings:
    """The configuration of one run, after defaults, file and command line are merged."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True  # a folder walk leaves out what git ignores
    fail_on: str = "warning"
    max_document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    max_decompression_ratio: int = DEFAULT_MAX_DECOMPRESSION_RATIO
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # deprecations, printed once per run
    # every known rule's effective parameters by code, filled by the engine (Rule.params_of)
    rule_parameters: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})

    def relative(self, path: Path | str) -> str:
        """A path relative to the configuration root, '/'-separated, for glob matching."""
        return posix_relpath(path, self.root)

    def matching(self, table: dict[str, Any], path: Path | str) -> Iterable[Any]:
        """Values of a glob-keyed table whose glob matches ``path``."""
        if not table:
            return
        rel = self.relative(path)
        for pattern, value in table.items():
            if glob_match(pattern, rel):
                yield value

    def is_excluded(self, path: Path | str) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return any(glob_match(pattern, rel) for pattern in self.exclude)


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ConfigError(f"{where}: expected a string or a list of strings")


def _renamed_sections(data: dict[str, Any], origin: str, notes: list[str]) -> dict[str, Any]:
    """``data`` with renamed sections under their new names, and a note for each."""
    data = dict(data)
    for old, new in RENAMED_SECTIONS.items():
        if old not in data:
            continue
        if new in data:
            raise ConfigError(f"{origin}: both '{old}' and '{new}' are set; '{old}' is the "
                              f"old name of '{new}': keep '{new}'")
        data[new] = data.pop(old)
        notes.append(f"{origin}: section '{old}' is deprecated; rename it to '{new}'")
    return data


def build_settings(data: dict[str, Any], source: Path | None,
                   plugin_defaults: dict[str, dict[str, Any]]) -> Settings:
    """Validate raw configuration against engine keys and plugin sections."""
    origin = str(source) if source else "configuration"
    settings = Settings(root=source.parent.resolve() if source else Path.cwd(), source=source)
    data = _renamed_sections(data, origin, settings.notes)
    for key, value in data.items():
        where = f"{origin}: key '{key}'"
        if key == "select":
            settings.select = _strings(value, where)
        elif key == "extend-select":
            settings.extend_select = _strings(value, where)
        elif key == "ignore":
            settings.ignore = _strings(value, where)
        elif key == "exclude":
            settings.exclude = _strings(value, where)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of glob = [selectors]")
            settings.per_file_ignores = {glob: _strings(sel, f"{where}.{glob}")
                                         for glob, sel in value.items()}
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected true or false")
            settings.respect_gitignore = value
        elif key == "fail-on":
            if value not in LEVELS:
                raise ConfigError(f"{where}: expected one of {', '.join(LEVELS)}")
            settings.fail_on = value
        elif key in ("max-document-chars", "max-record-bytes", "max-decompression-ratio"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"{where}: expected a positive integer")
            setattr(settings, key.replace("-", "_"), value)
        elif key == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where}: expected tables [rules.CODE] of parameters")
            settings.rule_options = {name: dict(options) for name, options in value.items()}
        elif key in plugin_defaults:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table")
            unknown = sorted(set(value) - set(plugin_defaults[key]))
            if unknown:
                raise ConfigError(f"{origin}: unknown key '{key}.{unknown[0]}' "
                                  f"(known: {', '.join(sorted(plugin_defaults[key]))})")
        else:
            known = sorted({*ENGINE_KEYS, *plugin_defaults})
            raise ConfigError(f"{origin}: unknown key '{key}' (known: {', '.join(known)})")
    for name, defaults in plugin_defaults.items():
        merged = dict(defaults)
        merged.update(data.get(name, {}))
        for option, default in defaults.items():
            reason = ParameterSpec(default).problem(merged[option])
            if reason:
                raise ConfigError(f"{origin}: key '{name}.{option}' {reason}")
        settings.sections[name] = merged
    return settings


@dataclass(frozen=True)
class RuleIndex:
    """Resolves selectors (code, code prefix, family, rule name, ALL) to rule codes."""

    specs: dict[str, Any]  # code -> RuleSpec
    families: frozenset[str] = frozenset()  # registered family names

    def resolve(self, selector: str, where: str) -> set[str]:
        if selector == "ALL":
            return set(self.specs)
        if selector in self.families:
            return {code for code, spec in self.specs.items() if spec.family == selector}
        by_name = {code for code, spec in self.specs.items() if spec.name == selector}
        if by_name:
            return by_name
        prefixed = {code for code in self.specs if code.startswith(selector)} or \
            {code for code in self.specs if code.startswith(selector.upper())}  # d101, as ruff
        if not prefixed:
            raise ConfigError(f"{where}: unknown rule selector '{selector}' "
                              "(a code, code prefix, family or rule name)")
        return prefixed

    def code_of(self, code_or_name: str, where: str) -> str:
        if code_or_name in self.specs or code_or_name.upper() in self.specs:
            return code_or_name if code_or_name in self.specs else code_or_name.upper()
        for code, spec in self.specs.items():
            if spec.name == code_or_name:
                return code
        raise ConfigError(f"{where}: unknown rule '{code_or_name}'")

    def selected(self, settings: Settings, origin: str) -> set[str]:
        chosen: set[str] = set()
        for selector in settings.select:
            codes = self.resolve(selector, f"{origin}: select")
            if selector == "ALL":
                codes = {code for code in codes if self.specs[code].enabled}
            chosen |= codes
        for selector in settings.extend_select:
            chosen |= self.resolve(selector, f"{origin}: extend-select")
        for selector in settings.ignore:
            chosen -= self.resolve(selector, f"{origin}: ignore")
        return chosen

    def rule_params(self, settings: Settings, origin: str) -> dict[str, dict[str, Any]]:
        """Validated per-rule parameters (plus 'level') keyed by code."""
        params: dict[str, dict[str, Any]] = {}
        for name, options in settings.rule_options.items():
            code = self.code_of(name, f"{origin}: [rules.{name}]")
            spec = self.specs[code]
            for option, value in options.items():
                if option == "level":
                    if value not in LEVELS:
                        raise ConfigError(f"{origin}: [rules.{name}] level must be one of "
                                          f"{', '.join(LEVELS)}")
                    continue
                if option not in spec.parameters:
                    known = ", ".join(sorted(spec.parameters)) or "none"
                    raise ConfigError(f"{origin}: [rules.{name}] unknown parameter '{option}' "
                                      f"(known: {known})")
                reason = spec.parameter_specs[option].problem(value)
                if reason:
                    raise ConfigError(f"{origin}: [rules.{name}] '{option}' {reason}")
            params.setdefault(code, {}).update(options)
        return params
