"""The parent's cross-document index on disk, so its memory stays flat as the corpus grows.

Rows (exact hash, owner document, region, 8-bit MinHash signature) are appended to two
fixed-width files in a temporary folder. ``matches`` finds, for each row j, the earliest
earlier row i of another owner that copies it, exactly as ``minhash.lsh_matches`` does in
memory, by hash partitioning instead of one big sort (an external hash join):

1. exact: (hash, row, owner) entries go to partition files by hash; each partition is
   sorted alone; a row that is not the first of its run of equal hashes is paired with
   that first row.
2. near: (band, band key, row, owner) entries of the rows without an exact match go to
   partition files by key; each partition is sorted alone; a row is paired with the first
   row of its bucket. Pairs go to files by ranges of j.
3. per range of j, in order: pairs verified on the signatures (read through a short-lived
   memory map), the earliest original kept, and yielded in row order.

Only one partition or range is in memory at a time, plus one byte per row (whether it has
an exact match).
"""
from __future__ import annotations

import os
import shutil
import weakref
from typing import Iterator

from .minhash import NUM_PERM, band_keys, jaccard_estimates

_ROW = [("hash", "<i8"), ("owner", "<i4"), ("region", "<i4", (4,))]
PARTITION_ENTRIES = 1 << 19  # entries sorted at a time (about 12 MiB)
MAX_PARTITIONS = 256  # open files; past 134 M entries a partition grows instead
RANGE_ROWS = 1 << 16  # rows j whose candidate pairs are verified together
_CHUNK_ROWS = 1 << 15  # rows read at a time when partitioning
_VERIFY_STEP = 1 << 12  # pairs whose signatures are mapped at a time


class DiskTable:
    """Append-only rows (hash, owner, region, signature) in a temporary folder."""

    def __init__(self):
        import tempfile  # here, as numpy: a one-file check imports neither (start-up)

        import numpy as np

        self.np = np
        self.row_dtype = np.dtype(_ROW)
        self.folder = tempfile.mkdtemp(prefix="corpus-lint-index-")
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, True)  # if never closed
        self._rows = open(os.path.join(self.folder, "rows.bin"), "w+b", buffering=1 << 20)
        self._sigs = open(os.path.join(self.folder, "sigs.bin"), "wb", buffering=1 << 20)
        self.size = 0

    def extend(self, hashes, sigs, owner: int, regions) -> None:
        count = len(hashes)
        if not count:
            return
        rows = self.np.zeros(count, self.row_dtype)
        rows["hash"], rows["owner"], rows["region"] = hashes, owner, regions
        self._rows.write(rows.tobytes())
        self._sigs.write(self.np.ascontiguousarray(sigs, dtype=self.np.uint8).tobytes())
        self.size += count

    def add_document(self, summary, doc: int) -> None:
        """The document's own row (it must have text)."""
        self.extend([summary["doc_hash"]], summary["doc_sig"][None, :], doc,
                     [summary["doc_region"]])

    def _flush(self) -> None:
        self._rows.flush()
        self._sigs.flush()

    def row(self, index: int):
        """(hash, owner, region) of one row, read from disk."""
        width = self.row_dtype.itemsize
        data = os.pread(self._rows.fileno(), width, index * width)
        row = self.np.frombuffer(data, self.row_dtype)[0]
        return int(row["hash"]), int(row["owner"]), tuple(int(v) for v in row["region"])

    def _chunks(self, name: str, dtype, width: int = 0) -> Iterator[tuple[int, object]]:
        """(first row, rows) of a file, ``_CHUNK_ROWS`` at a time."""
        shape = (-1, width) if width else (-1,)
        with open(os.path.join(self.folder, name), "rb") as handle:
            start = 0
            while True:
                data = handle.read(_CHUNK_ROWS * (dtype.itemsize * max(width, 1)))
                if not data:
                    return
                chunk = self.np.frombuffer(data, dtype).reshape(shape)
                yield start, chunk
                start += len(chunk)

    def matches(self, bands: int, threshold: float) -> Iterator[tuple[int, int, float, bool]]:
        """(j, i, similarity, exact) for each row j that copies an earlier row i of another
        owner, in increasing j (what ``minhash.lsh_matches`` returns, streamed)."""
        self._flush()
        if self.size < 2:
            return
        import tempfile

        work = tempfile.mkdtemp(prefix="work-", dir=self.folder)
        try:
            exact = _Buckets(self.np, work, "exact", self.size, PARTITION_ENTRIES)
            for start, rows in self._chunks("rows.bin", self.row_dtype):
                numbers = self.np.arange(start, start + len(rows), dtype=self.np.int64)
                exact.add(rows["hash"].view(self.np.uint64), 0, numbers, rows["owner"])
            pairs = _RangeFiles(self.np, work, "pairs")
            exact_pairs = _RangeFiles(self.np, work, "exact-pairs")
            has_exact = self.np.zeros(self.size, bool)
            for i, j in exact.pairs():
                exact_pairs.add(i, j)
                has_exact[j] = True
            self._near_pairs(work, bands, has_exact, pairs)
            yield from self._verified(exact_pairs, pairs, threshold)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _near_pairs(self, work: str, bands: int, has_exact, pairs: "_RangeFiles") -> None:
        rows_per_band = NUM_PERM // bands
        near = _Buckets(self.np, work, "near", self.size * bands, PARTITION_ENTRIES)
        owners = self._chunks("rows.bin", self.row_dtype)
        for (start, sigs), (_, rows) in zip(self._chunks("sigs.bin", self.np.dtype(self.np.uint8),
                                                         NUM_PERM), owners):
            # a row with an exact match is never the first of a bucket (its original,
            # earlier, is in every one of its buckets) and needs no near match: left out
            keep = ~has_exact[start:start + len(sigs)]
            sigs, owners_kept = sigs[keep], rows["owner"][keep]
            row_numbers = self.np.arange(start, start + len(keep), dtype=self.np.int64)[keep]
            for band in range(bands):
                keys = band_keys(sigs[:, band * rows_per_band:(band + 1) * rows_per_band])
                keys = keys.astype(self.np.uint64)
                filled = keys != 0  # a band of empty bins (short texts) is no evidence
                near.add(keys[filled], band, row_numbers[filled], owners_kept[filled])
        for i, j in near.pairs():
            pairs.add(i, j)

    def _verified(self, exact_pairs: "_RangeFiles", pairs: "_RangeFiles", threshold: float
                  ) -> Iterator[tuple[int, int, float, bool]]:
        np = self.np
        for number in sorted(set(exact_pairs.ranges()) | set(pairs.ranges())):
            ex_i, ex_j = exact_pairs.load(number)
            i, j = pairs.load(number)
            found = {int(b): (int(a), 1.0, True) for a, b in zip(ex_i, ex_j)}
            if len(i):
                combined = np.unique(i * self.size + j)
                i, j = combined // self.size, combined % self.size
                for start in range(0, len(i), _VERIFY_STEP):
                    a, b = i[start:start + _VERIFY_STEP], j[start:start + _VERIFY_STEP]
                    sigs = np.memmap(os.path.join(self.folder, "sigs.bin"), np.uint8, "r",
                                     shape=(self.size, NUM_PERM))
                    jaccard = jaccard_estimates(np.array(sigs[a]), np.array(sigs[b]))
                    del sigs
                    ok = jaccard >= threshold
                    for x, y, s in zip(a[ok].tolist(), b[ok].tolist(), jaccard[ok].tolist()):
                        if y not in found or found[y][0] > x:
                            found[y] = (x, s, False)
            for y in sorted(found):
                yield (y, *found[y])

    def close(self) -> None:
        for handle in (self._rows, self._sigs):
            handle.close()
        self._remove()


class _Buckets:
    """(key, band, row, owner) entries in partition files by key; ``pairs`` sorts each
    partition and pairs every row with the first row of its run of equal (band, key)."""

    def __init__(self, np, folder: str, name: str, entries: int, per_partition: int):
        self.np = np
        self.dtype = np.dtype([("band", "<u2"), ("key", "<u8"), ("row", "<i8"),
                               ("owner", "<i4")])
        self.count = min(MAX_PARTITIONS, max(1, -(-entries // per_partition)))
        self.paths = [os.path.join(folder, f"{name}-{k}.bin") for k in range(self.count)]
        self.handles = [open(path, "wb", buffering=1 << 16) for path in self.paths]

    def add(self, keys, band: int, rows, owners) -> None:
        np = self.np
        entries = np.zeros(len(keys), self.dtype)
        entries["band"], entries["key"], entries["row"], entries["owner"] = \
            band, keys, rows, owners
        if self.count == 1:
            self.handles[0].write(entries.tobytes())
            return
        mixed = (keys * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(band)
        part = (mixed >> np.uint64(40)) % np.uint64(self.count)
        order = np.argsort(part, kind="stable")
        cuts = np.searchsorted(part[order], np.arange(self.count + 1, dtype=np.uint64))
        for k in range(self.count):
            if cuts[k] < cuts[k + 1]:
                self.handles[k].write(entries[order[cuts[k]:cuts[k + 1]]].tobytes())

    def pairs(self):
        """(firsts, members) arrays per partition, owners different."""
        np = self.np
        for handle in self.handles:
            handle.close()
        for path in self.paths:
            entries = np.fromfile(path, self.dtype)
            os.remove(path)
            if len(entries) < 2:
                continue
            order = np.lexsort((entries["row"], entries["key"], entries["band"]))
            entries = entries[order]
            n = len(entries)
            new_run = np.ones(n, dtype=bool)
            new_run[1:] = (entries["key"][1:] != entries["key"][:-1]) | \
                (entries["band"][1:] != entries["band"][:-1])
            first = np.maximum.accumulate(np.where(new_run, np.arange(n), 0))
            member = ~new_run & (entries["owner"][first] != entries["owner"])
            yield entries["row"][first[member]], entries["row"][member]


class _RangeFiles:
    """(i, j) pairs in one file per range of ``RANGE_ROWS`` values of j."""

    def __init__(self, np, folder: str, name: str):
        self.np = np
        self.folder, self.name = folder, name
        self.handles: dict[int, object] = {}

    def _path(self, number: int) -> str:
        return os.path.join(self.folder, f"{self.name}-{number}.bin")

    def add(self, i, j) -> None:
        np = self.np
        if not len(j):
            return
        ranges = j // RANGE_ROWS
        for number in np.unique(ranges).tolist():
            pick = ranges == number
            handle = self.handles.get(number)
            if handle is None:
                handle = self.handles[number] = open(self._path(number), "ab")
            handle.write(np.stack([i[pick], j[pick]], axis=1).astype(np.int64).tobytes())

    def ranges(self) -> list[int]:
        for handle in self.handles.values():
            handle.close()
        return list(self.handles)

    def load(self, number: int):
        if number not in self.handles:
            return self.np.zeros(0, self.np.int64), self.np.zeros(0, self.np.int64)
        pairs = self.np.fromfile(self._path(number), self.np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]
