"""The duplicate family's fast paths agree with their plain versions: the sorted counting
of long documents' n-grams (hashcount) with the dict counting, n-grams counted in the
windows of repeated words with counting every n-gram, D203's gate from word counts with
its bigram bounds, and D102's prefix-filtered candidate search with reading every posting
list."""
from __future__ import annotations

from array import array
from collections import Counter

import pytest
from hypothesis import example, given, settings, strategies as st

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins.duplicate import copies, hashcount
from corpus_lint.plugins.duplicate.analysis import (_align, analysis, separator_blind,
                                                    count_bigrams, count_repeats, count_words,
                                                    normalise, repeated_windows)
from corpus_lint.plugins.duplicate.repetition import (_bigram_gate, _top_ngram_bounds,
                                                      repeated_mass)

# few distinct words, so that bigrams and longer n-grams repeat
_WORDS = st.lists(st.sampled_from(["a", "bb", "the", "of", "council", "x" * 40, "2,000"]),
                  max_size=300)
_PROSE = ("the council approved the new budget on tuesday after a long debate about road "
          "repairs and school funding and the mayor said the budget balanced the needs of "
          "families with the cost of borrowing").split()


def _repeats(words: list[str], n: int) -> dict[str, int]:
    return count_repeats(words, count_words(words).repeated, n)


def _check(words: list[str]) -> None:
    hashes = hashcount.word_hashes(words)
    plain = count_bigrams(words)
    assert hashcount.bigram_stats(*hashes) == tuple(plain)
    for n in (2, 3, 5, 10):
        assert hashcount.repeated_mass(*hashes, n) == repeated_mass(_repeats(words, n), n)


@settings(max_examples=200, deadline=None)
@given(_WORDS)
def test_sorted_counts_equal_dict_counts(words):
    _check(words)


def test_sorted_counts_equal_dict_counts_on_long_prose():
    words = (_PROSE * 120)[:3000] + _PROSE[::-1] * 10 + [str(k) for k in range(500)]
    assert len(words) >= hashcount.LONG
    _check(words)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.integers(1, 12))
def test_ngrams_counted_in_repeated_windows_equal_counting_every_ngram(words, n):
    every = Counter(tuple(words[k:k + n]) for k in range(len(words) - n + 1))
    assert _repeats(words, n) == {gram: count for gram, count in every.items() if count > 1}


def test_repeated_windows_and_word_counts_over_255():
    words = ["a"] * 300 + ["b", "c"] + ["a"] * 3
    counts = count_words(words)
    assert set(counts.counts) == {255, 1} and counts.longest == 1
    assert repeated_windows(counts.repeated, 3) == b"\x01" * 298 + b"\x00" * 4 + b"\x01"
    assert _repeats(words, 4) == {("a",) * 4: 297}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "the", "of", "council", "budget", "x" * 25, "2,000",
                                 "said"]), max_size=200),
       st.lists(st.tuples(st.integers(2, 6), st.floats(0.0, 0.5)), min_size=0, max_size=4),
       st.integers(1, 4000))
def test_bigram_gate_clears_only_what_the_bigram_bounds_clear(words, limits, length):
    limits = sorted(dict(limits).items())
    text = " ".join(words)
    doc = Document(path="t.txt", text=text, source_map=TextSourceMap(text))
    if _bigram_gate(doc, limits, length):
        bounds = _top_ngram_bounds(doc, [n for n, _ in limits])
        assert bounds is None or all(bounds[n] <= limit * length for n, limit in limits)


def _plain_candidates(keys: list[str], uniques: list[int]) -> dict[int, list[int]]:
    """D102's candidates by reading every posting list whole (the version before the prefix
    filter)."""
    postings: dict = {}
    candidates = {}
    for j in uniques:
        words = keys[j].split()
        shared: dict[int, int] = {}
        grams = dict.fromkeys(map(" ".join, zip(words, words[1:], words[2:])))
        for gram in grams:
            earlier = postings.get(gram)
            if earlier is None:
                postings[gram] = j
                continue
            if type(earlier) is int:
                earlier = postings[gram] = array("l", (earlier,))
            for i in earlier:
                shared[i] = shared.get(i, 0) + 1
            if len(earlier) < copies._POSTING_CAP:
                earlier.append(j)
        needed = max(1, int(copies._MIN_SHARED * len(grams)))
        ranked = sorted((i for i, count in shared.items() if count >= needed),
                        key=lambda i: (-shared[i], i))[:copies._CANDIDATES]
        candidates[j] = sorted(ranked)
    return candidates


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=0, max_size=25), max_size=120),
       st.data())
def test_prefix_filtered_candidates_equal_reading_every_posting(paragraphs, data):
    vocabulary = ["w%d" % k for k in range(10)]
    keys = [" ".join(vocabulary[k] for k in words) for words in paragraphs]
    uniques = sorted(data.draw(st.sets(st.sampled_from(range(len(keys)))))) if keys else []
    assert copies._candidate_pairs(keys, uniques) == _plain_candidates(keys, uniques)


def test_prefix_filtered_candidates_with_capped_stock_phrases():
    """Stock phrases in more paragraphs than the posting cap, and near copies among them."""
    keys = []
    for k in range(300):
        body = " ".join(_PROSE[(k * 7) % len(_PROSE):] + _PROSE[:(k * 7) % len(_PROSE)])
        keys.append(f"one of the {k % 13} said it was {body[: 60 + k % 40]}")
    uniques = list(range(len(keys)))
    assert copies._candidate_pairs(keys, uniques) == _plain_candidates(keys, uniques)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZq09.,;:_-£€٣٫ \n\tßΣçÉ\u0301\u00a0½²", max_size=40))
def test_aligned_text_is_the_normalisation_with_offsets_kept(text):
    aligned = _align(text)
    if text.isascii():
        assert aligned is not None
    if aligned is not None:
        assert len(aligned) == len(text)
        assert " ".join(aligned.split()) == normalise(text)


def _plain_best(search: copies._NearSearch, j: int, earlier: list[int]):
    """D102's ``best_original`` comparing every pair of reachable lengths, without the
    gates that find whether there is a copy first (the version before them)."""
    from rapidfuzz.distance import Indel

    lengths, parts = search.lengths, search.parts
    best, near = None, 0
    for i in earlier:
        if 2 * min(lengths[i], lengths[j]) < search.floor * (lengths[i] + lengths[j]):
            continue
        distance = Indel.normalized_distance(search.keys[i], search.keys[j],
                                             score_cutoff=1.0 - search.floor)
        if distance > 1.0 - search.floor:
            continue
        similarity = 1.0 - distance
        comparable = min(lengths[i], lengths[j]) >= search.ratio * max(lengths[i], lengths[j])
        if similarity >= search.threshold and comparable and len(parts[i]) > 2 \
                and len(parts[j]) > 2:
            similarity = min(similarity, 1.0 - Indel.normalized_distance(parts[i], parts[j]))
        if similarity >= search.threshold and comparable and not search.other_figures(i, j):
            best = best or (similarity, i)
        else:
            near += 1
    return best, near


_NEAR_WORDS = ["the", "council", "said", "budget", "roads", "of", "2,000", "2004", "a", "new"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=24),
       st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(-1, 9)), max_size=6),
                min_size=1, max_size=7),
       st.sampled_from([0.5, 0.7, 0.82, 0.9, 1.0]), st.sampled_from([0.0, 0.8, 0.95]),
       st.sampled_from([0.3, 0.7, 0.82]))
def test_copy_search_gates_keep_every_copy(base, edits, threshold, ratio, floor):
    """Paragraphs made by editing one: D102 finds the same copy and look-alikes with its
    gates (comparable lengths, a word-set bound, Indel cut off at the threshold) as by
    comparing every pair."""
    paragraphs = []
    for changes in edits:
        words = list(base)
        for at, word in changes:  # -1 deletes, else replaces or inserts
            at %= len(words) + 1
            if word < 0:
                del words[at:at + 1]
            elif at < len(words) and word % 2:
                words[at] = word
            else:
                words.insert(at, word)
        paragraphs.append(" ".join(_NEAR_WORDS[k] for k in words) or "x")
    text = "\n\n".join(paragraphs)
    doc = Document(path="t.txt", text=text, source_map=TextSourceMap(text))
    info = analysis(doc)
    uniques = list(dict.fromkeys(range(len(info.keys)), None))
    test = copies.NearTest(2, threshold, ratio, floor, 2, 2)
    search = copies._NearSearch(info, uniques, test)
    for position, j in enumerate(uniques):
        plain = _plain_best(search, j, uniques[:position])
        found = search.best_original(j, uniques[:position])
        assert found == plain or (plain[0] is None and found[0] is None)


def _plain_align(text: str) -> str | None:
    """``_align`` lower-casing and case-folding the whole text (the version before it
    judged the distinct characters)."""
    import unicodedata

    from corpus_lint.plugins.duplicate import analysis as module

    lowered = text.lower()
    if not (len(lowered) == len(text) and lowered == text.casefold()
            and unicodedata.is_normalized("NFKC", text)):
        return None
    encoded = lowered.encode()
    others = set(encoded.translate(None, module._ASCII).decode())
    if any(map(str.isdecimal, others)):
        return module._keep_separators_slowly(module._translate_others(encoded, others),
                                              lowered)
    return module._keep_separators(module._translate_others(encoded, others), lowered, encoded)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ.,0 ΣσςßẞİıÉéǅǆﬁſKΩꭰᏸ£٣\u0301", max_size=30))
def test_case_from_distinct_characters_equals_lower_casing_the_text(text):
    if not text.isascii():
        assert _align(text) == _plain_align(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="a9٣.,;:_-£Σ \n", max_size=40))
def test_separators_left_in_keys_stand_between_digits(text):
    """``separator_blind`` replaces every "." and "," of a key by a space: the ones a key
    keeps are exactly the separators between digits (the regex it used before)."""
    import re

    doc = Document(path="t.txt", text=text, source_map=TextSourceMap(text))
    for key in [*analysis(doc).keys, normalise(text)]:
        assert separator_blind(key) == re.sub(r"(?<=\d)[.,](?=\d)", " ", key)


@pytest.mark.parametrize("spam", [0, 3, 6])
def test_long_documents_find_the_same_by_sorting_or_in_a_dict(monkeypatch, spam):
    """A long document's repetition gates give the same findings whether its n-grams are
    counted by sorting (numpy imported) or in a dict (``hashcount.sorted_path``)."""
    import random

    from corpus_lint.plugins.duplicate.repetition import (DuplicateNgramFraction,
                                                          TopNgramFraction)

    pick = random.Random(spam).choice
    vocabulary = ["w%d" % k for k in range(3000)]
    paragraphs = []
    for k in range(150):
        words = [pick(vocabulary) for _ in range(20)] + ["click", "here", "now"] * spam
        paragraphs.append(" ".join(words))
        if k % 3 == 0:
            paragraphs.append(" ".join(_PROSE))
    text = "\n\n".join(paragraphs)
    found = []
    for sorting in (True, False):
        monkeypatch.setattr(hashcount, "sorted_path", lambda words, sorting=sorting: sorting)
        doc = Document(path="t.txt", text=text, source_map=TextSourceMap(text))
        assert len(analysis(doc).words()) >= hashcount.LONG
        found.append([(f.code, f.region, f.message) for rule in (TopNgramFraction(),
                      DuplicateNgramFraction()) for f in rule.check(doc)])
    assert found[0] == found[1]
    assert {code for code, _, _ in found[0]} == ({"D204", "D203"} if spam else {"D204"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=16), min_size=2, max_size=8),
       st.sampled_from([0.5, 0.7, 0.82, 0.9, 1.0]), st.sampled_from([0.3, 0.7, 0.82]))
@example([[0, 1], [0, 1, 8]], 0.82, 0.7)  # two words: compared by characters alone
def test_paragraphs_that_share_too_few_words_are_left_out_of_the_copy_search(
        paragraphs, threshold, floor):
    """D102 finds the same copies when the paragraphs whose words are too rarely seen
    elsewhere in the document to reach the threshold are left out (``copies._able``) as
    when every paragraph is searched. Words from 10 on are often seen once."""
    text = "\n\n".join(" ".join(_NEAR_WORDS[k] if k < 10 else f"w{k}" for k in words)
                       for words in paragraphs)
    doc = Document(path="t.txt", text=text, source_map=TextSourceMap(text))
    info = analysis(doc)
    uniques = list(range(len(info.keys)))
    test = copies.NearTest(2, threshold, 0.8, floor, 2, 2)
    gated = copies._near_pairs(info, uniques, test)
    able = copies._able
    try:
        copies._able = lambda *args: None
        assert gated == copies._near_pairs(info, uniques, test)
    finally:
        copies._able = able


def _plain_repeated_ngrams(words: tuple[str, ...], n: int):
    """D204's walk over every position, as datatrove does (the version before it visited
    only the windows of repeated n-grams)."""
    unique: dict = {}
    repeated = 0
    best = run = None
    index = 0
    while index < len(words) - n + 1:
        gram = tuple(words[index:index + n])
        if gram not in unique:
            unique[gram] = index
            index += 1
            continue
        chars = len("".join(gram))
        repeated += chars
        if run is not None and run[2] == index:
            run[0] += chars
            run[2] = index + n
        else:
            run = [chars, index, index + n, unique[gram]]
        if best is None or run[0] > best[0]:
            best = list(run)
        index += n
    return repeated, best


@settings(max_examples=400, deadline=None)
@given(_WORDS | st.lists(st.integers(0, 60).map(str), max_size=300), st.integers(1, 10))
def test_repeated_ngrams_from_the_repeated_windows_equal_walking_every_position(words, n):
    from corpus_lint.plugins.duplicate.repetition import _repeated_ngrams

    words = tuple(words)
    assert _repeated_ngrams(words, n, count_words(words).repeated) == \
        _plain_repeated_ngrams(words, n)
