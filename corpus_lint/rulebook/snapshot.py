"""The built-in catalogue's TOML files parsed once and kept in the user's cache (start-up,
issue 17): a one-file run parsed about 70 rule and family files with tomllib (30-80 ms).

The snapshot is JSON (loading it runs no code) keyed on the catalogue folder and the size
and modification time of every file in it, so editing, adding or removing a rule file is
a miss and the catalogue is parsed again. A file whose data JSON cannot hold exactly (a
TOML date) makes the snapshot unusable, never wrong: the caller parses the files.
"""
from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus_lint.usercache import cache_home, store_json


def _files(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.toml"))


def _plain(value: Any) -> bool:
    """Whether JSON gives the value back unchanged (TOML dates and times it would not)."""
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


@lru_cache(maxsize=4)
def snapshot(root: Path, parse) -> dict[str, str] | None:
    """{file path: its data as JSON text} for every ``<root>/*/*.toml``; None when a file
    cannot be kept (the caller parses as before). ``parse`` reads one TOML file."""
    files = _files(root)
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogatepass"))
    for path in files:
        stat = path.stat()
        digest.update(f"\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    name = hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    store, key = cache_home() / f"catalogue-{name}.json", digest.hexdigest()
    try:
        stored = json.loads(store.read_text(encoding="utf-8"))
        if stored["key"] == key and isinstance(stored["files"], dict):
            return stored["files"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        parsed = {str(path): parse(path) for path in files}
    except Exception:  # a broken file: reported by the caller's own parse of that file
        return None
    if not all(_plain(data) for data in parsed.values()):
        return None
    texts = {path: json.dumps(data) for path, data in parsed.items()}
    store_json(store, {"key": key, "files": texts})
    return texts


@lru_cache(maxsize=4)
def snapshot_index(root: Path, parse) -> dict[str, list[Path]] | None:
    """{file name: the snapshot's files of that name, sorted}, or None without a snapshot."""
    texts = snapshot(root, parse)
    if texts is None:
        return None
    index: dict[str, list[Path]] = {}
    for path in sorted(map(Path, texts)):
        index.setdefault(path.name, []).append(path)
    return index
