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
    "although when where whether not very he she we they".split())


class Truncated(IntegrityRule):
    spec = RuleSpec.from_catalogue("I110")

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        if not paragraphs:
            return
        last = paragraphs[-1]
        if not _may_be_cut(last.text):
            return  # the last word rules it out: the paragraph is not measured (issue 17)
        min_words = int(self.params["min-words"])
        words = last.text.split()
        if len(words) < min_words or not _is_prose(words):
            return
        tail = words[-1]
        last_line = last.text.rstrip().rpartition("\n")[2].lstrip()
        if _ART.search(last_line) or _SIGN_OFF.search(last_line):
            return  # a signature's drawing, or a name between dashes
        reason = _cut_reason(last.text, tail) or _unended(paragraphs, last.text, min_words)
        if reason:
            yield self.finding(doc, last.end - len(tail), last.end,
                               f"Document looks cut off mid-sentence: {reason}.",
                               fingerprint_text=last.text[-200:])


# A name signed between dashes at the end: "-David Cassidy-", "- Jo -".
_SIGN_OFF = re.compile(r"(?:^|\s)-\s?[A-Z][\w .']*-$")
# Drawing with characters, which ends however it likes: a signature's ASCII art or a box
# ("\\(o/ |", "\\____|", "-)(-").
_ART = re.compile(r"[\\|]|([_=~*#+/-])\1\1|\)\(")


def _is_prose(words: list[str], share: float = 0.6) -> bool:
    """Tables, price lists and code end however they like: judge prose only (at least
    ``share`` of the words alphabetic)."""
    return sum(1 for word in words if word.strip(".,;:!?\"'()").isalpha()) >= share * len(words)


def _may_be_cut(text: str) -> bool:
    """False when no reason can hold, judged on the last word alone."""
    tail = text.rsplit(None, 1)[-1] if text.strip() else ""
    return bool(tail) and (tail[-1] in ",;(-" or tail in DANGLING_WORDS
                           or tail[-1] not in _ENDED)


# What a finished paragraph ends with: a sentence's end, a closing quote or bracket, or a
# colon before a list.
_ENDED = frozenset(".!?:\"')]”’»…")
HOUSE_STYLE = 3  # other prose paragraphs that must all end a sentence
NOTE_WORDS = 25  # a last paragraph of one sentence this short may be a note (_unended)
# a quotation's author after a dash ("... it ends.  -- Rousseau", "- from _Lila_ by R. Pirsig")
_ATTRIBUTION = re.compile(r"[\s\"'”](?:--?|—)\s*(?:\S+\s*){1,6}$")
_SIGNED = re.compile(r"[.!?]\s+[A-Z]{3,}$")  # the wire's sign-off after the last stop: ". REUTER"
LINE_WORDS = 4  # fewest words of a last line judged
_INFORMAL = re.compile(r"!|(?<![\w'])i(?![\w'])|[:;]-?[)(DP]|\b(?:lol|plz|pls|thx|u)\b|[♥♫]")
# a mail signature's delimiter, or a rule under the text ("--", "----", "==")
_MAIL_SIGNATURE = re.compile(r"^[-=_*#~]{2,}\s*$", re.M)


def _unended(paragraphs, text: str, min_words: int) -> str | None:
    """The last paragraph, prose, ends without a sentence's end where every other prose
    paragraph of the document ends with one: a cut after a whole word ("... would be
    changed before the summer"). Documents whose paragraphs end however they like (lists,
    posts signed at the end, notes) do not have the house style, and are not judged."""
    lines = text.split("\n")
    last_line = lines[-1].split()
    if len(text.split()) <= NOTE_WORDS and not _SENTENCE_END.search(text):
        return None  # one short sentence: a closing note written without a stop ("Halo 2
        # is out on 9 November in the UK", an author's line), as often as a cut
    if text[-1] in _ENDED or _SIGNED.search(text) or not last_line[-1].isalpha() \
            or len(last_line) < LINE_WORDS or not _is_prose(last_line, 0.8) \
            or any(len(line.split()) < LINE_WORDS for line in lines[:-1]) \
            or last_line[0][0] in "-–—" \
            or 2 * sum(word[0].isupper() for word in last_line) > len(last_line) \
            or _ATTRIBUTION.search(text) or _INFORMAL.search(text) or text[0].islower() \
            or any(_MAIL_SIGNATURE.search(p.text) for p in paragraphs):
        return None  # a cut after a word of running prose; not a table row, a stamp, an
        # address or a name in capitals, a signature's short lines, a quote's author, a
        # post signed under "--", nor a reader's chat, which ends however it likes ("...
        # ahhhh them was the days ! LOL")
    ended = 0
    for paragraph in paragraphs[1:-1]:  # (not the title)
        body = paragraph.text
        words = body.split()
        if len(words) < min_words or not _is_prose(words):
            continue
        if body[-1] not in _ENDED:
            return None
        ended += 1
    if ended < HOUSE_STYLE:
        return None
    return f"it ends without a full stop, unlike the {ended} paragraphs before it"


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
