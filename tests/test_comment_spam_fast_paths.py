"""Comment-spam's fast paths (issue 17) give exactly what the plain code gives: property
tests over text built from the characters each fast path treats apart."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from corpus_lint.plugins.comment_spam.lexicon import _PUNCT, unpunctuate
from corpus_lint.plugins.comment_spam.lines import (_EMOTICON, _REPORTED, _letter_run,
                                                    _may_hold_emoticon, _reported)
from corpus_lint.plugins.comment_spam.rules import CommentSection
from corpus_lint.plugins.comment_spam.spam import _PHONE, _five_digits, _phone

# every mark the word split knows, ASCII and not, and characters that encode to several bytes
_MARKS = sorted(chr(k) for k in _PUNCT)
_OTHERS = ["a", "Z", " ", "\n", "\t", "5", "é", "Σ", "£", "\u0131", "\u212a", "\U0001F600",
           "\ud800", "\udfff", "\x00", "\x7f", "\x80", "\xa0"]
CHARS = st.lists(st.sampled_from(_MARKS + _OTHERS), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(CHARS)
def test_unpunctuate_is_the_dict_translation(text):
    assert unpunctuate(text) == text.translate(_PUNCT)


def _lists():
    lex = CommentSection().lex
    m = lex.markers
    return [m.reader, m.praise, m.stance, m.casual, m.opinion, lex.spam, lex.profanity]


def _plain_hits(phrases, tokens: list[str], tokenset=None) -> list[str]:
    """``PhraseSet.hits`` as it was: the walk over the line whenever a first word occurs."""
    found = []
    for i, token in enumerate(tokens):
        for phrase in phrases.first.get(token, ()):
            if len(phrase) == 1 or tuple(tokens[i:i + len(phrase)]) == phrase:
                found.append(" ".join(phrase))
                break
    if any(prefix in " ".join(tokens) for prefix in phrases.prefixes):
        found.extend(t for t in tokenset or tokens if t.startswith(phrases.prefixes))
    return found


_LIST_WORDS = sorted({w for s in _lists() for ps in s.first.values() for p in ps for w in p}
                     | {p + "ing" for s in _lists() for p in s.prefixes})
_PHRASES = sorted({p for s in _lists() for ps in s.first.values() for p in ps})
# whole phrases, their words apart and other words, so phrases occur whole, cut and mixed
WORDS = st.lists(st.one_of(st.sampled_from(_PHRASES),
                           st.sampled_from(_LIST_WORDS + ["the", "news", "i", "x"]).map(
                               lambda w: (w,))), max_size=12).map(
    lambda parts: [w for part in parts for w in part])


@settings(max_examples=500, deadline=None)
@given(WORDS)
def test_phrase_hits_are_those_of_the_plain_walk(tokens):
    for phrases in _lists():
        words = frozenset(tokens)
        assert phrases.hits(tokens, words) == _plain_hits(phrases, tokens, words)
        assert phrases.hits(tokens) == _plain_hits(phrases, tokens)


EMOTICON_TEXT = st.lists(st.sampled_from([":", ";", "=", "<", "^", "x", "X", "d", "D", "8", "3",
                                          ")", "(", "p", "_", "-", "'", " ", "\n", ".", "a"]),
                         max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(EMOTICON_TEXT)
def test_the_emoticon_gate_passes_wherever_the_former_gate_and_the_regex_do(text):
    former = any(mark in text for mark in (":", ";", "=", "<", "^", "x", "X"))
    assert (former and bool(_EMOTICON.search(text))) \
        == (_may_hold_emoticon(text) and bool(_EMOTICON.search(text)))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["a", "a", "b", "A", "o", "oo", "z", " ", "é", "\u0131"]),
                max_size=14).map("".join))
def test_a_run_of_one_letter_is_found_as_the_regex_finds_it(text):
    assert _letter_run(text) == bool(re.search(r"([a-z])\1{3,}", text))


_SPEECH = ["\"", "“", "”", " ", ",", ", ", "he", "she", "it", "Smith", "said", "says", "told",
           "added", "explained", "according", "to", "x", ":", "\n", "sai", "dsaid"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_SPEECH), max_size=12).map("".join))
def test_reported_speech_is_found_as_the_whole_search_finds_it(text):
    former = any(q in text for q in ('"', "“", "”")) and any(
        v in text for v in ("said", "says", "told", "added", "explained", "according"))
    assert _reported(text) == (former and bool(_REPORTED.search(text)))


_FIGURES = ["0", "1", "5", "9", "12", "2004", " ", "  ", "(", ")", "-", "+", ".", ",", "%", "a",
            "\n", "\u0663", "\uff15", "\xb2", "£"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_FIGURES), max_size=16).map("".join))
def test_the_digit_gate_passes_every_text_with_a_phone_number(text):
    if any(_phone(text, m) for m in _PHONE.finditer(text)):
        assert _five_digits(text)
