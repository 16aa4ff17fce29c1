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


class GitIgnore:
    """What git ignores in one work tree, as a folder walk needs it (ruff does the same).

    Reads ``.git/info/exclude`` and the ``.gitignore`` of every folder from the top level
    down: a deeper file overrides a shallower one, the last matching pattern of a file
    wins and ``!pattern`` re-includes. Matching is pathspec's ``GitIgnoreSpec`` (git's own
    rules, edge cases included). The global excludes file of the user's git configuration
    is not read: a run should not depend on who runs it.
    """

    def __init__(self, root: Path):
        self.root = root
        self._specs: dict[str, object | None] = {}
        self._exclude = self._read(root / ".git" / "info" / "exclude")

    @classmethod
    def of(cls, folder: Path | str) -> "GitIgnore | None":
        """The ignore rules of the repository holding ``folder``; None outside one."""
        root = repository_root(folder)
        return cls(root) if root is not None else None

    @staticmethod
    def _read(path: Path):
        try:
            lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
        except OSError:  # none (or unreadable): nothing ignored from here
            return None
        from pathspec import GitIgnoreSpec

        return GitIgnoreSpec.from_lines(lines) if lines else None

    def _spec(self, folder: str):
        if folder not in self._specs:
            self._specs[folder] = self._read(Path(folder, ".gitignore"))
        return self._specs[folder]

    def ignored(self, path: Path | str, is_dir: bool) -> bool:
        """True when git ignores ``path`` (a folder when ``is_dir``); False outside the tree."""
        absolute = os.path.abspath(path)
        root = str(self.root)
        if os.path.commonpath([root, absolute]) != root or absolute == root:
            return False
        suffix = "/" if is_dir else ""
        folder = os.path.dirname(absolute)
        while True:
            spec = self._spec(folder)
            if spec is not None:
                verdict = spec.check_file(_posix(os.path.relpath(absolute, folder)) + suffix)
                if verdict.include is not None:
                    return verdict.include
            if folder == root:
                break
            folder = os.path.dirname(folder)
        if self._exclude is not None:
            return bool(self._exclude.match_file(_posix(os.path.relpath(absolute, root))
                                                 + suffix))
        return False


def _posix(relative: str) -> str:
    return relative.replace(os.sep, "/")
