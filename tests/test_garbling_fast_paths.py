"""The garbling analysis's fast paths (issue 17) give exactly what their plain definitions
give. G101's gates judged by one Aho-Corasick pass give the hits of the plain substring
gates (property tests over text built from the gates' own substrings and their edges);
skeletons scored together equal those scored alone; tokens, class ids and words read per
chunk, and a batch's columns read with numpy, normalised text and repeats equal the plain
regex and list versions."""
from __future__ import annotations

import re
from array import array
from functools import lru_cache

import pytest
from hypothesis import given, settings, strategies as st

from corpus_lint.plugins.garbling import chunks
from corpus_lint.plugins.garbling.analysis import (_numpy_columns, _plain_columns,
                                                   _skeleton_scores, _skeleton_scores_plain,
                                                   analyse_many)
from corpus_lint.plugins.garbling.constructions import (_CONTINUED, _SENTENCE_END, _WORD,
                                                        _gates_passed, _orphan_hits,
                                                        ascii_prefilters, ascii_twins,
                                                        find_constructions,
                                                        find_constructions_many,
                                                        load_constructions,
                                                        without_lookarounds)
from corpus_lint.plugins.garbling.chunks import columns
from corpus_lint.plugins.garbling.leftovers import (looks_transliterated, lowercase_unknown,
                                                    transliteration_candidates)
from corpus_lint.plugins.garbling.lm import id_sequence, laid_end_to_end, load_lm
from corpus_lint.plugins.garbling.model import load_model, load_vocabulary
from corpus_lint.plugins.garbling.tokens import (_MAYBE_ADDRESS, _NORMALISE, _NOT_PROSE, TOKEN,
                                                _blank, normalise, repetition, tokenise,
                                                word_class)


def _substrings() -> list[str]:
    patterns, orphans = load_constructions()
    found = {s for *_, needs in patterns for part in needs for s in part}
    return sorted(found | {orphan[1] for orphan in orphans})


SUBSTRINGS = _substrings()
# the substrings, their words, and what can sit next to them: letters that extend a word,
# capitals, apostrophes (straight and curly), digits, underscores, punctuation, spaces,
# characters that lower-casing changes (the Kelvin sign, a dotted capital I) and a lone
# surrogate (what a JSON escape can leave in a record)
PIECES = sorted({*SUBSTRINGS, *(w for s in SUBSTRINGS for w in s.split()),
                 *(s.upper() for s in SUBSTRINGS[:20]), "x", "s", "ed", "The", "THAT", "'",
                 "\u2019", " ", "  ", "\n", ",", ".", "-", "_", "5", "\u212a", "\u0130", "don't",
                 "\udc80"})


def _gate_open(needs: tuple[tuple[str, ...], tuple[str, ...]], lowered: str) -> bool:
    """A pattern's gate by its definition: ``lowered`` (a paragraph's lower-cased text)
    has one of its ``needs`` substrings and one of its ``also`` substrings (an empty list
    asks for nothing)."""
    return ((not needs[0] or any(map(lowered.__contains__, needs[0])))
            and (not needs[1] or any(map(lowered.__contains__, needs[1]))))


def _plain_hits(text: str) -> list:
    """G101's hits by their definition: a pattern runs when the lower-cased paragraph
    contains one of its ``needs`` and one of its ``also`` substrings, an orphan word when it
    contains the word."""
    lowered = text.lower()
    patterns, orphans = load_constructions()
    hits = [(cid, m.start(), m.end(), explain, weight)
            for cid, pattern, explain, weight, needs in patterns if _gate_open(needs, lowered)
            for m in pattern.finditer(text)]
    for orphan in orphans:
        if orphan[1] in lowered:
            hits.extend(_orphan_hits(text, orphan))
    return hits


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=24).map("".join), max_size=3))
def test_one_scan_for_all_gates_gives_the_plain_hits(texts):
    texts = [normalise(text) for text in texts]
    patterns, orphans = load_constructions()
    for text in texts:  # the same patterns and orphan words run as with the plain gates
        lowered = text.lower()
        run, orphans_run = _gates_passed(lowered)
        assert [p[:4] for p in run] == [p[:4] for p in patterns if _gate_open(p[4], lowered)]
        assert orphans_run == tuple(o for o in orphans if o[1] in lowered)
    expected = [_plain_hits(text) for text in texts]
    assert find_constructions_many(texts) == expected
    assert find_constructions_many(texts) == expected  # the second time from the kept plans
    assert [find_constructions(text, normalised=True) for text in texts] == expected


def test_a_paragraph_without_the_words_opens_no_gate():
    text = "The committee met on Tuesday and agreed to publish its report in the spring."
    assert find_constructions_many([text]) == [[]]
    hits = find_constructions_many(["He said that which whose house it was."])
    assert [hit[0] for hit in hits[0]] == ["stacked-relative"]


# letters (ASCII and not), digits of several kinds, numerics that are not digits, the
# apostrophes, punctuation, and whitespace of several kinds (non-breaking, ideographic)
ODD_TEXT = st.text(alphabet=st.sampled_from(
    "aZ\u00e9\u03a3\u4e2d09\u0663\u00bd\u2167_'\u2019\u2018\u201c\u201d\u2014`\u00b4\u2013.,:;!?-@/w"
    " \t\n\u00a0\u2009\u3000\u200b\u0301"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ODD_TEXT)
def test_tokens_and_normalising_equal_the_plain_versions(text):
    assert tokenise(text) == TOKEN.findall(text)
    plain = text.translate(_NORMALISE)  # what normalise did before its shortcuts
    maybe_address = re.search(r"[.@/][A-Za-z]|`", text)  # the gate as first written
    assert bool(_MAYBE_ADDRESS.search(text)) == bool(maybe_address)
    plain = _NOT_PROSE.sub(_blank, plain) if re.search(r"[.@/][A-Za-z]|`", plain) else plain
    assert normalise(text) == plain and len(plain) == len(text)


def _plain_word_class(token: str, keep: frozenset) -> str:
    """``word_class`` as first written: the suffixes tried one by one."""
    low = token.lower()
    if low in keep:
        return low
    first = token[0]
    if first.isdigit():
        return "<N>"
    if not first.isalpha():
        return token if token in ".,;:!?()\"'-" else "<P>"
    if not first.isascii():
        return "<F>"
    if first.isupper():
        return "<C>"
    for suffix, cls in (("ing", "<ing>"), ("ed", "<ed>"), ("ly", "<ly>"), ("tion", "<tion>"),
                        ("sion", "<tion>"), ("s", "<pl>")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return cls
    return "<w>"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["s", "ing", "ed", "ly", "tion", "sion", "x", "I", "the", "\u00e9",
                                 "5", ".", "-"]), min_size=1, max_size=5).map("".join))
def test_word_classes_equal_the_suffixes_tried_one_by_one(token):
    keep = load_model()["keep"]
    for each in TOKEN.findall(token) or [token]:
        assert word_class(each, keep) == _plain_word_class(each, keep)


# words English and not, transliterations, abbreviations, with punctuation attached
WORDY_TEXT = st.lists(st.sampled_from(
    ["the", "The", "said,", "U.S.", "kathi", "hamu", "dlrs", "writedown", "Tokyo", "tika.",
     "(sabha)", "it's", "12.5%", "don't", " ", "  ", "\n", "maana", "\u00e9t\u00e9"]),
    max_size=20).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(ODD_TEXT | WORDY_TEXT, max_size=3))
def test_columns_read_per_chunk_equal_the_plain_versions(texts):
    model, vocabulary = load_model(), load_vocabulary()
    ids, keep = model["ids"], model["keep"]
    for text in texts * 2:  # the second time from the chunk cache
        tokens = TOKEN.findall(text)
        found = columns(text, model, vocabulary)
        assert found[:3] == (tokens, [ids[word_class(t, keep)] for t in tokens],
                             [t.lower() for t in tokens if t[0].isalnum()])
        assert found.leftover or lowercase_unknown(tokens, vocabulary) == []
        assert found.leftover == any(t not in vocabulary and looks_transliterated(t)
                                     for t in tokens)
    # the LM ids read with the chunks lay out the sequence id_sequence makes of the tokens
    found = [columns(text, model, vocabulary) for text in texts]
    assert laid_end_to_end([f.lm_ids for f in found]) == id_sequence(
        [TOKEN.findall(text) for text in texts], load_lm())


# words that repeat (4-grams again and again), with capitals and punctuation that the
# words leave out or lower-case
REPEATING_TEXT = st.lists(st.sampled_from(["the", "The", "cat", "cat,", "sat", "on", "-", "12",
                                          "sat.", "cat!", 'on?"', "."]),
                          max_size=30).map(" ".join)


def _skeletons(scores) -> list:
    return [(score, [(n, list(values)) for n, values in orders]) for score, orders in scores]


@settings(max_examples=300, deadline=None)
@given(st.lists(ODD_TEXT | WORDY_TEXT | REPEATING_TEXT, max_size=4))
def test_a_batch_read_with_numpy_equals_the_paragraphs_read_one_by_one(texts):
    model, vocabulary = load_model(), load_vocabulary()
    raw, texts = texts, [normalise(text) for text in texts]
    for _ in range(2):  # the second time from the chunk table
        plain = _plain_columns(model, vocabulary, texts)
        batch = _numpy_columns(model, vocabulary, texts)
        for one, together in zip(plain[0], batch[0]):
            assert one[:4] + one[5:] == together[:4] + together[5:]
            # only the leftover chunks' tokens, with the same candidates among them
            assert (transliteration_candidates(one[4], vocabulary)
                    == transliteration_candidates(together[4], vocabulary))
        assert plain[1] == batch[1]  # the LM sequence, for G108
        assert _skeletons(plain[2]) == _skeletons(batch[2])
        assert plain[3] == batch[3]
    for text, analysis in zip(texts, analyse_many(raw)):  # tokens made when asked for
        assert analysis.text == text  # what G105 reads
        assert analysis.tokens == TOKEN.findall(text)
        assert analysis.n_tokens == len(analysis.tokens)


@pytest.mark.parametrize("max_tokens", [2, 10_000])
def test_the_chunk_table_starts_again_when_full(monkeypatch, max_tokens):
    """A chunk table starting again keeps the token table (max_tokens 10,000: its tokens
    and word ids are read again by the new one) or starts it again too (2); either way the
    batch reads as the paragraphs read one by one."""
    model, vocabulary = load_model(), load_vocabulary()
    texts = ["The cat sat on the mat, said the cat.", "Ein Hund sass auf der Matte.",
             "The mat, the cat! The cat sat on the mat, said the cat."]
    monkeypatch.setattr(chunks, "_TABLE", [chunks.ChunkTable()])
    monkeypatch.setattr(chunks, "MAX_TABLE_CHUNKS", 2)
    monkeypatch.setattr(chunks, "MAX_TOKENS", max_tokens)
    tokens = chunks._TABLE[0].tokens
    for step in range(3):
        batch = texts[step:] + texts[:step]  # known and new chunks in each
        found = _numpy_columns(model, vocabulary, batch)
        expected = _plain_columns(model, vocabulary, batch)
        assert len(chunks._TABLE[0].rows) <= 2 + sum(len(t.split()) for t in texts)
        assert [one[:4] + one[5:] for one in found[0]] == \
            [one[:4] + one[5:] for one in expected[0]]
        assert found[1] == expected[1] and found[3] == expected[3]
        assert (chunks._TABLE[0].tokens is tokens) == (max_tokens > 2 or step == 0)


def test_the_chunk_table_grows_batch_by_batch(monkeypatch):
    """Each batch brings new chunks: the table's numpy arrays take them on (past their
    first size) and read as the paragraphs read one by one."""
    model, vocabulary = load_model(), load_vocabulary()
    monkeypatch.setattr(chunks, "_TABLE", [chunks.ChunkTable()])
    words = ["the", "kathi", "Tokyo", "said,", "12.5%", "it's", "sabha"]
    first: list[str] = []
    for step in range(3):  # new chunks each time, and the first batch's again
        texts = [" ".join(f"{words[i % 7]}{'x' * step}{i // 7}" for i in range(start, start + 700))
                 for start in range(0, 2100, 700)]
        first, texts = first or texts, texts + first
        plain = _plain_columns(model, vocabulary, texts)
        batch = _numpy_columns(model, vocabulary, texts)
        assert [one[:4] + one[5:] for one in plain[0]] == [one[:4] + one[5:] for one in batch[0]]
        assert plain[1] == batch[1] and plain[3] == batch[3]
    table = chunks._TABLE[0]
    assert len(table.rows) == table.used["values"] > 1024  # grown past its first size


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), max_size=20), max_size=5),
       st.sampled_from([4, 1 << 31]))
def test_repeated_four_grams_counted_together_as_one_by_one(paragraphs, size):
    import numpy as np

    words = np.array([w for words in paragraphs for w in words], dtype=np.int64)
    owner = np.repeat(np.arange(len(paragraphs)), [len(words) for words in paragraphs])
    n_words = np.array([len(words) for words in paragraphs], dtype=np.int64)
    # size 1 << 31: no room for the paragraph in the sort key, the pairs alone are sorted
    assert chunks._repeated(words, owner, n_words, size).tolist() == [
        repetition(words)[1] for words in paragraphs]


def test_repeats_count_for_the_score_only_inside_a_sentence():
    """Anaphora ("We will bring back our jobs. We will bring back our borders.") repeats
    4-grams across sentences: no share; a loop inside one sentence has one. How many
    4-grams repeat in the paragraph (G105's gate) counts both."""
    model, vocabulary = load_model(), load_vocabulary()
    anaphora = columns("We will bring back our jobs. We will bring back our borders. "
                       "We will bring back our wealth.", model, vocabulary)
    assert anaphora.breaks == [6, 12]
    assert repetition(anaphora.words, anaphora.breaks) == (0.0, 4)
    loop = columns("He said that we will bring back our jobs we will bring back our jobs we "
                   "will bring back our jobs.", model, vocabulary)
    share, repeated = repetition(loop.words, loop.breaks)
    assert loop.breaks == [] and repeated == 9 and share == pytest.approx(8 / 18)


@given(st.lists(st.sampled_from(["the", "cat", "sat", "on"]), max_size=14))
def test_repetition_counts_repeated_four_grams(words):
    grams = list(zip(words, words[1:], words[2:], words[3:]))
    repeated = len(grams) - len(set(grams))
    expected = (max(0, repeated - 1) / len(grams), repeated) if grams else (0.0, 0)
    assert repetition(words) == expected


def _common_class_ids() -> list[int]:
    """Class ids that weighted n-grams are made of (the shipped model's first 60 codes'
    digits and its shape classes), so generated skeletons hit the table often."""
    model = load_model()
    ids = set(model["ids"].values()) - set(range(1, 8))  # not <s>, </s>: those are added
    common = [code % 4096 for code in list(model["codes"])[:60]]
    return sorted(set(common) & ids) + sorted(ids)[:40]


CLASS_IDS = _common_class_ids()


@lru_cache(maxsize=None)
def _model_with_crossing_weights() -> dict:
    """The shipped model plus weights for n-grams across a paragraph end ("</s> <s>", which
    the shipped model never weighs): what an n-gram laid across two paragraphs would pick
    up if the padding between them did not stop it."""
    model = dict(load_model())
    end, start = model["ids"]["</s>"], model["ids"]["<s>"]
    extra = {end * 4096 + start: 0.5}
    for x in CLASS_IDS[:10]:
        extra[(x * 4096 + end) * 4096 + start] = 0.25
        extra[(end * 4096 + start) * 4096 + x] = -0.75
        extra[((x * 4096 + end) * 4096 + start) * 4096 + x] = 1.5
    table = dict(zip(model["codes"], model["code_weights"])) | extra
    model["codes"] = array("q", sorted(table))
    model["code_weights"] = array("d", [table[code] for code in model["codes"]])
    return model


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CLASS_IDS), max_size=12), max_size=5),
       st.booleans())
def test_skeletons_laid_end_to_end_score_as_each_alone(id_lists, crossing):
    """The numpy path pads between paragraphs instead of masking n-grams that cross; its
    scores and 3-/4-gram weights must be bit-identical to scoring each paragraph alone,
    also with a model that weighs n-grams across a paragraph end."""
    import numpy  # noqa: F401 - with numpy loaded, _skeleton_scores takes the numpy path

    model = _model_with_crossing_weights() if crossing else load_model()
    plain = _skeleton_scores_plain(model, id_lists)
    together = _skeleton_scores(model, id_lists)
    assert [score for score, _ in together] == [score for score, _ in plain]
    for (_, orders), (_, plain_orders) in zip(together, plain):
        assert [(n, v.tolist()) for n, v in orders if len(v)] == \
            [(n, list(v)) for n, v in plain_orders if len(v)]


def _pattern_words() -> list[str]:
    """The words the construction patterns are written with, in three cases."""
    patterns, _ = load_constructions()
    words = {w for _, pattern, *_ in patterns for w in re.findall(r"[a-z']+", pattern.pattern)}
    return sorted({*words, *(w.upper() for w in words), *(w.title() for w in words)})


PATTERN_TEXT = st.lists(st.sampled_from(_pattern_words()) | st.sampled_from(
    [" ", ", ", ". ", "; ", "\n", "-", "'s", "_", "7", "x", "\t", "\v", "\x1c"]),
    max_size=30).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(PATTERN_TEXT)
def test_re2_twins_find_what_the_patterns_find_in_ascii_text(text):
    """Each RE2 twin gives the Python pattern's matches on ASCII text, built from the
    patterns' own words in three cases with the characters at the edges of their classes."""
    patterns, _ = load_constructions()
    twins = ascii_twins()
    for cid, pattern, *_ in patterns:
        if cid in twins:
            assert [m.span() for m in twins[cid].finditer(text)] == \
                [m.span() for m in pattern.finditer(text)], cid
    assert find_constructions_many([text]) == [_plain_hits(text)]


@settings(max_examples=500, deadline=None)
@given(PATTERN_TEXT)
def test_prefilters_match_wherever_their_patterns_match(text):
    """A pattern without an RE2 twin runs on ASCII text only where its prefilter (the
    pattern without its look-arounds) matches: the prefilter must match wherever the pattern
    does, so skipping the pattern loses nothing."""
    patterns, _ = load_constructions()
    prefilters = ascii_prefilters()
    for cid, pattern, *_ in patterns:
        if cid in prefilters and pattern.search(text):
            assert prefilters[cid].search(text), cid
    assert find_constructions_many([text]) == [_plain_hits(text)]


def test_prefilters_skip_and_keep_the_look_around_patterns():
    prefilters = ascii_prefilters()
    assert {"several-singular", "since-duration", "let-to"} <= prefilters.keys()
    assert not prefilters.keys() & ascii_twins().keys()
    # the look-ahead rejects "several year-end" and "since two years ago": the prefilter
    # matches (Python's engine runs and finds nothing) but not where neither phrase occurs
    for text, found in [("Sales fell in several year-end reports.", []),
                        ("He was jailed since two years ago.", []),
                        ("They met several year in a row.", ["several-singular"]),
                        ("She has lived here since two years.", ["since-duration"])]:
        assert [hit[0] for hit in find_constructions_many([text])[0]] == found
        assert [hit[0] for hit in _plain_hits(text)] == found


def test_without_lookarounds_removes_only_whole_assertions():
    assert without_lookarounds(r"\bsince (?:two|three) years\b(?! (?:ago|later))") == \
        r"\bsince (?:two|three) years\b"
    assert without_lookarounds(r"a(?:(?!who\b|that\b)[a-z]+ ){1,4}b(?<=[)(]x)c") == \
        r"a(?:[a-z]+ ){1,4}bc"
    assert without_lookarounds(r"x[(?!]y\(?!z") == r"x[(?!]y\(?!z"  # a class, an escape
    assert without_lookarounds(r"a(?=b)*") is None  # a quantified assertion
    assert without_lookarounds(r"a(?=b") is None


def _orphan_hits_by_definition(text: str, orphan: tuple) -> list:
    """Each occurrence of the orphan word (not followed by its exception) with no licensor
    among the words of its sentence before it, rescanning the sentence each time."""
    cid, _, word, licensors, explain, weight, unless = orphan
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    hits = []
    for m in word.finditer(text):
        if unless is not None and unless.match(text, m.end()):
            continue
        sentence = max([end for end in ends if end <= m.start()], default=0)
        if sentence == 0 and _CONTINUED.match(text):
            continue  # the paragraph opens mid-sentence: its licensor may come before it
        if not any(licensors.fullmatch(w) for w in _WORD.findall(text, sentence, m.start())):
            start = max(0, m.start() - 40)
            space = text.find(" ", start, m.start())
            hits.append((cid, space + 1 if space >= 0 else start, m.end(), explain, weight))
    return hits


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["than", "Than", "more", "bigger", "rather", "the", "cat",
                                 "it", "then", ".", "!", "; ", ",", "other", "x", "U.S.", "Mr."]),
                max_size=25).map(" ".join))
def test_orphan_words_found_in_one_pass_as_by_their_definition(text):
    _, orphans = load_constructions()
    for orphan in orphans:
        assert _orphan_hits(text, orphan) == _orphan_hits_by_definition(text, orphan)


def test_the_re2_twins_match_something():
    twins = ascii_twins()
    assert "modal-past" in twins and "because-so" in twins
    text = "Although it rained, but we could went home because of it, so they left."
    assert [hit[0] for hit in find_constructions_many([text])[0]] == \
        [hit[0] for hit in _plain_hits(text)] and _plain_hits(text)


def _may_loop_by_runs(text: str) -> bool:
    """``may_loop`` word by word: a run of 2k words each equal to the word k places on."""
    if not text.isascii():
        return True
    words = re.findall(r"\w+", text.lower())
    for k in range(1, 9):
        run = 0
        for a, b in zip(words, words[k:]):
            run = run + 1 if a == b else 0
            if run >= 2 * k:
                return True
    return False


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "cat", "sat", "on", "a", "12", ",", ".", "é"]),
                max_size=40).map(" ".join))
def test_the_loop_gate_compares_words_as_the_plain_loop_does(text):
    from corpus_lint.plugins.garbling.artefacts import may_loop

    assert may_loop(text) == _may_loop_by_runs(text)


def test_the_loop_gate_needs_two_units_of_equal_words():
    from corpus_lint.plugins.garbling.artefacts import may_loop

    assert may_loop("a b c a b c a b c")  # a run of 6 for k = 3
    assert not may_loop("a b c a b c a b d")  # a run of 5


def _spun_word_by_word(sequence, margin, paragraphs=None):
    """``spun_in_sequence`` reading every word of every judged paragraph."""
    from corpus_lint.plugins.garbling.lm import paragraph_ids
    from corpus_lint.plugins.garbling.spinning import (_best_substitute, _context,
                                                       load_substitutes)

    lm, substitutes = load_lm(), load_substitutes()
    seq, starts = sequence
    found = []
    for index in range(len(starts)) if paragraphs is None else sorted(paragraphs):
        for at, word in enumerate(paragraph_ids(sequence, index), starts[index]):
            if word in substitutes:
                best = _best_substitute(lm, word, substitutes[word],
                                        _context(seq[at - 1], lm.start),
                                        _context(seq[at + 1], lm.end), margin)
                if best is not None:
                    found.append((index, at, lm.words[word], lm.words[best[1]], best[0]))
    return found


def _spinner_words() -> list[str]:
    from corpus_lint.plugins.garbling.spinning import load_substitutes

    lm = load_lm()
    spun = sorted(load_substitutes())[:12]
    plains = sorted({p for s in spun for p in load_substitutes()[s][:2]})
    return [lm.words[i] for i in spun + plains] + ["the", "a", "of", "Zyxwvut", "12", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_spinner_words()), max_size=15), max_size=4),
       st.floats(0, 4), st.none() | st.sets(st.integers(0, 3)))
def test_spinner_words_found_by_index_as_word_by_word(paragraphs, margin, judged):
    from corpus_lint.plugins.garbling.spinning import spun_in_sequence

    sequence = id_sequence(paragraphs, load_lm())
    judged = None if judged is None else {i for i in judged if i < len(paragraphs)}
    assert spun_in_sequence(sequence, margin, judged) == _spun_word_by_word(
        sequence, margin, judged)
