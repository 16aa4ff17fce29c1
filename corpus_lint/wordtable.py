"""A large shipped word list answered from a memory-mapped hash table in the user's cache
until enough lookups make the in-memory frozenset worth its price (start-up, issue 17).

Building a frozenset of 128k words costs 20-30 ms a process (decompress, split, hash every
word): more than the rest of checking one small file, which looks up a few hundred words.
The first run writes the words and an open-addressing table of their offsets (CRC-32 of the
UTF-8 bytes, linear probing) to the cache; later runs map both and answer ``word in table``
with one CRC and a probe or two. ``Words.current()`` hands out the table while a process
has made fewer than ``LOAD_AFTER`` lookups, then the frozenset, so a long run pays the
build once and looks up at frozenset speed after. The answers are the same either way: the
table holds exactly the list's words.
"""
from __future__ import annotations

import mmap
import sys
from array import array
from pathlib import Path
from typing import Callable
from zlib import crc32

LOAD_AFTER = 20_000  # lookups (about 1 us each) that cost what building the frozenset does
_EMPTY = 0xFFFFFFFF


class MappedWords:
    """``word in table`` over a cache folder's ``words`` (each word followed by a newline)
    and ``slots`` (uint32 offsets into ``words``, a power-of-two count, ``_EMPTY`` free)."""

    def __init__(self, folder: Path):
        if sys.byteorder != "little":
            raise ValueError("the cached table is little-endian")
        self.words, slots = _mapped(folder / "words"), _mapped(folder / "slots")
        self.slots = memoryview(slots).cast("I")
        self.mask = len(self.slots) - 1
        if len(self.slots) & self.mask or self.words[-1:] != b"\n":
            raise ValueError(f"{folder}: damaged word table")
        self.lookups = 0

    def __contains__(self, word: object) -> bool:
        self.lookups += 1
        if not isinstance(word, str):
            return False
        data = word.encode("utf-8", "surrogatepass") + b"\n"  # a lone surrogate: absent
        size, slots, words, mask = len(data), self.slots, self.words, self.mask
        slot = crc32(data) & mask
        while (offset := slots[slot]) != _EMPTY:
            if words[offset:offset + size] == data:
                return True
            slot = (slot + 1) & mask
        return False

    def __rsub__(self, other: set) -> set:
        """``other - table``: the members of a set that are not words (as with a set)."""
        return {word for word in other if word not in self}


def write_table(folder: Path, words: frozenset) -> None:
    """The files ``MappedWords`` reads, for ``words`` (none may hold a newline)."""
    size = 1 << max(4, (2 * len(words)).bit_length())  # at most half full: short probes
    mask, slots, blob, offset = size - 1, array("I", [_EMPTY]) * size, [], 0
    for word in sorted(words):  # sorted: the same bytes on every build
        data = word.encode("utf-8", "surrogatepass") + b"\n"
        if data.count(b"\n") != 1:
            raise ValueError(f"a word holds a newline: {word!r}")
        slot = crc32(data) & mask
        while slots[slot] != _EMPTY:
            slot = (slot + 1) & mask
        slots[slot] = offset
        blob.append(data)
        offset += len(data)
    if sys.byteorder != "little":
        slots.byteswap()
    (folder / "words").write_bytes(b"".join(blob))
    (folder / "slots").write_bytes(slots.tobytes())


def _mapped(path: Path) -> mmap.mmap:
    with open(path, "rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


class Words:
    """A shipped word list (``source``, read into a frozenset by ``read``) with the cheap
    first answers described above. ``full()`` is the frozenset (loaded once); ``current()``
    is what to look words up in now."""

    def __init__(self, name: str, source: Callable[[], Path], read: Callable[[], frozenset]):
        self.name, self.source, self.read = name, source, read
        self._full: frozenset | None = None
        self._table: MappedWords | None = None
        self._no_table = False

    def full(self) -> frozenset:
        if self._full is None:
            self._full = self.read()
        return self._full

    def current(self) -> "frozenset | MappedWords":
        if self._full is not None:
            return self._full
        if self._table is None and not self._no_table:
            self._table = self._map()
            self._no_table = self._table is None
        if self._table is None or self._table.lookups >= LOAD_AFTER:
            self._table = None
            return self.full()
        return self._table

    def _map(self) -> MappedWords | None:
        """The mapped table from the user cache, written on the first run; None when there
        is no usable cache (the caller takes the frozenset)."""
        from corpus_lint.usercache import derived_folder, forget

        folder = derived_folder(self.name, self.source(),
                                lambda scratch: write_table(scratch, self.full()))
        if folder is None:
            return None
        try:
            return MappedWords(folder)
        except (OSError, ValueError):  # damaged: the frozenset now, derive it again next run
            forget(folder)
            return None
