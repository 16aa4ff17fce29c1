"""What every match of a regular expression must hold, so that a few substring tests in C
rule a line out before the regex scans it.

A timestamp alternation (``markers.stamp``: relative times, clock times, dates) has no
literal start the regex engine could skip to, so ``search`` tries every alternative at
every position of a line: 10 us a short line, a third of classifying them over BBC news.
Yet every alternative needs a digit or a word ("ago", "yesterday"), and most short lines
of news (headlines, captions) hold none. ``need`` reads the parsed pattern and returns
strings (lower-case ASCII, or ``DIGIT``) one of which every match holds; ``Gated`` tries
the regex only on a text that holds one. Only ASCII texts are ruled out: there, case-folding
is ``str.lower`` and ``\\d`` is 0-9, while elsewhere ``re.IGNORECASE`` matches "s" with
"ſ" and ``\\d`` takes other scripts' digits.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .starts import _REPEATS, _ZERO_WIDTH, _sre  # (the parser, and the kinds of items it reads)

DIGIT = "\x00digit"  # in a need: "a decimal digit"
DIGIT_SCORE = 4  # a digit is rarer in a line of prose than most short words, and one test
MIN_SCORE = 3  # a need of one- or two-letter strings ("by", "re") is met by most lines
_ASCII_DIGIT = re.compile(r"[0-9]")
Need = frozenset  # of strings and DIGIT


def _score(need: Need) -> int:
    """How seldom the need is met: its shortest string's length, or DIGIT_SCORE."""
    return min(DIGIT_SCORE if s is DIGIT else len(s) for s in need)


def _digits_only(av) -> bool:
    """A character class of decimal digits only (``\\d``, ``[0-9]``, ``[01]``)."""
    for kind, value in av:
        if kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT:
            continue
        if kind is _sre.LITERAL and chr(value).isdigit() and value < 128:
            continue
        if kind is _sre.RANGE and 48 <= value[0] <= value[1] <= 57:
            continue
        return False
    return True


def _literal(run: str) -> Need | None:
    """The need of a run of literal characters: its longest ASCII part (in an ASCII text,
    only the ASCII characters of a pattern can match), a digit for a run of digits."""
    part = max(re.split(r"[^\x00-\x7f]+", run), key=len)
    if not part:
        return None
    return Need({DIGIT}) if part.isdigit() else Need({part.lower()})


def _item(op, av) -> Need | None:
    """The need of one parsed item other than a literal (None: none known)."""
    if op is _sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is _sre.BRANCH:
        parts = [_sequence(alt) for alt in av[1]]
        return None if any(p is None for p in parts) else Need().union(*parts)
    if op in _REPEATS and av[0] >= 1:
        return _sequence(av[2])
    if op is _sre.IN and _digits_only(av):
        return Need({DIGIT})
    return None


def _sequence(items) -> Need | None:
    """The rarest need among the items a match of the sequence must all match: a run of
    literal characters (as one string), a group, a repeated item, a class of digits."""
    best: Need | None = None
    run = ""
    for op, av in list(items) + [(None, None)]:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        found = [_literal(run)] if run else []
        run = ""
        if op is not None and op not in _ZERO_WIDTH:
            found.append(_item(op, av))
        for need in found:
            if need and (best is None or _score(need) > _score(best)):
                best = need
    return best


def need(pattern: str, flags: int = 0) -> Need | None:
    """Strings (and ``DIGIT``) one of which every match of ``pattern`` holds, lower-cased;
    None when no such set is known or it is too common to help (MIN_SCORE)."""
    try:
        found = _sequence(_sre.parse(pattern, flags))
    except Exception:  # (a form this module does not know: no gate)
        return None
    return found if found and _score(found) >= MIN_SCORE else None


def may_hold(needed: Need, text: str) -> bool:
    """False only if ``text`` is ASCII and holds none of ``needed``: a digit, or one of its
    strings, looked for in one pass of an Aho-Corasick automaton (``_automaton``: the
    timestamps of seven languages' comment widgets need some thirty words, a substring test
    each on every short line)."""
    return _holds(DIGIT in needed, _automaton(needed), text)


def _holds(digit: bool, strings, text: str) -> bool:
    """``may_hold`` from its need's parts, which ``Gated`` keeps (no look-up per line)."""
    if not text.isascii():
        return True
    if digit and _ASCII_DIGIT.search(text):
        return True
    return strings is not None and next(strings.iter(text.lower()), None) is not None


@lru_cache(maxsize=None)
def _automaton(needed: Need):
    """An Aho-Corasick automaton of the strings of ``needed`` (None when it has none), made
    once per need."""
    strings = sorted(s for s in needed if s is not DIGIT)
    if not strings:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for string in strings:
        automaton.add_word(string, len(string))
    automaton.make_automaton()
    return automaton


class Gated:
    """A compiled pattern whose ``search`` first tests the text for what a match needs
    (``may_hold``)."""

    __slots__ = ("rx", "needed", "sub", "_digit", "_strings")

    def __init__(self, rx: re.Pattern, needed: Need):
        self.rx, self.needed, self.sub = rx, needed, rx.sub
        self._digit, self._strings = DIGIT in needed, _automaton(needed)

    def search(self, text: str):
        return self.rx.search(text) if _holds(self._digit, self._strings, text) else None


def gated(rx: Any) -> Any:
    """``rx`` behind the test of its need, when it is a compiled ``re`` pattern that has one
    (a user's patterns, compiled with RE2, are left as they are)."""
    if not isinstance(rx, re.Pattern):
        return rx
    needed = need(rx.pattern, rx.flags)
    return rx if needed is None else Gated(rx, needed)
