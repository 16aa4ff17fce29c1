"""A text's letters counted by case, for the rules that read how a text is cased:
comment-spam's shouting (mostly capitals), garbling's test that a paragraph is written in
both cases, so that names stand out by their capitals. In C for ASCII text (byte
deletions), by the ``str`` predicates otherwise: the same counts."""
from __future__ import annotations

_NOT_UPPER = bytes(c for c in range(256) if not 65 <= c <= 90)
_NOT_ALPHA = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


def case_counts(text: str) -> tuple[int, int]:
    """(capitals, letters) of ``text``: the characters ``str.isupper`` and ``str.isalpha``
    say yes to."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _NOT_UPPER)), len(raw.translate(None, _NOT_ALPHA))
    return sum(map(str.isupper, text)), sum(map(str.isalpha, text))
