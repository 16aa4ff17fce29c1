"""Shared fixtures: run the CLI in-process and read its JSON or SARIF output."""
from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory):
    """Derived files (the decoded English LM) go to a scratch folder, not the user's cache."""
    previous = os.environ.get("CORPUS_LINT_CACHE_HOME")
    os.environ["CORPUS_LINT_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if previous is None:
        os.environ.pop("CORPUS_LINT_CACHE_HOME", None)
    else:
        os.environ["CORPUS_LINT_CACHE_HOME"] = previous


@pytest.fixture
def own_user_cache(tmp_path, monkeypatch) -> Path:
    """An empty user cache for one test (not yet created): what a first run finds."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(folder))
    return folder


SEEDS = FIXTURES / "seeds"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    def findings(self, code_prefix: str = ""):
        return [f for f in self.json()["findings"] if f["code"].startswith(code_prefix)]


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run ``corpus-lint ARGS`` in this process (fast), from ``cwd``."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(arg) for arg in args])
    finally:
        os.chdir(previous)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write(tmp_path):
    """write({"a.txt": "text" or b"bytes"}) -> tmp_path with those files."""

    def _write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return _write


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No colour, no user configuration leaking in from a parent folder."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("CORPUS_LINT_DISABLE_PLUGIN_AUTOLOAD", raising=False)


@pytest.fixture(autouse=True)
def _pool_for_small_inputs(monkeypatch):
    """Test inputs are small; --jobs N falls back to one process below a size where forking
    pays. Tests of --jobs N exercise the pool all the same (test_parallel tests the fallback)."""
    monkeypatch.setattr("corpus_lint.engine.executors.PARALLEL_FROM_BYTES", 0, raising=False)
