"""What the analysis reads of each token of a paragraph (the token, its skeleton class id,
its lower-cased word, its id in the English LM, whether it may be a transliteration),
remembered per whitespace chunk of text from one document to the next (issue 17).

A paragraph's tokens are those of its whitespace-separated chunks in order (no token
contains whitespace, see ``tokens.tokenise``), and the same chunks ("said,", "the",
"U.S.") recur from one document to the next: one dict read per chunk replaces the
tokenising regex on chunks that are not all letters and four per-token reads.

``columns`` reads one paragraph (plain Python: a one-file run does not import numpy);
``batch_columns`` reads a batch of paragraphs from a ``ChunkTable`` with numpy, for the
analysis of a long run, and gives the same counts and ids (tests/test_garbling_fast_paths.py).
"""
from __future__ import annotations

from array import array
from itertools import chain, repeat
from typing import NamedTuple

from .leftovers import looks_transliterated
from .lm import PARAGRAPH, SKIP, load_lm, token_id
from .tokens import tokenise, word_class


class Columns(NamedTuple):
    """A paragraph's tokens, their class ids, its lower-cased words, whether any token
    may be a transliterated leftover (when not, ``lowercase_unknown`` finds nothing), and
    its tokens' LM ids without the skipped punctuation (what ``lm.id_sequence`` lays end to
    end for it: reading them with the chunk saves a second per-token pass, issue 17)."""

    tokens: list[str]
    class_ids: list[int]
    words: list[str]
    leftover: bool
    lm_ids: list[int]


# chunk -> (its tokens, their class ids, its lower-cased words (of the tokens that are not
# punctuation), whether a token may be a transliteration, its LM ids): plain tuples, unpacked, because
# reading a NamedTuple's fields costs 1.6x more here. At most MAX_CHUNKS (about 370 bytes
# each by tracemalloc: 37 MB), then cleared: BBC's 2,225 documents have 64,557 distinct
# chunks (23.9 MB; the per-token caches this replaces held about 5 MB there). A bound of
# 30,000 cost 14% of the family's speed over BBC (clearing twice per pass).
MAX_CHUNKS = 100_000
_CHUNKS: dict[str, tuple[tuple, tuple, tuple, bool, tuple]] = {}


def columns(text: str, model: dict, vocabulary: frozenset) -> Columns:
    """``Columns`` of one normalised paragraph (``model`` and ``vocabulary`` are the
    process's own, as the cache assumes)."""
    if len(_CHUNKS) > MAX_CHUNKS:  # bounded by clearing: an lru_cache call costs more here
        _CHUNKS.clear()
    get = _CHUNKS.get
    tokens: list[str] = []
    class_ids: list[int] = []
    words: list[str] = []
    lm_ids: list[int] = []
    leftover = False
    for text_chunk in text.split():
        chunk = get(text_chunk)
        if chunk is None:
            chunk = _CHUNKS[text_chunk] = _chunk(text_chunk, model, vocabulary)
        chunk_tokens, chunk_ids, chunk_words, chunk_leftover, chunk_lm = chunk
        tokens += chunk_tokens
        class_ids += chunk_ids
        words += chunk_words
        lm_ids += chunk_lm
        if chunk_leftover:
            leftover = True
    return Columns(tokens, class_ids, words, leftover, lm_ids)


def _chunk(text: str, model: dict, vocabulary: frozenset
           ) -> tuple[tuple, tuple, tuple, bool, tuple]:
    ids, keep, lm = model["ids"], model["keep"], load_lm()
    if text.isalpha():  # one word: no generators (a first pass over a corpus is all misses)
        lm_id = token_id(text, lm)
        return ((text,), (ids[word_class(text, keep)],), (_lowered(text),),
                text not in vocabulary and looks_transliterated(text),
                (lm_id,) if lm_id != SKIP else ())
    tokens = tuple(tokenise(text))
    return (tokens, tuple(ids[word_class(token, keep)] for token in tokens),
            tuple(_lowered(token) for token in tokens if token[0].isalnum()),
            any(token not in vocabulary and looks_transliterated(token) for token in tokens),
            tuple(lm_id for lm_id in (token_id(token, lm) for token in tokens)
                  if lm_id != SKIP))


def _lowered(token: str) -> str:
    """``token.lower()``, the token itself when already lower-case: one string kept, not
    two (the cache's largest part)."""
    lowered = token.lower()
    return token if lowered == token else lowered


# --- the same, for a batch of paragraphs at once (numpy) ---------------------------------
class ChunkTable:
    """Every distinct chunk seen so far as a row of integer columns: how many tokens it
    has, how many of them are words and another language's function words
    (``load_foreign_words``), whether one may be a transliteration, and where its class
    ids, word ids and LM ids start in flat arrays (a word's id stands for its lower-cased
    string). A batch's paragraphs are then read by one dict lookup per chunk (``map``, in
    C) and a few numpy gathers, not by a Python loop over their chunks (issue 17: that
    loop was a fifth of the family's time)."""

    COLUMNS = ("n_tokens", "n_words", "n_lm", "foreign", "leftover", "class_start",
               "word_start", "lm_start")
    FLAT = ("class_ids", "word_ids", "lm_ids")

    def __init__(self):
        self.rows: dict[str, int] = {}
        self.word_ids: dict[str, int] = {}
        self.columns = {name: array("q") for name in self.COLUMNS + self.FLAT}
        self._arrays: dict = {}  # name -> numpy copy of the column (longer: room to grow)
        self._synced: dict[str, int] = {}  # name -> how much of the column it holds

    def row(self, chunk: str, model: dict, vocabulary, foreign: frozenset) -> int:
        """The chunk's row, added when new (from ``_chunk``: the same tokens and ids as
        ``columns`` reads)."""
        found = self.rows.get(chunk)
        if found is not None:
            return found
        tokens, class_ids, words, leftover, lm_ids = _chunk(chunk, model, vocabulary)
        c, word_ids = self.columns, self.word_ids
        for name, value in zip(self.COLUMNS, (
                len(tokens), len(words), len(lm_ids), sum(map(foreign.__contains__, tokens)),
                leftover, len(c["class_ids"]), len(c["word_ids"]), len(c["lm_ids"]))):
            c[name].append(value)
        c["class_ids"].extend(class_ids)
        c["word_ids"].extend(word_ids.setdefault(word, len(word_ids)) for word in words)
        c["lm_ids"].extend(lm_ids)
        found = self.rows[chunk] = len(self.rows)
        return found

    def arrays(self) -> dict:
        """The columns as numpy arrays, at least as long as the columns (the values past
        them are not read). Appending to a column is cheap (``array``); each numpy copy is
        brought up to date by copying what was appended since, so a long run that meets
        new chunks in every batch does not copy the whole table each time."""
        import numpy as np

        for name, values in self.columns.items():
            copy = self._arrays.get(name)
            done = 0 if copy is None else self._synced[name]
            if copy is not None and len(values) == done:
                continue
            if copy is None or len(copy) < len(values):
                grown = np.empty(max(len(values), 2 * done, 1024), dtype=np.int64)
                grown[:done] = copy[:done] if copy is not None else ()
                copy = self._arrays[name] = grown
            # the appended part as a new ``array`` (a slice copies): numpy reads it as a
            # buffer, and the column itself lends no buffer that would stop it growing
            copy[done:len(values)] = np.frombuffer(values[done:], dtype=np.int64)
            self._synced[name] = len(values)
        return self._arrays


# The batch path's table starts again past this many chunks (about 390 bytes each, numpy
# copies included: 12 MB). Measured over ../shared/bench/news.jsonl with `audit --jobs 2`,
# a bound of 100,000 let each worker grow to ~40 MB of table and the tree's PSS peak to
# 377 MiB; 30,000 gave 315 MiB, and `check --jobs 1` over BBC (65,553 distinct chunks,
# so two restarts) was no slower in three side-by-side pairs (issue 17). Smaller bounds
# (20,000, 10,000) saved nothing more: the rest of a worker's growth is elsewhere.
MAX_TABLE_CHUNKS = 30_000
_TABLE = [ChunkTable()]


class BatchColumns(NamedTuple):
    """What ``columns`` reads of each paragraph of a batch, as numpy arrays: per paragraph
    its numbers of tokens, words, kept-word tokens (class ids among the model's kept
    words) and function words of another language, and how many of its word 4-grams repeat
    an earlier one (``tokens.repetition``); the chunks that have a token that may be a
    transliteration (lists); the class ids of all tokens end to end (``n_tokens`` of them
    per paragraph); and the LM ids of all paragraphs as ``lm.laid_end_to_end`` lays them
    out, with where each paragraph's ids start."""

    n_tokens: "np.ndarray"
    n_words: "np.ndarray"
    kept: "np.ndarray"
    foreign: "np.ndarray"
    repeated: "np.ndarray"
    leftover: list[list[str]]
    class_ids: "np.ndarray"
    lm_sequence: "np.ndarray"
    lm_starts: "np.ndarray"


def batch_columns(texts: list[str], model: dict, vocabulary, foreign: frozenset
                  ) -> BatchColumns:
    """``BatchColumns`` of normalised paragraphs (``model``, ``vocabulary`` and the foreign
    function words ``foreign`` are the process's own, as the table assumes)."""
    import numpy as np

    if len(_TABLE[0].rows) > MAX_TABLE_CHUNKS:  # between batches: one table's word ids
        _TABLE[0] = ChunkTable()
    table = _TABLE[0]
    splits = [text.split() for text in texts]
    chunks = list(chain.from_iterable(splits))
    rows = np.fromiter(map(table.rows.get, chunks, repeat(-1)), np.int64, len(chunks))
    for i in np.flatnonzero(rows < 0).tolist():
        rows[i] = table.row(chunks[i], model, vocabulary, foreign)
    c = table.arrays()
    n = len(texts)
    owner = np.repeat(np.arange(n), list(map(len, splits)))  # each chunk's paragraph

    def per_paragraph(name: str) -> "np.ndarray":
        return np.bincount(owner, weights=c[name][rows], minlength=n).astype(np.int64)

    def gathered(values: str, starts: str, counts: str) -> tuple["np.ndarray", "np.ndarray"]:
        """The chunks' flat ``values`` one chunk after another, and the paragraph of each."""
        lengths = c[counts][rows]
        ends = np.cumsum(lengths)
        at = np.repeat(c[starts][rows] - (ends - lengths), lengths)
        return c[values][at + np.arange(len(at))], np.repeat(owner, lengths)

    class_ids, token_owner = gathered("class_ids", "class_start", "n_tokens")
    word_ids, word_owner = gathered("word_ids", "word_start", "n_words")
    lm_ids, lm_owner = gathered("lm_ids", "lm_start", "n_lm")
    n_words, lm_counts = per_paragraph("n_words"), per_paragraph("n_lm")
    lm_sequence = np.full(len(lm_ids) + n + 1, PARAGRAPH, dtype=np.int64)
    lm_sequence[np.arange(len(lm_ids)) + lm_owner + 1] = lm_ids
    leftover: list[list[str]] = [[] for _ in texts]
    flagged = np.flatnonzero(c["leftover"][rows])
    for paragraph, i in zip(owner[flagged].tolist(), flagged.tolist()):
        leftover[paragraph].append(chunks[i])
    return BatchColumns(
        per_paragraph("n_tokens"), n_words,
        np.bincount(token_owner, weights=_kept(model)[class_ids], minlength=n).astype(np.int64),
        per_paragraph("foreign"), _repeated(word_ids, word_owner, n_words, len(table.word_ids)),
        leftover, class_ids, lm_sequence, np.cumsum(lm_counts) - lm_counts + np.arange(1, n + 1))


def _kept(model: dict) -> "np.ndarray":
    """1.0 at the class ids of the model's kept words, 0.0 elsewhere (made once)."""
    if _KEPT.get("model") is not model:
        import numpy as np

        kept = np.zeros(max(model["ids"].values()) + 1)
        kept[sorted(model["kept_ids"])] = 1.0
        _KEPT.update(model=model, kept=kept)
    return _KEPT["kept"]


_KEPT: dict = {}


def _repeated(word_ids, owner, n_words, size: int):
    """How many of each paragraph's word 4-grams repeat an earlier one (``repetition``'s
    second number): a paragraph's 4-grams less its distinct ones; word ids are below
    ``size``. Only a 4-gram whose first two words come again in its paragraph can repeat:
    one sort of those pairs finds the few 4-grams to compare in full (issue 17)."""
    import numpy as np

    grams = np.maximum(n_words - 3, 0)
    repeated = np.zeros_like(grams)
    if not grams.any():
        return repeated
    inside = owner[:-3] == owner[3:]  # a 4-gram within one paragraph
    owner = owner[:-3][inside]
    first = (word_ids[:-3] * size + word_ids[1:-2])[inside]
    second = (word_ids[2:-1] * size + word_ids[3:])[inside]
    # the paragraph with the pair in one number where that fits in 63 bits, else the pair
    # alone (a pair that comes again in another paragraph only makes more to compare)
    key = owner * size * size + first if len(grams) * size * size < 1 << 62 else first
    ordered = np.sort(key)
    again = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(again):
        return repeated
    maybe = again[np.searchsorted(again, key).clip(max=len(again) - 1)] == key
    owner, first, second = owner[maybe], first[maybe], second[maybe]
    order = np.lexsort((second, first, owner))
    owner, first, second = owner[order], first[order], second[order]
    same = (owner[1:] == owner[:-1]) & (first[1:] == first[:-1]) & (second[1:] == second[:-1])
    return repeated + np.bincount(owner[1:][same], minlength=len(grams))
