"""Proper metadata: YAML (``---``), TOML (``+++``) or JSON (``{`` alone on the first line, as
Hugo reads it) front matter, and sidecar files.

Parsing is defensive because corpora come from anywhere: YAML is loaded with a safe
loader that refuses aliases (an alias bomb expands to gigabytes), blocks are size-capped,
and every failure becomes a ``problem`` (line, message) that the metadata rules report,
never an exception: that includes Python's own limits, met by absurd but well-formed blocks
(nesting past the recursion limit, an integer past the 4,300 digits ``int()`` reads).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .base import json_number

MAX_FRONT_MATTER_CHARS = 256 * 1024
SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml", ".meta.toml")
_FENCES = {"---": "yaml", "+++": "toml"}
_KEY_LINE = re.compile(r"""^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]""")


@dataclass
class FrontMatter:
    metadata: dict[str, Any] | None
    body_start: int  # offset of the body in the text
    key_lines: dict[str, int] = field(default_factory=dict)
    problem: tuple[int, str] | None = None
    origin: str = "front-matter"


class MetadataError(ValueError):
    """Metadata that cannot be used; ``line`` is 1-based within the block, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_INT_DIGITS = re.compile(r"^Exceeds the limit \((\d+) digits\) for integer string conversion")


@lru_cache(maxsize=1)
def _yaml_loader():
    """PyYAML's safe loader with dates left as strings: a bad date ('2019-02-30') is then a
    metadata value the date rule reports on its own line, not a parse error of the block.
    An explicit ``!!timestamp`` stays a string too: PyYAML crashes on one it cannot build
    (year 99999)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        """Records each key a mapping repeats, as (key, first line, line), lines 0-based."""

        def construct_mapping(self, node, deep=False):
            first: dict[str, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line
                    if key_node.value in first:
                        self.repeats.append((key_node.value, first[key_node.value], line))
                    first.setdefault(key_node.value, line)
            return super().construct_mapping(node, deep)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()}
    Loader.add_constructor("tag:yaml.org,2002:timestamp", base.construct_yaml_str)
    return Loader


def _yaml_load(source: str) -> tuple[Any, list[tuple[str, int, int]]]:
    """Safe YAML without anchors or aliases (metadata never needs them; bombs do), and the
    keys a mapping repeats (key, first line, line; 1-based in the block)."""
    import yaml

    loader_class = _yaml_loader()
    try:
        for event in yaml.parse(source, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent):
                raise MetadataError("YAML aliases are not allowed", event.start_mark.line + 1)
        loader = loader_class(source)
        loader.repeats = []
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
        return value, [(key, first + 1, line + 1) for key, first, line in loader.repeats]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MetadataError(f"invalid YAML: {_one_line(exc)}",
                            mark.line + 1 if mark is not None else None) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's constructors raise plain errors on absurd values.
        raise MetadataError(f"invalid YAML: {_one_line(exc)}") from None


def _toml_load(source: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(source), []  # TOML refuses a repeated key itself
    except ValueError as exc:  # TOMLDecodeError, or int() refusing a 5,000-digit integer
        where = _TOML_LINE.search(str(exc))
        raise MetadataError(f"invalid TOML: {_one_line(exc)}",
                            int(where.group(1)) if where else None) from None


def _one_line(exc: BaseException) -> str:
    """The message on one line; int()'s digit limit in the user's words (Python's own
    message names a Python setting the user cannot reach)."""
    limit = _INT_DIGITS.match(str(exc))
    if limit:
        return f"integer longer than {limit.group(1)} digits"
    return " ".join(str(exc).split())


def parse_metadata(source: str, fmt: str) -> dict[str, Any]:
    """Parse a metadata block; the result must be a mapping."""
    return read_metadata(source, fmt)[0]


Repeat = tuple[str, "int | None", "int | None"]  # key, first line, line (1-based in the block)


def read_metadata(source: str, fmt: str) -> tuple[dict[str, Any], Repeat | None]:
    """A metadata block's fields, and the first key it gives twice: YAML and JSON readers
    keep the last value silently (TOML refuses the block)."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise MetadataError(f"metadata block larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB")
    try:
        value, repeats = _LOADERS[fmt](source)
    except RecursionError:  # TOML and JSON parse recursively: 5,000 '[' exhaust the stack
        raise MetadataError(f"{fmt.upper()} nested too deeply") from None
    if value is None and fmt == "yaml":
        return {}, None
    if not isinstance(value, dict):
        raise MetadataError(f"metadata is a {type(value).__name__}, not a mapping of fields")
    try:
        fields = {str(key): val for key, val in value.items()}
    except ValueError:  # str() refuses an integer past 4,300 digits: YAML reads 0xFFF... keys
        raise MetadataError("a key is an integer too long to print") from None
    return fields, repeats[0] if repeats else None


def _repeat_problem(repeat: Repeat | None, first_line: int, prefix: str) -> tuple[int, str] | None:
    """The problem of a repeated key, at its second line (the block's line 1 is the file's
    ``first_line``)."""
    if repeat is None:
        return None
    key, first, line = repeat
    if line is None:
        return first_line, f"{prefix}key '{key}' is given twice; the last value is the one read"
    first, line = first + first_line - 1, line + first_line - 1
    return line, (f"{prefix}key '{key}' is given twice (lines {first} and {line}); "
                  "the last value is the one read")


def _json_load(source: str) -> tuple[Any, list[tuple[str, None, None]]]:
    repeats: list[tuple[str, None, None]] = []

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:  # (a set: a hostile block has tens of thousands of keys)
            if key in seen:
                repeats.append((key, None, None))
            seen.add(key)
        return dict(pairs)

    try:
        return json.loads(source, parse_int=json_number, object_pairs_hook=mapping), repeats
    except ValueError as exc:
        raise MetadataError(f"invalid JSON: {_one_line(exc)}") from None


_LOADERS = {"yaml": _yaml_load, "toml": _toml_load, "json": _json_load}


def key_lines(block: str, first_line: int) -> dict[str, int]:
    """Line of each top-level key in a metadata block: of its last occurrence, whose value
    YAML readers keep when a key is given twice."""
    lines: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), start=first_line):
        if line[:1] in (" ", "\t"):
            continue  # nested YAML
        match = _KEY_LINE.match(line)
        if match:
            lines[match.group(1)] = number
    return lines


def split_front_matter(text: str) -> FrontMatter | None:
    """Find a front-matter block at the very top of ``text``; None when there is none."""
    first_end = text.find("\n")
    first = (text if first_end == -1 else text[:first_end]).rstrip()
    if first == "{":
        return _json_front_matter(text)
    fmt = _FENCES.get(first)
    if fmt is None:
        return None
    closers = ("---", "...") if fmt == "yaml" else ("+++",)
    pattern = re.compile(r"^(%s)[ \t]*$" % "|".join(re.escape(c) for c in closers), re.M)
    closing = pattern.search(text, first_end + 1) if first_end != -1 else None
    if closing is None:
        return FrontMatter(None, 0, problem=(1, f"front matter opened with '{first}' on line 1 "
                                                  "is never closed"))
    block = text[first_end + 1:closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    lines = key_lines(block, 2)
    try:
        metadata, repeat = read_metadata(block, fmt)
    except MetadataError as exc:
        line = 1 + exc.line if exc.line else 1  # the block starts on line 2
        return FrontMatter(None, body_start, lines, problem=(line, f"front matter: {exc}"))
    return FrontMatter(metadata, body_start, lines,
                       problem=_repeat_problem(repeat, 2, "front matter: "))


def _json_front_matter(text: str) -> FrontMatter:
    """Hugo's JSON front matter: an object opened by "{" alone on the first line, closed by
    the "}" that ends it, the body after. The object is the block: it is read with JSON's
    own decoder, which says where it ends."""
    decoder = json.JSONDecoder(parse_int=json_number)
    try:
        try:
            _, end = decoder.raw_decode(text[:MAX_FRONT_MATTER_CHARS + 1])
        except ValueError:
            if len(text) <= MAX_FRONT_MATTER_CHARS + 1:
                raise
            decoder.raw_decode(text)  # where a block that runs past the cap breaks, if it does
            return FrontMatter(None, 0, problem=(1, "front matter: metadata block larger "
                                                    f"than {MAX_FRONT_MATTER_CHARS // 1024} KiB"))
    except RecursionError:
        return FrontMatter(None, 0, problem=(1, "front matter: JSON nested too deeply"))
    except ValueError as exc:  # (a line number of the file: the block starts on line 1)
        return FrontMatter(None, 0, problem=(exc.lineno, f"front matter: invalid JSON: "
                                                         f"{_one_line(exc)}"))
    block = text[:end]
    body_start = end + 1 if text[end:end + 1] == "\n" else end
    try:
        metadata, repeat = read_metadata(block, "json")
    except MetadataError as exc:
        return FrontMatter(None, body_start, problem=(1, f"front matter: {exc}"))
    return FrontMatter(metadata, body_start, _json_key_lines(block),
                       problem=_repeat_problem(repeat, 1, "front matter: "))


def _json_key_lines(block: str) -> dict[str, int]:
    """Line of each top-level key of a JSON object laid out one member a line: the keys
    indented as the first one is."""
    lines: dict[str, int] = {}
    indent = None
    for number, line in enumerate(block.split("\n"), start=1):
        match = _KEY_LINE.match(line)
        if not match or not line.lstrip().startswith('"'):
            continue
        depth = len(line) - len(line.lstrip())
        indent = depth if indent is None else indent
        if depth == indent:
            lines[match.group(1)] = number
    return lines


def find_sidecar(path: Path) -> Path | None:
    """``doc.meta.json`` or ``doc.txt.meta.json`` (any of the suffixes) beside ``doc.txt``.

    The candidates are looked up in the directory's listing (read once per directory and
    change of it) instead of 8 ``stat`` calls per file (issue 17); only a listed name is
    checked to be a file."""
    stems = [path.name]
    if "." in path.name:
        stems.append(path.name.split(".", 1)[0])
    listed = _directory_names(str(path.parent))
    for stem in stems:
        for suffix in SIDECAR_SUFFIXES:
            if listed is not None and stem + suffix not in listed:
                continue
            candidate = path.with_name(stem + suffix)
            if candidate.is_file():
                return candidate
    return None


def _directory_names(directory: str) -> frozenset[str] | None:
    """The names in ``directory``, or None when it cannot be listed (then every candidate
    is tried); cached on the directory's modification time, so a sidecar written since
    is seen."""
    try:
        return _listing(directory, os.stat(directory or ".").st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=64)
def _listing(directory: str, mtime_ns: int) -> frozenset[str]:
    return frozenset(os.listdir(directory or "."))


def read_sidecar(sidecar: Path) -> FrontMatter:
    fmt = {"json": "json", "yaml": "yaml", "yml": "yaml", "toml": "toml"}[sidecar.suffix[1:]]
    origin = f"sidecar {sidecar.name}"
    try:
        source = sidecar.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return FrontMatter(None, 0, problem=(1, f"sidecar {sidecar.name} unreadable: {_one_line(exc)}"),
                           origin=origin)
    try:
        metadata, repeat = read_metadata(source, fmt)
    except MetadataError as exc:
        return FrontMatter(None, 0, problem=(1, f"sidecar {sidecar.name}: {exc}"), origin=origin)
    problem = _repeat_problem(repeat, 1, f"sidecar {sidecar.name}: ")
    if problem is not None:  # the lines are the sidecar's; the finding is on the document's first
        problem = (1, problem[1])
    return FrontMatter(metadata, 0, problem=problem, origin=origin)
