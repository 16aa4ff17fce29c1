"""Absurd metadata must not drop a document whole (issue 11, item 8).

Each test is metadata that once crashed a reader or a metadata rule (Python's recursion
limit, the 4,300 digits ``int()`` reads, a date PyYAML cannot build, a number past a
float's range), so the document was reported as unreadable and its text went unchecked. The
answer a user should get: one finding naming the metadata problem (M108, or M103/M106 for
the value), the text still checked (its repeated paragraph is D101), exit code 1.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from test_adversarial import ARTICLE

DEEP_JSON = "[" * 100_000 + "]" * 100_000
HUGE_HEX = "0x" + "F" * 4000  # 16,000 bits: past a float, and past 4,300 decimal digits


def _check(root: Path):
    return run_cli("check", "--format", "json", "--jobs", "1", "--no-cache", ".", cwd=root)


def _reported_and_text_checked(root: Path, code: str) -> str:
    """The message of the one ``code`` finding, after checking that the run is clean and the
    body was checked."""
    result = _check(root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    report = result.json()
    assert report["problems"] == []
    assert [f["code"] for f in report["findings"]].count("D101") == 1
    messages = [f["message"] for f in report["findings"] if f["code"] == code]
    assert len(messages) == 1, report["findings"]
    return messages[0]


def test_toml_front_matter_nested_5000_deep_is_m108(write):
    nested = "[" * 5000 + "]" * 5000
    root = write({"a.md": f'+++\ntitle = "Storm"\nx = {nested}\n+++\n{ARTICLE}'})
    assert _reported_and_text_checked(root, "M108") == "Front matter: TOML nested too deeply."


def test_toml_front_matter_with_a_5000_digit_integer_is_m108(write):
    root = write({"a.md": f'+++\ntitle = "Storm"\nviews = {"9" * 5000}\n+++\n{ARTICLE}'})
    message = _reported_and_text_checked(root, "M108")
    assert message == "Front matter: invalid TOML: integer longer than 4300 digits."


@pytest.mark.parametrize("sidecar, content", [
    ("a.meta.json", DEEP_JSON),
    ("a.meta.toml", f'title = "Storm"\nx = {DEEP_JSON}\n'),
])
def test_a_sidecar_nested_100000_deep_is_m108(write, sidecar, content):
    root = write({"a.txt": ARTICLE, sidecar: content})
    fmt = sidecar.rsplit(".", 1)[1].upper()
    assert _reported_and_text_checked(root, "M108") == \
        f"Sidecar {sidecar}: {fmt} nested too deeply."


def test_a_yaml_timestamp_pyyaml_cannot_build_is_m103(write):
    root = write({"a.md": f"---\ntitle: Storm\ndate: !!timestamp 99999-01-01\n---\n{ARTICLE}"})
    assert _reported_and_text_checked(root, "M103") == \
        "Date 'date' does not parse as a date: '99999-01-01'."


@pytest.mark.parametrize("front_matter", [
    f"---\ntitle: Storm\ndate: {HUGE_HEX}\n---\n",
    f'+++\ntitle = "Storm"\ndate = {HUGE_HEX}\n+++\n',
])
def test_a_huge_hexadecimal_date_is_m103(write, front_matter):
    root = write({"a.md": front_matter + ARTICLE})
    assert _reported_and_text_checked(root, "M103") == \
        "Date 'date' does not parse as a date: a 16000-bit integer."


def test_a_huge_hexadecimal_language_is_m106(write):
    root = write({"a.md": f"---\ntitle: Storm\ndate: 2020-01-01\nlanguage: {HUGE_HEX}\n---\n"
                          f"{ARTICLE}"})
    assert _reported_and_text_checked(root, "M106") == \
        "Language 'language' is not a valid BCP 47 tag: a 16000-bit integer."


def test_a_5000_digit_integer_in_a_jsonl_record_is_m103(write):
    record = json.dumps({"text": ARTICLE, "title": "Storm"})[:-1] + f', "date": {"9" * 5000}}}'
    root = write({"a.jsonl": record + "\n"})
    assert _reported_and_text_checked(root, "M103") == \
        "Date 'date' does not parse as a date: inf."


def test_a_jsonl_record_nested_100000_deep_loses_only_that_record(write):
    deep = json.dumps({"text": "Deep.", "title": "x"})[:-1] + f', "x": {DEEP_JSON}}}'
    good = json.dumps({"text": ARTICLE, "title": "Storm", "date": "2020-01-01"})
    root = write({"a.jsonl": f"{deep}\n{good}\n"})
    result = _check(root)
    assert result.code == 1, result.err
    assert result.json()["problems"] == [{"path": "a.jsonl", "line": 1, "kind": "input",
                                          "message": "record nested too deeply to read"}]
    assert [(f["code"], f["line"]) for f in result.json()["findings"]] == [("D101", 2)]


def test_a_huge_hexadecimal_key_is_m108(write):
    root = write({"a.md": f"---\ntitle: Storm\n? {HUGE_HEX}\n: x\n---\n{ARTICLE}"})
    assert _reported_and_text_checked(root, "M108") == \
        "Front matter: a key is an integer too long to print."


def test_a_huge_hexadecimal_key_in_nested_metadata_crashes_no_rule(write):
    root = write({"a.md": f"---\ntitle: Storm\nmetadata:\n  ? {HUGE_HEX}\n  : x\n---\n{ARTICLE}"})
    assert _reported_and_text_checked(root, "M102") == \
        "Required metadata missing or empty in front-matter: date."


def test_a_huge_integer_in_corpus_lint_disable_is_an_unknown_selector(write):
    root = write({"a.md": "---\ntitle: T\ndate: 2020-01-01\ncorpus-lint-disable: [0x"
                          + "F" * 4000 + "]\n---\nA body that ends well.\n"})
    result = run_cli("check", "--no-cache", "--format", "json", "a.md", cwd=root)
    assert result.json()["problems"] == []
    (finding,) = [f for f in result.json()["findings"] if f["code"] == "I900"]
    assert "16000-bit integer" in finding["message"]
