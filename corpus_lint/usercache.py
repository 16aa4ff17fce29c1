"""Files derived once from shipped data and kept in the user's cache directory, so a short
run maps them instead of decoding the shipped artefact again (start-up, issue 17).

A derived entry is a folder named after what it was derived from (a SHA-256 of the shipped
file), written to a temporary folder and renamed into place, so parallel processes and
interrupted runs never see half an entry. Anything that goes wrong (no home, a read-only
disk, a damaged entry) only costs the caller the slow path: the cache is never required.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable

ENV = "CORPUS_LINT_CACHE_HOME"  # overrides the location (tests, read-only homes)


def cache_home() -> Path:
    """``$CORPUS_LINT_CACHE_HOME``, else ``$XDG_CACHE_HOME/corpus-lint``, else
    ``~/.cache/corpus-lint``."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "corpus-lint"


DIGESTS = "digests.json"  # {stat key: SHA-256}: hashing a 4 MiB model is 10 ms a run
MAX_DIGESTS = 64


def file_digest(path: Path) -> str:
    """SHA-256 of a file, remembered under its path, size, modification time and inode (the
    keys ``snapshot`` and ``plugincache`` trust too), so a short run does not read and hash
    the shipped models again; the entry stays named after the content, so reinstalling the
    same model reuses it."""
    stat = path.stat()
    key = f"{os.path.abspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
    memo_path = cache_home() / DIGESTS
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
        if isinstance(memo, dict) and isinstance(memo.get(key), str):
            return memo[key]
    except (OSError, ValueError):
        memo = {}
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    memo = dict(list(memo.items())[-(MAX_DIGESTS - 1):]) if isinstance(memo, dict) else {}
    memo[key] = digest
    store_json(memo_path, memo)
    return digest


def derived_folder(name: str, source: Path | None, build: Callable[[Path], None],
                   key: str | None = None) -> Path | None:
    """The folder ``<cache>/<name>-<sha256 of source>`` (or ``<name>-<key>`` for data that
    is not one file), filled by ``build(folder)`` the first time; None when it cannot be
    written (the caller decodes in memory instead)."""
    try:
        final = cache_home() / f"{name}-{key or file_digest(source)}"
        if final.is_dir():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: a run that finds its entries imports neither (start-up)

        scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=final.parent))
    except OSError:
        return None
    try:
        build(scratch)
        os.replace(scratch, final)
    except OSError:  # another process renamed its copy first, or the disk is full
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
    return final if final.is_dir() else None


def forget(folder: Path) -> None:
    """Remove a damaged entry so the next run derives it again."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def store_json(path: Path, data) -> None:
    """Write a small cache file atomically (another process reads the old or the new one);
    a failure only means the next run derives it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        handle, scratch = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        os.replace(scratch, path)
    except OSError:
        pass
