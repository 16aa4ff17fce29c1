"""Where a promotion pattern's matches can start, so a line is searched there only.

A pattern tried on a line scans the whole line; on a document written as one long line
(paragraphs joined by spaces, as many JSONL corpora are) every pattern whose gate words
occur anywhere rescans the whole document, and the number of such patterns grows with
the document (issue 11: the doubled document opened 41 patterns, the single one 36).
Most shipped patterns begin with a word (``\\b(?:check|visit|...)``) or a link
(``[\\w-]+\\.(?:com|net)``): every match starts at an occurrence of a few literal strings
(anchors), or in the run of non-space characters right before one, which ``str.find``
finds in C; the pattern is then tried at those positions only. The matches are those of
``finditer`` exactly: the same leftmost, non-overlapping matches, each the pattern's match
at its start (``\\b`` and look-behinds see the characters before a start position)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from corpus_lint.lazyre import LazyPattern

try:
    from re import _parser as _sre  # Python >= 3.11
except ImportError:  # pragma: no cover (Python 3.10)
    import sre_parse as _sre  # type: ignore[no-redef]

MIN_ANCHOR = 2  # a one-character anchor (a digit, "i") is found too often to help
# more anchors than this cost more in str.find passes (and in their many hits inside
# other words: "no", "men", "she") than the regex's own scan of a line: over BBC news the
# shipped pattern with 23 anchors took 4x as long anchored as scanned
MAX_ANCHORS = 16
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)
_NOT_SPACE = (_sre.CATEGORY_WORD, _sre.CATEGORY_DIGIT, _sre.CATEGORY_NOT_SPACE)
Anchors = tuple[set, bool]  # the strings, and whether a run of non-space may come first


def _no_space(item) -> bool:
    """A one-character item that never matches white space (``[\\w-]``, ``\\S``, ``x``)."""
    if len(item) != 1:
        return False
    op, av = item[0]
    if op is _sre.LITERAL:
        return not chr(av).isspace()
    if op is not _sre.IN:
        return False
    for kind, value in av:
        if kind is _sre.CATEGORY and value in _NOT_SPACE:
            continue
        if kind is _sre.LITERAL and not chr(value).isspace():
            continue
        if kind is _sre.RANGE and value[1] - value[0] < 5000 \
                and not any(chr(c).isspace() for c in range(value[0], value[1] + 1)):
            continue
        return False
    return True


def _anchors(items) -> Anchors:
    """The strings one of which every match of the parsed sequence holds at its start
    (``""``: no constraint), and whether the match may start earlier, in a run of non-space
    characters before it. Zero-width assertions are skipped: dropping one only widens the
    matches."""
    found, back = {""}, False
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL:
            found = {p + chr(av) for p in found}
            continue
        fresh = found == {""}
        if fresh and op in _REPEATS and _no_space(av[2]):
            back = True  # "[\w-]+" before the anchor
            continue
        if op is _sre.SUBPATTERN:
            inner, inner_back = _anchors(av[-1])
        elif op is _sre.BRANCH:
            parts = [_anchors(alt) for alt in av[1]]
            inner = set().union(*(strings for strings, _ in parts))
            inner_back = any(b for _, b in parts)
        elif op in _REPEATS and av[0] >= 1:
            inner, inner_back = _anchors(av[2])
        else:
            break
        if fresh:
            found, back = inner, back or inner_back
        elif not inner_back:
            found = {p + q for p in found for q in inner}
        break  # (what follows a group may be any of its ends: stop here)
    return found, back


@lru_cache(maxsize=256)
def anchors(pattern: str, flags: int) -> tuple[tuple[str, ...], bool] | None:
    """The anchors of a case-sensitive pattern (see ``_anchors``), or None when some
    match need not hold one of at least MIN_ANCHOR characters."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _sre.parse(pattern, flags)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):  # inline: (?i) (?x)
            return None
        found, back = _anchors(parsed)
    except Exception:  # (a form this module does not know: scan the line as before)
        return None
    if not found or min(map(len, found)) < MIN_ANCHOR:
        return None
    return tuple(sorted(found)), back


def positions(text: str, strings: tuple[str, ...], back: bool) -> list[int]:
    """Every position where a match can start: each occurrence of the anchors (overlapping
    ones too) and, with ``back``, each position after the last space before it."""
    found: set[int] = set()
    for anchor in strings:
        pos = text.find(anchor)
        while pos != -1:
            if back:
                found.update(range(text.rfind(" ", 0, pos) + 1, pos))
            found.add(pos)
            pos = text.find(anchor, pos + 1)
    return sorted(found)


def find_matches(rx, text: str) -> Iterator[re.Match]:
    """``rx.finditer(text)``, searching only where a match can start. A line of any length:
    on a paragraph of news (a few hundred characters) a few ``str.find`` calls cost less
    than the regex stepping through every position (promotions 0.20 -> 0.15 s over BBC)."""
    where = None
    if isinstance(rx, LazyPattern):  # its text, not compiled: the anchors may not occur
        where = anchors(*rx.source)
    elif isinstance(rx, re.Pattern):  # (not RE2)
        where = anchors(rx.pattern, rx.flags)
    if where is None or len(where[0]) > MAX_ANCHORS:
        return rx.finditer(text)
    return _anchored(rx, text, *where)


def _anchored(rx, text: str, strings: tuple[str, ...], back: bool) -> Iterator[re.Match]:
    end = 0
    for pos in positions(text, strings, back):
        if pos >= end:
            m = rx.match(text, pos)
            if m:  # (never empty: it holds an anchor of MIN_ANCHOR characters)
                yield m
                end = m.end()
