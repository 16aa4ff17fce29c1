"""Work units: what one worker checks in one go.

A unit is a whole file, or a part of a large shard (a line-aligned byte range of plain
JSONL, a run of Parquet row groups: the reader's ``split_ranges`` decides), so a single
shard of many gigabytes spreads over every worker and no worker holds more than
one range of results. Units are produced in display-path order, which is the order of
the final report: results can be streamed to disk and merged without a global sort.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

# Ranges of about this size keep a worker busy for a few seconds on news text. A unit's
# results (findings, cross-document summaries) wait in the parent until their turn, up to
# two batches per worker: at 4 MiB those held 30-40 MiB of the audit's parent (issue 17,
# tree PSS 274 MiB over news.jsonl with --jobs 2); at 1 MiB a quarter of it.
CHUNK_BYTES = 1024 * 1024
# A smaller shard is cut into SPREAD ranges of at least MIN_CHUNK_BYTES, so a file of a
# thousand records spreads over the workers too (below that, forking costs more than it
# gives: the executors' small-input fallback checks it in one process).
MIN_CHUNK_BYTES = 256 * 1024
SPREAD = 8
_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class WorkUnit:
    path: Path
    display: str
    start: int = 0
    end: int | None = None  # None: to the end of the file
    first_line: int = 1
    byte_range: bool = True  # start/end are byte offsets (JSONL), else reader units (row groups)

    @property
    def whole_file(self) -> bool:
        return self.start == 0 and self.end is None


def unit_bytes(size: int) -> int:
    """Bytes of a work unit of a shard of ``size`` bytes: CHUNK_BYTES, or for a smaller
    shard a SPREAD-th of it, not under MIN_CHUNK_BYTES (unless CHUNK_BYTES is)."""
    return min(CHUNK_BYTES, max(MIN_CHUNK_BYTES, size // SPREAD))


def split_ranges(path: Path, chunk_bytes: int | None = None) -> list[tuple[int, int | None, int]]:
    """Line-aligned (start, end, first_line) ranges of about ``chunk_bytes`` each (by
    default ``unit_bytes`` of the file's size)."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return [(0, None, 1)]
    chunk_bytes = chunk_bytes or unit_bytes(size)
    if size <= chunk_bytes:
        return [(0, None, 1)]
    ranges = []
    start, line, position = 0, 1, 0
    lines_before = 0  # newlines in [0, position)
    target = chunk_bytes
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            if not block:
                break
            search = 0
            while position + len(block) > target:
                cut = block.find(b"\n", max(search, target - position))
                if cut == -1:
                    break
                boundary = position + cut + 1
                ranges.append((start, boundary, line))
                start = boundary
                line = lines_before + block.count(b"\n", 0, cut + 1) + 1
                target = boundary + chunk_bytes
                search = cut + 1
            lines_before += block.count(b"\n")
            position += len(block)
    if start >= size:
        return ranges
    ranges.append((start, None, line))
    return ranges


def make_units(paths: Iterable[tuple[Path, str]], reader_for: Callable[[Path], Any],
               chunk_bytes: int | None = None) -> Iterator[WorkUnit]:
    """Units for (path, display) pairs; a reader with ``split_ranges`` splits its files."""
    for path, display in sorted(paths, key=lambda item: item[1]):
        reader = reader_for(path)
        split = getattr(reader, "split_ranges", None)
        ranges = split(path, chunk_bytes) if split is not None else [(0, None, 1)]
        if len(ranges) == 1:
            yield WorkUnit(path, display)
            continue
        byte_range = getattr(reader, "ranges_are_bytes", False)
        for start, end, first_line in ranges:
            yield WorkUnit(path, display, start, end, first_line, byte_range)
