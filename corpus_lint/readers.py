"""Built-in readers: plain text and Markdown files, JSONL corpora (optionally gzipped) and
Parquet files (with the optional pyarrow).

A reader never raises for bad input: what it cannot read becomes a ``Problem`` naming the
file (and record line), and everything else it can read is still yielded.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

from .decoding import decode
from .frontmatter import FrontMatter, find_sidecar, read_sidecar, split_front_matter
from .hookspecs import hookimpl
from .model import Document, JsonStringSourceMap, Problem, SourceMap, TextSourceMap

SUPPRESSION_KEY = "corpus-lint-disable"
# Files larger than this are refused rather than read whole into memory; JSONL is streamed.
MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024


def describe_os_error(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


class Reader:
    """Turns one file into documents. Subclasses set ``suffixes`` and implement ``read``."""

    suffixes: tuple[str, ...] = ()

    def read(self, path: Path, display: str, settings: Any) -> Iterator[Document | Problem]:
        raise NotImplementedError  # pragma: no cover - interface


def _apply_metadata(doc_args: dict[str, Any], front: FrontMatter | None) -> None:
    if front is None:
        return
    doc_args["metadata"] = front.metadata
    doc_args["metadata_origin"] = front.origin
    doc_args["metadata_lines"] = front.key_lines
    doc_args["front_matter_problem"] = front.problem


class TextReader(Reader):
    """``.txt``, ``.md`` and ``.markdown``: front matter at the top or a sidecar file."""

    suffixes = (".txt", ".md", ".markdown")

    def read(self, path, display, settings):
        try:
            size = os.path.getsize(path)
            if size > MAX_TEXT_FILE_BYTES:
                yield Problem(display, f"file too large to check ({size // (1024 * 1024)} MiB)")
                return
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            yield Problem(display, describe_os_error(exc))
            return
        decoded = decode(data)
        text = decoded.text
        args: dict[str, Any] = {}
        front = split_front_matter(text) if not decoded.binary else None
        body_start = 0
        if front is not None:
            body_start = front.body_start
            _apply_metadata(args, front)
        sidecar = find_sidecar(path)
        if sidecar is not None and (front is None or front.metadata is None):
            _apply_metadata(args, read_sidecar(sidecar))
        if args.get("metadata") and SUPPRESSION_KEY in args["metadata"]:
            args["metadata"] = dict(args["metadata"])
            args["metadata_suppression"] = args["metadata"].pop(SUPPRESSION_KEY)
        yield Document(
            path=display, text=text[body_start:], source_map=TextSourceMap(text, body_start),
            encoding=decoded.encoding + (" with BOM" if decoded.bom else ""),
            decode_errors=[(offset - body_start, what) for offset, what in decoded.errors],
            undecodable_bytes=decoded.undecodable_bytes, line_endings=decoded.line_endings,
            binary=decoded.binary, likely_encoding=decoded.likely_encoding, **args)


def _locate_string_value(raw: str, field_name: str) -> int | None:
    """Column just after the opening quote of top-level key ``field_name``'s string value."""
    from json.decoder import scanstring

    decoder = json.JSONDecoder()
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
        _, pos = decoder.raw_decode(raw, pos)
    return None


def _lines_until(handle, size: int):
    """Lines of ``handle`` until ``size`` bytes have been read (a range ends on a newline)."""
    remaining = size
    for raw in handle:
        yield raw
        remaining -= len(raw)
        if remaining <= 0:
            return


class JsonlReader(Reader):
    """One document per line; the text field is the body, the other fields its metadata."""

    suffixes = (".jsonl", ".jsonl.gz")

    ranges_are_bytes = True

    def split_ranges(self, path, chunk_bytes: int | None = None) -> list[tuple[int, int | None, int]]:
        """Plain JSONL splits into line-aligned byte ranges; gzip streams cannot be split."""
        if str(path).lower().endswith(".gz"):
            return [(0, None, 1)]
        from .units import split_ranges

        return split_ranges(path, chunk_bytes)

    def read(self, path, display, settings, start=0, end=None, first_line=1):
        """Records of the file, or of bytes [start, end) which begin at line ``first_line``."""
        options = settings.section("jsonl") if settings is not None else {}
        text_field = options.get("text-field", "text")
        id_field = options.get("id-field", "id")
        try:
            if str(path).endswith(".gz"):
                import gzip

                handle = gzip.open(path, "rb")
            else:
                handle = open(path, "rb")
                handle.seek(start)
        except OSError as exc:
            yield Problem(display, describe_os_error(exc))
            return
        with handle:
            number = first_line - 1
            no_text: list[int] = []  # records without a text field: one problem per file
            lines = _lines_until(handle, end - start) if end is not None else handle
            try:
                for number, raw_bytes in enumerate(lines, start=first_line):
                    for item in self._record(raw_bytes, number, display, text_field, id_field):
                        if isinstance(item, Problem) and item.kind == "no-text":
                            no_text.append(number)
                        else:
                            yield item
            except (OSError, EOFError) as exc:  # truncated or corrupt gzip stream
                reason = str(exc)[:1].lower() + str(exc)[1:]
                yield Problem(display, f"corrupt compressed stream after {number} "
                                       f"line{'s' if number != 1 else ''}: {reason}",
                              line=number + 1)
            if no_text:
                lines = ", ".join(map(str, no_text[:5])) + (", ..." if len(no_text) > 5 else "")
                yield Problem(display, f"{len(no_text)} record{'s' if len(no_text) > 1 else ''} "
                                       f"without a string field '{text_field}' (line "
                                       f"{lines}); set [tool.corpus-lint.jsonl] text-field",
                              line=no_text[0])

    def _record(self, raw_bytes: bytes, number: int, display: str, text_field: str,
                id_field: str) -> Iterator[Document | Problem]:
        if not raw_bytes.strip():
            return
        try:
            raw = raw_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(display, f"invalid UTF-8 in record at byte {exc.start}", line=number)
            return
        raw = raw.rstrip("\r\n")
        try:
            record = json.loads(raw)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            column = getattr(exc, "colno", None)
            where = f" at column {column}" if column else ""
            yield Problem(display, f"invalid JSON{where}: {message}", line=number)
            return
        if not isinstance(record, dict):
            yield Problem(display, f"record is a JSON {type(record).__name__}, not an object",
                          line=number)
            return
        text = record.get(text_field)
        if not isinstance(text, str):
            yield Problem(display, "", line=number, kind="no-text")
            return
        column = _locate_string_value(raw, text_field)
        metadata = {key: value for key, value in record.items() if key != text_field}
        suppress = metadata.pop(SUPPRESSION_KEY, None)
        record_id = metadata.get(id_field)
        # The text keeps any "\r": offsets must match the raw string for the column map.
        yield Document(
            path=display, text=text,
            source_map=JsonStringSourceMap(number, raw, column if column is not None else 0),
            metadata=metadata or None, metadata_origin="record fields" if metadata else None,
            record=number, record_id=None if record_id is None else str(record_id),
            metadata_suppression=suppress)


class RowSourceMap(SourceMap):
    """For a table row (Parquet): line = the 1-based row number, column = offset + 1 in the text.

    ``line_text`` gives the row's text with line breaks turned into spaces (same length), so
    the text reporter's excerpt shows the finding's place in the value.
    """

    def __init__(self, row: int, text: str):
        self.row = row
        self.text = text

    def locate(self, offset: int) -> tuple[int, int]:
        return self.row, min(max(offset, 0), len(self.text)) + 1

    def line_text(self, line: int) -> str:
        if line != self.row:
            return ""
        return self.text.replace("\r", " ").replace("\n", " ")


def _row_list(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:5])) + (", ..." if len(rows) > 5 else "")


class ParquetReader(Reader):
    """One document per row of a ``.parquet`` file, read with pyarrow in record batches so
    memory stays bounded by one batch (and pyarrow's row-group buffers), whatever the file's
    size. Text and id columns come from ``[tool.corpus-lint.jsonl]`` (text-field, id-field);
    the other columns become the document's metadata. pyarrow is optional
    (``pip install corpus-lint[parquet]``) and imported only when a Parquet file is read.
    """

    suffixes = (".parquet",)
    batch_size = 256  # rows per batch: a few MiB even for long documents
    chunk_bytes = 4 * 1024 * 1024  # uncompressed bytes per work unit (see split_ranges)

    def split_ranges(self, path, chunk_bytes: int | None = None) -> list[tuple[int, int | None, int]]:
        """Row-group-aligned work units ``(first row group, end row group or None, first row
        number)`` of about ``chunk_bytes`` uncompressed each, so that one large shard spreads
        over workers; ``read`` takes the same triple as ``start, end, first_line``. A file
        whose footer cannot be read is one unit (``read`` then reports why)."""
        chunk = chunk_bytes or self.chunk_bytes
        try:
            import pyarrow.parquet as pq

            meta = pq.read_metadata(path)
        except Exception:
            return [(0, None, 1)]
        ranges: list[tuple[int, int | None, int]] = []
        start, first_row, size, rows = 0, 1, 0, 0
        for index in range(meta.num_row_groups):
            group = meta.row_group(index)
            size += group.total_byte_size
            rows += group.num_rows
            if size >= chunk and index + 1 < meta.num_row_groups:
                ranges.append((start, index + 1, first_row))
                start, first_row, size, rows = index + 1, first_row + rows, 0, 0
        ranges.append((start, None, first_row))
        return ranges

    def read(self, path, display, settings, start=0, end=None, first_line=1):
        """Rows of the file, or of row groups [start, end) whose first row is ``first_line``."""
        options = settings.section("jsonl") if settings is not None else {}
        text_field = options.get("text-field", "text")
        id_field = options.get("id-field", "id")
        try:
            import pyarrow
            import pyarrow.parquet as pq
        except ImportError:
            yield Problem(display, "reading Parquet needs pyarrow: "
                                   "pip install 'corpus-lint[parquet]'")
            return
        try:
            # No pre-buffering (it reads ahead whole row groups) and one reading thread: with
            # pyarrow's defaults peak memory grows with the file; this way it stays flat.
            parquet = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
        except OSError as exc:  # includes pyarrow's ArrowIOError
            if getattr(exc, "errno", None) is not None:
                yield Problem(display, describe_os_error(exc))
            else:
                yield Problem(display, f"not a readable Parquet file: {_reason(exc)}")
            return
        except Exception as exc:  # ArrowInvalid and friends: corrupt or not Parquet at all
            yield Problem(display, f"not a readable Parquet file: {_reason(exc)}")
            return
        with parquet:
            columns = parquet.schema_arrow.names
            if text_field not in columns:
                if start == 0:  # once per file, not once per unit
                    shown = ", ".join(columns[:10]) + (", ..." if len(columns) > 10 else "")
                    yield Problem(display, f"no column '{text_field}' (columns: "
                                           f"{shown or 'none'}); set [tool.corpus-lint.jsonl] "
                                           f"text-field")
                return
            groups = None
            if start != 0 or end is not None:
                groups = list(range(start, parquet.num_row_groups if end is None else end))
            row = first_line - 1
            no_text: list[int] = []
            no_text_count = 0
            try:
                pool = pyarrow.default_memory_pool()
                for batch in parquet.iter_batches(batch_size=self.batch_size, row_groups=groups,
                                                  use_threads=False):
                    records = batch.to_pylist()
                    del batch
                    pool.release_unused()  # mimalloc keeps freed pages otherwise
                    for record in records:
                        row += 1
                        text = record.pop(text_field, None)
                        if not isinstance(text, str):
                            no_text_count += 1
                            if len(no_text) < 6:
                                no_text.append(row)
                            continue
                        suppress = record.pop(SUPPRESSION_KEY, None)
                        record_id = record.get(id_field)
                        yield Document(
                            path=display, text=text, source_map=RowSourceMap(row, text),
                            metadata=record or None,
                            metadata_origin="Parquet columns" if record else None,
                            record=row, record_id=None if record_id is None else str(record_id),
                            metadata_suppression=suppress)
            except Exception as exc:  # a corrupt page or row group part-way through
                yield Problem(display, f"corrupt Parquet data after row {row}: {_reason(exc)}",
                              line=row + 1)
            if no_text_count:
                yield Problem(display, f"{no_text_count} row{'s' if no_text_count > 1 else ''} "
                                       f"without a string in column '{text_field}' (row "
                                       f"{_row_list(no_text)}); set [tool.corpus-lint.jsonl] "
                                       f"text-field", line=no_text[0])


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text[:1].lower() + text[1:]
    return text if len(text) <= 200 else text[:199] + "…"


@hookimpl
def corpus_lint_readers():
    return [TextReader(), JsonlReader(), ParquetReader()]


@hookimpl
def corpus_lint_default_config():
    return {"jsonl": {"text-field": "text", "id-field": "id"}}
