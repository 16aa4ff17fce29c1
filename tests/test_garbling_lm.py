"""The shipped English bigram model (rules/garbling/english-lm.npy.gz) and the features the
garbling family reads from it. Sentences are invented; the model is the shipped one."""
from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import numpy as np
import pytest

from hypothesis import given, settings, strategies as st

from corpus_lint.plugins.garbling import lm as lm_module
from corpus_lint.plugins.garbling.lm import (NEUTRAL, PARAGRAPH, SENTENCE, UNKNOWN, id_sequence,
                                             lm_features_many, load_lm, paragraph_ids,
                                             scored_pairs)
from corpus_lint.plugins.garbling.tokens import TOKEN

ROOT = Path(__file__).resolve().parents[1]


def features(text: str) -> dict[str, float]:
    return lm_features_many([TOKEN.findall(text)])[0]


def test_the_model_is_sorted_and_knows_common_words():
    lm = load_lm()
    assert lm.size > 70_000 and len(lm.codes) > 1_000_000
    assert np.all(np.diff(lm.codes) > 0)
    assert {"the", "of", "government", "<s>", "</s>"} <= set(lm.ids)


def test_a_common_pair_is_more_probable_than_its_reverse():
    lm = load_lm()
    code = lambda a, b: lm.ids[a] * lm.size + lm.ids[b]
    prob = {}
    for pair in (("of", "the"), ("the", "of")):
        i = np.searchsorted(lm.codes, code(*pair))
        assert lm.codes[i] == code(*pair)
        prob[pair] = lm.quantised[i] / -20
    assert prob[("of", "the")] > prob[("the", "of")] + 2


def test_spun_synonyms_read_as_less_probable_than_the_plain_words():
    plain = features("The supplement helped me get lean muscle and I have definitely found a difference.")
    spun = features("The supplement assisted me obtain lean muscular tissue and I have definitely situated a distinction.")
    assert spun["lm_logprob"] < plain["lm_logprob"] - 0.3
    assert spun["lm_unseen"] > plain["lm_unseen"]


def test_names_numbers_and_unknown_words_break_the_chain_instead_of_counting():
    lm = load_lm()
    seq, _ = id_sequence([TOKEN.findall("Mr Zyxwvut paid 12,000 for the qwzrtx.")], lm)
    assert list(seq).count(UNKNOWN) == 3  # the unknown name, the number, the unknown word
    with_names = features("Officials in Zyxwvut said the 4,500 workers from Qwzrtx would return.")
    without = features("Officials in the city said the workers from the plant would return.")
    assert with_names["lm_logprob"] > without["lm_logprob"] - 0.5


def test_a_paragraph_without_known_pairs_gets_neutral_features():
    assert lm_features_many([TOKEN.findall("Zyxwvut Qwzrtx 12 34")]) == [NEUTRAL]
    assert lm_features_many([[]]) == [NEUTRAL]


def test_sentence_ends_start_a_new_sentence_and_are_not_scored_as_a_pair():
    lm = load_lm()
    sequence = id_sequence([TOKEN.findall("It rained. Then it stopped."), TOKEN.findall("Yes.")], lm)
    seq, starts = sequence
    assert [seq[i] for i in (0, 3, 7, 8, 11)] == [PARAGRAPH, SENTENCE, SENTENCE, PARAGRAPH, PARAGRAPH]
    assert starts == [1, 9] and len(paragraph_ids(sequence, 1)) == 2
    pairs = [scored_pairs(paragraph_ids(sequence, k), lm) for k in (0, 1)]
    words = [[(lm.words[c // lm.size], lm.words[c % lm.size]) for c in codes] for codes in pairs]
    assert words == [[("<s>", "it"), ("it", "rained"), ("rained", "</s>"), ("<s>", "then"),
                      ("then", "it"), ("it", "stopped"), ("stopped", "</s>")],
                     [("<s>", "yes"), ("yes", "</s>")]]
    assert np.isfinite(features("It rained. Then it stopped.")["lm_logprob"])
    assert features("It rained. Then it stopped.")["lm_logprob"] > -4


# Text of every kind the features treat apart: frequent and rare known words, capitals,
# unknown words and names, numbers, sentence ends, other punctuation, spinner words.
PIECES = ["the", "of", "government", "said", "it", "rained", "obtain", "muscular", "tissue",
          "The", "OF", "Zyxwvut", "qwzrtx", "12,000", "4.5", ".", "!", "?", ",", ";", "(", "'",
          "don't", "assisted", "situated", "distinction", "a", "new", "bridge"]
paragraphs = st.lists(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
                      min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(paragraphs)
def test_plain_and_numpy_features_are_the_same_to_the_last_bit(texts):
    """A one-file run reads the model without numpy, a long run with it: same features."""
    lm = load_lm()
    sequence = id_sequence([TOKEN.findall(t) for t in texts], lm)
    plain = lm_module._features_plain(*sequence, len(texts))
    assert plain == lm_module._features_numpy(sequence[0], len(texts))
    for text, got in zip(texts, plain):  # one paragraph alone scores as within the batch
        assert lm_features_many([TOKEN.findall(text)]) == [got]


def test_a_one_file_check_reads_the_model_without_numpy(tmp_path):
    """Start-up (issue 17): once the user cache holds the decoded model, a one-file check
    maps it and never imports numpy (the first run derives it with numpy)."""
    import os
    import subprocess
    import sys

    document = tmp_path / "a.txt"
    document.write_text("The council approved its budget on Thursday after a four-hour debate "
                        "about the cost of the new bridge and the schools.\n\n" * 3)
    probe = ("import sys\nfrom corpus_lint.cli import main\n"
             "main(['check', '--no-cache', '--quiet', sys.argv[1]])\n"
             "from corpus_lint.plugins.garbling import lm\n"
             "print(lm.load_lm.cache_info().currsize, 'numpy' in sys.modules)\n")
    env = dict(os.environ, CORPUS_LINT_CACHE_HOME=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", probe, str(document)], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=120) for _ in range(2)]
    assert runs[1].stdout.splitlines()[-1].split() == ["1", "False"], runs[1].stdout + runs[1].stderr


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_english_lm", ROOT / "scripts" / "build_english_lm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tiny_trie(words, unigrams, bigrams):
    """A sphinx binary trie LM of order 3 with the given unigrams (prob, backoff in log10)
    and bigrams {(previous, word): log10 prob}, no trigrams: what parse_trie reads."""
    base = np.log10(1.0001)
    order, n1, n2, n3 = 3, len(words), len(bigrams), 0
    bins = np.sort(np.array(sorted(set(bigrams.values())) + [0.0] * (65536 - len(set(bigrams.values()))),
                            dtype="<f4") / base).astype("<f4")
    # records grouped by predicted word (the trie's first key), then by previous word
    ordered = sorted(bigrams.items(), key=lambda kv: (words.index(kv[0][1]), words.index(kv[0][0])))
    nexts, k = [], 0
    for w in words:
        nexts.append(k)
        k += sum(1 for (_, b), _ in ordered if b == w)
    nexts.append(k)
    word_bits, next_bits = int(n1).bit_length(), int(n3).bit_length()
    total = word_bits + 32 + next_bits
    value = 0
    for i, ((prev, _), prob) in enumerate(ordered):
        code = int(np.searchsorted(bins, np.float32(prob / base)))
        value |= (words.index(prev) | (code << (word_bits + 16))) << (i * total)
    middle = value.to_bytes(((1 + n2) * total + 7) // 8 + 8, "little")
    longest = bytes(((1 + n3) * (word_bits + 16) + 7) // 8 + 8)
    uni = b"".join(struct.pack("<ffI", p / base, bo / base, nx)
                   for (p, bo), nx in zip(unigrams + [(0.0, 0.0)], nexts))
    strings = b"".join(w.encode() + b"\0" for w in words)
    return (b"Trie Language Model" + bytes([order]) + struct.pack("<3I", n1, n2, n3)
            + struct.pack("<i", 1) + bins.tobytes() + np.zeros(2 * 65536, "<f4").tobytes()
            + uni + middle + longest + struct.pack("<i", len(strings)) + strings)


def test_the_build_script_reads_bigrams_in_reading_order():
    build = _load_build_script()
    words = ["</s>", "<s>", "of", "the"]
    data = _tiny_trie(words, [(-1.0, 0.0), (-99.0, -0.5), (-2.0, -0.3), (-1.5, -0.2)],
                      {("of", "the"): -0.5, ("<s>", "the"): -1.0, ("the", "of"): -3.0})
    got_words, uni, backoff, first, second, prob = build.parse_trie(data)
    assert got_words == words
    assert np.allclose(uni, [-1.0, -99.0, -2.0, -1.5], atol=1e-3)
    pairs = {(words[a], words[b]): round(float(p), 2) for a, b, p in zip(first, second, prob)}
    assert pairs == {("of", "the"): -0.5, ("<s>", "the"): -1.0, ("the", "of"): -3.0}
    # "the of" is within PRUNE of its backoff estimate (-0.3 + -1.5 = -1.8)? no: 1.2 away, kept
    kept = build.prune(first, second, prob, uni, backoff)
    assert len(kept[0]) == 3 and list(kept[0]) == sorted(kept[0])


def test_the_build_refuses_a_file_that_is_not_a_trie():
    with pytest.raises(SystemExit):
        _load_build_script().parse_trie(b"ARPA\\data\\")


def test_spinner_synonyms_are_found_in_place_and_plain_words_are_not():
    from corpus_lint.plugins.garbling.spinning import load_substitutes, spun_words

    substitutes = load_substitutes()
    assert len(substitutes) > 50 and list(substitutes) == sorted(substitutes)
    assert all(plains == sorted(plains) for plains in substitutes.values())
    spun = "The supplement assisted me obtain lean muscular tissue and I have definitely situated a distinction."
    plain = "The supplement helped me get lean muscle and I have definitely found a difference."
    found = spun_words([TOKEN.findall(spun), TOKEN.findall(plain)], 3.0)
    assert {(w, p) for _, _, w, p, _ in found} >= {("obtain", "get"), ("muscular", "muscle")}
    assert {index for index, *_ in found} == {0}
    seq, _ = id_sequence([TOKEN.findall(spun)], load_lm())
    assert all(load_lm().words[seq[at]] == word for _, at, word, _, _ in found)
    # an unknown word next to a spinner word leaves that side without context
    assert spun_words([TOKEN.findall("Zyxwvut obtain qwzrtx")], 0.0) == []


def test_the_lookup_finds_every_kind_of_code():
    """First, last, absent below, between and above the table: the stored value where the
    model has the pair, the backoff estimate where it has not, by either path."""
    lm = load_lm()
    codes = np.asarray(lm.codes)
    present = [int(codes[i]) for i in (0, 1, 31, 32, 33, len(codes) // 2, len(codes) - 1)]
    absent = [int(c) for c in np.setdiff1d(np.arange(codes[0], codes[0] + 200), codes)[:5]]
    absent += [0, lm.size * lm.size - 1]
    for code in present + absent:
        first, second = divmod(code, lm.size)
        logprob, unseen, pmi = lm_module.pair_values(lm, code)
        if code in present:
            assert not unseen and logprob == lm.quantised[int(np.searchsorted(codes, code))] / -20
        else:
            assert unseen and logprob == lm.backoff[first] + lm.unigram[second]
        assert pmi == logprob - lm.unigram[second]
