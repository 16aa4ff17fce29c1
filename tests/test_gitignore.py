"""Folder walks leave out what git ignores (issue 14, point 6), as ruff does."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import run_cli

NO_META = "No metadata here.\n"
TREE = {"corpus/a.txt": NO_META, "build/lib/copy.txt": NO_META,
        "pkg.egg-info/SOURCES.txt": NO_META, "corpus/drafts/x.txt": NO_META,
        "corpus/drafts/keep.txt": NO_META, "corpus/nested/tmp.md": NO_META,
        "corpus/nested/real.md": NO_META, "notes.log.txt": NO_META}
GITIGNORE = {".gitignore": "build/\n*.egg-info/\ncorpus/drafts/*\n!corpus/drafts/keep.txt\n"
                           "*.log.txt\n",
             "corpus/nested/.gitignore": "tmp.md\n"}


def _paths(result) -> list[str]:
    return sorted({finding["path"] for finding in result.json()["findings"]})


@pytest.fixture
def repo(write):
    root = write({**TREE, **GITIGNORE})
    (root / ".git").mkdir()
    return root


def test_walk_leaves_out_what_git_ignores(repo):
    kept = ["corpus/a.txt", "corpus/drafts/keep.txt", "corpus/nested/real.md"]
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "M101", ".",
                     cwd=repo)
    assert _paths(result) == kept
    every = run_cli("check", "--no-cache", "--format", "json", "--select", "M101",
                    "--no-respect-gitignore", ".", cwd=repo)
    assert _paths(every) == sorted(TREE)
    (repo / "corpus-lint.toml").write_text("respect-gitignore = false\n")
    configured = run_cli("check", "--no-cache", "--format", "json", "--select", "M101", ".",
                         cwd=repo)
    assert _paths(configured) == sorted(TREE)


def test_named_files_and_folders_are_checked_even_when_ignored(repo):
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "M101",
                     "build", "notes.log.txt", cwd=repo)
    assert _paths(result) == ["build/lib/copy.txt", "notes.log.txt"]


def test_outside_a_repository_nothing_is_ignored(write):
    root = write({**TREE, **GITIGNORE})
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "M101", ".",
                     cwd=root)
    assert _paths(result) == sorted(TREE)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_agrees_with_git(write):
    from corpus_lint.discovery.repository import GitIgnore

    root = write({**TREE, **GITIGNORE, "corpus/deep/er/z.txt": NO_META,
                  "corpus/deep/.gitignore": "er/\n!er/z.txt\n", "y/build": NO_META})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("corpus/a.txt\n")
    listed = subprocess.run(["git", "-c", "core.excludesFile=/dev/null", "ls-files", "--others",
                             "--exclude-standard"], cwd=root, capture_output=True, text=True,
                            check=True).stdout.split()
    ignore = GitIgnore.of(root)
    walked = [path for path in [*TREE, "corpus/deep/er/z.txt", "y/build"]
              if not any(ignore.ignored(root / parent, True) for parent in _parents(path))
              and not ignore.ignored(root / path, False)]
    assert sorted(walked) == sorted(p for p in listed if not p.endswith(".gitignore"))


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


def test_readme_exclude_example_leaves_out_files_that_are_not_documents(write):
    """The README's `exclude` example, run as written."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(\[tool\.corpus-lint\]\nexclude = .*?)```", readme, re.S)
    root = write({"pyproject.toml": example, "corpus/labels.jsonl": '{"label": "x"}\n',
                  "corpus/README.md": NO_META, "corpus/a.txt": NO_META})
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert result.json()["problems"] == [] and _paths(result) == ["corpus/a.txt"]
