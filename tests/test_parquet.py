"""The Parquet reader: rows become documents (record = row), streamed in batches, bad input
becomes a Problem (never a traceback), and a missing pyarrow is explained."""
from __future__ import annotations

import datetime
import sys

import pytest

from corpus_lint.config import Settings
from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Problem
from corpus_lint.readers.parquet import ParquetReader

pa = pytest.importorskip("pyarrow", reason="pyarrow not installed (pip install corpus-lint[parquet])")
pq = pytest.importorskip("pyarrow.parquet")

DUPLICATED = ("The committee met on Tuesday to discuss the new budget for the coming year, "
              "and most members agreed that the plan was sound.")


def write_table(path, columns, **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, **options)
    return path


def read(path, settings=None):
    return list(ParquetReader().read(path, path.name, settings or Settings()))


def test_rows_become_documents_with_row_numbers_and_metadata(tmp_path):
    path = write_table(tmp_path / "c.parquet", {
        "id": ["a", "b", "c"],
        "text": ["First row.", "Second row,\nwith two lines.", "Third."],
        "title": ["T1", "T2", None],
        "date": [datetime.date(2020, 1, 2)] * 3,
        "corpus-lint-disable": [None, "M102", None],
    }, row_group_size=2)
    docs = read(path)
    assert [d.record for d in docs] == [1, 2, 3]
    assert [d.record_id for d in docs] == ["a", "b", "c"]
    assert docs[1].text == "Second row,\nwith two lines."
    assert docs[0].metadata == {"id": "a", "title": "T1", "date": datetime.date(2020, 1, 2)}
    assert docs[0].metadata_origin == "Parquet columns"
    assert docs[1].metadata_suppression == "M102"
    # line = row, column = offset + 1 (also past a line break inside the value)
    offset = docs[1].text.index("with")
    assert docs[1].region(offset, offset + 4) == docs[1].source_map.region(offset, offset + 4)
    region = docs[1].region(offset, offset + 4)
    assert (region.start_line, region.start_column, region.end_column) == (2, offset + 1, offset + 5)
    # the excerpt line keeps columns (line breaks become spaces)
    assert docs[1].source_map.line_text(2)[offset:offset + 4] == "with"
    assert docs[1].source_map.line_text(1) == ""


def test_text_and_id_columns_come_from_the_jsonl_settings(tmp_path, cli):
    write_table(tmp_path / "c.parquet", {"doc_id": ["x1", "x2"], "body": ["One.", "Two."]})
    (tmp_path / "pyproject.toml").write_text(
        '[tool.corpus-lint.records]\ntext-field = "body"\nid-field = "doc_id"\n')
    result = cli("check", "--select", "M", "--format", "json", "c.parquet", cwd=tmp_path)
    payload = result.json()
    assert payload["summary"]["documents"] == 2 and payload["problems"] == []
    missing = [f for f in payload["findings"] if f["code"] == "M102"]
    assert [(f["path"], f["record"], f["line"], f["column"]) for f in missing] == [
        ("c.parquet", 1, 1, 1), ("c.parquet", 2, 2, 1)]


def test_rows_without_string_text_are_one_problem_naming_rows(tmp_path):
    path = write_table(tmp_path / "c.parquet", {
        "text": ["ok", None, "ok", None, None, None, None, None, None, "ok"]})
    items = read(path)
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.record for d in docs] == [1, 3, 10]
    (problem,) = problems
    assert problem.line == 2
    assert problem.message.startswith("7 rows without a string in column 'text' (row 2, 4, 5, 6, 7, ...)")


def test_non_string_text_column_and_missing_column(tmp_path):
    numbers = write_table(tmp_path / "n.parquet", {"text": [1, 2]})
    (problem,) = read(numbers)
    assert "2 rows without a string in column 'text'" in problem.message
    other = write_table(tmp_path / "o.parquet", {"content": ["a"], "lang": ["en"]})
    (problem,) = read(other)
    assert problem.message == ("no column 'text' (columns: content, lang); "
                               "set [tool.corpus-lint.records] text-field")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "pages"])
def test_corrupt_parquet_is_one_problem_without_traceback(tmp_path, cli, damage):
    good = write_table(tmp_path / "good.parquet",
                       {"text": [f"Row number {i} of the table." for i in range(500)]},
                       compression="none", row_group_size=100)
    data = good.read_bytes()
    good.unlink()
    if damage == "garbage":
        data = b"this is not a parquet file\n" * 10
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = b""
    else:  # the footer is intact but the first data pages are overwritten
        data = data[:4] + b"\xff" * 200 + data[204:]
    (tmp_path / "bad.parquet").write_bytes(data)
    result = cli("check", "--format", "json", "bad.parquet", cwd=tmp_path)
    assert result.code == 1
    (problem,) = result.json()["problems"]
    assert problem["path"] == "bad.parquet"
    assert problem["message"].startswith(("not a readable Parquet file:",
                                          "corrupt Parquet data after row 0:"))
    assert "Traceback" not in result.err


def test_reading_is_streamed_in_batches(tmp_path, monkeypatch):
    path = write_table(tmp_path / "big.parquet", {"text": [f"doc {i}" for i in range(1000)]},
                       row_group_size=400)
    sizes = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        for batch in original(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    reader = ParquetReader().read(path, "big.parquet", Settings())
    first = next(reader)
    assert first.record == 1 and len(sizes) == 1  # only the first batch has been read
    rest = list(reader)
    assert len(rest) == 999 and rest[-1].record == 1000
    assert max(sizes) <= ParquetReader.batch_size and sum(sizes) == 1000


def test_missing_pyarrow_is_one_problem_with_the_install_hint(tmp_path, monkeypatch):
    path = write_table(tmp_path / "c.parquet", {"text": ["a"]})
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    (problem,) = read(path)
    assert isinstance(problem, Problem)
    assert "pip install 'corpus-lint[parquet]'" in problem.message


def test_folder_discovery_picks_up_parquet_and_rules_run(tmp_path, cli):
    text = f"{DUPLICATED}\n\nSomething else entirely in between.\n\n{DUPLICATED}"
    write_table(tmp_path / "corpus" / "part-0.parquet", {"id": ["r1"], "text": [text],
                                                        "title": ["T"]})
    result = cli("check", "--select", "D", "--format", "json", "corpus", cwd=tmp_path)
    payload = result.json()
    assert payload["summary"]["files"] == 1 and payload["summary"]["documents"] == 1
    assert payload["findings"], "a duplicated paragraph in a Parquet row is found"
    finding = payload["findings"][0]
    assert finding["path"] == "corpus/part-0.parquet" and finding["line"] == 1
    assert finding["record"] == 1


def test_large_file_splits_into_row_group_ranges_that_read_like_the_whole(tmp_path):
    texts = [f"Row {i}: " + "words " * 40 for i in range(1000)]
    path = write_table(tmp_path / "big.parquet", {"id": [str(i) for i in range(1000)],
                                                  "text": texts}, row_group_size=100)
    reader = ParquetReader()
    ranges = reader.split_ranges(path, chunk_bytes=50_000)
    assert len(ranges) > 2 and ranges[0][0] == 0 and ranges[-1][1] is None
    for (_, end, _), (start, _, _) in zip(ranges, ranges[1:]):
        assert end == start  # contiguous row groups, none skipped or read twice
    parts = [doc for start, end, first in ranges
             for doc in reader.read(path, "big.parquet", Settings(), start, end, first)]
    whole = read(path)
    assert [(d.record, d.record_id, d.text) for d in parts] == \
        [(d.record, d.record_id, d.text) for d in whole]
    assert [d.record for d in whole] == list(range(1, 1001))
    # small or unreadable files are one unit
    assert reader.split_ranges(path) == [(0, None, 1)]
    (tmp_path / "bad.parquet").write_bytes(b"nope")
    assert reader.split_ranges(tmp_path / "bad.parquet") == [(0, None, 1)]
