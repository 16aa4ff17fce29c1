"""JSONL corpora, plain or gzipped: one record a line, split into line-aligned ranges."""
from __future__ import annotations

import json
from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import JsonStringSourceMap
from corpus_lint.findings.model import Problem

from .base import RecordReader, describe_os_error, json_number, mib

_RECORD = json.JSONDecoder(parse_int=json_number)


def _locate_string_value(raw: str, field_name: str) -> int | None:
    """Column just after the opening quote of top-level key ``field_name``'s string value."""
    from json.decoder import scanstring

    pos = raw.find("{")
    if pos == -1:
        return None
    pos += 1
    length = len(raw)
    while pos < length:
        while pos < length and raw[pos] in " \t\r\n,":
            pos += 1
        if pos >= length or raw[pos] != '"':
            return None
        key, pos = scanstring(raw, pos + 1)
        while pos < length and raw[pos] in " \t\r\n:":
            pos += 1
        if key == field_name:
            return pos + 1 if pos < length and raw[pos] == '"' else None
        _, pos = _RECORD.raw_decode(raw, pos)
    return None


class TooLong:
    """A line longer than max-record-bytes, skipped without being held in memory."""

    def __init__(self, size: int):
        self.size = size


class DecompressionBomb(Exception):
    pass


_SKIP_BLOCK = 1024 * 1024
_RATIO_AFTER = 4 * 1024 * 1024  # output bytes before the ratio is judged
_RATIO_EVERY = 1024 * 1024


class _Meter:
    """Bytes read so far; with ``compressed`` (the raw file under a gzip stream), raises
    ``DecompressionBomb`` once the output outgrows the input ``max_ratio`` times."""

    def __init__(self, compressed=None, max_ratio: int = 0):
        self.compressed, self.max_ratio = compressed, max_ratio
        self.produced, self.next_check = 0, _RATIO_AFTER

    def add(self, length: int) -> None:
        self.produced += length
        if self.compressed is not None and self.produced >= self.next_check:
            self.next_check = self.produced + _RATIO_EVERY
            consumed = max(self.compressed.tell(), 1)
            if self.produced > self.max_ratio * consumed:
                raise DecompressionBomb(f"{self.produced // consumed}:1")


def _lines(handle, limit: int, size: int | None, meter: _Meter):
    """Lines of ``handle`` (bytes), or ``TooLong`` for one over ``limit`` bytes (skipped
    without being held), until ``size`` bytes are read (a range ends on a newline)."""
    start = meter.produced
    while size is None or meter.produced - start < size:
        line = handle.readline(limit + 1)
        if not line:
            return
        meter.add(len(line))
        if len(line) > limit and not line.endswith(b"\n"):
            length = len(line)
            while not line.endswith(b"\n"):
                line = handle.readline(_SKIP_BLOCK)
                if not line:
                    break
                meter.add(len(line))
                length += len(line)
            yield TooLong(length)
        else:
            yield line


class JsonlReader(RecordReader):
    """One record a line; plain files split into line-aligned byte ranges."""

    suffixes = (".jsonl", ".jsonl.gz")
    ranges_are_bytes = True

    def split_ranges(self, path, chunk_bytes: int | None = None) -> list[tuple[int, int | None, int]]:
        """Plain JSONL splits into line-aligned byte ranges; gzip streams cannot be split."""
        if str(path).lower().endswith(".gz"):
            return [(0, None, 1)]
        from corpus_lint.discovery.units import split_ranges

        return split_ranges(path, chunk_bytes)

    def read(self, path, display, settings, start=0, end=None, first_line=1):
        """Records of the file, or of bytes [start, end) which begin at line ``first_line``."""
        text_field, id_field = self.fields(settings)
        try:
            raw = open(path, "rb")
        except OSError as exc:
            yield Problem(display, describe_os_error(exc))
            return
        with raw:
            limit, ratio = settings.max_record_bytes, settings.max_decompression_ratio
            if str(path).endswith(".gz"):
                import gzip

                handle = gzip.GzipFile(fileobj=raw, mode="rb")
                lines = _lines(handle, limit, None, _Meter(raw, ratio))
            else:
                raw.seek(start)
                lines = _lines(raw, limit, None if end is None else end - start, _Meter())
            yield from self._read_lines(lines, display, first_line, text_field, id_field)

    def _read_lines(self, lines, display, first_line, text_field, id_field):
        number = first_line - 1
        missing = self.missing_text(display, text_field)
        try:
            for number, raw_bytes in enumerate(lines, start=first_line):
                if isinstance(raw_bytes, TooLong):
                    yield Problem(display, f"record of {mib(raw_bytes.size)} is larger than "
                                           f"max-record-bytes; skipped", line=number)
                    continue
                item = self._record(raw_bytes, number, display, text_field, id_field)
                if item is _NO_TEXT:
                    missing.add(number)
                elif item is not None:
                    yield item
        except (OSError, EOFError) as exc:  # truncated or corrupt gzip stream
            reason = str(exc)[:1].lower() + str(exc)[1:]
            yield Problem(display, f"corrupt compressed stream after {number} "
                                   f"line{'s' if number != 1 else ''}: {reason}",
                          line=number + 1)
        except DecompressionBomb as exc:
            yield Problem(display, f"decompression bomb: expands more than "
                                   f"max-decompression-ratio ({exc}) after {number} "
                                   f"line{'s' if number != 1 else ''}; not read further",
                          line=number + 1)
        yield from missing.problems()

    def _record(self, raw_bytes: bytes, number: int, display: str, text_field: str,
                id_field: str) -> Document | Problem | object | None:
        """One line as a document, a problem, ``_NO_TEXT``, or None for a blank line."""
        if not raw_bytes.strip():
            return None
        try:
            raw = raw_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Problem(display, f"invalid UTF-8 in record at byte {exc.start}", line=number)
        raw = raw.rstrip("\r\n")
        try:
            # A byte-order mark (UTF-8 saved on Windows) is not JSON; the column map keeps it.
            record = _RECORD.decode(raw[1:] if raw.startswith("\ufeff") else raw)
        except RecursionError:  # 100,000 '[': the rest of the file is still read
            return Problem(display, "record nested too deeply to read", line=number)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            column = getattr(exc, "colno", None)
            where = f" at column {column}" if column else ""
            return Problem(display, f"invalid JSON{where}: {message}", line=number)
        if not isinstance(record, dict):
            return Problem(display, f"record is a JSON {type(record).__name__}, not an object",
                           line=number)

        def source_map(text: str) -> JsonStringSourceMap:
            # The text keeps any "\r": offsets must match the raw string for the column map.
            column = _locate_string_value(raw, text_field)
            return JsonStringSourceMap(number, raw, column if column is not None else 0)

        document = self.document(record, number, display, text_field, id_field, source_map)
        return _NO_TEXT if document is None else document


_NO_TEXT = object()  # a record without a string text field
