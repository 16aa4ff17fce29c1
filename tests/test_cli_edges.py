"""Issue 14, item 12: the command-line conventions linter users expect from ruff and
sqlfluff: standard input, missing paths, the command's own usage, help text, lower-case
codes, --extend-ignore, --config KEY=VALUE, and excluded files named on the command line."""
from __future__ import annotations

import io

import pytest

from conftest import run_cli
from corpus_lint.cli import build_parser

NO_META = "Hello world, this is a plain text file.\n"


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_dash_reads_a_document_from_standard_input(tmp_path, monkeypatch):
    _stdin(monkeypatch, "The price\u200b rose.\n")
    result = run_cli("check", "--no-cache", "--format", "json", "-", cwd=tmp_path)
    assert result.code == 1, result.err
    assert [(f["path"], f["code"]) for f in result.json()["findings"]] == \
        [("-", "M101"), ("-", "I107")]


def test_stdin_filename_names_the_document_and_picks_reader_and_ignores(tmp_path, monkeypatch):
    (tmp_path / "corpus-lint.toml").write_text('[per-file-ignores]\n"docs/*" = ["I107"]\n')
    _stdin(monkeypatch, "---\ntitle: T\ndate: 2020-01-01\n---\nThe price\u200b rose.\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--stdin-filename",
                     "docs/x.md", cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    assert result.json()["summary"]["documents"] == 1


def test_a_missing_path_is_a_usage_error_named_as_typed(write):
    root = write({"a.txt": NO_META})
    result = run_cli("check", "a.txt", "./nothere/x.txt", cwd=root)
    assert result.code == 2
    assert result.err.strip() == "corpus-lint: error: no such file or folder: './nothere/x.txt'"


def test_an_unknown_option_prints_the_commands_usage(capsys):
    from corpus_lint.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "--bogus", "x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: corpus-lint audit ") and "unrecognized arguments: --bogus" in err


def test_check_and_audit_help_differ_and_every_option_has_help():
    parser = build_parser()
    commands = parser.subparsers
    assert commands["check"].description != commands["audit"].description
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_lower_case_codes_and_extend_ignore(write):
    root = write({"a.txt": NO_META + "The price\u200b rose.\n"})
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "i1,m101",
                     "--extend-ignore", "i107", "a.txt", cwd=root)
    assert [f["code"] for f in result.json()["findings"]] == ["M101"]
    root = write({"b.txt": "<!-- corpus-lint: disable=i107 -->\nThe price\u200b rose.\n"})
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "I1", "b.txt",
                     cwd=root)
    assert result.json()["findings"] == [] and result.json()["summary"]["suppressed"] == 1


def test_config_key_value_overrides_the_file(write):
    root = write({"a.txt": NO_META, "corpus-lint.toml": 'select = ["I"]\n'})
    result = run_cli("check", "--no-cache", "--format", "json", "--config", 'select = ["M101"]',
                     "a.txt", cwd=root)
    assert [f["code"] for f in result.json()["findings"]] == ["M101"]
    result = run_cli("check", "--no-cache", "--config", "rules.D101.min-words = -1", "a.txt",
                     cwd=root)
    assert result.code == 2 and "'min-words' should be at least 1" in result.err


def test_an_excluded_file_named_on_the_command_line_says_so(write):
    root = write({"a.txt": NO_META, "corpus-lint.toml": 'exclude = ["a.txt"]\n'})
    result = run_cli("check", "--no-cache", "a.txt", cwd=root)
    assert result.code == 0
    assert "a.txt: skipped: excluded by the configuration's 'exclude'" in result.err


def test_a_folder_with_nothing_to_check_says_so(write):
    """A mistyped or emptied folder passes (nothing is wrong in it) but is named on stderr,
    so a CI job pointed at the wrong place does not pass unnoticed; its subfolders do not."""
    root = write({"corpus/a.txt": NO_META, "corpus/images/x.png": "", "empty/notes.csv": "a,b\n"})
    result = run_cli("check", "--no-cache", "empty", cwd=root)
    assert result.code == 0
    assert "empty: skipped: no file to check in this folder (supported: " in result.err
    result = run_cli("check", "--no-cache", "corpus", cwd=root)
    assert result.code == 1 and "skipped" not in result.err
