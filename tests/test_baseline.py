"""Baselines in CI (issue 14, point 1): keyed on content for document-level findings too,
stale only for files and rules the run checked, listed, and kept when a baseline is
rewritten while one is in use."""
from __future__ import annotations

import os

from conftest import run_cli
from corpus_lint.engine.engine import Engine, RunOptions
from corpus_lint.engine.run import run_check
from corpus_lint.findings.baseline import Baseline

HEAD = "---\ntitle: T\ndate: 2020-01-01\n---\n"
NO_META = "Plain prose without any metadata at all.\n"


def test_document_level_finding_survives_a_line_added_at_the_top(write):
    root = write({"a.txt": NO_META, "b.md": HEAD + "A bell\u0007 rang.\n"})
    assert run_cli("check", "--no-cache", "--write-baseline", "base.json", ".", cwd=root).code == 0
    (root / "a.txt").write_text("A new first line.\n\n" + NO_META)  # M101 is document-level
    (root / "b.md").write_text(HEAD + "A new first line.\n\nA bell\u0007 rang.\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--baseline", "base.json", ".",
                     cwd=root)
    assert result.code == 0, result.out
    summary = result.json()["summary"]
    assert (summary["findings"], summary["baselined"], summary["stale_baseline"]) == (0, 2, 0)


def test_stale_means_checked_in_this_run_and_gone(write, monkeypatch):
    root = write({"a.txt": NO_META, "b.txt": NO_META, "c.txt": NO_META})
    monkeypatch.chdir(root)
    assert run_cli("check", "--no-cache", "--write-baseline", "base.json", ".").code == 0
    (root / "b.txt").write_text(HEAD + "Fixed.\n")
    # what --diff does: only some files are checked; the others' entries are not stale
    baseline = Baseline.load(root / "base.json")
    result = run_check(["."], Engine({}, None, RunOptions()),
                       only={os.path.abspath("b.txt")}, baseline=baseline)
    assert [(code, path) for code, path, _, _ in result.stale_baseline] == [("M101", "b.txt")]
    # rules a run does not run (cross-document ones in check) cannot be stale either
    baseline = Baseline.load(root / "base.json")
    result = run_check(["."], Engine({}, None, RunOptions(select=["integrity"])),
                       baseline=baseline)
    assert result.stale_baseline == []


def test_stale_entries_are_listed_by_path_and_rule(write):
    root = write({"a.txt": NO_META, "b.txt": NO_META})
    run_cli("check", "--no-cache", "--write-baseline", "base.json", ".", cwd=root)
    (root / "b.txt").write_text(HEAD + "Fixed.\n")
    text = run_cli("check", "--no-cache", "--baseline", "base.json", ".", cwd=root)
    assert "b.txt: M101 stale baseline entry" in text.out
    payload = run_cli("check", "--no-cache", "--format", "json", "--baseline", "base.json",
                      ".", cwd=root).json()
    assert [(e["path"], e["code"]) for e in payload["stale_baseline"]] == [("b.txt", "M101")]
    sarif = run_cli("check", "--no-cache", "--format", "sarif", "--baseline", "base.json", ".",
                    cwd=root).json()
    (note,) = [n for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
               if "Stale" in n["message"]["text"]]
    assert "M101 in b.txt" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.txt"


def test_writing_a_baseline_while_one_is_in_use_keeps_both(write):
    root = write({"a.txt": NO_META})
    run_cli("check", "--no-cache", "--write-baseline", "old.json", ".", cwd=root)
    (root / "c.txt").write_text(NO_META.replace("Plain", "Other"))
    written = run_cli("check", "--no-cache", "--baseline", "old.json", "--write-baseline",
                      "new.json", ".", cwd=root)
    assert written.code == 0 and "1 kept from old.json" in written.err
    again = run_cli("check", "--no-cache", "--format", "json", "--baseline", "new.json", ".",
                    cwd=root)
    assert again.code == 0 and again.json()["summary"]["baselined"] == 2
    # only the files the run checked are verified: the others' entries are carried over
    only_c = run_cli("check", "--no-cache", "--baseline", "new.json", "--write-baseline",
                     "c.json", "c.txt", cwd=root)
    assert only_c.code == 0
    assert run_cli("check", "--no-cache", "--baseline", "c.json", ".", cwd=root).code == 0


def test_diff_with_a_baseline_does_not_make_other_files_stale(write):
    import subprocess

    root = write({f"{name}.txt": NO_META.replace("Plain", name) for name in "abcd"})
    run_cli("check", "--no-cache", "--write-baseline", "base.json", ".", cwd=root)
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"],
                 ["config", "user.name", "t"], ["add", "."], ["commit", "-qm", "one"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    (root / "b.txt").write_text("A new first line.\n\n" + NO_META.replace("Plain", "b"))
    result = run_cli("check", "--no-cache", "--format", "json", "--diff", "HEAD", "--baseline",
                     "base.json", ".", cwd=root)
    assert result.code == 0
    assert result.json()["summary"] == {**result.json()["summary"], "baselined": 1,
                                        "stale_baseline": 0}
