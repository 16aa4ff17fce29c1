"""Parquet files (with the optional pyarrow), streamed in record batches."""
from __future__ import annotations

from corpus_lint.documents.sourcemap import RowSourceMap
from corpus_lint.findings.model import Problem

from .base import RECORDS_SECTION, RecordReader, describe_os_error, first_line_reason, mib


class ParquetReader(RecordReader):
    """One document per row of a ``.parquet`` file, read with pyarrow in record batches so
    memory stays bounded by one batch (and pyarrow's row-group buffers), whatever the file's
    size. Text and id columns come from ``[tool.corpus-lint.records]`` (text-field, id-field);
    the other columns become the document's metadata. pyarrow is optional
    (``pip install corpus-lint[parquet]``) and imported only when a Parquet file is read.
    """

    suffixes = (".parquet",)
    record_noun = "row"
    field_noun = "in column"
    position_noun = "row"
    metadata_origin = "Parquet columns"
    batch_size = 256  # rows per batch: a few MiB even for long documents
    chunk_bytes: int | None = None  # uncompressed bytes per unit; None: ``unit_bytes``

    def split_ranges(self, path, chunk_bytes: int | None = None) -> list[tuple[int, int | None, int]]:
        """Row-group-aligned work units ``(first row group, end row group or None, first row
        number)`` of about ``chunk_bytes`` uncompressed each (by default ``unit_bytes`` of
        the file's uncompressed size), so that a shard spreads over workers; ``read`` takes
        the same triple as ``start, end, first_line``. A file whose footer cannot be read is
        one unit (``read`` then reports why); a unit is at least one row group."""
        from corpus_lint.discovery.units import unit_bytes

        try:
            import pyarrow.parquet as pq

            meta = pq.read_metadata(path)
        except Exception:
            return [(0, None, 1)]
        chunk = chunk_bytes or self.chunk_bytes or unit_bytes(sum(meta.row_group(index).total_byte_size
                                              for index in range(meta.num_row_groups)))
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
        text_field, id_field = self.fields(settings)
        parquet = yield from self._open(path, display)
        if parquet is None:
            return
        with parquet:
            columns = parquet.schema_arrow.names
            if text_field not in columns:
                if start == 0:  # once per file, not once per unit
                    shown = ", ".join(columns[:10]) + (", ..." if len(columns) > 10 else "")
                    yield Problem(display, f"no column '{text_field}' (columns: "
                                           f"{shown or 'none'}); set [tool.corpus-lint."
                                           f"{RECORDS_SECTION}] text-field")
                return
            missing = self.missing_text(display, text_field)
            row = first_line - 1
            limit = 4 * settings.max_record_bytes
            try:
                for group in range(start, parquet.num_row_groups if end is None else end):
                    meta = parquet.metadata.row_group(group)
                    size = _text_bytes(meta, text_field)
                    if size > limit:  # decoded whole by pyarrow: would not fit in memory
                        yield Problem(display, f"row group {group} holds {mib(size)} of text, "
                                               f"more than 4 x max-record-bytes; skipped "
                                               f"(write the file with smaller row groups)",
                                      line=row + 1)
                        row += meta.num_rows
                        continue
                    for record in self._records(parquet, [group]):
                        row += 1
                        document = self.document(record, row, display, text_field, id_field,
                                                 lambda text, row=row: RowSourceMap(row, text))
                        if document is None:
                            missing.add(row)
                        else:
                            yield document
            except Exception as exc:  # a corrupt page or row group part-way through
                yield Problem(display, f"corrupt Parquet data after row {row}: "
                                       f"{first_line_reason(exc)}", line=row + 1)
            yield from missing.problems()

    def _open(self, path, display):
        """The open ``ParquetFile`` (returned), or None after yielding why it cannot be read."""
        try:
            import pyarrow.parquet as pq
        except ImportError:
            yield Problem(display, "reading Parquet needs pyarrow: "
                                   "pip install 'corpus-lint[parquet]'")
            return None
        try:
            # No pre-buffering (it reads ahead whole row groups) and one reading thread: with
            # pyarrow's defaults peak memory grows with the file; this way it stays flat.
            return pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
        except OSError as exc:  # includes pyarrow's ArrowIOError
            if getattr(exc, "errno", None) is not None:
                yield Problem(display, describe_os_error(exc))
            else:
                yield Problem(display, f"not a readable Parquet file: {first_line_reason(exc)}")
        except Exception as exc:  # ArrowInvalid and friends: corrupt or not Parquet at all
            yield Problem(display, f"not a readable Parquet file: {first_line_reason(exc)}")
        return None

    def _records(self, parquet, groups: list[int]):
        """Rows as dicts, one batch in memory at a time."""
        import pyarrow

        pool = pyarrow.default_memory_pool()
        for batch in parquet.iter_batches(batch_size=self.batch_size, row_groups=groups,
                                          use_threads=False):
            records = batch.to_pylist()
            del batch
            pool.release_unused()  # mimalloc keeps freed pages otherwise
            yield from records


def _text_bytes(group_meta, text_field: str) -> int:
    """Uncompressed bytes of the text column in one row group, from the footer (unread);
    the whole row group's size when the column is not a plain top-level one."""
    for index in range(group_meta.num_columns):
        chunk = group_meta.column(index)
        if chunk.path_in_schema == text_field:
            return chunk.total_uncompressed_size
    return group_meta.total_byte_size
