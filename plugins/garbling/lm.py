"""The English word bigram model (rules/garbling/english-lm.npy.gz, built by
scripts/build_english_lm.py from pocketsphinx's US-English LM) and the paragraph features
read from it: how probable, how familiar and how associated its word pairs are.

Word-class backoff: a pair is scored only when both words are in the model's vocabulary.
Numbers, capitalised words the model does not know (names) and unknown lower-case words
(rare words, transliterations: G102's evidence) break the chain of pairs instead of
counting as improbable, so a report full of names and figures does not look garbled.
Sentence-final punctuation starts a new sentence (``</s> <s>``); other punctuation is
skipped, as the model was trained on text without it.

No numpy at checking time (issue 17): the shipped file is decoded once (with numpy) into the
user's cache, and every run maps those arrays with ``mmap`` and reads them as typed
memoryviews; a pair is looked up by ``bisect`` once per process and remembered, so a
one-file check does not pay numpy's import (45-80 ms) and a long run mostly reads a dict.
"""
from __future__ import annotations

import ast
import io
import mmap
import struct
import sys
import zlib
from bisect import bisect_left
from functools import cached_property, lru_cache

from corpus_lint.rulebook import family_data

LM_FILE = "english-lm.npy.gz"
QUANT = 20  # the build script's step: stored value / -QUANT = log10 probability
_SENTENCE_END = frozenset(".!?")
# The features a paragraph without any scorable pair gets: typical of clean prose, so they
# neither raise nor lower its score (clean-side means of the training data, rounded).
NEUTRAL = {"lm_logprob": -2.3, "lm_unseen": 0.15, "lm_pmi": 0.9}


class EnglishLM:
    """The sorted vocabulary (a word's id is its index), unigram log10 probabilities and
    backoffs, and the sorted bigram codes (first id * vocabulary size + second id) with their
    log10 probabilities (stored times -QUANT, as bytes); the arrays are memoryviews (of the
    mapped cache files) or anything else indexable the same way."""

    def __init__(self, words, unigram, backoff, codes, quantised):
        self.words = words
        self.size = len(words)
        self.unigram = unigram
        self.backoff = backoff
        self.codes = codes
        self.quantised = quantised
        self.start = self.id_of("<s>")
        self.end = self.id_of("</s>")

    def id_of(self, word: str) -> int | None:
        """The word's id (binary search in the sorted vocabulary), None when unknown."""
        i = bisect_left(self.words, word)
        return i if i < self.size and self.words[i] == word else None

    @cached_property
    def ids(self) -> dict[str, int]:
        """Every word's id (for tools that look up many words; checking uses ``id_of``)."""
        return {w: i for i, w in enumerate(self.words)}


@lru_cache(maxsize=None)
def load_lm() -> EnglishLM:
    """The shipped model: mapped from its decoded copy in the user's cache (a few ms), which
    the first run writes; decoded in memory (about 0.1 s) when there is no usable cache."""
    from corpus_lint.usercache import derived_folder, forget

    folder = derived_folder("english-lm", family_data("garbling", LM_FILE), _write_decoded)
    if folder is not None:
        try:
            return EnglishLM(**_mapped(folder))
        except (OSError, ValueError, KeyError, SyntaxError):  # damaged: decode, derive again
            forget(folder)
    return _from_decoded(_decode())


def _from_decoded(arrays: dict) -> EnglishLM:
    """The model over ``_decode``'s arrays (in memory, read through memoryviews)."""
    return EnglishLM(arrays["words"], *(memoryview(arrays[name]) for name in _ARRAYS))


# The decoded arrays (one .npy file each in the cache folder), besides words.txt. The cache
# layout is the one earlier versions wrote (``padded``: the codes, then filler up to a whole
# number of 32-code blocks; ``fences``: every 32nd code), so their entries stay valid.
_ARRAYS = ("unigram", "backoff", "codes", "quantised")
_FILES = {"unigram": "unigram", "backoff": "backoff", "codes": "padded",
          "quantised": "quantised"}
_BLOCK = 32
_TYPECODES = {"<f8": "d", "<i8": "q", "|u1": "B"}


def _decode() -> dict:
    """The shipped file's arrays decoded: sorted word list, float64 unigrams and backoffs,
    the sorted bigram codes and their quantised log10 probabilities."""
    import numpy as np

    # one decompression of the whole file: faster than np.load reading through GzipFile
    stream = io.BytesIO(zlib.decompress(family_data("garbling", LM_FILE).read_bytes(), 31))
    vocab, unigram, backoff, rows, planes, quantised = (np.load(stream) for _ in range(6))
    words = vocab.tobytes().decode("utf-8").split("\n")
    if any(a >= b for a, b in zip(words, words[1:])):
        raise ValueError(f"{LM_FILE}: the vocabulary is not sorted")
    n, size = planes.shape[1], len(words)
    packed = np.zeros((n, 4), dtype=np.uint8)
    packed[:, :3] = planes.T
    # second ids are deltas within a row (a row's first entry absolute): a running total
    # minus the total before the row; code = row * size + second id
    running = np.cumsum(packed.view("<u4").ravel(), dtype=np.int64)
    starts = np.cumsum(rows, dtype=np.int64) - rows
    before = np.where(starts > 0, running[(starts - 1).clip(min=0, max=max(n - 1, 0))], 0)
    codes = running + np.repeat(np.arange(size, dtype=np.int64) * size - before, rows)
    return {"words": words, "unigram": unigram.astype("<f8"), "backoff": backoff.astype("<f8"),
            "codes": codes.astype("<i8"), "quantised": quantised}


def _write_decoded(folder) -> None:
    """The decoded arrays as .npy files (mapped, not read, by later runs) and the words."""
    import numpy as np

    arrays = _decode()
    (folder / "words.txt").write_text("\n".join(arrays.pop("words")), encoding="utf-8")
    codes = arrays["codes"]
    padded = np.full(len(codes) + -len(codes) % _BLOCK, np.iinfo(np.int64).max, dtype="<i8")
    padded[:len(codes)] = codes
    arrays.update(codes=padded, fences=padded[::_BLOCK].copy())
    for name, array in arrays.items():
        np.save(folder / f"{_FILES.get(name, name)}.npy", array, allow_pickle=False)


def _mapped(folder) -> dict:
    """The cache folder's arrays as memoryviews of the mapped files (no numpy)."""
    if sys.byteorder != "little":
        raise ValueError("the cached arrays are little-endian")
    arrays = {name: _npy_view(folder / f"{_FILES[name]}.npy") for name in _ARRAYS}
    arrays["words"] = (folder / "words.txt").read_text(encoding="utf-8").split("\n")
    n = len(arrays["quantised"])
    if len(arrays["codes"]) < n or len(arrays["unigram"]) != len(arrays["words"]):
        raise ValueError("damaged model cache")
    arrays["codes"] = arrays["codes"][:n]  # the filler after the codes is not read
    return arrays


def _npy_view(path) -> memoryview:
    """A 1-d .npy file (as ``numpy.save`` writes it) as a memoryview of the mapped file."""
    with open(path, "rb") as fh:
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if data[:6] != b"\x93NUMPY" or data[6] not in (1, 2):
        raise ValueError(f"{path}: not a .npy array")
    wide = data[6] != 1
    size = struct.unpack_from("<I" if wide else "<H", data, 8)[0]
    offset = (12 if wide else 10) + size
    header = ast.literal_eval(data[offset - size:offset].decode("latin-1"))
    if header["fortran_order"] or len(header["shape"]) != 1:
        raise ValueError(f"{path}: not a 1-d array")
    view = memoryview(data)[offset:].cast("B")
    typecode = _TYPECODES[header["descr"]]
    count = header["shape"][0]
    return view[:count * struct.calcsize(typecode)].cast(typecode)


# What a token is to the model besides a word id: numbers and unknown words break the chain
# of pairs, other punctuation is dropped, sentence ends and paragraph edges are boundaries.
UNKNOWN, SKIP, SENTENCE, PARAGRAPH = -1, -2, -3, -4
# The id of each token seen so far (per process; a token's id depends only on the token).
_ID_CACHE: dict[str, int] = {}
MAX_IDS = 200_000


def token_id(token: str, lm: EnglishLM) -> int:
    """A token's id in ``id_sequence``: its word's id, UNKNOWN, SKIP or SENTENCE."""
    first = token[0]
    if first.isalpha():
        found = lm.id_of(token.lower())
        return UNKNOWN if found is None else found
    if token in _SENTENCE_END:
        return SENTENCE
    return UNKNOWN if first.isdigit() else SKIP


def id_sequence(token_lists: list[list[str]], lm: EnglishLM):
    """All paragraphs' word ids end to end, punctuation dropped, with PARAGRAPH before the
    first paragraph and after each and SENTENCE at sentence ends (a list); and where each
    paragraph's ids start in it."""
    cache = _ID_CACHE
    if len(cache) > MAX_IDS:
        cache.clear()
    seq, starts = [PARAGRAPH], []
    for tokens in token_lists:
        ids = list(map(cache.get, tokens))
        if None in ids:
            for i, value in enumerate(ids):
                if value is None:
                    ids[i] = cache[tokens[i]] = token_id(tokens[i], lm)
        starts.append(len(seq))
        seq.extend(filter(SKIP.__ne__, ids) if SKIP in ids else ids)
        seq.append(PARAGRAPH)
    return seq, starts


def laid_end_to_end(id_lists: list[list[int]]):
    """``id_sequence`` from each paragraph's ids (``token_id`` of its tokens, SKIP left
    out), as ``chunks.columns`` reads them."""
    seq, starts = [PARAGRAPH], []
    for ids in id_lists:
        starts.append(len(seq))
        seq += ids
        seq.append(PARAGRAPH)
    return seq, starts


def paragraph_ids(sequence, index: int) -> list[int]:
    """The ids of one paragraph of an ``id_sequence`` (without the PARAGRAPH marks)."""
    seq, starts = sequence
    return seq[starts[index]:starts[index + 1] - 1 if index + 1 < len(starts) else -1]


def scored_pairs(ids: list[int], lm: EnglishLM) -> list[int]:
    """The codes (first id * size + second id) of the pairs the features count in one
    paragraph's ids, in order: two known words in a row, or a boundary and a known word
    (read as ``<s>`` before, ``</s>`` after)."""
    size, start, end = lm.size, lm.start, lm.end
    codes = []
    previous = PARAGRAPH
    for word in ids:
        if word >= 0:
            if previous >= 0:
                codes.append(previous * size + word)
            elif previous <= SENTENCE:
                codes.append(start * size + word)
        elif word <= SENTENCE and previous >= 0:
            codes.append(previous * size + end)
        previous = word
    if previous >= 0:
        codes.append(previous * size + end)
    return codes


# (log10 p, 1 if the model has no bigram else 0, PMI) of the pair codes looked up by the
# plain path (bounded: once full, further pairs are looked up without being remembered)
_PAIRS: dict[int, tuple[float, int, float]] = {}
MAX_PAIRS = 50_000


def pair_values(lm: EnglishLM, code: int) -> tuple[float, int, float]:
    """(log10 p(second | first), 1 if the model has no bigram for the pair (the backoff
    estimate is used) else 0, log10 p(second | first) / p(second)) of a pair code."""
    found = _PAIRS.get(code)
    if found is not None:
        return found
    first, second = divmod(code, lm.size)
    codes = lm.codes
    i = bisect_left(codes, code)
    if i < len(codes) and codes[i] == code:
        logprob, unseen = lm.quantised[i] / -QUANT, 0
    else:
        logprob, unseen = lm.backoff[first] + lm.unigram[second], 1
    found = (logprob, unseen, logprob - lm.unigram[second])
    if len(_PAIRS) < MAX_PAIRS:
        _PAIRS[code] = found
    return found


def pair_logprob(lm: EnglishLM, first: int, second: int) -> float:
    """log10 p(second | first) (the backoff estimate where the model has no bigram)."""
    return pair_values(lm, first * lm.size + second)[0]


def lm_features_many(token_lists: list[list[str]]) -> list[dict[str, float]]:
    """``lm_features`` of each paragraph's tokens."""
    return lm_features(*id_sequence(token_lists, load_lm()), len(token_lists))


# Until a process has looked up this many positions it does so in plain Python: importing
# numpy (45-80 ms) costs a one-file run more than all its checking, while plain Python costs
# about 1-2 us more per pair, so past this budget numpy takes over for good (as the skeleton
# scores do, analysis.py). Both give the same features to the last bit: the same float
# operations in the same order (numpy's ``bincount`` sums in order).
PLAIN_BUDGET = 30_000
_plain_used = [0]


def lm_features(seq: list[int], starts: list[int], n: int) -> list[dict[str, float]]:
    """``lm_logprob`` (mean log10 p(word | previous word)), ``lm_unseen`` (share of pairs the
    model has no bigram for) and ``lm_pmi`` (mean log10 p(word | previous) / p(word)) of
    each of the ``n`` paragraphs of an ``id_sequence``, over the pairs of known words."""
    if "numpy" not in sys.modules and _plain_used[0] + len(seq) <= PLAIN_BUDGET:
        _plain_used[0] += len(seq)
        return _features_plain(seq, starts, n)
    return _features_numpy(seq, n)


def _mean_features(counts, logprob, unseen, pmi) -> list[dict[str, float]]:
    """The features from each paragraph's pair count and sums (NEUTRAL without pairs)."""
    return [{"lm_logprob": a / c, "lm_unseen": b / c, "lm_pmi": d / c} if c else dict(NEUTRAL)
            for c, a, b, d in zip(counts, logprob, unseen, pmi)]


def _features_plain(seq: list[int], starts: list[int], n: int) -> list[dict[str, float]]:
    """``lm_features`` a pair at a time (bisect in the mapped table, remembered)."""
    lm = load_lm()
    cache = _PAIRS
    sums = ([], [], [], [])
    for index in range(n):
        codes = scored_pairs(paragraph_ids((seq, starts), index), lm)
        logprob = unseen = pmi = 0.0
        for code in codes:
            values = cache.get(code) or pair_values(lm, code)
            logprob += values[0]
            unseen += values[1]
            pmi += values[2]
        for total, value in zip(sums, (len(codes), logprob, unseen, pmi)):
            total.append(value)
    return _mean_features(*sums)


def _features_numpy(seq: list[int], n: int) -> list[dict[str, float]]:
    """``lm_features`` of all paragraphs at once: the pairs from array operations, looked
    up in one sorted ``searchsorted`` over the table."""
    import numpy as np

    lm = load_lm()
    table = _numpy_table(lm)
    array = np.array(seq, dtype=np.int64)
    owner = np.cumsum(array == PARAGRAPH) - 1
    left, right = array[:-1], array[1:]
    left_edge, right_edge = left <= SENTENCE, right <= SENTENCE
    valid = (left_edge | (left >= 0)) & (right_edge | (right >= 0)) & ~(left_edge & right_edge)
    first = np.where(left_edge, lm.start, left)[valid]
    second = np.where(right_edge, lm.end, right)[valid]
    owner = np.where(left_edge, owner[1:], owner[:-1])[valid]
    if not len(first):
        return [dict(NEUTRAL) for _ in range(n)]
    codes = first * lm.size + second
    order = np.argsort(codes)  # sorted keys: each search starts where the last one ended
    where = np.empty_like(order)
    where[order] = np.searchsorted(table["codes"], codes[order])
    where = where.clip(max=len(table["codes"]) - 1)
    seen = table["codes"][where] == codes
    unigram = table["unigram"][second]
    logprob = np.where(seen, table["quantised"][where] / -QUANT,
                       table["backoff"][first] + unigram)
    sums = [np.bincount(owner, weights=values, minlength=n).tolist()
            for values in (logprob, ~seen, logprob - unigram)]
    return _mean_features(np.bincount(owner, minlength=n).tolist(), *sums)


_NUMPY: dict = {}


def _numpy_table(lm: EnglishLM) -> dict:
    """The model's arrays as numpy arrays over the same memory (made once per model)."""
    if _NUMPY.get("lm") is not lm:
        import numpy as np

        _NUMPY.clear()
        _NUMPY.update(lm=lm, codes=np.asarray(lm.codes, dtype=np.int64),
                      quantised=np.asarray(lm.quantised, dtype=np.uint8),
                      unigram=np.asarray(lm.unigram, dtype=np.float64),
                      backoff=np.asarray(lm.backoff, dtype=np.float64))
    return _NUMPY
