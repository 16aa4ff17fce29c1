"""Word n-gram counts of a long document by sorting hashed ids (numpy), at a constant cost
per word: what the repetition rules' gates read of documents of ``LONG`` words or more.

Counting bigrams in a dict made a document twice as long 2.05-2.4 times slower (its table
grew from 66k to 132k entries: rehashing and cache misses); a sort of 64-bit ids costs
the same per word at both sizes, and is faster from a few hundred words on.

Ids are hashes, so two n-grams can share one (about n^2 / 2^64 for n n-grams). A shared id
only adds counts: every figure here is an upper bound of the exact one (``Bigrams``'
flags, top count and top mass; ``repeated_mass``), and the rules read them only as gates
before their exact counting on the words themselves, so a collision can cost time but
never change a finding. tests/test_duplicate_fast_paths.py checks that both paths agree.
"""
from __future__ import annotations

import sys
from typing import Any, Sequence

# Documents with this many words take the sorted path (below it, a dict is cheaper than
# numpy's fixed cost per call, and small documents need not import numpy)...
LONG = 2000
# ... once numpy is imported; until then, from this many: importing numpy costs 0.1 s of
# CPU, while the dict path costs about 0.7 ms more than the sort on a document of 2,400
# words and 13 ms on one of 13,000.
HUGE = 20000
_MIX = 0x9E3779B97F4A7C15  # odd: multiplying by it mod 2^64 loses no bits


def sorted_path(words: int) -> bool:
    """Whether a document of ``words`` words is counted here rather than in a dict.

    numpy is imported by the garbling family in a default run, so there long documents
    take the sort from ``LONG`` words on; a run without it (the duplicate family alone, a
    pre-commit hook) does not import it for a few long documents. The paths give the
    same findings: both feed gates before the exact counting."""
    return words >= LONG and (words >= HUGE or "numpy" in sys.modules)


def word_hashes(words: Sequence[str]) -> tuple[Any, Any]:
    """(hash, length) of every word, as unsigned 64-bit and int64 arrays."""
    import numpy as np

    count = len(words)
    hashes = np.fromiter(map(hash, words), np.int64, count).view(np.uint64)
    return hashes, np.fromiter(map(len, words), np.int64, count)


def _groups(ids: Any) -> tuple[Any, Any, Any]:
    """(order, group starts in sorted order, group sizes) of equal ``ids``."""
    import numpy as np

    order = ids.argsort()
    ordered = ids[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return order, starts, np.diff(np.append(starts, len(ids)))


def _ngram_ids(hashes: Any, n: int) -> Any:
    """An id for the n-gram starting at each position (a polynomial hash mod 2^64)."""
    import numpy as np

    positions = len(hashes) - n + 1
    ids = hashes[:positions].copy()
    for offset in range(1, n):
        ids *= np.uint64(_MIX)
        ids += hashes[offset:offset + positions]
    return ids


def bigram_stats(hashes: Any, lengths: Any) -> tuple[bytes, int, int]:
    """(repeats, top count, top mass) of the word bigrams, as ``analysis.Bigrams``."""
    import numpy as np

    if len(hashes) < 2:
        return b"", 0, 0
    order, starts, sizes = _groups(_ngram_ids(hashes, 2))
    counts = np.empty(len(order), np.int64)
    counts[order] = np.repeat(sizes, sizes)  # each position's bigram count
    masses = counts * (lengths[:-1] + lengths[1:] + 1)
    return (counts > 1).view(np.uint8).tobytes(), int(sizes.max()), int(masses.max())


def repeated_mass(hashes: Any, lengths: Any, n: int) -> int:
    """The characters of every later occurrence of each repeated word n-gram (words only,
    no spaces): ``repetition._repeat_bound``'s figure, counted over the whole text."""
    import numpy as np

    positions = len(hashes) - n + 1
    if positions < 2:
        return 0
    order, starts, sizes = _groups(_ngram_ids(hashes, n))
    if int(sizes.max()) < 2:
        return 0
    ends = np.concatenate(([0], np.cumsum(lengths)))
    chars = (ends[n:n + positions] - ends[:positions])[order]
    # the longest of a group: an upper bound should two n-grams share an id
    return int(((sizes - 1) * np.maximum.reduceat(chars, starts)).sum())
