"""Patterns compiled on first use behave as compiled ones, and every shipped pattern that is
compiled lazily does compile (a broken one would otherwise fail mid-run)."""
from __future__ import annotations

import pickle
import re

from corpus_lint.lazyre import LazyPattern, lazy
from corpus_lint.plugins.comment_spam.lexicon import SPAM_PATTERNS_FILE, load_promotions, shipped


def test_lazy_pattern_matches_like_a_compiled_one():
    text = "Buy NOW, buy now: call 555-0100"
    rx, compiled = lazy(r"buy\s+(now)", re.I), re.compile(r"buy\s+(now)", re.I)
    assert "search" not in vars(rx)  # nothing compiled yet
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert rx.sub("x", text) == compiled.sub("x", text) and rx.groups == 1
    assert "search" in vars(rx)  # compiled once, methods bound
    again = pickle.loads(pickle.dumps(rx))
    assert again.findall(text) == compiled.findall(text)


def test_shipped_promotion_patterns_all_compile():
    promotions = load_promotions(shipped(SPAM_PATTERNS_FILE), ())
    lazies = [rx for _, rx, pre in promotions for rx in (rx, pre) if isinstance(rx, LazyPattern)]
    assert len(lazies) > 20
    for rx in lazies:
        assert isinstance(re.compile(*rx._source), re.Pattern)


def test_garbling_construction_patterns_all_compile():
    """G101's patterns and orphan-word regexes compile when a gate first opens: each must."""
    from corpus_lint.plugins.garbling.constructions import load_constructions

    patterns, orphans = load_constructions()
    lazies = [p for _, p, *_ in patterns] + [rx for o in orphans for rx in (o[2], o[3], o[6])
                                             if rx is not None]
    assert len(lazies) > 30 and all(isinstance(rx, LazyPattern) for rx in lazies)
    for rx in lazies:
        assert isinstance(re.compile(*rx._source), re.Pattern)
