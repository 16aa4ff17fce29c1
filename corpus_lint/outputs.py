"""Writing a report or a baseline whole or not at all.

A report is written to a temporary file beside its target and renamed over it only once
complete, so a full disk, a crash or Ctrl-C never leaves a partial report where CI would
upload it. A target that is not a regular file (/dev/stdout, a FIFO) is written directly.
Any failure is a ``ConfigError``: one line naming the file, exit code 2.
"""
from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from corpus_lint.config import ConfigError


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


@contextmanager
def atomic_output(path: Path, what: str = "report") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` when the block ends without error."""
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        special = False
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write {what}: {_reason(exc)}") from None
    if special:
        try:
            with open(path, "w", encoding="utf-8") as stream:
                yield stream
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write {what}: {_reason(exc)}") from None
        return
    try:
        import tempfile  # only when writing a file (start-up)

        handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."),
                                             prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write {what}: {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        mode = os.stat(path).st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise ConfigError(f"{path}: cannot write {what}: {_reason(exc)}") from None
    except BaseException:
        _remove(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
