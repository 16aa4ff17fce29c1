"""Comment-spam on a document written as one long line (issue 11: work per match, not per
line): the promotion patterns are tried only where their anchors occur and links are
searched only around their marks, and both give exactly what the whole-line scan gives
(property tests over text built from the patterns' own words, links, separators and the
characters that case folding treats apart)."""
from __future__ import annotations

import itertools
import re

from hypothesis import example, given, settings, strategies as st

from corpus_lint.plugins.comment_spam.lexicon import (MARKERS_FILE, SPAM_PATTERNS_FILE, _PUNCT,
                                                      Gates, _load_toml, fast_tokens, gate_open,
                                                      load_markers, load_promotions, shipped,
                                                      unpunctuate)
from corpus_lint.plugins.comment_spam.lines import _EMOTICON, _URL, _emoticon, _link_near_marks
from corpus_lint.plugins.comment_spam.spam import without
from corpus_lint.plugins.comment_spam.starts import anchors, find_matches

PATTERNS = [rx for _, rx, _ in load_promotions(shipped(SPAM_PATTERNS_FILE), ())]
_DATA = _load_toml(shipped(SPAM_PATTERNS_FILE), "spam patterns")["pattern"]
_EXAMPLE_WORDS = {w for e in _DATA for text in e.get("examples", []) for w in text.split()}
_ANCHORS = {a for rx in PATTERNS for a in (anchors(rx.pattern, rx.flags) or ((),))[0]}
PIECES = sorted({*_ANCHORS, *_EXAMPLE_WORDS, *(w.upper() for w in sorted(_EXAMPLE_WORDS)[:30]),
                 "www.", "http://", "HTTPS://", "example", "shop-x", ".com", ".co.uk", ".ru",
                 ".\u0131nfo", "\u0130.net", "@", "/", "x.com, y.net | z.org", "a.b.c.com",
                 " ", " ", " ", " ", " ", " ", "  ", "\t", ",", ".", "-", "'", '"', "(", ")",
                 "&", "£", "5", "100", "0800 123 4567", "me", "my", "out", "to", "you",
                 "\u0131", "\u0130", "\u017f", "\u212a", "\xa0"})
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join)


def _long(text: str) -> str:
    """The text repeated to a long line (a document written as one line)."""
    return (text + " ") * (2000 // (len(text) + 1) + 1)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_anchored_search_finds_what_finditer_finds(text):
    for lowered in (text.lower(), text, _long(text).lower(), _long(text)):
        for rx in PATTERNS:
            assert _spans(find_matches(rx, lowered)) == _spans(rx.finditer(lowered)), rx.pattern


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_link_search_around_marks_agrees_with_the_whole_line(text):
    for line in (text, _long(text)):
        assert _link_near_marks(line) == bool(_URL.search(line))


def test_most_shipped_patterns_have_anchors():
    """A pattern without anchors scans the whole line: fine, but it should stay the exception."""
    anchored = [rx.pattern for rx in PATTERNS if anchors(rx.pattern, rx.flags)]
    assert len(anchored) >= 0.75 * len(PATTERNS)


def test_anchors_of_words_and_of_links():
    assert anchors(r"\b(?:check|visit)\s+my\b", 0) == (("check", "visit"), False)
    assert anchors(r"\b[\w-]+\.(?:com|net)\b", 0) == ((".com", ".net"), True)
    assert anchors(r"\bi\s+will", 0) is None  # one character: found too often to help
    assert anchors(r"(?:abc)?def", 0) is None  # an optional start
    assert anchors(r"abc", re.IGNORECASE) is None  # case folding: str.find cannot say


def test_a_spam_phrase_late_in_a_long_line_is_found():
    rx = next(rx for rx in PATTERNS if rx.pattern.startswith(r"\b(?:work|working|job)"))
    line = "the minister spoke at length. " * 200 + "you can work from home now"
    assert [m.group(0) for m in find_matches(rx, line)] == ["work from home"]


def test_a_link_with_a_dotless_i_is_found_as_the_whole_line_search_finds_it():
    # the regex takes "\u0131" for an "i"; lower-casing keeps it: no ".info" mark to find
    line = "the minister spoke at length. " * 100 + "see example.\u0131nfo now"
    assert _URL.search(line) and _link_near_marks(line)


_BITS = st.sampled_from(["ab", "a b", "b", " ", "ba", "a"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_BITS, max_size=30).map("".join), st.lists(_BITS.filter(str.strip), max_size=8))
@example("aa bb", ["a b", "a b"])  # the first cut makes the second match
def test_cutting_matches_once_each_gives_the_text_cut_match_after_match(text, matches):
    expected = text
    for match in matches:
        expected = expected.replace(match, " ")
    assert without(text, matches) == expected


# -- the fast paths of a document's analysis (issue 17): each gives what it stands for ------

_GATE_WORDS = sorted({w for gate, _, _ in load_promotions(shipped(SPAM_PATTERNS_FILE), ())
                      for group in gate for w in group})


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(_GATE_WORDS + ["zz", "news", "said"]), max_size=40))
def test_gates_open_the_patterns_gate_open_opens(words):
    promo = load_promotions(shipped(SPAM_PATTERNS_FILE), ("extra",))  # (an ungated one too)
    tokens = frozenset(words)
    assert Gates(promo).open(tokens) == tuple(p for p in promo if gate_open(p[0], tokens))


def test_gates_of_many_groups():
    groups = tuple(frozenset(g) for g in ("a", "bc", "d", "e", "f"))
    promo = ((groups, None, None), ((), None, None), (groups[:1], None, None),
             ((frozenset("xy"), frozenset("a")), None, None))
    gates = Gates(promo)
    for size in range(8):
        for words in itertools.combinations("abcdefxyz", size):
            tokens = frozenset(words)
            assert gates.open(tokens) == tuple(p for p in promo if gate_open(p[0], tokens))


_EMOTICON_PIECES = list(":;=8<^xXdDpP3)(][/\\|*-'_ .,!?a") + [
    "\t", "\n", "\xa0", "\u2028", "\x1c", "\x85", "\u200b", "\u3000", ":-)", " xD", "<3", "^_^"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_EMOTICON_PIECES), max_size=20).map("".join))
def test_emoticon_search_where_one_can_start(text):
    assert _emoticon(text) == bool(_EMOTICON.search(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in sorted(_PUNCT)]
                                        + list("aZ 1\t\u00a0\u03a3\ud800")), max_size=30))
def test_fast_tokens_are_the_translated_split(text):
    assert unpunctuate(text) == text.translate(_PUNCT)
    assert fast_tokens(text) == text.translate(_PUNCT).split()


_STAMP_PIECES = ["March 3, 2019", "at", "10:32", "pm", "2 years ago", "yesterday", "2016-05-04",
                 "04/05/2016", "Jo", "says", " ", " | ", "·", "Mon", "12", "min", "ago", "am"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_STAMP_PIECES), max_size=10).map(" ".join))
def test_the_stamp_union_matches_where_a_part_does(text):
    m = load_markers(shipped(MARKERS_FILE), ())
    parts = any(rx is not None and rx.search(text) for rx in (m.time, m.date, m.relative))
    assert bool(m.stamp.search(text)) == bool(parts)
