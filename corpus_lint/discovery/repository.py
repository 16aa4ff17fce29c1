"""The git repository a run is in: its top level (SARIF URIs are relative to it, as GitHub
code scanning maps them onto the checkout) and its ignore files (a folder walk leaves out
what git ignores, as ruff does).

Read from the files themselves, without running git: a pre-commit run must start fast and
a corpus may be checked where git is not installed.
"""
from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: Path | str | None = None) -> Path | None:
    """The top level of the git work tree holding ``start`` (default: the working
    directory): the nearest folder upwards with a ``.git`` folder or file (a worktree or
    submodule has a file); None outside a repository."""
    folder = Path(os.path.abspath(start or os.getcwd()))
    for candidate in (folder, *folder.parents):
        if os.path.exists(os.path.join(candidate, ".git")):
            return candidate
    return None
