"""What the analysis reads of each token of a paragraph (the token, its skeleton class id,
its lower-cased word, its id in the English LM, whether it may be a transliteration),
remembered per whitespace chunk of text from one document to the next (issue 17).

A paragraph's tokens are those of its whitespace-separated chunks in order (no token
contains whitespace, see ``tokens.tokenise``), and the same chunks ("said,", "the",
"U.S.") recur from one document to the next: one dict read per chunk replaces the
tokenising regex on chunks that are not all letters and four per-token reads.
"""
from __future__ import annotations

from typing import NamedTuple

from .leftovers import looks_transliterated
from .lm import SKIP, load_lm, token_id
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
