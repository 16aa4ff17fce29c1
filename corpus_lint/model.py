"""The document model: what readers produce, what rules read and what reporters print.

Everything here is plain data and picklable, so that documents and findings can cross
process boundaries (``--jobs``) and distributed engines unchanged.

Offsets are code-point indices into ``Document.text`` (the body that rules check). A
``SourceMap`` turns an offset into the 1-based line and column of the original file, so a
finding always points at the real place even when the body sits below front matter or
inside a JSON string full of escapes.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")

LEVELS = ("note", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}
FAMILIES = ("duplicate", "garbling", "comment-spam", "metadata", "integrity")


@dataclass(frozen=True, order=True)
class Region:
    """A 1-based, inclusive-start / exclusive-end span in a file (SARIF's convention)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class SourceMap:
    """Maps offsets in a document's text to lines and columns of its file."""

    def locate(self, offset: int) -> tuple[int, int]:  # pragma: no cover - interface
        raise NotImplementedError

    def region(self, start: int, end: int) -> Region:
        line, col = self.locate(start)
        end_line, end_col = self.locate(max(end, start))
        return Region(line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        """The text of one line of the original file, for the text reporter's excerpt."""
        return ""


class TextSourceMap(SourceMap):
    """For plain files: ``text`` starts at ``base`` code points into the decoded file."""

    def __init__(self, full_text: str, base: int = 0):
        self.full_text = full_text
        self.base = base

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.full_text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def locate(self, offset: int) -> tuple[int, int]:
        absolute = min(self.base + offset, len(self.full_text))
        index = bisect.bisect_right(self._line_starts, absolute) - 1
        return index + 1, absolute - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.full_text)
        return self.full_text[starts[line - 1]:end]


# One JSON escape as it decodes to one code point: a surrogate pair, a \uXXXX, or \n-style.
_JSON_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                          r"|u[0-9a-fA-F]{4}|.)")


class JsonStringSourceMap(SourceMap):
    """For a JSONL record: offsets in a decoded JSON string value map to columns of the raw line.

    ``value_column`` is the 0-based column of the first character after the opening quote.
    The escapes are found once, by one regular-expression scan, when a finding first needs a
    position; each offset is then placed by bisection.
    """

    def __init__(self, line: int, raw_line: str, value_column: int):
        self.line = line
        self.raw_line = raw_line
        self.value_column = value_column

    @cached_property
    def _escapes(self) -> tuple[list[int], list[int], list[int]]:
        """(decoded offset, raw start, raw end) of every escape inside the string value."""
        raw = self.raw_line
        position = self.value_column
        decoded = 0
        decoded_at: list[int] = []
        raw_start: list[int] = []
        raw_end: list[int] = []
        for match in _JSON_ESCAPE.finditer(raw, position):
            if raw.find('"', position, match.start()) != -1:
                break  # the string ended before this escape
            decoded += match.start() - position
            decoded_at.append(decoded)
            raw_start.append(match.start())
            raw_end.append(match.end())
            decoded += 1
            position = match.end()
        return decoded_at, raw_start, raw_end

    def locate(self, offset: int) -> tuple[int, int]:
        decoded_at, raw_start, raw_end = self._escapes
        offset = max(offset, 0)
        k = bisect.bisect_right(decoded_at, offset) - 1
        if k < 0:
            column = self.value_column + offset
        elif decoded_at[k] == offset:
            column = raw_start[k]
        else:
            column = raw_end[k] + offset - decoded_at[k] - 1
        return self.line, column + 1

    def line_text(self, line: int) -> str:
        return self.raw_line if line == self.line else ""


@dataclass
class Paragraph:
    """A paragraph of a document: ``text`` is ``document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One document to check: a file, or one record of a JSONL corpus.

    ``metadata`` is None when the document carries no metadata at all (no front matter, no
    sidecar, no JSONL fields); ``metadata_lines`` gives the file line of each metadata key
    where it is known, so a malformed value can be pointed at.
    """

    path: str
    text: str
    source_map: SourceMap
    metadata: dict[str, Any] | None = None
    metadata_origin: str | None = None
    metadata_lines: dict[str, int] = field(default_factory=dict)
    record: int | None = None
    record_id: str | None = None
    encoding: str = "utf-8"
    decode_errors: list[tuple[int, str]] = field(default_factory=list)
    undecodable_bytes: int = 0
    likely_encoding: str | None = None
    line_endings: dict[str, int] = field(default_factory=dict)
    binary: bool = False
    front_matter_problem: tuple[int, str] | None = None
    # value of the "corpus-lint-disable" metadata key (front matter, sidecar or JSONL field)
    metadata_suppression: Any = None

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The body's paragraphs, without those that are only suppression comments."""
        from .layout import split_paragraphs

        paragraphs = split_paragraphs(self.text)
        if "corpus-lint:" in self.text:
            from .suppression import is_directive_only

            paragraphs = [p for p in paragraphs if not is_directive_only(p.text)]
            for index, paragraph in enumerate(paragraphs):
                paragraph.index = index
        return paragraphs

    def region(self, start: int, end: int) -> Region:
        return self.source_map.region(start, end)

    def memo(self, key: Hashable, factory: Callable[[], T]) -> T:
        """The per-document analysis stored under ``key``, computed by ``factory`` once.

        Rules of one family (or of several) share an analysis this way: the first rule to
        ask computes it, the others read it. Keys are namespaced by their owner, e.g.
        ``("garbling", "analyses")``. Memos live as long as the document and never travel
        to another process.
        """
        memos = self.__dict__.get("_memos")
        if memos is None:
            memos = self.__dict__["_memos"] = {}
        try:
            return memos[key]
        except KeyError:
            value = memos[key] = factory()
            return value

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("paragraphs", None)
        state.pop("_memos", None)
        return state


@dataclass(frozen=True)
class Directive:
    """An inline or metadata suppression: ``kind`` is disable, disable-next or enable."""

    kind: str
    codes: tuple[str, ...]
    line: int
    column: int = 1
    covers: tuple[int, int] | None = None  # first and last line covered (disable-next)


@dataclass(frozen=True)
class Location:
    path: str
    region: Region
    message: str = ""


@dataclass
class Finding:
    """One defect reported by a rule."""

    code: str
    level: str
    path: str
    region: Region
    message: str
    related: list[Location] = field(default_factory=list)
    fingerprint: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    record: int | None = None
    # (clipped source line, marker start, marker end) for the text reporter; set on request
    excerpt: tuple[str, int, int] | None = None

    def sort_key(self):
        return (self.path, self.region.start_line, self.region.start_column, self.code,
                self.region.end_line, self.region.end_column, self.message)


@dataclass(frozen=True)
class Problem:
    """Input that could not be read or a plugin that failed: reported, never fatal."""

    path: str
    message: str
    line: int | None = None
    kind: str = "input"  # input | plugin

    def sort_key(self):
        return (self.path, self.line or 0, self.message)


def content_fingerprint(code: str, text: str) -> str:
    """A location-independent key for a finding: rule plus whitespace- and case-folded text."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(f"{code}\0{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
