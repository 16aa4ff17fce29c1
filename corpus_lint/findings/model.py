"""What rules report and the run collects: findings, the places they point at, problems
with the input, and suppression directives.

Plain data and picklable (findings cross process boundaries).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from corpus_lint.documents.sourcemap import Region

LEVELS = ("note", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}


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
    record: int | None = None  # the record's line (JSONL) or row (Parquet)
    record_id: str | None = None  # the record's id-field value, shown in every report
    # (clipped source line, marker start, marker end) for the text reporter; set on request
    excerpt: tuple[str, int, int] | None = None
    # a corpus_lint.fixes.Fix when the rule can repair this finding (its TOML says fix =)
    fix: Any = field(default=None, compare=False, repr=False)

    def sort_key(self):
        return (self.path, self.region.start_line, self.region.start_column, self.code,
                self.region.end_line, self.region.end_column, self.message)

    def labelled_message(self) -> str:
        """The message, prefixed with the record's id when the finding is in a record."""
        return self.message if self.record_id is None else \
            f"Record {record_label(self.record_id)}: {self.message}"


@dataclass(frozen=True)
class Problem:
    """Input that could not be read or a plugin that failed: reported, never fatal."""

    path: str
    message: str
    line: int | None = None
    kind: str = "input"  # input | plugin

    def sort_key(self):
        return (self.path, self.line or 0, self.message)


@lru_cache(maxsize=256)  # a rule often words one finding alike in every file (M101)
def content_fingerprint(code: str, text: str) -> str:
    """A location-independent key for a finding: rule plus whitespace- and case-folded text."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(f"{code}\0{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def record_label(record_id: str) -> str:
    """A record id as reports quote it: in double quotes, so spaces and empty ids show."""
    return '"' + record_id.replace("\\", "\\\\").replace('"', '\\"') + '"'


def record_identity(record_id: str | None, text: str) -> str:
    """What tells a record apart from the others of its file, line shifts aside: its id,
    else a hash of its text."""
    if record_id is not None:
        return "id\0" + record_id
    return "text\0" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def record_fingerprint(fingerprint: str, identity: str) -> str:
    """A finding's fingerprint made specific to its record, so that the findings of one
    rule in different records of a file never share one (GitHub would merge them)."""
    return hashlib.sha256(f"{identity}\0{fingerprint}".encode("utf-8", "surrogatepass")
                          ).hexdigest()[:32]
