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
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

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


class JsonStringSourceMap(SourceMap):
    """For a JSONL record: offsets in a decoded JSON string value map to columns of the raw line.

    ``value_column`` is the 0-based column of the first character after the opening quote.
    The escape table is built only when a finding needs a position.
    """

    def __init__(self, line: int, raw_line: str, value_column: int):
        self.line = line
        self.raw_line = raw_line
        self.value_column = value_column

    @cached_property
    def _columns(self) -> list[int]:
        """_columns[i] = raw column (0-based) of decoded character i; one extra entry at the end."""
        raw = self.raw_line
        pos = self.value_column
        columns = []
        while pos < len(raw) and raw[pos] != '"':
            columns.append(pos)
            if raw[pos] == "\\":
                kind = raw[pos + 1] if pos + 1 < len(raw) else ""
                if kind == "u":
                    code = int(raw[pos + 2:pos + 6], 16)
                    pos += 6
                    # A surrogate pair encodes one code point in two escapes.
                    if 0xD800 <= code <= 0xDBFF and raw[pos:pos + 2] == "\\u":
                        pos += 6
                else:
                    pos += 2
            else:
                pos += 1
        columns.append(pos)
        return columns

    def locate(self, offset: int) -> tuple[int, int]:
        columns = self._columns
        return self.line, columns[min(max(offset, 0), len(columns) - 1)] + 1

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

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("paragraphs", None)
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
