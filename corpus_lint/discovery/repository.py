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
        self._chains: dict[str, list[tuple[int, object]] | None] = {}
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

    def _chain(self, folder: str) -> list[tuple[int, object]] | None:
        """(length of the folder's path plus its separator, spec) of the ignore files that
        apply in ``folder``, the deepest first and .git/info/exclude last; None when the
        folder is outside the work tree."""
        if folder not in self._chains:
            root = str(self.root)
            if folder == root:
                chain = []
            elif os.path.dirname(folder) == folder or \
                    os.path.commonpath([root, folder]) != root:
                self._chains[folder] = None
                return None
            else:
                chain = list(self._chain(os.path.dirname(folder)) or ())
                if chain and chain[-1][1] is self._exclude:
                    chain.pop()
            spec = self._read(Path(folder, ".gitignore"))
            if spec is not None:
                chain.insert(0, (len(folder) + 1, spec))
            if self._exclude is not None:
                chain.append((len(root) + 1, self._exclude))
            self._chains[folder] = chain
        return self._chains[folder]

    def ignored(self, path: Path | str, is_dir: bool) -> bool:
        """True when git ignores ``path`` (a folder when ``is_dir``); False outside the tree."""
        absolute = os.path.abspath(path)
        chain = self._chain(os.path.dirname(absolute))
        if not chain or absolute == str(self.root):
            return False
        suffix = "/" if is_dir else ""
        for start, spec in chain:
            verdict = spec.check_file(_posix(absolute[start:]) + suffix)
            if verdict.include is not None:
                return verdict.include
        return False


def _posix(relative: str) -> str:
    return relative.replace(os.sep, "/")
