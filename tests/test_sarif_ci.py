"""SARIF as GitHub code scanning needs it (issue 14, points 2, 4 and 5): URIs relative to
the repository's top level, the most severe results kept under the 25,000 cap, and
escaped link text."""
from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from corpus_lint.reporters import sarif

HEAD = "---\ntitle: T\ndate: 2020-01-01\n---\n"
PARAGRAPH = ("The council approved the budget for the new library on Tuesday after a long "
             "debate about the cost of heating the old building.")


def _run(result):
    return result.json()["runs"][0]


def _uris(run) -> list[str]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]]


def test_uris_are_relative_to_the_repository_root_from_a_subfolder(write):
    root = write({"corpus/news/x.txt": "No metadata.\n", "outside/y.txt": "No metadata.\n"})
    (root / "corpus" / ".git").mkdir()  # the repository is corpus/ (a worktree has a file)
    run = _run(run_cli("check", "--no-cache", "--format", "sarif", "--select", "M101", ".",
                       cwd=root / "corpus" / "news"))
    assert _uris(run) == ["news/x.txt"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "%SRCROOT%"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (root / "corpus").as_uri() + "/"


def test_source_root_option_and_files_outside_it(write):
    root = write({"corpus/news/x.txt": "No metadata.\n", "outside/y.txt": "No metadata.\n"})
    cwd = root / "corpus" / "news"
    run = _run(run_cli("check", "--no-cache", "--format", "sarif", "--select", "M101",
                       "--source-root", root, ".", "../../outside/y.txt", cwd=cwd))
    assert sorted(_uris(run)) == ["corpus/news/x.txt", "outside/y.txt"]
    result = run_cli("check", "--no-cache", "--format", "sarif", "--select", "M101",
                     "--source-root", ".", ".", "../../outside/y.txt", cwd=cwd)
    assert "outside the source root" in result.err
    run = _run(result)
    assert sorted(_uris(run)) == sorted(["x.txt", (root / "outside" / "y.txt").as_uri()])
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("outside the source root" in note and "../../outside/y.txt" in note
               for note in notes)


def test_cap_keeps_the_most_severe_results_and_says_how_many_were_left_out(write, monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    files = {f"a{n}.txt": "No metadata here.\n" for n in range(4)}  # M101: warnings, first
    files["z.md"] = HEAD.encode() + b"Broken \xff byte.\n"  # I101: an error, last
    root = write(files)
    result = run_cli("check", "--no-cache", "--format", "sarif", "--select", "M101,I101", ".",
                     cwd=root)
    run = _run(result)
    assert [r["ruleId"] for r in run["results"]] == ["M101", "M101", "I101"]
    assert _uris(run) == ["a0.txt", "a1.txt", "z.md"]  # then input order
    (note,) = [n for n in run["invocations"][0]["toolExecutionNotifications"]
               if "left out" in n["message"]["text"]]
    assert "2 results left out (2 warnings)" in note["message"]["text"]
    assert "--format json" in note["message"]["text"]
    assert "2 results left out" in result.err and "--format json" in result.err


def test_link_text_is_escaped(write):
    root = write({"a[1].txt": HEAD + PARAGRAPH + "\n\nBetween.\n\n" + PARAGRAPH + "\n"})
    run = _run(run_cli("check", "--no-cache", "--format", "sarif", "--select", "D101", ".",
                       cwd=root))
    (result,) = run["results"]
    assert "[a\\[1\\].txt:5](1)" in result["message"]["text"]
    assert "[a[1].txt" not in result["message"]["text"]


def test_streamed_log_is_byte_identical_to_one_json_dump(write):
    """``render`` encodes results one at a time (an audit's results never sit in memory);
    its bytes are those of ``json.dump`` of the whole log, with and without results."""
    import io
    import json

    from corpus_lint.engine.engine import Engine, RunOptions
    from corpus_lint.engine.run import run_check

    root = write({"a.txt": HEAD + PARAGRAPH + "\n", "b.txt": "Copy: «é»\n\n" + PARAGRAPH + "\n",
                  "clean/c.txt": HEAD + "Fine.\n"})
    for paths in ([str(root)], [str(root / "clean")]):
        result = run_check(paths, Engine({}, None, RunOptions(jobs=1, cross_document=True)))
        if paths[0] == str(root):
            assert any(f.related for f in result.findings)  # links and related locations
        whole, streamed = io.StringIO(), io.StringIO()
        json.dump(sarif.SarifReporter(result).log(), whole, indent=2, ensure_ascii=False,
                  default=str)
        sarif.SarifReporter(result).render(streamed)
        assert streamed.getvalue() == whole.getvalue() + "\n"
    assert '"relatedLocations"' not in whole.getvalue()  # the clean folder: no results


def test_artifact_locations_are_relpaths_inside_the_root_and_absolute_outside(tmp_path):
    """The prefix test stands for os.path.relpath: a sibling whose name extends the root's
    ("root2") is outside, the root itself is ".", a path with ".." is normalised first."""
    root = tmp_path / "root"
    artifacts = sarif._Artifacts(root)
    inside = artifacts.location(str(root / "a b" / "c.txt"))
    assert inside == {"uri": "a%20b/c.txt", "uriBaseId": "%SRCROOT%"}
    assert artifacts.location(str(root / "x" / ".." / "d.txt"))["uri"] == "d.txt"
    assert artifacts.location(str(root))["uri"] == "."
    for outside in (tmp_path / "root2" / "e.txt", tmp_path / "f.txt"):
        assert artifacts.location(str(outside)) == {"uri": outside.as_uri()}
    assert artifacts.outside == {str(tmp_path / "root2" / "e.txt"), str(tmp_path / "f.txt")}
