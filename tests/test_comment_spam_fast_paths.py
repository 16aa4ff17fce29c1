"""Comment-spam's fast paths (issue 17) give exactly what the plain code gives: property
tests over text built from the characters each fast path treats apart."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from corpus_lint.plugins.comment_spam.lexicon import _PUNCT, unpunctuate

# every mark the word split knows, ASCII and not, and characters that encode to several bytes
_MARKS = sorted(chr(k) for k in _PUNCT)
_OTHERS = ["a", "Z", " ", "\n", "\t", "5", "é", "Σ", "£", "\u0131", "\u212a", "\U0001F600",
           "\ud800", "\udfff", "\x00", "\x7f", "\x80", "\xa0"]
CHARS = st.lists(st.sampled_from(_MARKS + _OTHERS), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(CHARS)
def test_unpunctuate_is_the_dict_translation(text):
    assert unpunctuate(text) == text.translate(_PUNCT)
