"""Regular expressions compiled on first use (start-up, issue 17).

Python compiles a pattern in Python code, 0.1-7 ms each; a process that checks one file
compiled about 220 of them, most behind a gate (a substring test, a word of a line) that
the file never opens. ``lazy`` keeps the pattern text and compiles it when a method is
first called; after that the compiled methods are plain attributes (no indirection).
Only for trusted patterns (shipped, tested to compile): a user's pattern must be compiled
up front, so its error is a configuration error before any file is read.
"""
from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
            "scanner", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """A stand-in for ``re.compile(pattern, flags)`` with the same methods."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    @property
    def source(self) -> tuple[str, int]:
        """(pattern, flags) as given, without compiling: ``.pattern`` and ``.flags`` compile
        (``.flags`` then holds inline flags too), and a caller that only reads the text (to
        find its anchors, or compile it with RE2) would compile what it never runs."""
        return self._source

    def __getattr__(self, name: str):
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __getstate__(self):  # a worker process gets the text, not the compiled methods
        return self._source

    def __setstate__(self, source) -> None:
        self._source = source

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
