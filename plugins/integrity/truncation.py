"""I110: a document cut off mid-sentence, judged on its last paragraph when that is prose."""
from __future__ import annotations

import re
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .base import IntegrityRule

# A word broken off at a hyphen ("negotia-"), and a parenthesis left open at the very end.
_WORD_CUT = re.compile(r"^[^\W\d_]{2,}-$")
_OPEN_PARENTHESIS = re.compile(r"\([^()]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
# Words a complete English sentence does not end on.
DANGLING_WORDS = frozenset(
    "a an the and or but nor of to in on at for with by from into onto that which who whom "
    "whose is are was were be been being has have had will would shall should can could may "
    "might must their his her its our your my this these those than as if because while "
    "although when where whether not very".split())


class Truncated(IntegrityRule):
    spec = RuleSpec.from_catalogue("I110")

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        if not paragraphs:
            return
        last = paragraphs[-1]
        if not _may_be_cut(last.text):
            return  # the last word rules it out: the paragraph is not measured (issue 17)
        words = last.text.split()
        if len(words) < int(self.params["min-words"]) or not _is_prose(words):
            return
        tail = words[-1]
        last_line = last.text.rstrip().rpartition("\n")[2].lstrip()
        if _ART.search(last_line) or _SIGN_OFF.search(last_line):
            return  # a signature's drawing, or a name between dashes
        reason = _cut_reason(last.text, tail)
        if reason:
            yield self.finding(doc, last.end - len(tail), last.end,
                               f"Document looks cut off mid-sentence: {reason}.",
                               fingerprint_text=last.text[-200:])


# A name signed between dashes at the end: "-David Cassidy-", "- Jo -".
_SIGN_OFF = re.compile(r"(?:^|\s)-\s?[A-Z][\w .']*-$")
# Drawing with characters, which ends however it likes: a signature's ASCII art or a box
# ("\\(o/ |", "\\____|", "-)(-").
_ART = re.compile(r"[\\|]|([_=~*#+/-])\1\1|\)\(")


def _is_prose(words: list[str]) -> bool:
    """Tables, price lists and code end however they like: judge prose only."""
    return sum(1 for word in words if word.strip(".,;:!?\"'()").isalpha()) >= 0.6 * len(words)


def _may_be_cut(text: str) -> bool:
    """False when no reason of ``_cut_reason`` can hold, judged on the last word alone."""
    tail = text.rsplit(None, 1)[-1] if text.strip() else ""
    return bool(tail) and (tail[-1] in ",;(-" or tail in DANGLING_WORDS
                           or (tail[-1] not in ".!?" and "(" in text))


def _cut_reason(text: str, tail: str) -> str | None:
    """Why a paragraph ending on the word ``tail`` looks cut off, or None."""
    if tail[-1] in ",;(" or _WORD_CUT.match(tail):
        return f"it ends on {tail[-1]!r}" if tail[-1] != "-" else f"it ends on {tail!r}"
    if tail in DANGLING_WORDS:  # lower case only: "May" ends many a date line
        return f"it ends on the word {tail!r}"
    sentence = _last_sentence(text)
    if tail[-1] not in ".!?" and _OPEN_PARENTHESIS.search(sentence) and not _ART.search(sentence):
        return "a parenthesis opened in the last sentence is never closed"
    return None


def _last_sentence(text: str) -> str:
    ends = list(_SENTENCE_END.finditer(text))
    return text[ends[-1].end():] if ends else text
