"""Characters that should not be in the text: mojibake (I105), control characters (I106),
invisible characters (I107), U+FFFD left by a lossy decode (I108), undecoded HTML entities
(I111). Each is reported once, at the first occurrence, with the count."""
from __future__ import annotations

import re
from typing import Iterable

from corpus_lint.model import Document, Finding
from corpus_lint.rulebook import RuleSpec

from .base import IntegrityRule

# C0 controls except tab/LF/CR, DEL, and C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
# Invisible characters that change what text means without showing: zero-width space and
# word joiner, a byte-order mark inside the text, bidirectional overrides and isolates.
# ZWJ/ZWNJ are left alone: emoji sequences and several scripts need them.
INVISIBLE_CHARS = re.compile(r"[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "BYTE ORDER MARK",
          "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
          "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
          "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
          "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE",
          "\u2069": "POP DIRECTIONAL ISOLATE"}
# Numeric character references, and the named ones that are common in scraped text.
HTML_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|amp|lt|gt|quot|apos|nbsp|"
                         r"[lr]squo|[lr]dquo|[mn]dash|hellip|eacute|pound|euro|copy|reg);")


def _first_and_count(pattern: re.Pattern, text: str,
                     start: int = 0) -> tuple[re.Match, int] | None:
    """The first match of ``pattern`` at or after ``start``, and how many the text holds."""
    match = pattern.search(text, start)
    if match is None:
        return None
    return match, len(pattern.findall(text))


class Mojibake(IntegrityRule):
    spec = RuleSpec.from_catalogue("I105")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.text.isascii():
            return
        from ftfy import fix_encoding
        from ftfy.badness import BADNESS_RE

        for paragraph in doc.paragraphs:
            text = paragraph.text
            if text.isascii():
                continue
            match = BADNESS_RE.search(text)
            if not match or fix_encoding(text) == text:
                continue
            sample = text[max(0, match.start() - 10):match.end() + 10]
            yield self.finding(doc, paragraph.start + match.start(), paragraph.start + match.end(),
                               f"Mojibake: {match.group(0)!r} in {sample!r} looks like UTF-8 "
                               "decoded with a legacy encoding; ftfy.fix_encoding repairs it.",
                               fingerprint_text=text)
            return


class ControlCharacters(IntegrityRule):
    spec = RuleSpec.from_catalogue("I106")

    def check(self, doc: Document) -> Iterable[Finding]:
        found = _first_and_count(CONTROL_CHARS, doc.text)
        if found is None:
            return
        match, count = found
        yield self.finding(doc, match.start(), match.end(),
                           f"Control character U+{ord(match.group(0)):04X} in the text "
                           f"({count} in the document).", fingerprint_text=f"{count}")


class InvisibleCharacters(IntegrityRule):
    spec = RuleSpec.from_catalogue("I107")

    def check(self, doc: Document) -> Iterable[Finding]:
        # a BOM at the very start is I102's business
        start = 1 if doc.text.startswith("\ufeff") else 0
        found = _first_and_count(INVISIBLE_CHARS, doc.text, start)
        if found is None:
            return
        match, count = found
        char = match.group(0)
        yield self.finding(doc, match.start(), match.end(),
                           f"Invisible character U+{ord(char):04X} {_NAMES[char]} "
                           f"({count} in the document).", fingerprint_text=f"{char}{count}")


class ReplacementCharacter(IntegrityRule):
    spec = RuleSpec.from_catalogue("I108")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.decode_errors:
            return  # I101 already explains these
        position = doc.text.find("\ufffd")
        if position == -1:
            return
        count = doc.text.count("\ufffd")
        yield self.finding(doc, position, position + 1,
                           f"Replacement character U+FFFD ({count} in the document): text was "
                           "lost by an earlier decoding with errors='replace'.",
                           fingerprint_text=f"{count}")


class HtmlEntities(IntegrityRule):
    spec = RuleSpec.from_catalogue("I111")

    def check(self, doc: Document) -> Iterable[Finding]:
        found = _first_and_count(HTML_ENTITY, doc.text) if "&" in doc.text else None
        if found is None:
            return
        import html

        match, count = found
        entity = match.group(0)
        yield self.finding(doc, match.start(), match.end(),
                           f"HTML entity {entity!r} (for {html.unescape(entity)!r}) "
                           f"left undecoded in plain text ({count} in the document).",
                           fingerprint_text=f"{entity}{count}")
