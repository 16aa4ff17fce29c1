"""Characters that should not be in the text: mojibake (I105), control characters (I106),
invisible characters (I107), U+FFFD left by a lossy decode (I108), undecoded HTML entities
(I111). Each is reported once, at the first occurrence, with the count."""
from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from typing import ClassVar, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.fixes.model import Edit, Fix
from corpus_lint.readers.text import MARKDOWN_SUFFIXES
from corpus_lint.rulebook import RuleSpec

from .base import IntegrityRule

# C0 controls except tab/LF/CR, DEL, and C1 controls; a form feed only inside a line of
# text: at a line's start or end it is a page break, as plain-text documents put them
# (RFCs between pages, GNU's NEWS and ChangeLogs between sections).
_FORM_FEED_IN_A_LINE = r"(?<=[^\n\r])\x0c(?=[^\n\r])"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]|" + _FORM_FEED_IN_A_LINE)
C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]|" + _FORM_FEED_IN_A_LINE)
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


class FirstOccurrenceRule(IntegrityRule):
    """Characters reported once, at their first occurrence, with their count in the document."""

    pattern: ClassVar[re.Pattern]

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.skip(doc):
            return
        text = doc.text
        match = self.pattern.search(text, self.start(text))
        if match is None:
            return
        message, fingerprint = self.describe(match.group(0), len(self.pattern.findall(text)))
        yield self.finding(doc, match.start(), match.end(), message,
                           fingerprint_text=fingerprint, fix=self.fix(text, match.start()))

    def fix(self, text: str, first: int) -> Fix | None:
        """The repair of every occurrence from ``first`` on, for a rule that has one."""
        return None

    def skip(self, doc: Document) -> bool:
        """Whether the document needs no search at all."""
        return False

    def start(self, text: str) -> int:
        """Where the search begins."""
        return 0

    def describe(self, found: str, count: int) -> tuple[str, str]:
        """(message, fingerprint text) for the first occurrence ``found``."""
        raise NotImplementedError


class ControlCharacters(FirstOccurrenceRule):
    spec = RuleSpec.from_catalogue("I106")
    pattern = CONTROL_CHARS

    def describe(self, found: str, count: int) -> tuple[str, str]:
        return (f"Control character U+{ord(found):04X} in the text ({count} in the document).",
                f"{count}")

    def fix(self, text: str, first: int) -> Fix | None:
        """Delete C0 controls and DEL; one between two letters becomes a space (it stood for
        a lost dash or quote: "from\x1cif"), and a backspace takes the character it strikes
        over ("_\bA" is an underlined A). C1 controls are left: they are usually mojibake,
        which I105 repairs."""
        edits: list[Edit] = []
        for match in C0_CONTROLS.finditer(text, first):
            start, end = match.start(), match.end()
            previous_end = edits[-1].end if edits else 0
            if match.group() == "\b" and start - 1 >= previous_end and start > 0 \
                    and text[start - 1] not in "\n\b":
                edits.append(Edit(start - 1, end))
            elif 0 < start and end < len(text) and text[start - 1].isalnum() \
                    and text[end].isalnum():
                edits.append(Edit(start, end, " "))
            else:
                edits.append(Edit(start, end))
        return Fix(tuple(edits), description="delete control characters") if edits else None


class InvisibleCharacters(FirstOccurrenceRule):
    spec = RuleSpec.from_catalogue("I107")
    pattern = INVISIBLE_CHARS

    def skip(self, doc: Document) -> bool:
        return doc.text.isascii()  # most documents: none of these characters

    def start(self, text: str) -> int:
        return 1 if text.startswith("\ufeff") else 0  # a leading BOM is I102's business

    def describe(self, found: str, count: int) -> tuple[str, str]:
        return (f"Invisible character U+{ord(found):04X} {_NAMES[found]} "
                f"({count} in the document).", f"{found}{count}")

    def fix(self, text: str, first: int) -> Fix | None:
        return _delete_all(INVISIBLE_CHARS, text, first, "delete invisible characters")


def _delete_all(pattern: re.Pattern, text: str, first: int, description: str) -> Fix | None:
    edits = tuple(Edit(m.start(), m.end()) for m in pattern.finditer(text, first))
    return Fix(edits, description=description) if edits else None


class ReplacementCharacter(FirstOccurrenceRule):
    spec = RuleSpec.from_catalogue("I108")
    pattern = re.compile("\ufffd")

    def skip(self, doc: Document) -> bool:
        # I101 already explains a lossy decode's U+FFFD; ASCII text (most) holds none.
        return bool(doc.decode_errors) or doc.text.isascii()

    def describe(self, found: str, count: int) -> tuple[str, str]:
        return (f"Replacement character U+FFFD ({count} in the document): text was lost by an "
                "earlier decoding with errors='replace'.", f"{count}")


class HtmlEntities(FirstOccurrenceRule):
    spec = RuleSpec.from_catalogue("I111")
    pattern = HTML_ENTITY

    def skip(self, doc: Document) -> bool:
        """No ampersand, or a Markdown file: there a character reference is markup that
        renders as its character (CommonMark), as in its HTML blocks."""
        return "&" not in doc.text or doc.record is None and \
            doc.path.lower().endswith(MARKDOWN_SUFFIXES)

    def describe(self, found: str, count: int) -> tuple[str, str]:
        import html

        return (f"HTML entity {found!r} (for {html.unescape(found)!r}) left undecoded in "
                f"plain text ({count} in the document).", f"{found}{count}")


# ftfy's BADNESS_RE: every alternative needs a non-ASCII character, and no match is longer
# than BADNESS_REACH + 1 characters ("ГўВЂВ.x"). A run of non-ASCII characters with at
# most 2 * BADNESS_REACH ASCII ones between any two (test_integrity checks both).
BADNESS_REACH = 6
_NON_ASCII_RUN = re.compile(rf"[^\x00-\x7f](?:[\x00-\x7f]{{0,{2 * BADNESS_REACH}}}[^\x00-\x7f])*")


@lru_cache(maxsize=1)
def badness_pattern() -> re.Pattern:
    """ftfy's BADNESS_RE, from ftfy/badness.py loaded alone (it imports only ``re`` and
    ``warnings``): the ``ftfy`` package's own start-up (its character tables, wcwidth) cost
    0.06 s of every run over text with a non-ASCII character, and only a paragraph with a
    match needs it (``fix_encoding``). Imported the usual way if ftfy's layout changes."""
    try:
        spec = importlib.util.find_spec("ftfy")
        path = os.path.join(os.path.dirname(spec.origin), "badness.py")
        alone = importlib.util.spec_from_file_location("corpus_lint_ftfy_badness", path)
        module = importlib.util.module_from_spec(alone)
        alone.loader.exec_module(module)
        return module.BADNESS_RE
    except Exception:  # noqa: BLE001 - any failure: the package's own import
        from ftfy.badness import BADNESS_RE

        return BADNESS_RE


def first_badness(pattern: re.Pattern, text: str) -> re.Match | None:
    """``pattern.search(text)`` for ftfy's BADNESS_RE, searched only around the non-ASCII
    characters: in news text they are a pound sign or a quote here and there, and the
    whole-paragraph search tried BADNESS_RE's forty alternatives at every character
    (issue 17: 0.11 s on BBC, which has no match). Each match lies within BADNESS_REACH
    characters of one of its non-ASCII characters, so within one window (the windows are
    disjoint), which is searched whole: the same leftmost match, the same alternative."""
    for run in _NON_ASCII_RUN.finditer(text):
        match = pattern.search(text, max(0, run.start() - BADNESS_REACH),
                               run.end() + BADNESS_REACH)
        if match:
            return match
    return None


class Mojibake(IntegrityRule):
    spec = RuleSpec.from_catalogue("I105")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.text.isascii():
            return
        badness = badness_pattern()
        repairs = []  # (paragraph, first bad match, repaired text)
        for paragraph in doc.paragraphs:
            text = paragraph.text
            if text.isascii():
                continue
            match = first_badness(badness, text)
            if match:
                from ftfy import fix_encoding

                repaired = fix_encoding(text)
                if repaired != text:
                    repairs.append((paragraph, match, repaired))
        if not repairs:
            return
        paragraph, match, _ = repairs[0]
        text = paragraph.text
        sample = text[max(0, match.start() - 10):match.end() + 10]
        fix = Fix(tuple(Edit(p.start, p.end, repaired) for p, _, repaired in repairs),
                  description="repair mojibake with ftfy.fix_encoding")
        yield self.finding(doc, paragraph.start + match.start(), paragraph.start + match.end(),
                           f"Mojibake: {match.group(0)!r} in {sample!r} looks like UTF-8 "
                           "decoded with a legacy encoding; ftfy.fix_encoding repairs it.",
                           fingerprint_text=text, fix=fix)
