"""The decoded English LM in the user's cache: the same model as decoding the shipped file,
written once, rebuilt when damaged, and optional when the cache cannot be written."""
from __future__ import annotations

import numpy as np
import pytest

from corpus_lint.plugins.garbling import lm as lm_module
from corpus_lint.usercache import derived_folder


def _same(a, b):
    assert a.words == b.words and a.size == b.size and a.start == b.start
    for name in ("codes", "quantised", "unigram", "backoff"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.itemsize == right.itemsize and np.array_equal(left, right), name


@pytest.fixture
def fresh(own_user_cache):
    lm_module.load_lm.cache_clear()
    yield own_user_cache
    lm_module.load_lm.cache_clear()


def test_cached_model_equals_the_decoded_one(fresh):
    decoded = lm_module._from_decoded(lm_module._decode())
    first = lm_module.load_lm()  # writes the cache
    [entry] = [p for p in fresh.iterdir() if p.is_dir()]  # digests.json beside it
    assert entry.name.startswith("english-lm-") and (entry / "padded.npy").is_file()
    lm_module.load_lm.cache_clear()
    mapped = lm_module.load_lm()  # maps it
    _same(first, decoded)
    _same(mapped, decoded)


def test_damaged_entry_is_decoded_and_derived_again(fresh):
    lm_module.load_lm()
    [entry] = [p for p in fresh.iterdir() if p.is_dir()]  # digests.json beside it
    (entry / "padded.npy").write_bytes(b"not an array")
    lm_module.load_lm.cache_clear()
    assert lm_module.load_lm().size > 70_000
    assert not entry.exists()  # forgotten; the next run writes it again
    lm_module.load_lm.cache_clear()
    lm_module.load_lm()
    assert (entry / "padded.npy").stat().st_size > 1_000_000


def test_unwritable_cache_is_not_required(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(blocker / "cache"))
    assert derived_folder("x", blocker, lambda folder: None) is None
    lm_module.load_lm.cache_clear()
    try:
        assert lm_module.load_lm().size > 70_000
    finally:
        lm_module.load_lm.cache_clear()


def test_digest_is_remembered_until_the_file_changes(tmp_path, monkeypatch):
    from corpus_lint.usercache import file_digest

    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "model.bin"
    source.write_bytes(b"one")
    first = file_digest(source)
    assert (tmp_path / "cache" / "digests.json").is_file()
    assert file_digest(source) == first
    source.write_bytes(b"two!")  # a new size (and time): hashed again
    assert file_digest(source) != first
