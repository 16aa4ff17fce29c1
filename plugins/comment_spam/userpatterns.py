"""Regular expressions a user supplies (extra-*-patterns, or a markers-file or
spam-patterns-file of their own), compiled with RE2 (the ``google-re2`` package).

Python's ``re`` backtracks: ``^(a+)+$`` takes more than a minute on a line of 30 letters,
and a pattern that matches the empty string made a 24-character line take 4 seconds and
800 MB (each empty match counts as promotion and is replaced into the line, doubling it).
RE2 matches in time linear in the line. It cannot compile backreferences or lookaround,
so such a pattern, and one that can match the empty string, is refused when the
configuration loads. The patterns shipped in rules/comment-spam/ stay on ``re``, where
they were written and tuned, also when a user's own file repeats them unchanged.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

# What RE2's zero-width assertions (^ $ \A \z \b \B) can tell apart on either side of a
# position: the edge of the text, a word character, another character, a newline.
_SIDES = ("", "a", " ", "\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


class UserPattern:
    """A compiled RE2 pattern with the ``re`` methods the family uses. Lone surrogates (from
    JSON escapes) become U+FFFD first: RE2 reads UTF-8, which cannot encode them."""

    __slots__ = ("rx",)

    def __init__(self, rx: Any):
        self.rx = rx

    def search(self, text: str):
        return self.rx.search(_encodable(text))

    def finditer(self, text: str):
        return self.rx.finditer(_encodable(text))

    def sub(self, repl: str, text: str) -> str:
        return self.rx.sub(repl, _encodable(text))


class Either:
    """Shipped patterns (``re``) and a user's (RE2), tried one after the other so that the
    shipped ones match exactly as they do alone."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Any):
        self.parts = parts

    def search(self, text: str):
        for part in self.parts:
            match = part.search(text)
            if match:
                return match
        return None

    def sub(self, repl: str, text: str) -> str:
        for part in self.parts:
            text = part.sub(repl, text)
        return text


def either(shipped: Any, user: Any) -> Any:
    """Shipped and user patterns as one (either may be None)."""
    if shipped is None or user is None:
        return shipped if user is None else user
    return Either(shipped, user)


def _encodable(text: str) -> str:
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def _options(ignore_case: bool):
    import re2  # here and in _compile: imported only by runs that have user patterns

    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False  # the error is reported as a configuration error instead
    return options


def _matches_empty(rx: Any) -> bool:
    """Whether ``rx`` can match the empty string somewhere in some text."""
    return any(rx.search(left + right, len(left), len(left)) is not None
               for left in _SIDES for right in _SIDES)


def _compile(pattern: str, options: Any, where: str):
    import re2

    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(f"{where}: pattern {pattern!r} is not supported ({reason}); user "
                         "patterns are RE2 syntax: no backreferences or lookaround") from None


def user_pattern(patterns: Iterable[tuple[str, str]], ignore_case: bool) -> UserPattern | None:
    """One RE2 alternation of ``patterns``, (where it comes from, pattern) pairs; None when
    there are none. Raises ValueError naming where and the pattern when one is refused."""
    patterns = list(patterns)
    if not patterns:
        return None
    options = _options(ignore_case)
    compiled = []
    for where, pattern in patterns:
        rx = _compile(pattern, options, where)
        if _matches_empty(rx):
            raise ValueError(f"{where}: pattern {pattern!r} matches the empty string")
        compiled.append(rx)
    if len(compiled) == 1:
        return UserPattern(compiled[0])
    joined = "|".join(f"(?:{rx.pattern})" for rx in compiled)
    return UserPattern(_compile(joined, options, f"{where} (with the patterns before it)"))
