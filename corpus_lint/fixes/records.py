"""Fixing JSONL and JSONL.gz corpora record by record.

Each record is one line; a fix rewrites only the text field's string value in place (the
text between its quotes) and adds lifted metadata as new fields before the closing brace,
so every other field keeps its bytes and the records keep their order. A record with
nothing to fix is written back byte for byte.
"""
from __future__ import annotations

import gzip
import json
from json.decoder import scanstring
from typing import Any, BinaryIO, Iterator

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Problem
from corpus_lint.readers.jsonl import _NO_TEXT, TooLong, _lines, _locate_string_value, _Meter

from .model import Fix, apply_edits
from .textfiles import Unfixable


def _json_string(text: str) -> str:
    """``text`` as the inside of a JSON string; non-ASCII kept unless it cannot be UTF-8."""
    try:
        dumped = json.dumps(text, ensure_ascii=False)
        dumped.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a \\ud800 escape): keep it escaped
        dumped = json.dumps(text)
    return dumped[1:-1]


class Record:
    """One line of a JSONL file being fixed (a ``passes.Target``)."""

    def __init__(self, reader, raw: bytes, number: int, display: str, text_field: str,
                 id_field: str):
        self.reader, self.number, self.display = reader, number, display
        self.fields = (text_field, id_field)
        body = raw.rstrip(b"\r\n")
        self.ending = raw[len(body):]
        self.original = raw
        self.raw = body
        self.item: Any = None  # the reader's answer for the current line

    @property
    def changed(self) -> bool:
        return self.raw + self.ending != self.original

    def line(self) -> bytes:
        return self.raw + self.ending

    def document(self) -> Document | None:
        self.item = self.reader._record(self.raw, self.number, self.display, *self.fields)
        return self.item if isinstance(self.item, Document) else None

    def refusal(self, doc: Document, fix: Fix) -> str | None:
        if fix.newlines:
            return "a record has no line endings of its own"
        if any(key in (doc.metadata or {}) or key == self.fields[0] for key, _ in fix.metadata):
            return "the field exists"
        return None

    def apply(self, doc: Document, fixes: list[Fix]) -> None:
        raw = self.raw.decode("utf-8")
        edits = [edit for fix in fixes for edit in fix.edits]
        if edits:
            start = _locate_string_value(raw, self.fields[0])
            if start is None:
                raise Unfixable(f"line {self.number}: the text field could not be located")
            _, end = scanstring(raw, start)
            raw = raw[:start] + _json_string(apply_edits(doc.text, edits)) + raw[end - 1:]
        metadata = [pair for fix in fixes for pair in fix.metadata]
        if metadata:
            close = raw.rstrip().rfind("}")
            added = "".join(f", {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                            for key, value in metadata)
            raw = raw[:close].rstrip() + added + raw[close:]
        self.raw = raw.encode("utf-8")


def records(reader, handle: BinaryIO, raw: BinaryIO, gz: bool, display: str, settings: Any
            ) -> Iterator[Record]:
    """The file's lines as ``Record``s, in order. A line over max-record-bytes cannot be
    carried over without holding it, so it makes the file ``Unfixable``."""
    text_field, id_field = reader.fields(settings)
    meter = _Meter(raw, settings.max_decompression_ratio) if gz else _Meter()
    for number, line in enumerate(_lines(handle, settings.max_record_bytes, None, meter), 1):
        if isinstance(line, TooLong):
            raise Unfixable(f"line {number} is larger than max-record-bytes")
        yield Record(reader, line, number, display, text_field, id_field)


def gzip_writer(stream: BinaryIO) -> gzip.GzipFile:
    """A gzip stream for a rewritten shard: no file name or time in the header, so the same
    content always gives the same bytes."""
    return gzip.GzipFile(filename="", fileobj=stream, mode="wb", compresslevel=6, mtime=0)


def line_problem(record: Record) -> Problem | None:
    """The reader's problem with a line (invalid JSON...), to report as a check would."""
    return record.item if isinstance(record.item, Problem) else None


def has_no_text(record: Record) -> bool:
    return record.item is _NO_TEXT
