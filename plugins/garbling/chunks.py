"""What the analysis reads of each token of a paragraph (the token, its skeleton class id,
its lower-cased word, whether it may be a transliteration), remembered per whitespace
chunk of text from one document to the next (issue 17).

A paragraph's tokens are those of its whitespace-separated chunks in order (no token
contains whitespace, see ``tokens.tokenise``), and the same chunks ("said,", "the",
"U.S.") recur from one document to the next: one dict read per chunk replaces the
tokenising regex on chunks that are not all letters and three per-token reads.
"""
from __future__ import annotations

from typing import NamedTuple

from .leftovers import looks_transliterated
from .tokens import tokenise, word_class


class Columns(NamedTuple):
    """A paragraph's tokens, their class ids, its lower-cased words, and whether any token
    may be a transliterated leftover (when not, ``lowercase_unknown`` finds nothing)."""

    tokens: list[str]
    class_ids: list[int]
    words: list[str]
    leftover: bool


# chunk -> (its tokens, their class ids, its lower-cased words (of the tokens that are not
# punctuation), whether a token may be a transliteration): plain tuples, unpacked, because
# reading a NamedTuple's fields costs 1.6x more here. At most MAX_CHUNKS (about 370 bytes
# each by tracemalloc: 37 MB), then cleared: BBC's 2,225 documents have 64,557 distinct
# chunks (23.9 MB; the per-token caches this replaces held about 5 MB there). A bound of
# 30,000 cost 14% of the family's speed over BBC (clearing twice per pass).
MAX_CHUNKS = 100_000
_CHUNKS: dict[str, tuple[tuple, tuple, tuple, bool]] = {}


def columns(text: str, model: dict, vocabulary: frozenset) -> Columns:
    """``Columns`` of one normalised paragraph (``model`` and ``vocabulary`` are the
    process's own, as the cache assumes)."""
    if len(_CHUNKS) > MAX_CHUNKS:  # bounded by clearing: an lru_cache call costs more here
        _CHUNKS.clear()
    get = _CHUNKS.get
    tokens: list[str] = []
    class_ids: list[int] = []
    words: list[str] = []
    leftover = False
    for text_chunk in text.split():
        chunk = get(text_chunk)
        if chunk is None:
            chunk = _CHUNKS[text_chunk] = _chunk(text_chunk, model, vocabulary)
        chunk_tokens, chunk_ids, chunk_words, chunk_leftover = chunk
        tokens += chunk_tokens
        class_ids += chunk_ids
        words += chunk_words
        if chunk_leftover:
            leftover = True
    return Columns(tokens, class_ids, words, leftover)


def _chunk(text: str, model: dict, vocabulary: frozenset) -> tuple[tuple, tuple, tuple, bool]:
    ids, keep = model["ids"], model["keep"]
    if text.isalpha():  # one word: no generators (a first pass over a corpus is all misses)
        return ((text,), (ids[word_class(text, keep)],), (_lowered(text),),
                text not in vocabulary and looks_transliterated(text))
    tokens = tuple(tokenise(text))
    return (tokens, tuple(ids[word_class(token, keep)] for token in tokens),
            tuple(_lowered(token) for token in tokens if token[0].isalnum()),
            any(token not in vocabulary and looks_transliterated(token) for token in tokens))




def _lowered(token: str) -> str:
    """``token.lower()``, the token itself when already lower-case: one string kept, not
    two (the cache's largest part)."""
    lowered = token.lower()
    return token if lowered == token else lowered
