"""Readers and the document model: paragraphs, positions, metadata sources."""
from __future__ import annotations

import gzip
import json

import pytest

from corpus_lint.config import Settings
from corpus_lint.readers.decoding import decode
from corpus_lint.documents.layout import split_paragraphs
from corpus_lint.documents.sentences import ends_sentence
from corpus_lint.findings.model import Problem
from corpus_lint.readers.jsonl import JsonlReader
from corpus_lint.readers.text import TextReader


def read(reader, path, settings=None):
    return list(reader.read(path, path.name, settings or Settings()))


def test_blank_line_paragraphs_keep_exact_offsets():
    text = "First para\nwrapped here.\n\n  Second para.\n"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["First para\nwrapped here.", "Second para."]
    assert all(text[p.start:p.end] == p.text for p in paragraphs)


def test_one_paragraph_per_line_layout_is_split_per_line():
    text = "The first paragraph ends here.\nThe second one ends too.\nAnd a third one.\n"
    assert len(split_paragraphs(text)) == 3


def test_hard_wrapped_prose_stays_one_paragraph():
    text = ("I replaced the battery last winter and it has been\n"
            "fine since, though the cold mornings were a test of\n"
            "its patience and of mine.\n")
    assert len(split_paragraphs(text)) == 1


def test_front_matter_body_positions_are_file_lines(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2020-01-01\n---\nBody line one.\n\nSecond.\n")
    (doc,) = read(TextReader(), path)
    assert doc.metadata == {"title": "T", "date": "2020-01-01"}  # dates stay text: M103 judges them
    assert doc.metadata_lines == {"title": 2, "date": 3}
    second = doc.paragraphs[1]
    assert doc.region(second.start, second.end).start_line == 7


def test_toml_front_matter_and_sidecar(tmp_path):
    (tmp_path / "a.md").write_text('+++\ntitle = "T"\n+++\nBody.\n')
    (tmp_path / "b.txt").write_text("Body.\n")
    (tmp_path / "b.meta.json").write_text('{"title": "T", "date": "2020-01-01"}')
    (a,) = read(TextReader(), tmp_path / "a.md")
    (b,) = read(TextReader(), tmp_path / "b.txt")
    assert a.metadata == {"title": "T"} and a.metadata_origin == "front-matter"
    assert b.metadata["date"] == "2020-01-01" and b.metadata_origin == "sidecar b.meta.json"


def test_jsonl_columns_map_through_escapes(tmp_path):
    record = {"id": "r1", "title": "T", "text": "Caf\u00e9 \"quoted\"\nSecond paragraph here."}
    raw = json.dumps(record)  # ensure_ascii: \u00e9, \" and \n escapes in the raw line
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "first"}\n' + raw + "\n")
    docs = read(JsonlReader(), path)
    doc = docs[1]
    assert doc.record == 2 and doc.record_id == "r1" and doc.metadata["title"] == "T"
    second = doc.paragraphs[1]
    line, column = doc.source_map.locate(second.start)
    assert line == 2
    assert raw[column - 1:].startswith("Second paragraph")


def test_jsonl_gz_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "d.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write('{"text": "ok one"}\n{not json}\n{"text": 3}\n{"text": "ok two"}\n')
    items = read(JsonlReader(), path)
    docs = [item for item in items if not isinstance(item, Problem)]
    problems = [item for item in items if isinstance(item, Problem)]
    assert [d.text for d in docs] == ["ok one", "ok two"]
    assert sorted(p.line for p in problems) == [2, 3]


def test_decoding_locates_undecodable_bytes_and_normalises_newlines():
    decoded = decode("ok\r\ncaf\u00e9 x".encode("latin-1"))
    assert decoded.text == "ok\ncaf\ufffd x"
    assert decoded.errors[0][0] == decoded.text.index("\ufffd")
    assert decoded.line_endings == {"crlf": 1, "cr": 0, "lf": 0}
    assert decoded.likely_encoding.startswith("Windows-1252")


def test_decoding_utf16_bom_and_binary():
    assert decode("héllo".encode("utf-16")).text == "héllo"
    assert decode(b"\x00\x01\x02abc").binary


def test_jsonl_columns_after_surrogate_pairs_and_escapes(tmp_path):
    text = "A \U0001F600 smile\tand \"quotes\" then the target word."
    raw = json.dumps({"text": text})  # \ud83d\ude00, \t and \" escapes
    path = tmp_path / "e.jsonl"
    path.write_text(raw + "\n")
    (doc,) = read(JsonlReader(), path)
    for word in ("smile", "quotes", "target"):
        line, column = doc.source_map.locate(text.index(word))
        assert raw[column - 1:].startswith(word), word


@pytest.mark.parametrize("text", [
    "plain",
    "tab\there and a \\ backslash",
    "caf\u00e9 \U0001F600 \"quoted\"\n\nnext\u2028para",
])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_jsonl_column_of_every_offset_decodes_to_the_text_before_it(tmp_path, text, ascii_only):
    raw = json.dumps({"id": 1, "text": text}, ensure_ascii=ascii_only)
    path = tmp_path / "r.jsonl"
    path.write_text(raw + "\n", encoding="utf-8")
    (doc,) = read(JsonlReader(), path)
    value_start = doc.source_map.value_column
    for offset in range(len(text) + 1):
        line, column = doc.source_map.locate(offset)
        assert line == 1
        assert json.loads('"' + raw[value_start:column - 1] + '"') == text[:offset]


def test_indented_first_lines_start_paragraphs_in_wrapped_prose():
    text = ("Showers continued throughout the week in\nthe cocoa zone, said the weekly\n"
            "review.\n    The dry period means the crop\nwill be late this year.\n"
            "    Arrivals for the week were\nsteady.\n")
    paragraphs = split_paragraphs(text)
    assert [p.text.split()[0] for p in paragraphs] == ["Showers", "The", "Arrivals"]
    code = "Run this:\n    make all\n    make install\n"
    assert len(split_paragraphs(code)) == 1


def test_broken_metadata_points_at_its_line(tmp_path):
    (tmp_path / "y.md").write_text("---\ntitle: x\ndate: 2019-02-30\n---\nBody.\n")
    (tmp_path / "t.md").write_text('+++\ntitle = "x"\ndate = 2019-02-30\n+++\nBody.\n')
    (tmp_path / "b.md").write_text("---\ntitle: x\nsource: [unclosed\n---\nBody.\n")
    (y,) = read(TextReader(), tmp_path / "y.md")
    (t,) = read(TextReader(), tmp_path / "t.md")
    (b,) = read(TextReader(), tmp_path / "b.md")
    assert y.metadata["date"] == "2019-02-30" and y.front_matter_problem is None
    assert t.front_matter_problem[0] == 3 and "invalid TOML" in t.front_matter_problem[1]
    assert b.front_matter_problem[0] in (3, 4) and "invalid YAML" in b.front_matter_problem[1]


@pytest.mark.parametrize("text, ends", [
    ("It rained.", True), ('"Will it rain?"  ', True), ("(see above).)", True),
    ("Wait…", True), ("It said.»", True), ("and then", False), ("", False),
    ("the list:", False), ('"quoted"', False),
])
def test_one_test_of_a_sentence_end_for_every_family(text, ends):
    assert ends_sentence(text) is ends
    # quality's FineWeb rule passes its own marks (CJK full stops among them)
    assert ends_sentence("雨が降った。", frozenset("。")) and not ends_sentence("雨が降った。")
