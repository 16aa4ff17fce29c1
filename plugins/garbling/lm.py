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

import io
import zlib
from functools import lru_cache

from corpus_lint.rulebook import family_data

LM_FILE = "english-lm.npy.gz"
QUANT = 20  # the build script's step: stored value / -QUANT = log10 probability
# Every BLOCK-th code is kept in a small "fence" array that stays in the processor's cache:
# a lookup finds its block there and then reads one block of the big table, instead of a
# binary search that misses the cache a dozen times per pair in a real run.
BLOCK = 32
_SENTENCE_END = frozenset(".!?")
# The features a paragraph without any scorable pair gets: typical of clean prose, so they
# neither raise nor lower its score (clean-side means of the training data, rounded).
NEUTRAL = {"lm_logprob": -2.3, "lm_unseen": 0.15, "lm_pmi": 0.9}


class EnglishLM:
    """Vocabulary ids, unigram log10 probabilities and backoffs, and the sorted bigram codes
    (first id * vocabulary size + second id) with their log10 probabilities (stored times
    -QUANT, as uint8: a table eight times smaller to fetch from)."""

    def __init__(self, words, unigram, backoff, padded, n, quantised, fences):
        self.words = words
        self.ids = {w: i for i, w in enumerate(words)}
        self.size = len(words)
        self.unigram = unigram
        self.backoff = backoff
        # ``padded``: the codes, then codes no pair has up to a whole number of blocks
        self.codes = padded[:n]
        self.quantised = quantised
        self.blocks = padded.reshape(-1, BLOCK)
        self.fences = fences  # == self.blocks[:, 0]
        self.start = self.ids["<s>"]
        self.end = self.ids["</s>"]


@lru_cache(maxsize=None)
def load_lm() -> EnglishLM:
    """The shipped model: mapped from its decoded copy in the user's cache (a few ms), which
    the first run writes; decoded in memory (about 0.1 s) when there is no usable cache."""
    from corpus_lint.usercache import derived_folder, forget

    folder = derived_folder("english-lm", family_data("garbling", LM_FILE), _write_decoded)
    if folder is not None:
        try:
            return _from_arrays(**_mapped(folder))
        except (OSError, ValueError, KeyError):  # damaged entry: decode, derive it next time
            forget(folder)
    return _from_arrays(**_decode())


_ARRAYS = ("words", "unigram", "backoff", "padded", "quantised", "fences")


def _decode() -> dict:
    """The shipped file's arrays decoded: word list, float64 unigrams and backoffs, the padded
    sorted bigram codes, their quantised log10 probabilities and the fence of each block."""
    import numpy as np

    # one decompression of the whole file: faster than np.load reading through GzipFile
    stream = io.BytesIO(zlib.decompress(family_data("garbling", LM_FILE).read_bytes(), 31))
    vocab, unigram, backoff, rows, planes, quantised = (np.load(stream) for _ in range(6))
    words = vocab.tobytes().decode("utf-8").split("\n")
    n, size = planes.shape[1], len(words)
    packed = np.zeros((n, 4), dtype=np.uint8)
    packed[:, :3] = planes.T
    # second ids are deltas within a row (a row's first entry absolute): a running total
    # minus the total before the row; code = row * size + second id, in one padded array
    running = np.cumsum(packed.view("<u4").ravel(), dtype=np.int64)
    starts = np.cumsum(rows, dtype=np.int64) - rows
    before = np.where(starts > 0, running[(starts - 1).clip(min=0, max=max(n - 1, 0))], 0)
    padded = np.full(n + -n % BLOCK, np.iinfo(np.int64).max, dtype=np.int64)
    padded[:n] = running + np.repeat(np.arange(size, dtype=np.int64) * size - before, rows)
    return {"words": words, "unigram": unigram.astype(np.float64),
            "backoff": backoff.astype(np.float64), "padded": padded, "quantised": quantised,
            "fences": padded[::BLOCK].copy()}


def _write_decoded(folder) -> None:
    """The decoded arrays as .npy files (mapped, not read, by later runs) and the words."""
    import numpy as np

    arrays = _decode()
    (folder / "words.txt").write_text("\n".join(arrays.pop("words")), encoding="utf-8")
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", array, allow_pickle=False)


def _mapped(folder) -> dict:
    import numpy as np

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
              .view(np.ndarray) for name in _ARRAYS if name != "words"}
    arrays["words"] = (folder / "words.txt").read_text(encoding="utf-8").split("\n")
    if len(arrays["padded"]) % BLOCK or len(arrays["quantised"]) > len(arrays["padded"]):
        raise ValueError("damaged model cache")
    return arrays


def _from_arrays(words, unigram, backoff, padded, quantised, fences) -> EnglishLM:
    return EnglishLM(words, unigram, backoff, padded, len(quantised), quantised, fences)


# What a token is to the model besides a word id: numbers and unknown words break the chain
# of pairs, other punctuation is dropped, sentence ends and paragraph edges are boundaries.
UNKNOWN, SKIP, SENTENCE, PARAGRAPH = -1, -2, -3, -4
# The id of each token seen so far (per process; a token's id depends only on the token).
_ID_CACHE: dict[str, int] = {}


def _token_id(token: str, ids: dict[str, int]) -> int:
    first = token[0]
    if first.isalpha():
        return ids.get(token.lower(), UNKNOWN)
    if token in _SENTENCE_END:
        return SENTENCE
    return UNKNOWN if first.isdigit() else SKIP


def id_sequence(token_lists: list[list[str]], lm: EnglishLM):
    """All paragraphs' word ids end to end, punctuation dropped, with PARAGRAPH before the
    first paragraph and after each, SENTENCE at sentence ends; and the paragraph each
    position belongs to (what a word's pairs are counted for)."""
    import numpy as np

    cache = _ID_CACHE
    if len(cache) > 200_000:
        cache.clear()
    codes = [PARAGRAPH]
    for tokens in token_lists:
        ids = list(map(cache.get, tokens))
        if None in ids:
            for i, value in enumerate(ids):
                if value is None:
                    ids[i] = cache[tokens[i]] = _token_id(tokens[i], lm.ids)
        codes.extend(ids)
        codes.append(PARAGRAPH)
    seq = np.array(codes, dtype=np.int64)
    seq = seq[seq != SKIP]
    return seq, np.cumsum(seq == PARAGRAPH) - 1


def scored_pairs(seq, owner, lm: EnglishLM):
    """(previous ids, word ids, paragraph) of the pairs the features count: two known words
    in a row, or a boundary and a known word (read as ``<s>`` before, ``</s>`` after)."""
    import numpy as np

    left, right = seq[:-1], seq[1:]
    left_edge, right_edge = left <= SENTENCE, right <= SENTENCE
    valid = (left_edge | (left >= 0)) & (right_edge | (right >= 0)) & ~(left_edge & right_edge)
    first = np.where(left_edge, lm.start, left)[valid]
    second = np.where(right_edge, lm.end, right)[valid]
    return first, second, np.where(left_edge, owner[1:], owner[:-1])[valid]


def pair_logprob(lm: EnglishLM, first, second):
    """log10 p(second | first) for arrays of word ids (the backoff estimate where the model
    has no bigram), and whether it had one."""
    import numpy as np

    codes = first * lm.size + second
    block = (np.searchsorted(lm.fences, codes, "right") - 1).clip(min=0)
    rows = lm.blocks[block]
    where = (block * BLOCK + (rows < codes[:, None]).sum(1)).clip(max=len(lm.codes) - 1)
    seen = lm.codes[where] == codes
    known = lm.quantised[where] / -QUANT
    return np.where(seen, known, lm.backoff[first] + lm.unigram[second]), seen


def lm_features_many(token_lists: list[list[str]]) -> list[dict[str, float]]:
    """``lm_features`` of each paragraph's tokens."""
    return lm_features(*id_sequence(token_lists, load_lm()), len(token_lists))


def lm_features(seq, owner, n: int) -> list[dict[str, float]]:
    """``lm_logprob`` (mean log10 p(word | previous word)), ``lm_unseen`` (share of pairs the
    model has no bigram for) and ``lm_pmi`` (mean log10 p(word | previous) / p(word)) of
    each of the ``n`` paragraphs of an ``id_sequence``, over the pairs of known words; all
    paragraphs looked up together."""
    import numpy as np

    lm = load_lm()
    out = [dict(NEUTRAL) for _ in range(n)]
    first, second, owner = scored_pairs(seq, owner, lm)
    if not len(first):
        return out
    logprob, seen = pair_logprob(lm, first, second)
    pmi = logprob - lm.unigram[second]
    counts = np.bincount(owner, minlength=n)
    sums = [np.bincount(owner, weights=v, minlength=n) for v in (logprob, ~seen, pmi)]
    for i in np.flatnonzero(counts):
        c = counts[i]
        out[i] = {"lm_logprob": float(sums[0][i] / c), "lm_unseen": float(sums[1][i] / c),
                  "lm_pmi": float(sums[2][i] / c)}
    return out
