"""Discovery: which files a run checks, in a deterministic order.

Arguments are taken in order, folders walked sorted; symlinked folders are never followed
(no loops), hidden and tool folders are skipped, what git ignores is left out of a walk
(``respect-gitignore``; a file named as an argument is always checked, and so is a folder
named that git ignores), ``exclude`` globs apply, and whatever
cannot be used is reported as a ``Problem`` naming it. ``units`` cuts the files into work
units, ``gitdiff`` restricts a run to the files a revision changed.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from corpus_lint.config import Settings, posix_relpath
from corpus_lint.findings.model import Problem
from corpus_lint.readers.base import describe_os_error

from .repository import GitIgnore

# Never corpus content; hidden folders (.git, .venv...) are skipped too.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


def display_path(path: Path) -> str:
    """The path as users typed it: relative to the working directory, '/'-separated.

    A walked folder's files share their folder's answer, found once: ``os.path.relpath``
    makes both paths absolute each time (two ``getcwd`` calls and two normalisations),
    14 ms of a run over BBC's 2,225 files before any worker starts. A path that may hold
    the working directory (its folder is above it: "..", "../..") is worked out whole."""
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", ".."):
        return posix_relpath(path)
    shown = _folder_shown(folder, os.getcwd())
    if all(part == ".." for part in shown.split("/")):
        return posix_relpath(path)
    return name if shown == "." else f"{shown}/{name}"


@lru_cache(maxsize=64)
def _folder_shown(folder: str, cwd: str) -> str:
    """``posix_relpath(folder)`` from ``cwd`` (the working directory, part of the key)."""
    return posix_relpath(folder, cwd)


@dataclass(frozen=True)
class Skipped:
    """A file left out on purpose, said as a note (not a problem: nothing is wrong with it)."""

    path: str
    reason: str


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is (only regular files are read: a FIFO blocks, a device
    never ends), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def discover(paths: Iterable[str], settings: Settings, reader_for: Callable[[Any], Any],
             suffixes: Iterable[str], follow_links: bool = False
             ) -> Iterator[Path | Problem | Skipped]:
    """Files to check (those a reader accepts), each once; the problem with an argument or a
    folder; and files skipped on purpose (symbolic links out of the given folders)."""
    seen: set[str] = set()
    for arg in paths:
        path = Path(arg)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            yield Problem(display_path(path), describe_os_error(exc))
            continue
        if stat.S_ISDIR(mode):
            root = os.path.realpath(path)
            found = False
            for item in _walk(path, settings, reader_for):
                if isinstance(item, Path):
                    item = _vet(item, root, follow_links)
                if isinstance(item, Path) and not _first_time(item, seen, settings):
                    continue
                found = True
                yield item
            if not found:  # a mistyped or empty folder must not pass a CI check unnoticed
                yield Skipped(display_path(path), "no file to check in this folder "
                                                  f"(supported: {', '.join(sorted(suffixes))})")
        elif not reader_for(path):
            supported = ", ".join(sorted(suffixes))
            yield Problem(display_path(path), f"unsupported file type (supported: {supported})")
        elif _not_regular(mode):
            yield Problem(display_path(path), f"{_not_regular(mode)}, not a file; skipped")
        elif settings.is_excluded(path):  # named, but excluded: say so (ruff's --force-exclude)
            yield Skipped(display_path(path), "excluded by the configuration's 'exclude', "
                                              "although named on the command line")
        elif _first_time(path, seen, settings):
            yield path


def _first_time(candidate: Path, seen: set[str], settings: Settings) -> bool:
    key = os.path.abspath(candidate)
    if key in seen or settings.is_excluded(candidate):
        return False
    seen.add(key)
    return True


def _vet(candidate: Path, root: str, follow_links: bool) -> Path | Problem | Skipped:
    """The file if it may be read: a regular file, and not a link out of its folder."""
    try:
        mode = os.stat(candidate).st_mode
    except OSError as exc:
        return Problem(display_path(candidate), describe_os_error(exc))
    kind = _not_regular(mode)
    if kind:
        return Problem(display_path(candidate), f"{kind}, not a file; skipped")
    if not follow_links and os.path.islink(candidate):
        target = os.path.realpath(candidate)
        if os.path.commonpath([root, target]) != root:
            return Skipped(display_path(candidate),
                           f"a symbolic link to {target}, outside {display_path(Path(root))}; "
                           f"--follow-links checks it")
    return candidate


def _walk(folder: Path, settings: Settings, reader_for: Callable[[Any], Any]
          ) -> Iterator[Path | Problem]:
    errors: list[OSError] = []
    ignore = _gitignore(folder, settings)
    for parent, dirs, files in os.walk(folder, onerror=errors.append):
        yield from (_unreadable(error) for error in errors)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS
                         and not settings.is_excluded(Path(parent, d))
                         and not (ignore and ignore.ignored(Path(parent, d), is_dir=True)))
        for name in sorted(files):
            if reader_for(name) and not (ignore and ignore.ignored(Path(parent, name), False)):
                yield Path(parent, name)
    yield from (_unreadable(error) for error in errors)


def _gitignore(folder: Path, settings: Settings) -> GitIgnore | None:
    """The git ignore rules for a walk of ``folder``; None when they do not apply (turned
    off, no repository, or the folder itself is ignored: naming it asks for it)."""
    if not settings.respect_gitignore:
        return None
    ignore = GitIgnore.of(folder)
    if ignore is None or ignore.ignored(folder, is_dir=True):
        return None
    return ignore


def _unreadable(error: OSError) -> Problem:
    where = Path(error.filename) if error.filename else Path(".")
    return Problem(display_path(where), f"cannot read folder: {describe_os_error(error)}")
