"""Cross-document building blocks: one-permutation b-bit MinHash signatures over character
5-grams (numpy, in the worker), exact hashes, and LSH matching by sorting (no pair
enumeration). ``lsh_matches`` does it in memory; the parent runs the same steps on disk
(``diskindex``), and the tests hold the two to the same answers."""
from __future__ import annotations

import hashlib

NUM_PERM = 128  # signature length (bins); a power of two
SHINGLE = 5
_BIN_BITS = NUM_PERM.bit_length() - 1
_EMPTY = (1 << 64) - 1
_ROLL = 0x100000001B3  # multiplier of the 5-gram polynomial hash (FNV prime)
_VERIFY_STEP = 1 << 14  # pairs verified at a time: bounds the temporary signature copies


def raw_signatures(texts: list[str]):
    """One-permutation MinHash (Li, Owen and Zhang 2012) of the character 5-grams of each
    text: every shingle is hashed once (64-bit, deterministic), its top bits pick one of
    NUM_PERM bins and the bin keeps the smallest remaining value. O(characters), where
    classic MinHash (datasketch) costs O(characters x permutations). All texts of a
    document go through one short batch of numpy calls. Returns uint64[len(texts),
    NUM_PERM], empty bins all ones."""
    import numpy as np

    count = len(texts)
    sig = np.full(count * NUM_PERM, _EMPTY, dtype=np.uint64)
    if not count:
        return sig.reshape(0, NUM_PERM)
    texts = [t if len(t) >= SHINGLE else t.ljust(SHINGLE) for t in texts]
    h = _shingle_hashes("".join(texts))
    owner = 0
    if count > 1:
        h, owner = _split_by_text(h, [len(t) for t in texts])
    slot = owner + (h >> np.uint64(64 - _BIN_BITS)).astype(np.int64)
    np.minimum.at(sig, slot, h & np.uint64((1 << (64 - _BIN_BITS)) - 1))
    return sig.reshape(count, NUM_PERM)


def _shingle_hashes(text: str):
    """A 64-bit hash of every character 5-gram of ``text``: polynomial, then mixed."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    multiplier = np.uint64(_ROLL)
    with np.errstate(over="ignore"):
        h = codes[:n] * multiplier
        for k in range(1, SHINGLE - 1):
            h += codes[k:k + n]
            h *= multiplier
        h += codes[SHINGLE - 1:SHINGLE - 1 + n]
        h *= np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def _split_by_text(h, lengths: list[int]):
    """The shingle hashes of texts joined end to end without the windows that run from one
    text into the next, and the first bin of each hash's text."""
    import numpy as np

    count = len(lengths)
    shingles = [length - SHINGLE + 1 for length in lengths]
    keep = np.repeat(np.tile(np.array([True, False]), count),
                     [x for s in shingles for x in (s, SHINGLE - 1)])[:len(h)]
    return h[keep], np.repeat(np.arange(count, dtype=np.int64) * NUM_PERM, shingles)


def finish_signatures(sig):
    """8 bits a bin (b-bit MinHash): 1..255 for a value, 0 for an empty bin."""
    import numpy as np

    return np.where(sig == np.uint64(_EMPTY), np.uint64(0),
                    sig % np.uint64(255) + np.uint64(1)).astype(np.uint8)


def signatures(texts: list[str]):
    """8-bit one-permutation MinHash signatures of ``texts`` (uint8[len(texts), NUM_PERM])."""
    return finish_signatures(raw_signatures(texts))


def jaccard_estimates(a, b):
    """Estimated Jaccard similarity of rows of two 8-bit signature arrays: agreeing
    non-empty bins over bins non-empty in either, corrected for chance (1/255) agreement."""
    import numpy as np

    filled = (a != 0) | (b != 0)
    agree = ((a == b) & filled).sum(axis=-1)
    used = np.maximum(filled.sum(axis=-1), 1)
    chance = 1.0 / 255.0
    return np.clip((agree / used - chance) / (1.0 - chance), 0.0, 1.0)


def exact_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


def band_keys(columns):
    """One integer per row for a band of uint8 columns."""
    import numpy as np

    chunk = np.ascontiguousarray(columns)
    width = chunk.shape[1]
    if width in (1, 2, 4, 8):
        return chunk.view({1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[width]).ravel()
    return np.unique(chunk, axis=0, return_inverse=True)[1].ravel()


def lsh_matches(sigs, hashes, owner, bands: int, rows: int, threshold: float
                ) -> dict[int, tuple[int, float, bool]]:
    """For each row j, the earliest earlier row i in another owner that duplicates it.

    Exact: equal ``hashes``. Near: sharing an LSH band with i and an estimated Jaccard
    (b-bit corrected) >= threshold. Returns {j: (i, similarity, exact)}. Candidate pairs
    come from sorting each band's keys, so the work is O(n log n) per band, and each row
    is paired with the first row of its bucket only (the earliest possible original).
    """
    if len(sigs) < 2:
        return {}
    result = _exact_matches(hashes, owner)
    _verify(sigs, _band_candidates(sigs, owner, bands, rows), threshold, result)
    return result


def _runs(keys):
    """Rows in stable ``keys`` order, those keys, whether each opens a run of equal keys,
    and the first row of each one's run."""
    import numpy as np

    n = len(keys)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = sorted_keys[1:] != sorted_keys[:-1]
    first = order[np.maximum.accumulate(np.where(new_run, np.arange(n), 0))]
    return order, sorted_keys, new_run, first


def _exact_matches(hashes, owner) -> dict[int, tuple[int, float, bool]]:
    order, _, new_run, first = _runs(hashes)
    return {j: (i, 1.0, True)
            for j, i in zip(order[~new_run].tolist(), first[~new_run].tolist())
            if owner[i] != owner[j]}


def _band_candidates(sigs, owner, bands: int, rows: int):
    """Pairs (i, j) of rows of different owners, i first of a band bucket j is in, sorted
    and unique, as i * len(sigs) + j."""
    import numpy as np

    n = len(sigs)
    pairs = []
    for band in range(bands):
        order, sorted_keys, new_run, first = _runs(
            band_keys(sigs[:, band * rows:(band + 1) * rows]))
        # a band of empty bins (short texts) is no evidence: keep it out of the buckets
        repeat = ~new_run & (sorted_keys != 0)
        members = order[repeat]
        firsts = first[repeat]
        keep = owner[firsts] != owner[members]
        if keep.any():
            pairs.append(firsts[keep].astype(np.int64) * n + members[keep])
    return np.unique(np.concatenate(pairs)) if pairs else np.zeros(0, np.int64)


def _verify(sigs, candidates, threshold: float, result: dict) -> None:
    """Add to ``result`` the candidate pairs whose estimated Jaccard reaches ``threshold``,
    keeping an exact match or an earlier original where a row has one."""
    n = len(sigs)
    first_i, second_j = candidates // n, candidates % n
    for start in range(0, len(candidates), _VERIFY_STEP):
        i = first_i[start:start + _VERIFY_STEP]
        j = second_j[start:start + _VERIFY_STEP]
        jaccard = jaccard_estimates(sigs[i], sigs[j])
        ok = jaccard >= threshold
        for a, b, s in zip(i[ok].tolist(), j[ok].tolist(), jaccard[ok].tolist()):
            if b in result and (result[b][2] or result[b][0] <= a):
                continue
            result[b] = (a, s, False)
