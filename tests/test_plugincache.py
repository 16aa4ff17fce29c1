"""The plugin set from the user's cache: the same entry points as importlib.metadata finds,
read again when a folder on the import path changes (a distribution installed or removed)."""
from __future__ import annotations

import os
import sys
from importlib import metadata

from corpus_lint.plugincache import CachedEntryPoint, entry_points, remembered
from corpus_lint.pluginhost import ENTRY_POINT_GROUP, load_plugins


def _rows(found):
    return sorted((ep.name, ep.value, ep.dist.name if ep.dist else None) for ep in found)


def test_cached_entry_points_equal_the_installed_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path))
    installed = _rows(metadata.entry_points(group=ENTRY_POINT_GROUP))
    assert not any(isinstance(ep, CachedEntryPoint) for ep in entry_points(ENTRY_POINT_GROUP))
    cached = entry_points(ENTRY_POINT_GROUP)
    assert cached and all(isinstance(ep, CachedEntryPoint) for ep in cached)
    assert _rows(cached) == installed
    garbling = next(ep for ep in cached if ep.name == "garbling")
    assert garbling.load() is sys.modules[garbling.value.partition(":")[0]]
    assert sorted(load_plugins().builtin) == sorted(
        name for name, _, dist in installed if dist == "corpus-lint")


def test_a_changed_folder_on_the_path_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    entry_points(ENTRY_POINT_GROUP)
    assert isinstance(entry_points(ENTRY_POINT_GROUP)[0], CachedEntryPoint)
    (site / "new.dist-info").mkdir()  # what pip does when it installs a distribution
    os.utime(site, ns=(0, 1))
    assert not isinstance(entry_points(ENTRY_POINT_GROUP)[0], CachedEntryPoint)


def test_a_damaged_cache_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path))
    entry_points(ENTRY_POINT_GROUP)
    [stored] = tmp_path.glob("entry-points-*.json")
    stored.write_text("{not json")
    assert _rows(entry_points(ENTRY_POINT_GROUP)) == _rows(
        metadata.entry_points(group=ENTRY_POINT_GROUP))
    assert isinstance(entry_points(ENTRY_POINT_GROUP)[0], CachedEntryPoint)


def test_an_answer_about_the_installed_set_is_computed_once_per_set(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    calls = []

    def compute():
        calls.append(1)
        return {"answer": len(calls)}

    assert remembered("question", compute) == {"answer": 1}
    assert remembered("question", compute) == {"answer": 1} and len(calls) == 1
    os.utime(site, ns=(0, 1))  # a distribution installed or removed there
    assert remembered("question", compute) == {"answer": 2}
