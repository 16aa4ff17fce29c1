"""The English word bigram model (rules/garbling/english-lm.npy.gz, built by
scripts/build_english_lm.py from pocketsphinx's US-English LM) and the paragraph features
read from it: how probable, how familiar and how associated its word pairs are.

Word-class backoff: a pair is scored only when both words are in the model's vocabulary.
Numbers, capitalised words the model does not know (names) and unknown lower-case words
(rare words, transliterations: G102's evidence) break the chain of pairs instead of
counting as improbable, so a report full of names and figures does not look garbled.
Sentence-final punctuation starts a new sentence (``</s> <s>``); other punctuation is
skipped, as the model was trained on text without it.
"""
from __future__ import annotations

import gzip
from functools import lru_cache

from corpus_lint.rulebook import family_data

LM_FILE = "english-lm.npy.gz"
QUANT = 20  # the build script's step: stored value / -QUANT = log10 probability
_SENTENCE_END = frozenset(".!?")
# The features a paragraph without any scorable pair gets: typical of clean prose, so they
# neither raise nor lower its score (clean-side means of the training data, rounded).
NEUTRAL = {"lm_logprob": -2.3, "lm_unseen": 0.15, "lm_pmi": 0.9}


class EnglishLM:
    """Vocabulary ids, unigram log10 probabilities and backoffs, and the sorted bigram codes
    (first id * vocabulary size + second id) with their log10 probabilities."""

    def __init__(self, words, unigram, backoff, codes, probs):
        self.ids = {w: i for i, w in enumerate(words)}
        self.size = len(words)
        self.unigram = unigram
        self.backoff = backoff
        self.codes = codes
        self.probs = probs
        self.start = self.ids["<s>"]
        self.end = self.ids["</s>"]


@lru_cache(maxsize=None)
def load_lm() -> EnglishLM:
    """The shipped model, decoded once per process (about 0.1 s)."""
    import numpy as np

    with family_data("garbling", LM_FILE).open("rb") as raw, gzip.open(raw, "rb") as fh:
        vocab, unigram, backoff, rows, planes, quantised = (np.load(fh) for _ in range(6))
    words = vocab.tobytes().decode("utf-8").split("\n")
    delta = planes[0].astype(np.int64) | planes[1].astype(np.int64) << 8 | planes[2].astype(np.int64) << 16
    first = np.repeat(np.arange(len(words), dtype=np.int64), rows)
    # second ids: deltas within a row, the row's first entry absolute
    row_starts = np.concatenate([[0], np.cumsum(rows, dtype=np.int64)[:-1]])[rows > 0]
    running = np.cumsum(delta)
    base = np.zeros(len(delta), dtype=np.int64)
    base[row_starts[1:]] = running[row_starts[1:] - 1]
    second = running - np.maximum.accumulate(base)
    codes = first * len(words) + second
    return EnglishLM(words, unigram.astype(np.float64), backoff.astype(np.float64), codes,
                     quantised.astype(np.float64) / -QUANT)


def word_ids(tokens: list[str], lm: EnglishLM) -> list[int]:
    """The model id of each scorable token; -1 for a word the model does not know or a
    number (breaks the chain), -2 for punctuation that is skipped; sentence ends give
    ``</s>`` followed by ``<s>``."""
    ids = lm.ids
    out = [lm.start]
    for token in tokens:
        first = token[0]
        if first.isalpha():
            out.append(ids.get(token.lower(), -1))
        elif token in _SENTENCE_END:
            if out[-1] != lm.start:
                out.extend((lm.end, lm.start))
        elif first.isdigit():
            out.append(-1)
    if out[-1] == lm.start:
        out.pop()  # the text ended with a sentence end (or had no scorable token)
    else:
        out.append(lm.end)
    return out


def pair_logprob(lm: EnglishLM, first, second):
    """log10 p(second | first) for arrays of word ids (the backoff estimate where the model
    has no bigram), and whether it had one."""
    import numpy as np

    codes = first * lm.size + second
    where = np.searchsorted(lm.codes, codes).clip(max=len(lm.codes) - 1)
    seen = lm.codes[where] == codes
    return np.where(seen, lm.probs[where], lm.backoff[first] + lm.unigram[second]), seen


def lm_features_many(token_lists: list[list[str]]) -> list[dict[str, float]]:
    """``lm_logprob`` (mean log10 p(word | previous word)), ``lm_unseen`` (share of pairs the
    model has no bigram for) and ``lm_pmi`` (mean log10 p(word | previous) / p(word)) of
    each paragraph, over the pairs of known words; all paragraphs looked up together."""
    import numpy as np

    lm = load_lm()
    firsts, seconds, owners = [], [], []
    end = lm.end
    for owner, tokens in enumerate(token_lists):
        ids = word_ids(tokens, lm)
        for a, b in zip(ids, ids[1:]):
            if a >= 0 and b >= 0 and a != end:
                firsts.append(a)
                seconds.append(b)
                owners.append(owner)
    out = [dict(NEUTRAL) for _ in token_lists]
    if not firsts:
        return out
    first = np.array(firsts, dtype=np.int64)
    second = np.array(seconds, dtype=np.int64)
    owner = np.array(owners, dtype=np.int64)
    logprob, seen = pair_logprob(lm, first, second)
    pmi = logprob - lm.unigram[second]
    n = len(token_lists)
    counts = np.bincount(owner, minlength=n)
    sums = [np.bincount(owner, weights=v, minlength=n) for v in (logprob, ~seen, pmi)]
    for i in np.flatnonzero(counts):
        c = counts[i]
        out[i] = {"lm_logprob": float(sums[0][i] / c), "lm_unseen": float(sums[1][i] / c),
                  "lm_pmi": float(sums[2][i] / c)}
    return out
