"""What every reader shares: the ``Reader`` interface, and ``RecordReader`` for files of
records (JSONL, Parquet, and the next CSV or WARC reader), which owns the text-field,
id-field, missing-text and suppression-field handling so each format only parses.

A reader never raises for bad input: what it cannot read becomes a ``Problem`` naming the
file (and record), and everything else it can read is still yielded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import SourceMap
from corpus_lint.findings.model import Problem

SUPPRESSION_KEY = "corpus-lint-disable"
# The configuration section of record readers ([tool.corpus-lint.records]).
RECORDS_SECTION = "records"
RECORD_DEFAULTS = {"text-field": "text", "id-field": "id"}


def json_number(digits: str) -> int | float:
    """``parse_int`` for JSON records and sidecars. ``int()`` refuses more than 4,300
    digits, which would make the whole record unreadable for one absurd field; such a number
    reads as a float (inf), as 1e400 already does, and the metadata rules report the value."""
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def describe_os_error(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


class Reader:
    """Turns one file into documents. Subclasses set ``suffixes`` and implement ``read``.

    Sharding (see ``corpus_lint.hookspecs.corpus_lint_readers``): a reader whose files can
    be large overrides ``split_ranges`` to cut a file into work units that ``read`` takes
    back as ``start, end, first_line``; ``ranges_are_bytes`` says whether those are byte
    offsets (the executor weighs units by them) or the reader's own units (row groups).
    """

    suffixes: tuple[str, ...] = ()
    ranges_are_bytes = False

    def split_ranges(self, path: Path, chunk_bytes: int | None = None
                     ) -> list[tuple[int, int | None, int]]:
        """Work units of one file as (start, end or None, first line); default: the whole file."""
        return [(0, None, 1)]

    def read(self, path: Path, display: str, settings: Any, start: int = 0,
             end: int | None = None, first_line: int = 1) -> Iterator[Document | Problem]:
        raise NotImplementedError  # pragma: no cover - interface


class RecordReader(Reader):
    """A file of records, one document each: the text field is the body, the id field
    names the record in reports, every other field is metadata.

    Subclasses parse their format and hand each record (a dict) to ``document``; records
    without a string text are counted by a ``MissingText`` and reported once per file.
    """

    record_noun = "record"  # what the format calls one record, in messages
    field_noun = "field"  # what it calls the text field's place
    position_noun = "line"  # what ``Document.record`` counts
    metadata_origin = "record fields"

    @staticmethod
    def fields(settings: Any) -> tuple[str, str]:
        """The configured (text field, id field)."""
        options = settings.section(RECORDS_SECTION) if settings is not None else {}
        return (options.get("text-field", RECORD_DEFAULTS["text-field"]),
                options.get("id-field", RECORD_DEFAULTS["id-field"]))

    def document(self, record: dict[str, Any], number: int, display: str, text_field: str,
                 id_field: str, source_map: Callable[[str], SourceMap]) -> Document | None:
        """The record as a document, or None when it has no string text."""
        text = record.get(text_field)
        if not isinstance(text, str):
            return None
        metadata = {key: value for key, value in record.items() if key != text_field}
        suppress = metadata.pop(SUPPRESSION_KEY, None)
        record_id = metadata.get(id_field)
        return Document(
            path=display, text=text, source_map=source_map(text),
            metadata=metadata or None, metadata_origin=self.metadata_origin if metadata else None,
            record=number, record_id=None if record_id is None else str(record_id),
            metadata_suppression=suppress)

    def missing_text(self, display: str, text_field: str) -> "MissingText":
        return MissingText(self, display, text_field)


class MissingText:
    """Records without a string text field: counted, and reported in one problem per file."""

    SHOWN = 5

    def __init__(self, reader: RecordReader, display: str, text_field: str):
        self.reader, self.display, self.text_field = reader, display, text_field
        self.count = 0
        self.first: list[int] = []

    def add(self, number: int) -> None:
        self.count += 1
        if len(self.first) <= self.SHOWN:
            self.first.append(number)

    def problems(self) -> Iterator[Problem]:
        if not self.count:
            return
        reader, plural = self.reader, "s" if self.count > 1 else ""
        shown = ", ".join(map(str, self.first[:self.SHOWN])) + (
            ", ..." if self.count > self.SHOWN else "")
        yield Problem(self.display, f"{self.count} {reader.record_noun}{plural} without a string "
                                    f"{reader.field_noun} '{self.text_field}' "
                                    f"({reader.position_noun} {shown}); set "
                                    f"[tool.corpus-lint.{RECORDS_SECTION}] text-field",
                      line=self.first[0])


def mib(size: int) -> str:
    """A byte count for messages: '3.2 MiB', or '5,024 bytes' below a MiB."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f} MiB"


def first_line_reason(exc: Exception) -> str:
    """An exception's message as the tail of a one-line problem: lower-case start, short."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text[:1].lower() + text[1:]
    return text if len(text) <= 200 else text[:199] + "…"
