#!/usr/bin/env python3
"""Build the garbling family's English word bigram model, rules/garbling/english-lm.npy.gz.

    python3 scripts/build_english_lm.py [--wheel PATH] [--out rules/garbling]

Source: the US-English trigram language model inside the pocketsphinx 5.1.1 wheel on PyPI
(``pocketsphinx/model/en-us/en-us.lm.bin``; CMU Sphinx, BSD-2-Clause licence, see
rules/garbling/SOURCES.md): 72,547 lower-case words, 2.05M bigrams, 1.67M trigrams in
sphinx's binary trie format. Without --wheel the wheel is fetched with
``pip download pocketsphinx==5.1.1 --no-deps`` and the LM member's SHA-256 is checked, so a
rebuild reads exactly the same bytes.

Why read the trie here: pocketsphinx's own ``NGramModel.write`` crashes in the trigram
section, and only the unigram and bigram sections are wanted. The layout follows
pocketsphinx ``src/lm/lm_trie.c`` and ``lm_trie_quant.c``: a header with the n-gram counts,
16-bit quantisation tables, unigrams as (prob, backoff, next) records, then bit-packed
"middle" records (word id, 16-bit prob and backoff codes, pointer into the trigrams).
The trie is keyed on the predicted word first, so the middle record under unigram ``w``
with word ``v`` is the bigram "v w". Scores are in sphinx's log base 1.0001.

Pruning: a bigram whose probability is within PRUNE decades of the backoff estimate
(backoff(v) + p(w)) adds nothing a reader of the table cannot recompute, and the trie's
filler records (inserted so trigrams are reachable) are exactly such bigrams. What is left
ships as a row count per first word, the second word's id as a delta within the row split
into byte planes (they gzip well), and its log10 probability in steps of 1/QUANT.

Output arrays, in order (np.load them from one gzip stream): the vocabulary (one string of
words separated by newlines, as uint8), unigram log10 prob and backoff (float16), bigrams per
first word (uint32), the three low byte planes of the second-word deltas (uint8, 3 x n),
the bigram log10 probabilities times -QUANT (uint8). Deterministic: no randomness, gzip
written without a time stamp.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WHEEL_REQUIREMENT = "pocketsphinx==5.1.1"
LM_MEMBER = "pocketsphinx/model/en-us/en-us.lm.bin"
LM_SHA256 = "db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6"
OUT_NAME = "english-lm.npy.gz"
PRUNE = 0.5
QUANT = 20
LOG10_BASE = np.log10(1.0001)
HEADER = b"Trie Language Model"


def fetch_wheel(folder: Path) -> Path:
    """pocketsphinx's wheel from PyPI (build time only)."""
    subprocess.run([sys.executable, "-m", "pip", "download", WHEEL_REQUIREMENT, "--no-deps",
                    "--only-binary", ":all:", "-d", str(folder)], check=True)
    return next(folder.glob("pocketsphinx-*.whl"))


def read_member(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(LM_MEMBER)


def _bit_fields(mem: np.ndarray, count: int, total_bits: int, start: int, width: int):
    """Field [start, start + width) of each of ``count`` records of ``total_bits`` bits in a
    little-endian bit-packed array (what sphinx's bitarr_read_int25 reads)."""
    offsets = np.arange(count, dtype=np.int64) * total_bits + start
    windows = np.lib.stride_tricks.sliding_window_view(mem, 8)[offsets >> 3]
    words = np.ascontiguousarray(windows).view("<u8").ravel()
    return ((words >> (offsets & 7).astype(np.uint64)) & np.uint64((1 << width) - 1)).astype(np.int64)


class Trie(NamedTuple):
    """The sections of sphinx's binary trie LM, unpacked as far as the bigrams."""

    words: list[str]
    prob_bins: np.ndarray  # the bigram probabilities' quantisation table
    unigrams: np.ndarray  # (prob, bo, next) records, one past the last word
    middle: np.ndarray  # the bit-packed bigram records
    word_bits: int
    total: int  # bits of one bigram record: word id, prob and backoff codes, trigram pointer
    trigrams: np.ndarray  # the bit-packed trigram records (word id, prob code)


def read_trie(data: bytes) -> Trie:
    """Split sphinx's binary trie LM into its sections (the layout of pocketsphinx's
    ``lm_trie.c``)."""
    if not data.startswith(HEADER):
        raise SystemExit("not a sphinx trie language model")
    pos = len(HEADER)
    order = data[pos]
    pos += 1
    counts = struct.unpack_from(f"<{order}I", data, pos)
    pos += 4 * order + 4  # counts, then an unused quantisation-type int
    bins = 1 << 16
    prob_bins = np.frombuffer(data, "<f4", bins, pos)
    pos += 4 * bins * ((order - 2) * 2 + 1)  # bigram prob, bigram backoff, trigram prob
    unigrams = np.frombuffer(data, np.dtype([("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")]),
                             counts[0] + 1, pos)
    pos += 12 * (counts[0] + 1)
    word_bits = int(counts[0]).bit_length()
    total = word_bits + 32 + int(counts[2]).bit_length()
    size = ((1 + counts[1]) * total + 7) // 8 + 8
    middle = np.frombuffer(data, np.uint8, size, pos)
    pos += size
    size = ((1 + counts[2]) * (word_bits + 16) + 7) // 8 + 8
    trigrams = np.frombuffer(data, np.uint8, size, pos)
    pos += size
    (length,) = struct.unpack_from("<i", data, pos)
    words = data[pos + 4:pos + 4 + length].decode("utf-8").split("\0")[:-1]
    assert len(words) == counts[0] and pos + 4 + length == len(data)
    return Trie(words, prob_bins, unigrams, middle, word_bits, total, trigrams)


def bigram_records(trie: Trie) -> tuple[np.ndarray, np.ndarray]:
    """(first word ids, second word ids) of the bigram records: the trie is keyed on the
    predicted word first, so the record under unigram ``w`` with word ``v`` is "v w"."""
    nexts = trie.unigrams["next"].astype(np.int64)
    n = int(nexts[-1])
    predicted = np.repeat(np.arange(len(trie.words)), np.diff(nexts))
    return _bit_fields(trie.middle, n, trie.total, 0, trie.word_bits), predicted


def parse_trie(data: bytes):
    """(words, unigram log10 prob, unigram log10 backoff, bigram first ids, second ids,
    bigram log10 prob) from sphinx's binary trie LM."""
    trie = read_trie(data)
    previous, predicted = bigram_records(trie)
    codes = _bit_fields(trie.middle, len(previous), trie.total, trie.word_bits + 16, 16)
    return (trie.words, trie.unigrams["prob"][:-1] * LOG10_BASE,
            trie.unigrams["bo"][:-1] * LOG10_BASE, previous, predicted,
            trie.prob_bins[codes] * LOG10_BASE)


def prune(first, second, prob, uni, backoff):
    """The bigrams that differ from their backoff estimate by PRUNE decades or more,
    sorted by (first, second)."""
    keep = np.abs(prob - (backoff[first] + uni[second])) >= PRUNE
    first, second, prob = first[keep], second[keep], prob[keep]
    order = np.lexsort((second, first))
    return first[order], second[order], prob[order]


def write(out: Path, words, uni, backoff, first, second, prob) -> None:
    vocab = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    rows = np.bincount(first, minlength=len(words)).astype(np.uint32)
    row_start = np.r_[True, first[1:] != first[:-1]]
    delta = np.where(row_start, second, np.diff(second, prepend=0)).astype("<u4")
    planes = delta.view(np.uint8).reshape(-1, 4).T[:3].copy()
    assert int(delta.max()) < 1 << 24
    quantised = np.clip(np.round(-prob * QUANT), 0, 255).astype(np.uint8)
    out.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out / OUT_NAME, "wb", compresslevel=9, mtime=0) as fh:
        for array in (vocab, uni.astype("<f2"), backoff.astype("<f2"), rows, planes, quantised):
            np.save(fh, array)
    print(f"wrote {out / OUT_NAME}: {len(words)} words, {len(first)} bigrams, "
          f"{(out / OUT_NAME).stat().st_size / 1e6:.2f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help="a downloaded pocketsphinx 5.1.1 wheel")
    parser.add_argument("--out", default=str(ROOT / "rules" / "garbling"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(args.wheel) if args.wheel else fetch_wheel(Path(tmp))
        data = read_member(wheel)
    digest = hashlib.sha256(data).hexdigest()
    if digest != LM_SHA256:
        raise SystemExit(f"{LM_MEMBER}: SHA-256 {digest}, expected {LM_SHA256}")
    words, uni, backoff, first, second, prob = parse_trie(data)
    print(f"read {len(words)} words and {len(first)} bigrams")
    write(Path(args.out), words, uni, backoff, *prune(first, second, prob, uni, backoff))
    return 0


if __name__ == "__main__":
    sys.exit(main())
