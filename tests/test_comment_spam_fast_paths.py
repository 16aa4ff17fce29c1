"""Comment-spam's fast paths (issue 17) give exactly what the plain code gives: property
tests over text built from the characters each fast path treats apart."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import FIXTURES
from corpus_lint.plugins.comment_spam.lexicon import (_PUNCT, SPAM_PATTERNS_FILE, fast_tokens,
                                                      shipped, unpunctuate)
from corpus_lint.rulebook.spec import load_toml
from corpus_lint.plugins.comment_spam.lines import (_CAPS_RUN, _EMOTICON, _REPORTED,
                                                    FUNCTION_WORDS, _letter_run,
                                                    _may_hold_emoticon, _reported, _shouting,
                                                    word_count)
from corpus_lint.plugins.comment_spam.markers import _core_words
from corpus_lint.plugins.comment_spam.needs import DIGIT, Gated, may_hold, need
from corpus_lint.plugins.comment_spam.rules import CommentSection, SpamMessage
from corpus_lint.plugins.comment_spam import lines as lines_module, spam
from corpus_lint.plugins.comment_spam.analysis import _lines
from corpus_lint.plugins.comment_spam.rules import _messages
from corpus_lint.plugins.comment_spam.sections import comment_sections
from corpus_lint.plugins.comment_spam.lexicon import word_text
from corpus_lint.plugins.comment_spam.lines import split_lines
from corpus_lint.plugins.comment_spam.spam import _PHONE, _five_digits, _phone, scan_spam

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
@given(WORDS, st.sampled_from([" ", "  ", "\t", "\n "]))
def test_phrase_hits_are_those_of_the_plain_walk(tokens, space):
    for phrases in _lists():
        words = frozenset(tokens)
        assert phrases.hits(tokens, words) == _plain_hits(phrases, tokens, words)
        assert phrases.hits(tokens) == _plain_hits(phrases, tokens)
        # a line's folded text in place of the words joined: its words apart by any space
        joined = space + space.join(tokens)
        assert phrases.hits(tokens, words, joined) == _plain_hits(phrases, tokens, words)
        # the first words of a document the line is part of (its words and others)
        firsts = phrases.first_words & (words | {"the", "news", "free", "great"})
        assert phrases.hits(tokens, words, None, firsts) == _plain_hits(phrases, tokens, words)


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


def test_a_need_is_what_every_match_holds():
    assert need(r"\d+\s+days?\s+ago\b") == {DIGIT}  # (a digit is preferred: one test)
    assert need(r"\bago\b|^(?:just\s+now|yesterday)") == {"ago", "just", "yesterday"}
    assert need(r"(?i)x?ABC") == {"abc"}
    assert need(r"(?:says|a écrit)\s*:") == {"says", "crit"}  # (ASCII parts of a literal)
    assert need(r"[0-9]{2}:(?<=\d)") == {DIGIT}
    assert need(r"(?=\d)word") == {"word"}  # (what a lookahead sees is not a need)
    assert need(r"abc|.x") is None  # (one alternative needs nothing known)
    assert need(r"(?:abcd)?xy") is None  # (an optional group is no need; "xy" too common)
    assert need(r"[(") is None  # (not a pattern: no gate)


# pieces of timestamps and what looks like them: capitals, "ſ" (which re.IGNORECASE takes
# for "s"), digits of other scripts, months, words the need holds inside other words
_STAMPS = ["ago", "AGO", "Ago", "just now", "juſt now", "JUST NOW", "yesterday", "today", "Today",
           "3", "12:30", "\u0663", "\uff15", "May", "mar", "2016", "days", "2 days", " ", ":", ",",
           "pm", "at", "x", "é", "\u212a", "\n", "-", "/", "agora", "Tom"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_STAMPS), max_size=8).map("".join))
def test_a_gated_timestamp_search_finds_what_the_regex_finds(text):
    stamp = CommentSection().lex.markers.stamp
    assert isinstance(stamp, Gated)
    found, plain = stamp.search(text), stamp.rx.search(text)
    assert (found and found.span()) == (plain and plain.span())


def test_every_shipped_need_is_held_by_the_matches_of_the_examples():
    """The needs of the shipped marker and promotion patterns, on the catalogue's examples
    and the test corpus: wherever a pattern matches a line, the line holds its need."""
    lex = SpamMessage().lex
    m = CommentSection().lex.markers
    rxs = [m.header, m.signature, m.stamped_signature, m.not_comment, m.chrome, m.stamp.rx,
           m.relative, m.time, m.date] + [rx for _, rx, _ in lex.promo]
    lines = [line.strip() for path in sorted(FIXTURES.rglob("*.txt"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    checked = 0
    for rx in rxs:
        needed = need(rx.pattern, rx.flags)
        if needed is None:
            continue
        for line in lines:
            for text in (line, line.lower()):
                if rx.search(text):
                    checked += 1
                    assert may_hold(needed, text), (rx.pattern, text)
    assert checked > 100


# spam words whole and cut, a capital sigma (the document's words are then split apart),
# apostrophes (dropped inside words), line breaks
_SPAMMY = sorted({w for ps in SpamMessage().lex.spam.first.values() for p in ps for w in p})[:40] \
    + ["free", "casino", "bonus", "Σ", "ΟΔΟΣ", "'", "’", "\n", "\n\n", " ", ".", "viagra", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SPAMMY), max_size=30).map(" ".join))
def test_lines_without_a_first_word_of_spam_are_scored_as_before(text):
    """Skipping the lines that hold no first word of a spam phrase (``_first_words``)
    scores every line as trying them all does."""
    lex = SpamMessage().lex

    def scores():
        lines = split_lines(text, lex, word_text(text))
        scan_spam(lex, text, lines, word_text(text))
        return [(line.spam_score, list(line.spam_reasons)) for line in lines]

    gated = scores()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spam, "_first_words", lambda *args: None)
        assert scores() == gated


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Tom", "x", "-", "--", "—", " - ", " ", "'", ".", ":", "\t",
                                 "é", "Σ", "\u0130", "1"]), min_size=1, max_size=12).map("".join))
def test_a_short_lines_core_words_are_counted_as_its_split_counts_them(text):
    """``_core_words`` takes the line's token count for the whole line without a dash."""
    for line in split_lines(text, CommentSection().lex, word_text(text)):
        plain = sum(1 for t in fast_tokens(line.text) if t.strip("-"))
        assert _core_words(line.text, line, line.ntokens) == plain


def _plain_shouting(text: str) -> bool:
    """``_shouting`` as it was: every character's case looked up, every run searched."""
    upper, letters = sum(map(str.isupper, text)), sum(map(str.isalpha, text))
    if upper < 7:
        return False
    if letters >= 10 and upper > 0.6 * letters:
        return True
    return any(any(w.lower() in FUNCTION_WORDS for w in m.group(0).replace(",", " ").split())
               for m in _CAPS_RUN.finditer(text))


_CAPS = ["THE", "OF", "AND", "BBC", "UK", "I'M", "A'", "A", "I", "a", "the", "news", " ", ", ",
         ".", "!", "'", "X", "é", "É", "Σ", "\n", "\t", "\x1c", "NEWS TODAY", "Ab", ":"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CAPS), max_size=20).map("".join))
@example("the news, the news: STOP THE WAR now")  # (three words of capitals, no more)
@example("the news, the news: I'M NOT OK, the news")
def test_shouting_is_found_as_the_plain_count_and_search_find_it(text):
    assert _shouting(text) == _plain_shouting(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", " ", "  ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x7f",
                                 "\xa0", "\u2028", "é", ".", "-"]), max_size=12).map("".join))
def test_words_are_counted_as_split_counts_them(text):
    assert word_count(text) == len(text.split())


def _judged(text: str, patch: pytest.MonkeyPatch | None = None) -> list:
    """What the family makes of ``text``: each line's marks, spam and content, the
    comment sections and the spam messages; with ``patch``, every line keeps all its
    words where it keeps those of the lexicon's vocabulary (the plain path)."""
    rule = CommentSection()
    if patch is not None:
        patch.setattr(lines_module, "vocabulary", lambda lex: None)
    found = _lines(text, rule.lex)
    marks = [(line.kind, line.weight, line.chrome, line.timed, line.dated, line.spam_score,
              list(line.spam_reasons), line.content, list(line.reasons)) for line in found]
    sections = list(comment_sections(found, rule.params)) if len(found) >= 2 else []
    return [marks, sections, _messages(found, 3.5)]


# gate words, phrase words, the shipped promotions' own examples, links of every link
# word, marker lines and line breaks
_GATED = sorted(SpamMessage().lex.gates.words) + _LIST_WORDS[:60] + [
    example for entry in load_toml(shipped(SPAM_PATTERNS_FILE))["pattern"]
    for example in entry.get("examples", [])] + [
    "www.shop.example.com", "http://x.ru/a", "bit.ly/x", "go.io", "f.tv", "bbc.co.uk", "x.pl",
    "Great post!", "I", "you", "2 days ago", "Reply", "Posted by", "Sam", "\n", "\n\n", "\n\n",
    ".", "'", "!!", "?", "12345678901"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATED), max_size=30).map(" ".join))
def test_lines_read_through_the_vocabulary_are_judged_as_with_all_their_words(text):
    """A line keeps only its words of the lexicon's vocabulary for the promotion gates,
    the link and spam-word tests and the document's words (``lines.vocabulary``): the
    family judges every line, section and message as with all its words."""
    fast = _judged(text)
    with pytest.MonkeyPatch.context() as patch:
        assert _judged(text, patch) == fast


def test_the_fixtures_are_judged_through_the_vocabulary_as_with_all_words():
    texts = [path.read_text(encoding="utf-8", errors="replace")
             for path in sorted(FIXTURES.rglob("*.txt"))]
    assert len(texts) > 30
    for text in texts:
        fast = _judged(text)
        with pytest.MonkeyPatch.context() as patch:
            assert _judged(text, patch) == fast


_LINKISH = "abcomwhtpukx.: /\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LINKISH, max_size=300))
@example("http://a.com x.co.uk\nwww.b.net and .io\n\nno link here")
@example("." + "www." * 200 + "com")
def test_link_marks_in_one_pass_find_the_lines_each_search_finds(text):
    """``_marked_lines`` (one automaton pass) and ``_lines_with`` over LINK_MARKS (a search
    per mark) find the same lines."""
    from corpus_lint.plugins.comment_spam.lines import LINK_MARKS

    lines = split_lines(text, SpamMessage().lex)
    starts = [line.start for line in lines]
    assert spam._marked_lines(text, lines, starts) == spam._lines_with(
        text, LINK_MARKS, lines, starts)
