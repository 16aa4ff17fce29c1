"""Discovery: which files a run checks, in a deterministic order.

Arguments are taken in order, folders walked sorted; symlinked folders are never followed
(no loops), hidden and tool folders are skipped, ``exclude`` globs apply, and whatever
cannot be used is reported as a ``Problem`` naming it. ``units`` cuts the files into work
units, ``gitdiff`` restricts a run to the files a revision changed.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from corpus_lint.config import Settings, posix_relpath
from corpus_lint.findings.model import Problem
from corpus_lint.readers.base import describe_os_error

# Never corpus content; hidden folders (.git, .venv...) are skipped too.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


def display_path(path: Path) -> str:
    """The path as users typed it: relative to the working directory, '/'-separated."""
    return posix_relpath(path)


def discover(paths: Iterable[str], settings: Settings, reader_for: Callable[[Any], Any],
             suffixes: Iterable[str]) -> Iterator[Path | Problem]:
    """Files to check (those a reader accepts), each once, or the problem with an argument."""
    seen: set[str] = set()

    def first_time(candidate: Path) -> bool:
        key = os.path.abspath(candidate)
        if key in seen or settings.is_excluded(candidate):
            return False
        seen.add(key)
        return True

    for arg in paths:
        path = Path(arg)
        try:
            os.stat(path)
        except OSError as exc:
            yield Problem(display_path(path), describe_os_error(exc))
            continue
        if path.is_dir():
            yield from (candidate for candidate in _walk(path, settings, reader_for)
                        if first_time(candidate))
        elif reader_for(path):
            if first_time(path):
                yield path
        else:
            supported = ", ".join(sorted(suffixes))
            yield Problem(display_path(path), f"unsupported file type (supported: {supported})")


def _walk(folder: Path, settings: Settings, reader_for: Callable[[Any], Any]) -> Iterator[Path]:
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS
                         and not settings.is_excluded(Path(parent, d)))
        for name in sorted(files):
            if reader_for(name):
                yield Path(parent, name)
