"""Audit-scale machinery: split shards, spilled findings, baselines, cache, --diff, engines."""
from __future__ import annotations

import io
import json
import subprocess

import pytest

from conftest import run_cli
from corpus_lint.discovery import units
from corpus_lint.engine.progress import Progress
from corpus_lint.engine.engine import Engine, RunOptions
from corpus_lint.engine.run import run_check

HEAD = "---\ntitle: T\ndate: 2020-01-01\n---\n"
BAD = "The minister\u0007 resigned on Tuesday."


def _records(n: int) -> str:
    return "".join(json.dumps({"id": i, "text": f"Record {i} ends{' here' if i % 7 else chr(7)}."})
                   + "\n" for i in range(n))


def test_split_shard_gives_the_same_findings_as_one_unit(write, monkeypatch):
    root = write({"shard.jsonl": _records(3000)})
    whole = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1", ".", cwd=root).out
    monkeypatch.setattr(units, "CHUNK_BYTES", 4096)
    assert len(units.split_ranges(root / "shard.jsonl")) > 10
    split = run_cli("check", "--no-cache", "--format", "json", "--jobs", "2", ".", cwd=root).out
    assert split == whole
    findings = json.loads(split)["findings"]
    assert [f["line"] for f in findings if f["code"] == "I106"] == list(range(1, 3001, 7))


def test_audit_reports_shares_and_matches_check(write):
    root = write({"a.md": HEAD + BAD + "\n", "b.md": HEAD + "Clean text here.\n",
                  "c.txt": "No metadata here.\n"})
    audit = run_cli("audit", "--no-cache", ".", cwd=root)
    assert audit.code == 1
    assert "        1  integrity      33.3%" in audit.out
    assert "        1  metadata       33.3%" in audit.out
    assert "Found 2 findings (2 warnings) in 2 of 3 documents" in audit.out
    as_json = run_cli("audit", "--no-cache", "--format", "json", ".", cwd=root)
    check = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert as_json.json()["findings"] == check.json()["findings"]
    assert "33.3%" in as_json.err  # the summary goes to stderr beside a machine format


def test_baseline_hides_known_findings_and_reports_stale_ones(write):
    root = write({"a.md": HEAD + BAD + "\n", "b.txt": "No metadata here.\n"})
    written = run_cli("check", "--no-cache", "--write-baseline", "base.json", ".", cwd=root)
    assert written.code == 0 and "2 findings recorded" in written.err
    assert run_cli("check", "--no-cache", "--baseline", "base.json", ".", cwd=root).code == 0
    # Shift lines: still baselined (keyed on content, not line numbers)
    (root / "a.md").write_text(HEAD + "A new first paragraph.\n\n" + BAD + "\n")
    assert run_cli("check", "--no-cache", "--baseline", "base.json", ".", cwd=root).code == 0
    # A new defect fails, alone
    (root / "c.md").write_text(HEAD + "Zero\u200bwidth.\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--baseline", "base.json", ".",
                     cwd=root)
    assert result.code == 1
    assert [(f["path"], f["code"]) for f in result.json()["findings"]] == [("c.md", "I107")]
    # Fixing a baselined defect leaves a stale entry, which is reported (the file is checked)
    (root / "b.txt").write_text(HEAD + "Metadata here now.\n")
    text = run_cli("check", "--no-cache", "--baseline", "base.json", "a.md", "b.txt", cwd=root)
    assert "1 stale baseline entries" in text.out
    sarif = run_cli("check", "--no-cache", "--format", "sarif", "--baseline", "base.json",
                    "a.md", "b.txt", cwd=root).json()
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("Stale baseline entry: M101 in b.txt" in n["message"]["text"] for n in notes)


def test_invalid_baseline_is_a_usage_error(write):
    root = write({"a.md": HEAD + "Clean.\n", "base.json": "{}"})
    result = run_cli("check", "--baseline", "base.json", ".", cwd=root)
    assert result.code == 2 and "base.json: invalid baseline" in result.err


def _engine(root, **options):
    return Engine({}, None, RunOptions(cache_dir=str(root / ".cache"), **options))


def test_cache_reuses_unchanged_units_and_invalidates_on_change(write, monkeypatch):
    root = write({"a.md": HEAD + BAD + "\n", "b.txt": "No metadata here.\n"})
    monkeypatch.chdir(root)
    first = run_check(["."], _engine(root))
    second = run_check(["."], _engine(root))
    assert (first.cached_units, second.cached_units) == (0, 2)
    assert list(first.findings) == list(second.findings)
    (root / "b.meta.json").write_text('{"title": "T", "date": "2020-01-01"}')
    third = run_check(["."], _engine(root))
    assert third.cached_units == 1 and len(third.findings) == 1
    fourth = run_check(["."], _engine(root, select=["metadata"]))
    assert fourth.cached_units == 0 and len(fourth.findings) == 0


def test_diff_checks_changed_and_untracked_files_only(write):
    root = write({"old.txt": "No metadata, committed.\n", "changed.txt": "Committed.\n"})
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"],
                 ["config", "user.name", "t"], ["add", "."], ["commit", "-qm", "one"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    (root / "changed.txt").write_text("Changed since.\n")
    (root / "new.txt").write_text("Untracked.\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--diff", "HEAD", ".", cwd=root)
    assert sorted(f["path"] for f in result.json()["findings"]) == ["changed.txt", "new.txt"]
    bad = run_cli("check", "--diff", "no-such-rev", ".", cwd=root)
    assert bad.code == 2 and "--diff" in bad.err


def test_progress_line_only_when_enabled():
    stream = io.StringIO()
    progress = Progress(2, stream, enabled=True)
    progress.update(3)
    progress.update(4)
    progress.close()
    assert "2/2 units, 7 documents" in stream.getvalue()
    quiet = io.StringIO()
    Progress(2, quiet, enabled=None).update(1)
    assert quiet.getvalue() == ""


def test_dask_engine_gives_byte_identical_sarif(write):
    pytest.importorskip("dask.distributed")
    files = {f"d{i:02}.md": HEAD + (BAD if i % 3 == 0 else "Clean text.") + "\n" for i in range(9)}
    files["shard.jsonl"] = _records(50)
    root = write(files)
    local = run_cli("check", "--no-cache", "--format", "sarif", "--jobs", "2", ".", cwd=root)
    dask = run_cli("check", "--no-cache", "--format", "sarif", "--jobs", "2", "--engine", "dask",
                   ".", cwd=root)
    assert dask.code == local.code == 1
    assert dask.out == local.out


def test_split_parquet_gives_the_same_findings_as_one_unit(write, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    from corpus_lint.readers.parquet import ParquetReader

    root = write({})
    rows = [{"id": i, "text": f"Row {i} ends{' here' if i % 5 else chr(7)}."} for i in range(2000)]
    pq.write_table(pa.Table.from_pylist(rows), root / "shard.parquet", row_group_size=100)
    whole = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1", ".", cwd=root).out
    monkeypatch.setattr(ParquetReader, "chunk_bytes", 1000)
    assert len(ParquetReader().split_ranges(root / "shard.parquet")) > 5
    split = run_cli("check", "--format", "json", "--jobs", "2", ".", cwd=root).out
    assert split == whole
    again = run_cli("check", "--format", "json", "--jobs", "2", ".", cwd=root).out  # from cache
    assert again == whole
    lines = [f["line"] for f in json.loads(split)["findings"] if f["code"] == "I106"]
    assert lines == list(range(1, 2001, 5))


def test_cache_notices_a_changed_rule_default(write, monkeypatch):
    from corpus_lint.plugins.metadata import FusedMetadata

    root = write({"a.txt": "Subject: hello\nFrom: me\n\nBody text that ends well.\n"})
    monkeypatch.chdir(root)
    first = run_check(["."], _engine(root, select=["M105"]))
    assert len(first.findings) == 1
    spec = FusedMetadata.spec
    monkeypatch.setattr(FusedMetadata, "spec", type(spec)(**{**spec.__dict__,
                                                              "parameters": {"max-lines": 0}}))
    second = run_check(["."], _engine(root, select=["M105"]))
    assert second.cached_units == 0 and len(second.findings) == 0


def test_audit_names_every_file_it_could_not_read(write):
    """Issue 14, point 7: the count of input errors comes with the files, as in check."""
    root = write({"a.md": HEAD + "Clean text here.\n", "bad.jsonl": '{"text": 5}\n',
                  "worse.jsonl": "not json\n"})
    audit = run_cli("audit", "--no-cache", ".", cwd=root)
    assert "2 input or plugin errors" in audit.out
    assert "bad.jsonl:1: error:" in audit.out and "worse.jsonl:1: error:" in audit.out
    as_json = run_cli("audit", "--no-cache", "--format", "json", ".", cwd=root)
    assert as_json.err.count("bad.jsonl") == 1 and as_json.err.count("worse.jsonl") == 1


def test_spilled_late_findings_merge_in_the_order_of_memory(monkeypatch):
    """Cross-document findings spilled in sorted runs come back interleaved exactly as a
    store that keeps them in memory gives them (ties in the order they were added)."""
    import random

    from corpus_lint.documents.sourcemap import Region
    from corpus_lint.findings import store as store_module
    from corpus_lint.findings.model import Finding

    monkeypatch.setattr(store_module, "_LATE_RUN", 7)
    monkeypatch.setattr(store_module, "_LATE_BATCH", 3)
    rng = random.Random(5)

    def finding(code, path, line, message):
        return Finding(code=code, level="warning", path=path,
                       region=Region(line, 1, line, 2), message=message)

    batch = sorted((finding("D101", f"f{rng.randrange(4)}", rng.randrange(9), "unit")
                    for _ in range(20)), key=Finding.sort_key)
    late = [finding("D302", f"f{rng.randrange(4)}", rng.randrange(9), f"late {k % 3}")
            for k in range(40)]
    kept, spilled = store_module.FindingStore(), store_module.FindingStore(spill=True)
    for store in (kept, spilled):
        store.append_sorted_batch(batch)
        store.add_late(iter(late))
    assert len(spilled._late_runs) == 5 and len(spilled) == 60
    seen = [(f.path, f.region.start_line, f.code, f.message) for f in spilled]
    assert seen == [(f.path, f.region.start_line, f.code, f.message) for f in kept]
    assert seen == [(f.path, f.region.start_line, f.code, f.message) for f in spilled]
    spilled.close()


def test_a_shard_under_one_chunk_spreads_over_workers(write):
    """A thousand records (more than MIN_CHUNK_BYTES, less than CHUNK_BYTES) make several
    units; a file under MIN_CHUNK_BYTES stays one."""
    body = "".join(json.dumps({"id": i, "text": f"Record {i}. " + "word " * 150}) + "\n"
                   for i in range(1000))
    root = write({"shard.jsonl": body, "small.jsonl": body[:100_000]})
    assert units.MIN_CHUNK_BYTES < len(body) < units.CHUNK_BYTES
    ranges = units.split_ranges(root / "shard.jsonl")
    assert len(ranges) == -(-len(body) // units.MIN_CHUNK_BYTES)  # 3 units of 256 KiB
    assert ranges[0][:1] == (0,) and ranges[-1][1] is None
    assert [start for start, _, _ in ranges[1:]] == [end for _, end, _ in ranges[:-1]]
    assert units.split_ranges(root / "small.jsonl") == [(0, None, 1)]


def test_a_small_parquet_of_many_row_groups_spreads_over_workers(write):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    from corpus_lint.readers.parquet import ParquetReader

    root = write({})
    rows = [{"id": i, "text": f"Row {i}. " + "word " * 150} for i in range(1000)]
    pq.write_table(pa.Table.from_pylist(rows), root / "shard.parquet", row_group_size=50)
    ranges = ParquetReader().split_ranges(root / "shard.parquet")
    assert 2 <= len(ranges) <= units.SPREAD + 1
    assert ranges[0][0] == 0 and ranges[-1][1] is None
