"""Writing a fixed file: whole or not at all, with the original's mode, and never over a
file that changed on disk after it was read.

The new content goes to a temporary file beside the original (same file system), is
flushed to disk, takes the original's permission bits, and is renamed over it: a crash or
SIGKILL at any moment leaves the file as it was or as fixed, never half-written (a stray
``.NAME.*.corpus-lint-fix`` temporary may be left; no reader takes that suffix). Just
before the rename the file's status is compared with what it was when it was read (size,
modification and change times, inode); any difference means someone else wrote it, and
the fix is abandoned.
"""
from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from typing import BinaryIO, Callable

TEMP_SUFFIX = ".corpus-lint-fix"


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str | os.PathLike) -> "Stamp":
        info = os.stat(path)
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class Changed(Exception):
    """The file changed on disk since it was read."""


def replace_file(path: str | os.PathLike, stamp: Stamp, write: Callable[[BinaryIO], None],
                 before_rename: Callable[[], None] | None = None) -> None:
    """Write the new content with ``write(stream)`` and rename it over ``path`` (the file a
    symbolic link points to, so the link stays). Raises ``Changed`` or ``OSError``."""
    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    handle, temporary = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.",
                                         suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(os.stat(real).st_mode))
        if before_rename is not None:
            before_rename()
        if Stamp.of(real) != stamp:
            raise Changed()
        os.replace(temporary, real)
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip."""
    try:
        descriptor = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
