"""What corpus-lint survives: hostile input, broken disks and caches, misbehaving plugins.

Each test reproduces an attack that once crashed, hung or misled a run, and checks the
answer a user should get: a one-line report naming the file or plugin, the other files
still checked, the right exit code, and never a wrong finding.
"""
from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

from conftest import run_cli

ARTICLE = ("Storm closes schools\n\nHeavy snow closed more than two hundred schools across "
           "the region on Monday morning, officials said, and roads were blocked.\n\nHeavy snow "
           "closed more than two hundred schools across the region on Monday morning, "
           "officials said, and roads were blocked.\n")


def _check(root: Path, *extra: str):
    return run_cli("check", "--format", "json", "--jobs", "1", *extra, ".", cwd=root)


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".corpus-lint-cache").rglob("*")
                  if p.is_file() and p.name != ".gitignore")


def _corpus(write):
    return write({"a.txt": ARTICLE, "b.txt": "A clean short note that ends well.\n"})


# -- the result cache (issue 11, item 4) --------------------------------------------------

def test_corrupted_cache_entries_are_discarded_and_recomputed(write):
    root = _corpus(write)
    expected = _check(root, "--no-cache").json()["findings"]
    _check(root)  # fills the cache
    rng = random.Random(11)
    for trial in range(40):
        entry = rng.choice(_entries(root))
        data = bytearray(entry.read_bytes())
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        entry.write_bytes(bytes(data))
        result = _check(root)
        assert result.code == 1, (trial, result.err)
        assert result.json()["findings"] == expected, trial
        assert "Traceback" not in result.err


def test_a_note_names_the_discarded_entry(write):
    root = _corpus(write)
    _check(root)
    entry = _entries(root)[0]
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    result = _check(root)
    assert f"note: cache entry {entry.relative_to(root)}" in result.err or \
        f"note: cache entry {entry}" in result.err
    assert "checksum mismatch" in result.err


def test_swapped_cache_entries_never_serve_another_units_findings(write):
    root = _corpus(write)
    expected = _check(root, "--no-cache").json()["findings"]
    _check(root)
    first, second = _entries(root)
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    result = _check(root)
    assert result.json()["findings"] == expected
    assert result.err.count("written for another unit") == 2


class _Payload:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_crafted_cache_entry_runs_no_code(write, tmp_path):
    root = _corpus(write)
    _check(root)
    marker = tmp_path / "pwned"
    for entry in _entries(root):
        entry.write_bytes(pickle.dumps(_Payload(marker)))
    result = _check(root)
    assert not marker.exists()
    assert result.code == 1 and "unknown format" in result.err


def test_cache_entries_are_json_with_their_key_and_checksum(write):
    root = _corpus(write)
    _check(root)
    for entry in _entries(root):
        header, _, body = entry.read_bytes().partition(b"\n")
        fmt, key, checksum = header.split(b" ")
        assert fmt == b"corpus-lint-cache/2"
        assert key.decode() == entry.parent.name + entry.name
        assert isinstance(json.loads(body), dict)
