"""A result cache keyed on content, tool version and configuration (like ruff's).

A unit's results are reused when the bytes it covers (and any sidecar metadata file), the
corpus-lint version, the loaded plugins' code and the whole effective configuration are
unchanged; anything else is a miss. Entries are written atomically, so parallel workers
and interrupted runs never leave a corrupt entry behind.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_lint.readers.frontmatter import find_sidecar

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.discovery.units import WorkUnit

CACHE_DIR = ".corpus-lint-cache"
_READ = 1024 * 1024


def configuration_key(*parts: Any) -> str:
    """A digest of everything besides the input that decides a unit's results."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def plugin_code_key(modules: list[str]) -> str:
    """Size and mtime of each loaded plugin module, so editing a plugin invalidates the cache."""
    stamps = []
    for name in sorted(modules):
        module = sys.modules.get(name)
        filename = getattr(module, "__file__", None)
        if filename:
            try:
                stat = os.stat(filename)
                stamps.append((name, stat.st_size, stat.st_mtime_ns))
            except OSError:
                stamps.append((name, None))
    return configuration_key(stamps)


def files_key(folders: list[Path]) -> str:
    """Size and mtime of every file under ``folders`` (rule files, word lists, models)."""
    stamps = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                stamps.append((os.path.join(root, name), stat.st_size, stat.st_mtime_ns))
    return configuration_key(sorted(stamps))


class ResultCache:
    def __init__(self, folder: Path, config_key: str):
        self.folder = Path(folder)
        self.config_key = config_key
        self.hits = self.misses = 0

    def key(self, unit: "WorkUnit") -> str | None:
        """Content hash of the unit's bytes (whole file or byte range) and its sidecar; for
        ranges in a reader's own units (Parquet row groups) the file's size and mtime."""
        path = unit.path
        digest = hashlib.sha256(
            f"{self.config_key}\0{unit.display}\0{unit.start}\0{unit.end}\0".encode())
        try:
            if unit.byte_range or unit.whole_file:
                self._hash_bytes(digest, path, unit.start if unit.byte_range else 0,
                                 unit.end if unit.byte_range else None)
            else:
                stat = os.stat(path)
                digest.update(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
            sidecar = find_sidecar(path)
            if sidecar is not None:
                digest.update(b"\0sidecar\0" + sidecar.read_bytes())
        except OSError:
            return None  # unreadable: let the reader report it, uncached
        return digest.hexdigest()

    @staticmethod
    def _hash_bytes(digest, path: Path, start: int, end: int | None) -> None:
        with open(path, "rb") as handle:
            handle.seek(start)
            remaining = None if end is None else end - start
            while remaining is None or remaining > 0:
                block = handle.read(_READ if remaining is None else min(_READ, remaining))
                if not block:
                    break
                digest.update(block)
                if remaining is not None:
                    remaining -= len(block)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str | None) -> Any | None:
        if key is None:
            return None
        try:
            with open(self._entry(key), "rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str | None, value: Any) -> None:
        if key is None:
            return
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by corpus-lint\n*\n")
            handle, temporary = tempfile.mkstemp(dir=entry.parent)
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError:
            pass  # a read-only or full disk only costs speed
