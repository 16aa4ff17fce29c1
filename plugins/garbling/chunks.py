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

from corpus_lint.documents.sentences import ends_sentence

from .leftovers import looks_transliterated
from .lm import PARAGRAPH, SKIP, UNKNOWN, load_lm, token_id
from .model import per_model
from .tokens import TOKEN, shape_class, tokenise, word_class


class Columns(NamedTuple):
    """A paragraph's tokens, their class ids, its lower-cased words, whether any token
    may be a transliterated leftover (when not, ``lowercase_unknown`` finds nothing), and
    its tokens' LM ids without the skipped punctuation (what ``lm.id_sequence`` lays end to
    end for it: reading them with the chunk saves a second per-token pass, issue 17), and
    where in ``words`` its sentences after the first start (``tokens.repetition``)."""

    tokens: list[str]
    class_ids: list[int]
    words: list[str]
    leftover: bool
    lm_ids: list[int]
    breaks: list[int]


# chunk -> (its tokens, their class ids, its lower-cased words (of the tokens that are not
# punctuation), whether a token may be a transliteration, its LM ids, whether it ends a
# sentence): plain tuples, unpacked, because reading a NamedTuple's fields costs 1.6x more
# here. At most MAX_CHUNKS (about 370 bytes
# each by tracemalloc: 37 MB), then cleared: BBC's 2,225 documents have 64,557 distinct
# chunks (23.9 MB; the per-token caches this replaces held about 5 MB there). A bound of
# 30,000 cost 14% of the family's speed over BBC (clearing twice per pass).
MAX_CHUNKS = 100_000
_CHUNKS: dict[str, tuple[tuple, tuple, tuple, bool, tuple, bool]] = {}


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
    breaks: list[int] = []
    leftover = False
    for text_chunk in text.split():
        chunk = get(text_chunk)
        if chunk is None:
            chunk = _CHUNKS[text_chunk] = _chunk(text_chunk, model, vocabulary)
        chunk_tokens, chunk_ids, chunk_words, chunk_leftover, chunk_lm, chunk_ends = chunk
        tokens += chunk_tokens
        class_ids += chunk_ids
        words += chunk_words
        lm_ids += chunk_lm
        if chunk_leftover:
            leftover = True
        if chunk_ends:
            breaks.append(len(words))
    if breaks and breaks[-1] == len(words):
        breaks.pop()  # (no sentence after the last one)
    return Columns(tokens, class_ids, words, leftover, lm_ids, breaks)


def _chunk(text: str, model: dict, vocabulary: frozenset
           ) -> tuple[tuple, tuple, tuple, bool, tuple, bool]:
    ids, keep, lm = model["ids"], model["keep"], load_lm()
    if text.isalpha():  # one word: no generators (a first pass over a corpus is all misses)
        lm_id = token_id(text, lm)
        return ((text,), (ids[word_class(text, keep)],), (_lowered(text),),
                text not in vocabulary and looks_transliterated(text),
                (lm_id,) if lm_id != SKIP else (), False)
    tokens = tuple(tokenise(text))
    return (tokens, tuple(ids[word_class(token, keep)] for token in tokens),
            tuple(_lowered(token) for token in tokens if token[0].isalnum()),
            any(token not in vocabulary and looks_transliterated(token) for token in tokens),
            tuple(lm_id for lm_id in (token_id(token, lm) for token in tokens)
                  if lm_id != SKIP),
            ends_sentence(text))


def _lowered(token: str) -> str:
    """``token.lower()``, the token itself when already lower-case: one string kept, not
    two (the cache's largest part)."""
    lowered = token.lower()
    return token if lowered == token else lowered


# --- the same, for a batch of paragraphs at once (numpy) ---------------------------------
class ChunkTable:
    """Every distinct chunk seen so far as a row of integer columns (``COLUMNS``): how
    many of its tokens there are, are words, have an LM id, are another language's
    function words (``load_foreign_words``), are kept words of the model and may be
    transliterations, and where its class ids, word ids and LM ids (``FLAT``: as many as
    the first three columns count) start in flat arrays, and whether it ends a sentence; a
    word's id stands for its lower-cased string. A batch's paragraphs are then read by one
    dict lookup per chunk (``map``, in C) and a few numpy gathers, not by a Python loop over
    their chunks (issue 17: that loop was a fifth of the family's time). The columns are one
    numpy array (``arrays["values"]``), so a batch reads its chunks' rows in one gather; it
    and the flat arrays are longer than what they hold (``used``), to grow by doubling."""

    COLUMNS = ("n_tokens", "n_words", "n_lm", "foreign", "kept", "leftover", "class_start",
               "word_start", "lm_start", "ends_sentence")
    FLAT = ("class_ids", "word_ids", "lm_ids")

    def __init__(self, tokens: "TokenTable | None" = None):
        self.rows: dict[str, int] = {}
        self.tokens = TokenTable() if tokens is None else tokens  # its word ids are ours
        self.arrays: dict = dict.fromkeys(("values",) + self.FLAT)  # numpy, made by ``add``
        self.used = dict.fromkeys(self.arrays, 0)

    def add(self, new: list[str], model: dict, vocabulary, foreign: frozenset) -> None:
        """Rows for the distinct chunks ``new``, none in the table yet, with the tokens and
        ids ``_chunk`` gives: their tokens' rows read from the token table (``TokenTable``),
        spread over the chunks' tokens and counted per chunk with numpy. A row a chunk at a
        time cost 10 us (issue 17)."""
        import numpy as np

        findall = TOKEN.findall
        token_lists = [(chunk,) if chunk.isalpha() else findall(chunk) for chunk in new]
        tokens = list(chain.from_iterable(token_lists))
        known = self.tokens.rows_of(tokens, model, vocabulary, foreign)
        class_ids, lm_ids, word_ids, is_foreign, is_leftover = self.tokens.values[known].T
        n = len(new)
        owner = np.repeat(np.arange(n), list(map(len, token_lists)))  # each token's chunk
        in_lm, is_word = lm_ids != SKIP, word_ids >= 0
        rows = np.zeros((n, len(self.COLUMNS)), dtype=np.int64)
        for column, owners in enumerate((owner, owner[is_word], owner[in_lm],
                                         owner[is_foreign > 0], owner[_kept(model)[class_ids]],
                                         owner[is_leftover > 0])):
            rows[:, column] = np.bincount(owners, minlength=n)
        for column, (name, flat) in enumerate(zip(self.FLAT, (
                class_ids, word_ids[is_word], lm_ids[in_lm]))):
            sizes = rows[:, column]
            rows[:, 6 + column] = self.used[name] + np.cumsum(sizes) - sizes
            self._append(name, flat)
        rows[:, 9] = np.fromiter(map(ends_sentence, new), np.int64, n)
        self._append("values", rows)
        self.rows.update(zip(new, range(len(self.rows), len(self.rows) + n)))

    def _append(self, name: str, values) -> None:
        """``values`` after what ``arrays[name]`` holds (``appended``)."""
        self.arrays[name] = appended(self.arrays[name], self.used[name], values)
        self.used[name] += len(values)


def appended(held, used: int, values):
    """``held`` (a numpy array of which the first ``used`` rows count, or None) with
    ``values`` after those rows: grown (doubling) when full, else the same array."""
    import numpy as np

    if held is None or len(held) < used + len(values):
        grown = np.empty((max(used + len(values), 2 * used, 1024),) + values.shape[1:],
                         dtype=np.int64)
        if held is not None:
            grown[:used] = held[:used]
        held = grown
    held[used:used + len(values)] = values
    return held


class TokenTable:
    """Every distinct token seen so far as a row of ``_token_values`` (class id, LM id,
    word id, another language's function word, may be a transliteration), kept when a
    chunk table starts again. A new chunk's tokens are mostly known ones ("said" of
    "said," and "said."): over BBC the chunk rows added in one pass have 82,160 distinct
    tokens batch by batch but 35,368 in all, so a dict lookup per token (``map``, in C)
    replaces most of ``_token_values``' Python loop (issue 17). Word ids are the table's
    own: the chunk tables made with it read them."""

    def __init__(self):
        self.rows: dict[str, int] = {}
        self.word_ids: dict[str, int] = {}
        self.values = None  # numpy, longer than the ``len(rows)`` rows it holds
        self.used = 0

    def rows_of(self, tokens: list[str], model: dict, vocabulary, foreign: frozenset):
        """Each token's row (a numpy array), the rows of tokens not seen yet added."""
        import numpy as np

        rows = np.fromiter(map(self.rows.get, tokens, repeat(-1)), np.int64, len(tokens))
        missing = np.flatnonzero(rows < 0).tolist()
        if missing or self.values is None:  # a new table's array: its first call
            missed = list(map(tokens.__getitem__, missing))
            new = list(dict.fromkeys(missed))
            self.values = appended(self.values, self.used, _token_values(
                new, model, vocabulary, foreign, self.word_ids))
            self.rows.update(zip(new, range(self.used, self.used + len(new))))
            self.used += len(new)
            rows[missing] = list(map(self.rows.__getitem__, missed))
        return rows


# The batch path's table starts again past this many chunks (about 300 bytes each by
# tracemalloc over BBC: 9 MB; 370 when the columns were kept twice, as arrays and numpy).
# Measured over ../shared/bench/news.jsonl with `audit --jobs 2`, a bound of 100,000 let
# each worker grow to ~40 MB of table and the tree's PSS peak to 377 MiB; 30,000 gave
# 315 MiB, and `check --jobs 1` over BBC (65,553 distinct chunks, so two restarts) was no
# slower in three side-by-side pairs (issue 17). Smaller bounds (20,000, 10,000) saved
# nothing more: the rest of a worker's growth is elsewhere.
MAX_TABLE_CHUNKS = 30_000
# The token table starts again (and a chunk table with it: they share word ids) past this
# many tokens: BBC's 35,368 fit (5.6 MB by tracemalloc; about 215 bytes a token once the
# chunk table that shared its strings has started again: 8.6 MB at the bound).
MAX_TOKENS = 40_000
_TABLE = [ChunkTable()]


class BatchColumns(NamedTuple):
    """What ``columns`` reads of each paragraph of a batch, as numpy arrays: per paragraph
    its numbers of tokens, words, kept-word tokens (class ids among the model's kept
    words) and function words of another language, how many of its word 4-grams repeat
    an earlier one, and how many an earlier one of the same sentence (``tokens.repetition``);
    the chunks that have a token that may be a transliteration (lists); the class ids of
    all tokens end to end (``n_tokens`` of them per paragraph); and the LM ids of all
    paragraphs as ``lm.laid_end_to_end`` lays them out, with where each paragraph's ids
    start."""

    n_tokens: "np.ndarray"
    n_words: "np.ndarray"
    kept: "np.ndarray"
    foreign: "np.ndarray"
    repeated: "np.ndarray"
    repeated_in_sentences: "np.ndarray"
    leftover: list[list[str]]
    class_ids: "np.ndarray"
    lm_sequence: "np.ndarray"
    lm_starts: "np.ndarray"


def batch_columns(texts: list[str], model: dict, vocabulary, foreign: frozenset
                  ) -> BatchColumns:
    """``BatchColumns`` of normalised paragraphs (``model``, ``vocabulary`` and the foreign
    function words ``foreign`` are the process's own, as the table assumes)."""
    import numpy as np

    table = _TABLE[0]
    if len(table.rows) > MAX_TABLE_CHUNKS or len(table.tokens.rows) > MAX_TOKENS:
        # between batches: one token table's word ids; the tokens kept while under bound
        tokens = table.tokens if len(table.tokens.rows) <= MAX_TOKENS else TokenTable()
        table = _TABLE[0] = ChunkTable(tokens)
    splits = [text.split() for text in texts]
    chunks = list(chain.from_iterable(splits))
    rows = np.fromiter(map(table.rows.get, chunks, repeat(-1)), np.int64, len(chunks))
    missing = np.flatnonzero(rows < 0).tolist()
    if missing or table.arrays["values"] is None:  # a new table's arrays: its first add
        missed = list(map(chunks.__getitem__, missing))
        table.add(list(dict.fromkeys(missed)), model, vocabulary, foreign)
        rows[missing] = list(map(table.rows.__getitem__, missed))
    n = len(texts)
    values = table.arrays["values"][rows]  # the chunks' rows, in order
    # per paragraph sums of the counting columns: differences of running totals over the
    # chunks, at the paragraphs' ends (a paragraph may have no chunk: all blanked)
    totals = np.zeros((len(chunks) + 1, 5), dtype=np.int64)
    np.cumsum(values[:, :5], axis=0, out=totals[1:])
    sizes = np.fromiter(map(len, splits), np.int64, n)
    ends = np.cumsum(sizes)
    sums = totals[ends] - totals[ends - sizes]
    n_tokens, n_words, lm_counts, foreign_counts, kept = sums.T
    paragraphs = np.arange(n)

    def gathered(name: str, column: int) -> "np.ndarray":
        """The chunks' flat ``name`` values one chunk after another (their counts in
        ``column``, where they start in ``column + 6``)."""
        lengths = values[:, column]
        ends = np.cumsum(lengths)
        at = np.repeat(values[:, column + 6] - (ends - lengths), lengths)
        return table.arrays[name][at + np.arange(len(at))]

    class_ids, word_ids, lm_ids = (gathered(name, column)
                                   for column, name in enumerate(table.FLAT))
    lm_sequence = np.full(len(lm_ids) + n + 1, PARAGRAPH, dtype=np.int64)
    lm_sequence[np.arange(len(lm_ids)) + np.repeat(paragraphs, lm_counts) + 1] = lm_ids
    leftover: list[list[str]] = [[] for _ in texts]
    flagged = np.flatnonzero(values[:, 5])
    if len(flagged):
        owner = np.searchsorted(ends, flagged, side="right")  # each flagged chunk's paragraph
        for paragraph, i in zip(owner.tolist(), flagged.tolist()):
            leftover[paragraph].append(chunks[i])
    size = len(table.tokens.word_ids)
    return BatchColumns(
        n_tokens, n_words, kept, foreign_counts,
        _repeated(word_ids, np.repeat(paragraphs, n_words), n_words, size),
        _repeated_in_sentences(word_ids, values, sizes, size),
        leftover, class_ids, lm_sequence, np.cumsum(lm_counts) - lm_counts + np.arange(1, n + 1))


def _repeated_in_sentences(word_ids, values, sizes, size: int):
    """Per paragraph, how many word 4-grams repeat an earlier one of the same sentence
    (``tokens.repetition``'s share counts these): sentences are numbered over the batch, a
    new one after a chunk that ends one (``sentences.ends_sentence``: "U.S." ends one too,
    which only counts fewer repeats) and at each paragraph's first chunk, and ``_repeated``
    counts per sentence."""
    import numpy as np

    n = len(sizes)
    if not len(values):
        return np.zeros(n, dtype=np.int64)
    opens = np.zeros(len(values), dtype=bool)
    opens[1:] = values[:-1, 9] > 0
    opens[(np.cumsum(sizes) - sizes)[sizes > 0]] = True  # each paragraph's first chunk
    sentence_of_chunk = np.cumsum(opens) - 1
    words_per_chunk = values[:, 1]
    sentence_words = np.bincount(sentence_of_chunk, weights=words_per_chunk,
                                 minlength=sentence_of_chunk[-1] + 1).astype(np.int64)
    repeated = _repeated(word_ids, np.repeat(sentence_of_chunk, words_per_chunk),
                         sentence_words, size)
    paragraph_of_sentence = np.repeat(np.arange(n), sizes)[opens]
    return np.bincount(paragraph_of_sentence, weights=repeated, minlength=n).astype(np.int64)


def _token_values(tokens: list[str], model: dict, vocabulary, foreign: frozenset,
                  word_ids: dict[str, int]) -> "np.ndarray":
    """One row per token: its class id, its LM id (``token_id``), the id in ``word_ids``
    of its lower-cased word (added when new; -1 for punctuation), whether it is another
    language's function word, whether it may be a transliteration: ``_chunk``'s answers,
    in one loop without its generators and tuples (issue 17)."""
    import numpy as np

    ids, kept, lm = model["ids"], _kept_words(model), load_lm()
    values = array("q")
    for token, low in zip(tokens, map(str.lower, tokens)):
        found = kept.get(low)
        first = token[0]
        if found is not None and first.isalpha():
            class_id, lm_id = found
        else:
            class_id = ids[low if found is not None else shape_class(token, low)]
            lm_id = token_id(token, lm)
        values.extend((
            class_id, lm_id,
            # the token itself as the key when already lower-case: one string kept, not two
            word_ids.setdefault(token if low == token else low, len(word_ids))
            if first.isalnum() else -1,
            token in foreign,
            # most lower-case tokens are English words: one set lookup, no vowel count
            token.islower() and token not in vocabulary and looks_transliterated(token)))
    return np.frombuffer(values, dtype=np.int64).reshape(-1, 5)


@per_model
def _kept(model: dict) -> "np.ndarray":
    """True at the class ids of the model's kept words, False elsewhere."""
    import numpy as np

    kept = np.zeros(max(model["ids"].values()) + 1, dtype=bool)
    kept[sorted(model["kept_ids"])] = True
    return kept


@per_model
def _kept_words(model: dict) -> dict[str, tuple[int, int]]:
    """Each kept word's class id and LM id (a token that lower-cases to it and starts
    with a letter has that id, see ``token_id``)."""
    lm = load_lm()
    return {word: (model["ids"][word], UNKNOWN if (found := lm.id_of(word)) is None else found)
            for word in model["keep"]}


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
    # the keys that come again, each once: sorted, so those unlike their predecessor
    # (np.unique would import numpy.ma in every process, 10 ms, to ask if they are masked)
    twice = ordered[1:][ordered[1:] == ordered[:-1]]
    first_of = np.ones(len(twice), dtype=bool)
    first_of[1:] = twice[1:] != twice[:-1]
    again = twice[first_of]
    if not len(again):
        return repeated
    maybe = again[np.searchsorted(again, key).clip(max=len(again) - 1)] == key
    owner, first, second = owner[maybe], first[maybe], second[maybe]
    order = np.lexsort((second, first, owner))
    owner, first, second = owner[order], first[order], second[order]
    same = (owner[1:] == owner[:-1]) & (first[1:] == first[:-1]) & (second[1:] == second[:-1])
    return repeated + np.bincount(owner[1:][same], minlength=len(grams))
