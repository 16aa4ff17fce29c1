"""The hook as pre-commit users run it: the real client, `pre-commit try-repo`, in a git repo."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="pre-commit and git are test requirements")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(["pre-commit", "try-repo", str(ROOT), "corpus-lint", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.com")
    _git(tmp_path, "config", "user.name", "t")
    (tmp_path / "good.md").write_text("---\ntitle: Good\ndate: 2020-01-01\n---\n"
                                      "A clean document that ends properly.\n")
    (tmp_path / "bare.txt").write_text("A document without any metadata that ends well.\n")
    (tmp_path / "corpus.jsonl").write_text('{"text": "A record with no title or date."}\n')
    (tmp_path / "notes.rst").write_text("Not selected by the hook.\n")
    _git(tmp_path, "add", ".")
    return tmp_path


def test_hook_fails_on_findings_and_selects_jsonl(repo):
    done = _try_repo(repo, "good.md", "bare.txt", "corpus.jsonl", "notes.rst")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "bare.txt:1:1: M101" in output
    assert "corpus.jsonl:1:" in output and "M101" in output
    assert "notes.rst" not in output.split("corpus-lint...")[-1]
    assert "\033[" not in done.stdout  # no colour under PRE_COMMIT=1


def test_hook_passes_on_clean_files(repo):
    done = _try_repo(repo, "good.md")
    assert done.returncode == 0, done.stdout + done.stderr
