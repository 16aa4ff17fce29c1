"""The family's shipped data (rules/garbling/), loaded lazily and once per process, and the
class ids and n-gram codes that scripts/build_garbling_model.py writes the model with."""
from __future__ import annotations

import gzip
import json
from array import array
from functools import lru_cache, wraps
from typing import Any, Callable, Iterable, TypeVar

from corpus_lint.rulebook import family_data
from corpus_lint.wordtable import Words

from .tokens import SHAPE_CLASSES

MODEL_FILE = "model.json.gz"
NGRAMS_FILE = "ngrams.npy.gz"
WORDS_FILE = "words.txt.gz"
FOREIGN_WORDS_FILE = "foreign-words.toml"

BASE = 1 << 12  # class ids are below this: an n-gram code is its ids as base-4096 digits
T = TypeVar("T")


def per_model(build: Callable[[dict], T]) -> Callable[[dict], T]:
    """``build(model)`` made once and kept for that model (a dict, which ``lru_cache``
    cannot key): tables derived from the process's model (``load_model``), rebuilt when
    another model comes (a test's). ``cached(model)`` is what is kept for it, or None."""
    held: list = [None, None]  # [model, what build made of it]

    @wraps(build)
    def derived(model: dict) -> T:
        if held[0] is not model:
            held[:] = [model, build(model)]
        return held[1]

    derived.cached = lambda model: held[1] if held[0] is model else None  # type: ignore[attr-defined]
    derived.cache_clear = lambda: held.__setitem__(slice(None), [None, None])  # type: ignore[attr-defined]
    return derived


def class_ids(keep: Iterable[str]) -> dict[str, int]:
    """The id of each skeleton class (shape classes, then the kept words in order)."""
    ids = {cls: i for i, cls in enumerate(SHAPE_CLASSES + tuple(sorted(keep)), start=1)}
    assert len(ids) < BASE
    return ids


def ngram_code(key: str, ids: dict[str, int]) -> int:
    """The integer code of a skeleton n-gram key ("the <C> of")."""
    code = 0
    for cls in key.split(" "):
        code = code * BASE + ids[cls]
    return code


def ngram_table(keep: Iterable[str], weights: dict[str, float]):
    """(sorted integer codes, their weights) of the weighted n-grams: what scoring looks up
    by binary search. The build script ships this table ready-made (NGRAMS_FILE)."""
    import numpy as np

    ids = class_ids(keep)
    codes = [ngram_code(key, ids) for key in weights]
    order = np.argsort(np.array(codes, dtype=np.int64), kind="stable")
    return (np.array(codes, dtype=np.int64)[order],
            np.array(list(weights.values()), dtype=np.float64)[order])


@lru_cache(maxsize=None)
def load_model() -> dict[str, Any]:
    """The shipped model: parameters (JSON) and the n-gram table (two .npy arrays, gzipped),
    read as ``array.array`` without numpy: importing numpy costs more than checking one
    file, so a pre-commit run on a few small files never does (see analysis.py)."""
    with family_data("garbling", MODEL_FILE).open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    model["keep"] = frozenset(model["keep"])
    model["ids"] = class_ids(model["keep"])
    model["kept_ids"] = frozenset(model["ids"][word] for word in model["keep"])
    with family_data("garbling", NGRAMS_FILE).open("rb") as raw, gzip.open(raw, "rb") as fh:
        model["codes"] = read_npy(fh, "<i8")
        model["code_weights"] = read_npy(fh, "<f8")
    return model


def read_npy(stream, descr: str) -> array:
    """One little-endian 1-d array in .npy format (as ``numpy.save`` writes it) of dtype
    ``descr`` (``<i8`` or ``<f8``)."""
    import ast
    import struct
    import sys

    if stream.read(6) != b"\x93NUMPY":
        raise ValueError("not a .npy array")
    major = stream.read(2)[0]
    size = struct.unpack("<H" if major == 1 else "<I", stream.read(2 if major == 1 else 4))[0]
    header = ast.literal_eval(stream.read(size).decode("latin-1"))
    if header["descr"] != descr or header["fortran_order"] or len(header["shape"]) != 1:
        raise ValueError(f"unexpected .npy array: {header}")
    values = array("q" if descr == "<i8" else "d")
    values.frombytes(stream.read(header["shape"][0] * 8))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def _read_vocabulary() -> frozenset:
    with family_data("garbling", WORDS_FILE).open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


_VOCABULARY = Words("english-words", lambda: family_data("garbling", WORDS_FILE),
                    _read_vocabulary)


def load_vocabulary() -> frozenset:
    """English words: what tells a transliterated leftover from an English word."""
    return _VOCABULARY.full()


def vocabulary():
    """The words of ``load_vocabulary`` to look up in now: a mapped table from the user
    cache while the process has looked up few words (a one-file run), the frozenset after
    (corpus_lint/wordtable.py); the same answers."""
    return _VOCABULARY.current()


def load_toml(name: str) -> dict:
    """A TOML data file of the family (from the catalogue's parsed snapshot)."""
    from corpus_lint.rulebook.spec import load_toml as catalogue_toml

    return catalogue_toml(family_data("garbling", name))


@lru_cache(maxsize=None)
def load_foreign_words() -> tuple[dict[str, frozenset], frozenset, frozenset]:
    """Function words of other Latin-script languages (by language), the name particles
    among them, and all of them together."""
    data = load_toml(FOREIGN_WORDS_FILE)
    languages = {lang: frozenset(words) for lang, words in data["languages"].items()}
    return languages, frozenset(data["particles"]), frozenset().union(*languages.values())
