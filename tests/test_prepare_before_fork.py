"""What the engine loads before forking workers is shared by them copy-on-write; what a
worker builds on first use is its own copy, once per worker (audit memory, issue 17)."""
from __future__ import annotations

from corpus_lint.plugins.garbling import analysis
from corpus_lint.plugins.garbling.model import load_model


def test_garbling_prepare_builds_the_dense_tables():
    analysis._tables.cache_clear()
    assert analysis._tables.cached(load_model()) is None
    analysis.GarblingRule.prepare(object.__new__(analysis.GarblingRule))
    tables = analysis._tables.cached(load_model())
    assert tables is not None
    pad, (unigrams, (bigram_index, _)), _ = tables
    width = pad + 1
    assert len(unigrams) == width and len(bigram_index) == width * width
