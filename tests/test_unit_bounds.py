"""How much of a shard one work unit, and one batch handed to a worker, may hold: the
results of the batches in flight wait in the parent, so these bound the audit's memory
(issue 17: at 4 MiB units the parent held 30-40 MiB of results over news text)."""
from __future__ import annotations

import json
from pathlib import Path

from corpus_lint.discovery import units
from corpus_lint.discovery.units import WorkUnit, split_ranges
from corpus_lint.engine import executors


def _shard(path, records: int) -> int:
    body = "".join(json.dumps({"id": i, "text": "word " * 200}) + "\n" for i in range(records))
    path.write_text(body, encoding="utf-8")
    return len(body.encode())


def test_a_large_shard_is_cut_into_units_of_at_most_a_mebibyte_and_a_line(tmp_path):
    shard = tmp_path / "shard.jsonl"
    size = _shard(shard, 10000)  # about 10 MiB: more than SPREAD units of CHUNK_BYTES
    assert units.unit_bytes(size) == units.CHUNK_BYTES
    ranges = split_ranges(shard)
    ends = [end if end is not None else size for _, end, _ in ranges]
    lengths = [end - start for (start, _, _), end in zip(ranges, ends)]
    line = 1100  # one record and its newline, over-estimated
    assert units.CHUNK_BYTES == 1 << 20
    assert len(ranges) == -(-size // units.CHUNK_BYTES)
    assert all(length <= units.CHUNK_BYTES + line for length in lengths)
    assert sum(lengths) == size


def test_a_batch_holds_no_more_than_one_unit_of_a_split_shard(tmp_path):
    shard = tmp_path / "shard.jsonl"
    size = _shard(shard, 20000)  # about 20 MiB: 20 units
    work = [WorkUnit(shard, "shard.jsonl", start, end, first)
            for start, end, first in split_ranges(shard)]
    assert len(work) >= 19
    assert executors._chunksize(list(map(executors._unit_bytes, work)), 2) == 1
    assert size > 19 * units.CHUNK_BYTES


def test_small_files_are_still_handed_over_many_at_a_time(tmp_path):
    """The bound is in bytes: a batch of small files costs more to hand over than to hold."""
    small = []
    for i in range(400):
        (tmp_path / f"f{i}.txt").write_text("A short document.\n" * 20, encoding="utf-8")
        small.append(WorkUnit(tmp_path / f"f{i}.txt", f"f{i}.txt"))
    assert executors._chunksize(list(map(executors._unit_bytes, small)), 2) == 400 // (2 * 8)


def test_batches_keep_every_unit_in_order_and_shrink_towards_the_end(tmp_path):
    """Guided batches (workers finish together): the same units in the same order as
    equal batches of ``_chunksize``, none larger, none more than a ``jobs``-th of what is
    left, the last a single unit; sizes are the units' bytes."""
    small = []
    for i in range(400):
        (tmp_path / f"f{i}.txt").write_text("A short document.\n" * (1 + i % 7), encoding="utf-8")
        small.append(WorkUnit(tmp_path / f"f{i}.txt", f"f{i}.txt"))
    batches = executors._batches(small, 2)
    assert [unit for batch, _ in batches for unit in batch] == small
    cap = executors._chunksize(list(map(executors._unit_bytes, small)), 2)
    left = len(small)
    for batch, size in batches:
        assert 1 <= len(batch) <= min(cap, -(-left // 2))
        assert size == sum((tmp_path / unit.display).stat().st_size for unit in batch)
        left -= len(batch)
    assert len(batches[-1][0]) == 1
    assert len(batches[0][0]) == cap


def test_display_paths_from_the_folders_answer_equal_relpath(tmp_path, monkeypatch):
    """``display_path`` reuses a folder's relative path for its files: the same answers as
    ``posix_relpath``, below, beside and above the working directory, after a chdir too."""
    from corpus_lint.config import posix_relpath
    from corpus_lint.discovery import display_path

    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    paths = [tmp_path / "a" / "b" / "c" / "x.txt", tmp_path / "a" / "b" / "x.txt",
             tmp_path / "a" / "x.txt", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c",
             tmp_path / "a" / ".." / "a" / "b" / "y.txt", tmp_path / "a" / "b" / "..",
             tmp_path / "q.txt", tmp_path / "q" / "x.txt", tmp_path / "a" / "q" / "c",
             Path("x.txt"), Path("sub/x.txt"), Path("../b/x.txt"), Path("../../c/x.txt"),
             Path("/x.txt"), Path("./x.txt")]
    for cwd in (tmp_path, tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        monkeypatch.chdir(cwd)
        assert [display_path(p) for p in paths] == [posix_relpath(p) for p in paths], cwd


def test_a_folders_files_share_its_relative_path(tmp_path, monkeypatch):
    from corpus_lint import discovery

    (tmp_path / "corpus").mkdir()
    monkeypatch.chdir(tmp_path)
    discovery._folder_shown.cache_clear()
    shown = [discovery.display_path(tmp_path / "corpus" / f"{i}.txt") for i in range(50)]
    assert shown == [f"corpus/{i}.txt" for i in range(50)]
    assert discovery._folder_shown.cache_info().misses == 1  # one relpath for 50 files
    monkeypatch.chdir(tmp_path / "corpus")  # a folder beside the working directory
    shown = [discovery.display_path(tmp_path / "other" / f"{i}.txt") for i in range(50)]
    assert shown == [f"../other/{i}.txt" for i in range(50)]
    assert discovery._folder_shown.cache_info().misses == 2
