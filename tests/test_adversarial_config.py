"""Configuration values that crashed or hung a run later (issue 11, item 9): duplicate,
comment-spam, metadata and integrity.

A value a rule cannot work with must be refused when the configuration loads (exit 2, one
line naming the rule and the parameter), never found out by a crash, a division by zero,
a hang or gigabytes of memory inside the rule. A user's regular expression is compiled
with RE2, which matches in linear time; one RE2 cannot compile, or one that matches the
empty string, is refused the same way.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

MARKERS = Path(__file__).parents[1] / "rules" / "comment-spam" / "markers.toml"


def _check(root: Path, *args: str):
    return run_cli("check", "--format", "json", "--jobs", "1", "--no-cache", *args, ".",
                   cwd=root)


def _refused(write, config: str, files: dict | None = None) -> str:
    """The error of a run with ``config``: exit 2, one line, no traceback."""
    root = write({"a.txt": "Hello there.\n", "corpus-lint.toml": config, **(files or {})})
    result = _check(root)
    assert result.code == 2, (config, result.code, result.err)
    assert "Traceback" not in result.err and result.err.count("\n") == 1, result.err
    return result.err


@pytest.mark.parametrize("config, message", [
    # duplicate: LSH bands must divide the 128 MinHash bins (ValueError in D301 before)
    ("[rules.D301]\nbands = 7\n", "[rules.D301] 'bands' should be one of 1, 2, 4, 8"),
    # an n-gram size of 10^8: 10^8 slices of the word list (memory) in D203
    ("[rules.D203]\nlimits = {'100000000' = 0.1}\n",
     "[rules.D203] 'limits' key '100000000' should be between 2 and 20"),
    # "²" passes str.isdigit() but not int(): D204 crashed
    ("[rules.D204]\nlimits = {'²' = 0.1}\n", "[rules.D204] 'limits' key '²' should be a whole"),
    ("[rules.D102]\nthreshold = -0.5\n", "[rules.D102] 'threshold' should be at least 0"),
    ("[rules.D102]\nmin-words = 0\n", "[rules.D102] 'min-words' should be at least 1"),
    # comment-spam
    ("[rules.C101]\nbare-max-shared-vocabulary = 1.5\n",
     "[rules.C101] 'bare-max-shared-vocabulary' should be at most 1"),
    ("[rules.C101]\ntop-lines = -3\n", "[rules.C101] 'top-lines' should be at least 0"),
    ("[rules.C102]\nmin-score = -1\n", "[rules.C102] 'min-score' should be at least 0"),
    # metadata: today + 10^7 days is past the year 9999 (OverflowError in M104)
    ("[rules.M104]\ntolerance-days = 10000000\n",
     "[rules.M104] 'tolerance-days' should be at most 36500"),
    ("[rules.M105]\nmax-lines = 0\n", "[rules.M105] 'max-lines' should be at least 1"),
    # integrity: a last paragraph of no words would have no last word
    ("[rules.I110]\nmin-words = 0\n", "[rules.I110] 'min-words' should be at least 1"),
], ids=["D301-bands", "D203-huge-n", "D204-superscript-n", "D102-negative-threshold",
        "D102-min-words-0", "C101-fraction", "C101-negative-top-lines", "C102-negative-score",
        "M104-tolerance-overflow", "M105-no-lines", "I110-no-words"])
def test_out_of_range_values_are_refused_at_load(write, config, message):
    date = "---\ntitle: Storm\ndate: 2020-01-01\n---\nSnow closed the schools on Monday.\n"
    assert message in _refused(write, config, {"a.md": date})


def test_empty_d204_limits_check_nothing_instead_of_crashing(write):
    root = write({"a.txt": "Hello there.\n", "corpus-lint.toml": "[rules.D204]\nlimits = {}\n"})
    result = _check(root, "--select", "D204")
    assert result.code == 0, result.err
    assert result.json()["problems"] == []


def test_catastrophic_user_regex_runs_in_linear_time(write):
    """``^(a+)+$`` took 69 s on this line with Python's re; RE2 still matches it."""
    root = write({"a.txt": "a" * 30 + "!\n\n" + "a" * 30 + "\n",
                  "b.jsonl": '{"text": "aaaa\\ud800 ' + "a" * 30 + '!"}\n',  # lone surrogate
                  "corpus-lint.toml": "[rules.C102]\nmin-score = 3\n"
                                      "extra-spam-patterns = ['^(a+)+$']\n"
                                      "[rules.C101]\nextra-header-patterns = ['^(a+)+$']\n"})
    start = time.monotonic()
    result = _check(root, "--select", "C101,C102")
    assert time.monotonic() - start < 5
    assert result.code == 1, result.err
    assert result.json()["problems"] == []
    assert [(f["path"], f["code"], f["line"]) for f in result.json()["findings"]] == \
        [("a.txt", "C102", 3)]


@pytest.mark.parametrize("parameter", ["extra-spam-patterns", "extra-header-patterns",
                                       "extra-signature-patterns", "extra-timestamp-patterns"])
def test_a_user_pattern_matching_the_empty_string_is_refused(write, parameter):
    """An empty extra-spam-patterns entry made a 24-character line take 4 s and 800 MB."""
    rule = "C102" if parameter == "extra-spam-patterns" else "C101"
    for pattern in ["", "x*", r"\b", "(?:ab|)"]:
        config = f"[rules.{rule}]\n{parameter} = ['{pattern}']\n"
        assert f"[rules.{rule}] {parameter}: pattern {pattern!r} matches the empty string" \
            in _refused(write, config), config


def test_lookbehind_and_backreferences_are_refused(write):
    err = _refused(write, "[rules.C102]\nextra-spam-patterns = ['(?<=buy )now']\n")
    assert "[rules.C102] extra-spam-patterns: pattern '(?<=buy )now' is not supported" in err
    assert "RE2 syntax: no backreferences or lookaround" in err
    err = _refused(write, "[rules.C101]\nextra-signature-patterns = ['(\\w+) \\1 says']\n")
    assert r"[rules.C101] extra-signature-patterns: pattern '(\\w+) \\1 says'" in err


def test_user_files_are_re2_but_a_copy_of_the_shipped_markers_still_works(write):
    """The shipped date patterns use lookaround: a copy keeps them on Python's re; a pattern
    the user adds is RE2 and refused when it looks behind."""
    text = (FIXTURES / "comment_spam" / "says_comments.txt").read_text(encoding="utf-8")
    shipped = MARKERS.read_text(encoding="utf-8")
    root = write({"a.txt": text, "markers.toml": shipped})
    builtin = _check(root, "--select", "C101").json()["findings"]
    assert builtin
    (root / "corpus-lint.toml").write_text("[rules.C101]\nmarkers-file = 'markers.toml'\n")
    assert _check(root, "--select", "C101").json()["findings"] == builtin
    (root / "edited.toml").write_text(  # another name: loaded files are cached by path
        shipped.replace("header-patterns = [\n", "header-patterns = [\n    '(?<!x)talk',\n", 1))
    (root / "corpus-lint.toml").write_text("[rules.C101]\nmarkers-file = 'edited.toml'\n")
    result = _check(root, "--select", "C101")
    assert result.code == 2
    assert "[rules.C101] markers-file" in result.err and "'header-patterns'" in result.err
    assert "pattern '(?<!x)talk' is not supported" in result.err
    (root / "spam.toml").write_text("[[pattern]]\nregex = '(?:free)?'\n")
    (root / "corpus-lint.toml").write_text("[rules.C102]\nspam-patterns-file = 'spam.toml'\n")
    result = _check(root, "--select", "C102")
    assert result.code == 2
    assert "[rules.C102] spam-patterns-file" in result.err
    assert "pattern '(?:free)?' matches the empty string" in result.err
