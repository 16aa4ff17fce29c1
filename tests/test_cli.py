"""The command line as users drive it: formats, exit codes, selection, configuration."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import FIXTURES, SEEDS, run_cli

CLEAN = "---\ntitle: A title\ndate: 2020-01-01\n---\nA clean document that ends properly.\n"
NO_META = "A document without metadata that ends properly.\n"


def test_clean_corpus_exits_zero(write):
    root = write({"a.md": CLEAN})
    result = run_cli("check", ".", cwd=root)
    assert result.code == 0, result.out
    assert "All checks passed" in result.out


def test_findings_exit_one_and_text_format(write):
    root = write({"a.txt": NO_META})
    result = run_cli("check", "a.txt", cwd=root)
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith("a.txt:1:1: M101 ")
    assert "Found 1 finding (1 warning) in 1 of 1 document" in result.out


def test_exit_zero_and_fail_on(write):
    root = write({"a.txt": NO_META})
    assert run_cli("check", "--exit-zero", "a.txt", cwd=root).code == 0
    assert run_cli("check", "--fail-on", "error", "a.txt", cwd=root).code == 0
    assert run_cli("check", "--fail-on", "note", "a.txt", cwd=root).code == 1


def test_usage_errors_exit_two_in_one_line(write):
    root = write({"a.txt": NO_META, "corpus-lint.toml": "selct = ['M']\n"})
    result = run_cli("check", "a.txt", cwd=root)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "unknown key 'selct'" in result.err
    assert "corpus-lint.toml" in result.err
    assert run_cli("check", "--format", "yaml", "a.txt", cwd=root / "..").code == 2


@pytest.mark.parametrize("config,message", [
    ("[rules.M104]\ntolerance = 3\n", "unknown parameter 'tolerance'"),
    ("[rules.Z999]\nx = 1\n", "unknown rule 'Z999'"),
    ("ignore = ['nonsense-family']\n", "unknown rule selector"),
    ("[metadata]\nrequird = ['title']\n", "unknown key 'metadata.requird'"),
    ("fail-on = 'fatal'\n", "expected one of"),
])
def test_configuration_errors_name_file_and_key(write, config, message):
    root = write({"a.txt": NO_META, "pyproject.toml": "[tool.corpus-lint]\n" +
                  config.replace("[rules.", "[tool.corpus-lint.rules.").replace(
                      "[metadata]", "[tool.corpus-lint.metadata]")})
    result = run_cli("check", "a.txt", cwd=root)
    assert result.code == 2, result.out
    assert message in result.err and "pyproject.toml" in result.err


@pytest.mark.parametrize("header,found", [
    ('[tool."corpus-lint"]', True),      # a quoted key is the same table
    ("[ tool . corpus-lint ]", True),    # so are spaces around the dots
    ("[tool.corpus-linter]", False),     # another tool's table
])
def test_pyproject_table_in_any_toml_spelling(write, header, found):
    root = write({"a.txt": NO_META, "pyproject.toml": f"{header}\nignore = ['metadata']\n"})
    assert run_cli("check", "a.txt", cwd=root).code == (0 if found else 1)


def test_pyproject_with_broken_corpus_lint_header_is_an_error(write):
    """A table header left unclosed is a broken configuration, not an absent one."""
    root = write({"a.txt": NO_META, "pyproject.toml": "[tool.corpus-lint\nignore = ['M']\n"})
    result = run_cli("check", "a.txt", cwd=root)
    assert result.code == 2 and "pyproject.toml: invalid TOML" in result.err


def test_config_is_found_upward_and_selects(write):
    root = write({"corpus-lint.toml": "ignore = ['metadata']\n", "sub/a.txt": NO_META})
    result = run_cli("check", "a.txt", cwd=root / "sub")
    assert result.code == 0, result.out


def test_select_prefix_family_name_and_extend(write):
    root = write({"a.txt": NO_META + "\u200b"})
    codes = lambda *args: {f["code"] for f in run_cli(  # noqa: E731
        "check", "--format", "json", *args, "a.txt", cwd=root).json()["findings"]}
    assert codes() == {"M101", "I107"}
    assert codes("--select", "integrity") == {"I107"}
    assert codes("--select", "M1") == {"M101"}
    assert codes("--select", "no-metadata") == {"M101"}
    assert codes("--select", "M101", "--extend-select", "I107") == {"M101", "I107"}
    assert codes("--ignore", "I") == {"M101"}


def test_per_file_ignores_and_metadata_policy_per_glob(write):
    root = write({
        "corpus-lint.toml": "[per-file-ignores]\n'drafts/**' = ['metadata']\n"
                            "[metadata]\nrequired = ['title']\n"
                            "[metadata.per-file-required]\n'news/*.md' = ['title', 'date', 'source']\n",
        "drafts/x.txt": NO_META,
        "posts/p.md": "---\ntitle: T\n---\nA post body that ends properly.\n",
        "news/n.md": "---\ntitle: T\ndate: 2020-01-01\n---\nA news body that ends properly.\n",
    })
    findings = run_cli("check", "--format", "json", ".", cwd=root).json()["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("news/n.md", "M102")]
    assert "source" in findings[0]["message"]


def test_rule_parameters_and_level_from_config(write):
    root = write({"corpus-lint.toml": "[rules.no-metadata]\nlevel = 'note'\n", "a.txt": NO_META})
    result = run_cli("check", "--format", "json", "a.txt", cwd=root)
    assert result.json()["findings"][0]["level"] == "note"
    assert result.code == 0  # notes do not fail at the default fail-on=warning


def test_json_format(write):
    root = write({"a.txt": NO_META})
    payload = run_cli("check", "--format", "json", "a.txt", cwd=root).json()
    (finding,) = payload["findings"]
    assert finding["family"] == "metadata" and finding["name"] == "no-metadata"
    assert payload["summary"] == {"files": 1, "documents": 1, "findings": 1, "suppressed": 0,
                                  "problems": 0, "baselined": 0, "stale_baseline": 0}


def test_github_annotations_are_capped_with_a_count(write):
    root = write({f"d{i:02}.txt": NO_META for i in range(15)})
    out = run_cli("check", "--format", "github", ".", cwd=root).out.splitlines()
    annotations = [line for line in out if line.startswith("::warning ")]
    assert len(annotations) == 10
    assert annotations[0].startswith("::warning file=d00.txt,line=1,col=1,")
    assert "title=M101 no-metadata::" in annotations[0]
    assert out[-1].startswith("corpus-lint: 5 of 15 findings and errors not annotated")


def test_output_file_and_statistics(write):
    root = write({"a.txt": NO_META, "b.txt": NO_META})
    result = run_cli("check", "--statistics", "--output", "report.txt", ".", cwd=root)
    report = (root / "report.txt").read_text()
    assert "      2  M101   no-metadata" in report
    assert "written to report.txt" in result.err


def test_no_colour_without_terminal_and_under_pre_commit(write, monkeypatch):
    root = write({"a.txt": NO_META})
    assert "\033[" not in run_cli("check", "a.txt", cwd=root).out
    monkeypatch.setenv("PRE_COMMIT", "1")
    monkeypatch.delenv("NO_COLOR")
    from corpus_lint.cli import _use_color

    class Tty:
        def isatty(self):
            return True

    assert not _use_color("auto", Tty())
    monkeypatch.delenv("PRE_COMMIT")
    assert _use_color("auto", Tty())


def test_rules_and_rule_commands():
    listing = run_cli("rules").out
    assert "M101   no-metadata" in listing and "I101   undecodable-bytes" in listing
    explained = run_cli("rule", "M105").out
    assert explained.startswith("M105 metadata-in-body") and "Family: metadata" in explained
    assert "max-lines = 40" in explained
    assert run_cli("rule", "Q123").code == 2


def test_sarif_validates_and_carries_what_code_scanning_needs(tmp_path):
    out = tmp_path / "seeds.sarif"
    run_cli("check", "--format", "sarif", "--output", out, SEEDS, "--jobs", "1")
    log = json.loads(out.read_text())
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert len(rule["properties"]["tags"]) == 1
        assert rule["properties"]["tags"][0] in {"duplicate", "garbling", "comment-spam",
                                                 "metadata", "integrity", "quality"}
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert len(rule["fullDescription"]["text"]) <= 1024
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith("file:")
        assert result["partialFingerprints"]["corpusLint/v1"]
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert any("labels.jsonl" in n["message"]["text"] for n in notifications)


def test_sarif_fingerprint_survives_line_shifts(write):
    root = write({"a.txt": "Text.\n\nThe minister\u0007 resigned on Tuesday.\n"})
    first = run_cli("check", "--format", "sarif", "a.txt", cwd=root).json()
    (root / "a.txt").write_text("New first line.\n\nText.\n\nThe minister\u0007 resigned on Tuesday.\n")
    second = run_cli("check", "--format", "sarif", "a.txt", cwd=root).json()
    fingerprint = lambda log: {r["ruleId"]: r["partialFingerprints"]["corpusLint/v1"]  # noqa: E731
                               for r in log["runs"][0]["results"]}
    assert fingerprint(first)["I106"] == fingerprint(second)["I106"]


def test_python_dash_m_entry_point():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "corpus_lint", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("corpus-lint ")
