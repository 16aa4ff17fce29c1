"""Issue 14, item 11: what the text report shows. Invisible characters are escaped in
excerpts so the marker sits under something; --statistics prints the table instead of the
listing; --quiet prints only the summary."""
from __future__ import annotations

from conftest import run_cli
from corpus_lint.findings.display import excerpt

NO_META = "Hello world, this is a plain text file.\n"


def test_invisible_characters_are_escaped_under_the_marker(write):
    root = write({"z.txt": "The price\u200b rose.\n"})
    out = run_cli("check", "--no-cache", "--select", "I107", "z.txt", cwd=root).out.splitlines()
    assert out[1] == "    The price\\u200b rose."
    assert out[2] == "             ^^^^^^"  # under the six characters of the escape


def test_excerpt_moves_the_marker_past_earlier_escapes():
    text, start, end = excerpt("a\u202eb\u200bc", 3, 4)
    assert text == "a\\u202eb\\u200bc"
    assert text[start:end] == "\\u200b"


def test_statistics_prints_the_table_alone(write):
    root = write({"a.txt": NO_META, "b.txt": NO_META})
    result = run_cli("check", "--no-cache", "--statistics", ".", cwd=root)
    out = result.out.splitlines()
    assert out[0].split()[:3] == ["2", "M101", "no-metadata"]
    assert all("%" in line for line in out)  # table rows only, no listing, no summary
    assert result.code == 1


def test_quiet_prints_only_the_summary(write):
    root = write({"a.txt": NO_META, "b.txt": NO_META})
    result = run_cli("check", "--no-cache", "--quiet", ".", cwd=root)
    assert result.code == 1
    assert result.out.splitlines() == ["Found 2 findings (2 warnings) in 2 of 2 documents "
                                       "(2 files)."]
