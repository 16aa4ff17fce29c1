"""The entry points of a group, resolved once and kept in the user's cache (start-up,
issue 17).

Finding entry points imports ``importlib.metadata`` (and ``email``) and reads the metadata
of every installed distribution: 20-40 ms of a one-file run, for an answer that changes
only when a distribution is installed or removed. The answer is stored under a key made of
the interpreter, the import path and the modification time of every folder on it (pip
adds and removes ``*.dist-info`` folders there, which changes the folder's time), so
installing, upgrading or removing a plugin is a miss and the entry points are read again.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
from functools import reduce
from pathlib import Path
from typing import Any, Callable

from corpus_lint.usercache import cache_home, store_json


class Distribution:
    def __init__(self, name: str):
        self.name = name


class CachedEntryPoint:
    """What the plugin host reads of an ``importlib.metadata.EntryPoint``: name, value, the
    distribution's name, and ``load()`` (the module imported, the attribute looked up)."""

    def __init__(self, name: str, value: str, dist: str | None):
        self.name, self.value = name, value
        self.dist = Distribution(dist) if dist is not None else None

    def load(self):
        module, _, attribute = self.value.split("[")[0].strip().partition(":")
        found = importlib.import_module(module.strip())
        return reduce(getattr, filter(None, attribute.strip().split(".")), found)


def _key(group: str) -> str:
    digest = hashlib.sha256(f"{group}\0{sys.version}\0{sys.executable}".encode())
    for folder in sys.path:
        try:
            stamp = os.stat(folder or ".").st_mtime_ns
        except OSError:
            stamp = -1
        digest.update(f"\0{folder}\0{stamp}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _stored(name: str, what: str) -> tuple[Path, str]:
    """(cache file, key) of an answer about the installed distributions: one file per
    interpreter, import path and question, rewritten on a miss."""
    interpreter = hashlib.sha256("\0".join([sys.executable, what, *sys.path]).encode(
        "utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_home() / f"{name}-{interpreter}.json", _key(what)


def _fresh(path: Path, key: str) -> dict | None:
    """The stored answer at ``path`` when it was stored under ``key``; None when there is
    none yet, it is stale, or it is damaged."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return stored if isinstance(stored, dict) and stored.get("key") == key else None
    except (OSError, ValueError):
        return None


def remembered(what: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, a JSON value that depends only on the installed distributions (such
    as a distribution's metadata, which costs ``importlib.metadata``), from the cache when
    the installed set is unchanged."""
    path, key = _stored("installed", what)
    stored = _fresh(path, key)
    if stored is not None and "value" in stored:
        return stored["value"]
    value = compute()
    store_json(path, {"key": key, "value": value})
    return value


def entry_points(group: str) -> list:
    """The group's entry points: from the cache when the installed set is unchanged."""
    path, key = _stored("entry-points", group)
    stored = _fresh(path, key)
    try:
        if stored is not None:
            return [CachedEntryPoint(str(name), str(value), dist if dist is None else str(dist))
                    for name, value, dist in stored["entry_points"]]
    except (ValueError, TypeError, KeyError):  # damaged: read again
        pass
    from importlib import metadata

    found = list(metadata.entry_points(group=group))
    rows = [(ep.name, ep.value, getattr(getattr(ep, "dist", None), "name", None))
            for ep in found]
    store_json(path, {"key": key, "entry_points": rows})
    return found
