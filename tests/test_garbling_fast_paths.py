"""The garbling analysis's fast paths (issue 17) give exactly what their plain definitions
give. G101's gates judged on word tokens may only let more through than the substring
gates, never fewer (property tests over text built from the gates' own substrings and their
edges); tokens, words, normalised text and repeats equal the plain regex and list versions."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from corpus_lint.plugins.garbling.constructions import (candidate_substrings,
                                                        find_constructions,
                                                        find_constructions_many,
                                                        load_constructions, requirements)
from corpus_lint.plugins.garbling.tokens import (_MAYBE_ADDRESS, _NORMALISE, _NOT_PROSE, TOKEN,
                                                _blank, lowered_words, normalise, repetition,
                                                tokenise)


def _substrings() -> list[str]:
    patterns, orphans = load_constructions()
    found = {s for *_, needs in patterns for part in needs for s in part}
    return sorted(found | {orphan[1] for orphan in orphans})


SUBSTRINGS = _substrings()
# the substrings, their words, and what can sit next to them: letters that extend a word,
# capitals, apostrophes (straight and curly), digits, underscores, punctuation, spaces,
# and characters that lower-casing changes (the Kelvin sign, a dotted capital I)
PIECES = sorted({*SUBSTRINGS, *(w for s in SUBSTRINGS for w in s.split()),
                 *(s.upper() for s in SUBSTRINGS[:20]), "x", "s", "ed", "The", "THAT", "'",
                 "\u2019", " ", "  ", "\n", ",", ".", "-", "_", "5", "\u212a", "\u0130", "don't"})


def _words(text: str) -> list[str]:
    return [token.lower() for token in TOKEN.findall(text) if token[0].isalnum()]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_word_gates_let_through_every_substring_present(text):
    text = normalise(text)
    lowered = text.lower()
    if len(lowered) == len(text):  # the only case the word gates are used in
        present = {s for s in SUBSTRINGS if s in lowered}
        assert present <= candidate_substrings(_words(text))
    assert find_constructions_many([text], [_words(text)]) == [
        find_constructions(text, normalised=True)]


def test_requirements_say_where_a_run_sits_in_its_word():
    assert requirements(" him to ") == {("=", "him"), ("=", "to")}
    assert requirements("more ") == {(">", "more")}
    assert requirements(" went") == {("<", "went")}
    assert requirements("whose") == {("~", "whose")}
    assert requirements("n't ") == {(">", "n't")}


def test_a_paragraph_without_the_words_opens_no_gate():
    text = "The committee met on Tuesday and agreed to publish its report in the spring."
    candidates = candidate_substrings(_words(text))
    assert "whose" not in candidates and "pros and cons" not in candidates
    assert find_constructions_many([text], [_words(text)]) == [[]]


# letters (ASCII and not), digits of several kinds, numerics that are not digits, the
# apostrophes, punctuation, and whitespace of several kinds (non-breaking, ideographic)
ODD_TEXT = st.text(alphabet=st.sampled_from(
    "aZ\u00e9\u03a3\u4e2d09\u0663\u00bd\u2167_'\u2019`\u00b4\u2013.,:;!?-@/w"
    " \t\n\u00a0\u2009\u3000\u200b\u0301"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ODD_TEXT)
def test_tokens_words_and_normalising_equal_the_plain_versions(text):
    assert tokenise(text) == TOKEN.findall(text)
    tokens = TOKEN.findall(text)
    assert lowered_words(tokens) == [t.lower() for t in tokens if t[0].isalnum()]
    plain = text.translate(_NORMALISE)  # what normalise did before its ASCII shortcut
    plain = _NOT_PROSE.sub(_blank, plain) if _MAYBE_ADDRESS.search(plain) else plain
    assert normalise(text) == plain and len(plain) == len(text)


@given(st.lists(st.sampled_from(["the", "cat", "sat", "on"]), max_size=14))
def test_repetition_counts_repeated_four_grams(words):
    grams = list(zip(words, words[1:], words[2:], words[3:]))
    repeated = len(grams) - len(set(grams))
    expected = (max(0, repeated - 1) / len(grams), repeated) if grams else (0.0, 0)
    assert repetition(words) == expected
