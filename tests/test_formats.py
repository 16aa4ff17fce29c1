"""Issue 14, item 13: the junit, gitlab (Code Quality) and json-lines formats, and every
finding in the log of --format github although annotations are capped."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli

from corpus_lint.reporters import indented_json

NO_META = "Hello world, this is a plain text file.\n"
FILES = {"a.txt": NO_META, "b.txt": NO_META + "The price\u200b rose \x07 high.\n"}


def test_junit_is_xml_with_one_failed_case_per_finding(write):
    root = write(FILES)
    result = run_cli("check", "--no-cache", "--format", "junit", ".", cwd=root)
    assert result.code == 1
    tree = ET.fromstring(result.out)
    cases = tree.findall("./testsuite/testcase")
    assert len(cases) == int(tree.get("failures")) == 4
    assert {case.get("classname") for case in cases} == {"a.txt", "b.txt"}
    assert all(case.find("failure") is not None for case in cases)
    clean = run_cli("check", "--no-cache", "--format", "junit", "--select", "G103", ".",
                    cwd=root)
    assert clean.code == 0 and ET.fromstring(clean.out).get("failures") == "0"


def test_gitlab_code_quality_issues(write):
    root = write({**FILES, "c.txt": NO_META})
    issues = json.loads(run_cli("check", "--no-cache", "--format", "gitlab", ".",
                                cwd=root).out)
    assert len(issues) == 5
    for issue in issues:
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["description"] and issue["check_name"]
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == 5  # GitLab needs them unique
    assert {issue["location"]["path"] for issue in issues} == {"a.txt", "b.txt", "c.txt"}


def test_json_lines_is_one_finding_per_line(write):
    root = write(FILES)
    lines = run_cli("check", "--no-cache", "--format", "json-lines", ".",
                    cwd=root).out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["path"], r["code"]) for r in records] == [
        ("a.txt", "M101"), ("b.txt", "M101"), ("b.txt", "I107"), ("b.txt", "I106")]


def test_github_log_lists_every_finding_beyond_the_annotation_cap(write):
    root = write({f"d{i:02}.txt": NO_META for i in range(13)})
    out = run_cli("check", "--format", "github", ".", cwd=root).out
    for number in range(13):
        assert f"d{number:02}.txt" in out
    assert "d12.txt:1:1: M101 Document has no metadata" in out


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from(["", "  ", " " * 8]))
def test_indented_json_is_what_json_dumps_writes(value, indent):
    """The SARIF log's encoder (reporters.indented_json) writes what json.dumps(indent=2)
    writes, NaN, infinities, escapes and empty containers included."""
    expected = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    assert indented_json(value, indent) == expected.replace("\n", "\n" + indent)


def test_indented_json_leaves_other_keys_and_objects_to_json():
    value = {1: [Path("a")], "b": {True: None}}
    expected = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    assert indented_json(value) == expected
    assert indented_json([Path("a"), {"k": Path("b")}]) == json.dumps(
        [Path("a"), {"k": Path("b")}], indent=2, default=str)
