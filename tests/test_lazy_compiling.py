"""Work a run does not need is not done before the workers fork (issue 17, --jobs 2 speed-up):
a pattern read only for its text is not compiled, the promotion patterns wait behind their
gates, np.unique's import of numpy.ma is not paid, and the spam model is read from a
marshalled copy in the user cache (the same weights)."""
from __future__ import annotations

import re
import subprocess
import sys

from corpus_lint.lazyre import lazy
from corpus_lint.plugins.comment_spam import spammodel
from corpus_lint.plugins.comment_spam.starts import anchors, find_matches
from corpus_lint.plugins.garbling import constructions


def test_a_lazy_patterns_source_is_read_without_compiling():
    rx = lazy(r"\bcheck\s+(?:out|this)\b", re.I)
    assert rx.source == (r"\bcheck\s+(?:out|this)\b", re.I)
    assert "search" not in vars(rx)


def test_a_promotion_pattern_compiles_only_where_its_anchors_occur():
    rx = lazy(r"\b(?:visit|check)\s+my\s+channel\b")
    assert list(find_matches(rx, "a news paragraph without the words")) == []
    assert "search" not in vars(rx)  # its anchors ("visit", "check") are not in the text
    text = "please check my channel, visit my channel"
    assert [m.span() for m in find_matches(rx, text)] == \
        [m.span() for m in re.compile(rx.source[0]).finditer(text)]


def test_inline_flags_turn_anchors_off_as_the_flag_does():
    """Given a lazy pattern's own flags (not the compiled ones), an inline (?i) must still
    mean "no case-sensitive anchors": str.find would miss "VISIT"."""
    assert anchors(r"(?i)\bvisit\s+my\b", 0) is None
    assert anchors(r"\bvisit\s+my\b", re.I) is None
    assert anchors(r"\bvisit\s+my\b", 0) == (("visit",), False)


def test_an_re2_twin_is_made_without_compiling_the_python_pattern(monkeypatch):
    patterns, orphans = constructions.load_constructions()
    fresh = [(cid, lazy(*pattern.source), *rest) for cid, pattern, *rest in patterns]
    monkeypatch.setattr(constructions, "load_constructions", lambda: (fresh, orphans))
    twins = [cid for cid, *_ in fresh if constructions.ascii_twin.__wrapped__(cid) is not None]
    prefilters = [cid for cid, *_ in fresh
                  if constructions.ascii_prefilter.__wrapped__(cid) is not None]
    assert twins and prefilters
    assert not [cid for cid, pattern, *_ in fresh if "search" in vars(pattern)]


def _fresh_process(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_comment_spam_prepare_leaves_the_promotion_patterns_lazy():
    compiled = _fresh_process(
        "from corpus_lint.plugins.comment_spam.rules import CommentSection, SpamMessage\n"
        "rules = [CommentSection(), SpamMessage()]\n"
        "for rule in rules: rule.prepare()\n"
        "print(sum('search' in vars(p) for r in rules for _, rx, pre in r.lex.promo\n"
        "          for p in (rx, pre) if p is not None))")
    assert compiled == "0"


def test_counting_repeated_four_grams_does_not_import_numpy_ma():
    imported = _fresh_process(
        "import sys, numpy as np\n"
        "from corpus_lint.plugins.garbling.chunks import _repeated\n"
        "words = np.array([1, 2, 3, 4, 1, 2, 3, 4, 5], dtype=np.int64)\n"
        "print(_repeated(words, np.zeros(9, dtype=np.int64), np.array([9]), 8).tolist(),\n"
        "      'numpy.ma' in sys.modules)")
    assert imported == "[1] False"


def test_the_spam_model_read_from_the_cache_is_the_shipped_one(own_user_cache):
    shipped = spammodel._decoded(spammodel.family_data("comment-spam", spammodel.MODEL_FILE))
    first = spammodel.load_model.__wrapped__()  # writes the cached copy
    (entry,) = own_user_cache.glob("spam-model-*")
    again = spammodel.load_model.__wrapped__()  # reads it
    for model in (first, again):
        assert model.bias == float(shipped["bias"]) and model.weights == shipped["weights"]
    assert list(again.weights) == list(shipped["weights"])
    (entry / spammodel.MARSHALLED).write_bytes(b"damaged")
    assert spammodel.load_model.__wrapped__().weights == shipped["weights"]
    assert not entry.exists()  # forgotten: the next run derives it again
