"""Integrity family: is the text itself intact?

Undecodable bytes, binary files, encodings other than UTF-8, empty documents, mojibake,
control and invisible characters, replacement characters left by an earlier lossy decode,
non-LF line endings, and documents cut off mid-sentence. The reader records what it saw
while decoding; these rules report it at the exact place.
"""
from __future__ import annotations

import re
from typing import Iterable

from corpus_lint.hookspecs import hookimpl
from corpus_lint.model import Document, Finding
from corpus_lint.rulebook import Rule, RuleSpec

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
# A word broken off at a hyphen ("negotia-"), and a parenthesis left open at the very end.
_WORD_CUT = re.compile(r"^[^\W\d_]{2,}-$")
_OPEN_PARENTHESIS = re.compile(r"\([^()]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")


def _last_sentence(text: str) -> str:
    ends = list(_SENTENCE_END.finditer(text))
    return text[ends[-1].end():] if ends else text
# Words a complete English sentence does not end on.
DANGLING_WORDS = frozenset(
    "a an the and or but nor of to in on at for with by from into onto that which who whom "
    "whose is are was were be been being has have had will would shall should can could may "
    "might must their his her its our your my this these those than as if because while "
    "although when where whether not very".split())


class IntegrityRule(Rule):
    """Integrity rules look at characters and bytes, so they run on documents of any size."""

    content_rule = False


class UndecodableBytes(IntegrityRule):
    spec = RuleSpec.from_catalogue("I101")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.decode_errors:
            return
        offset, what = doc.decode_errors[0]
        offset = max(offset, 0)
        count = doc.undecodable_bytes
        guess = f"; it looks like {doc.likely_encoding}" if doc.likely_encoding else ""
        yield self.finding(doc, offset, offset + 1,
                           f"Undecodable {doc.encoding.split()[0].upper()} here: {what}; "
                           f"{count} undecodable byte{'s' if count != 1 else ''} in the file"
                           f"{guess}. They were read as U+FFFD.",
                           fingerprint_text=what, properties={"undecodable_bytes": count})


class NotUtf8(IntegrityRule):
    spec = RuleSpec.from_catalogue("I102")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.encoding == "utf-8" or doc.record is not None:
            return
        name = doc.encoding.split()[0].upper()
        what = "UTF-8 with a byte-order mark" if name == "UTF-8" else f"{name}, not UTF-8"
        yield self.finding_at_line(doc, 1, f"File is {what}; it was decoded from its "
                                           "byte-order mark.",
                                   fingerprint_text=doc.encoding)


class BinaryFile(IntegrityRule):
    spec = RuleSpec.from_catalogue("I103")
    handles_binary = True

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.binary:
            yield self.finding_at_line(doc, 1, "File is binary (NUL or control bytes), not text; "
                                               "it was not checked further.",
                                       fingerprint_text="binary")


class EmptyDocument(IntegrityRule):
    spec = RuleSpec.from_catalogue("I104")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.text.strip() and doc.front_matter_problem is None:
            what = "empty" if not doc.text else "only whitespace"
            yield self.finding_at_line(doc, doc.source_map.locate(0)[0],
                                       f"Document body is {what}.", fingerprint_text=what)


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
            if not match:
                continue
            fixed = fix_encoding(text)
            if fixed == text:
                continue
            start = paragraph.start + match.start()
            sample = text[max(0, match.start() - 10):match.end() + 10]
            yield self.finding(doc, start, paragraph.start + match.end(),
                               f"Mojibake: {match.group(0)!r} in {sample!r} looks like UTF-8 "
                               "decoded with a legacy encoding; ftfy.fix_encoding repairs it.",
                               fingerprint_text=text)
            return


class ControlCharacters(IntegrityRule):
    spec = RuleSpec.from_catalogue("I106")

    def check(self, doc: Document) -> Iterable[Finding]:
        match = CONTROL_CHARS.search(doc.text)
        if match is None:
            return
        count = len(CONTROL_CHARS.findall(doc.text))
        yield self.finding(doc, match.start(), match.end(),
                           f"Control character U+{ord(match.group(0)):04X} in the text "
                           f"({count} in the document).", fingerprint_text=f"{count}")


class InvisibleCharacters(IntegrityRule):
    spec = RuleSpec.from_catalogue("I107")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        for match in INVISIBLE_CHARS.finditer(text):
            if match.group(0) == "\ufeff" and match.start() == 0:
                continue  # a BOM at the very start is I102's business
            count = len(INVISIBLE_CHARS.findall(text))
            char = match.group(0)
            yield self.finding(doc, match.start(), match.end(),
                               f"Invisible character U+{ord(char):04X} {_NAMES[char]} "
                               f"({count} in the document).", fingerprint_text=f"{char}{count}")
            return


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


class LineEndings(IntegrityRule):
    spec = RuleSpec.from_catalogue("I109")

    def check(self, doc: Document) -> Iterable[Finding]:
        endings = {kind: n for kind, n in doc.line_endings.items() if n}
        if not endings or set(endings) == {"lf"}:
            return
        parts = ", ".join(f"{n} {kind.upper()}" for kind, n in sorted(endings.items()))
        mixed = "Mixed" if len(endings) > 1 else "Non-LF"
        yield self.finding_at_line(doc, 1, f"{mixed} line endings ({parts}).",
                                   fingerprint_text=parts)


class Truncated(IntegrityRule):
    spec = RuleSpec.from_catalogue("I110")

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        if not paragraphs:
            return
        last = paragraphs[-1]
        words = last.text.split()
        if len(words) < int(self.params["min-words"]):
            return
        # Tables, price lists and code end however they like: judge prose only.
        if sum(1 for word in words if word.strip(".,;:!?\"'()").isalpha()) < 0.6 * len(words):
            return
        tail = words[-1]
        reason = None
        if tail[-1] in ",;(" or _WORD_CUT.match(tail):
            reason = f"it ends on {tail[-1]!r}" if tail[-1] != "-" else f"it ends on {tail!r}"
        elif tail.isalpha() and tail.islower() and tail in DANGLING_WORDS:
            reason = f"it ends on the word {tail!r}"  # "May" ends many a date line
        elif tail[-1] not in ".!?" and _OPEN_PARENTHESIS.search(_last_sentence(last.text)):
            reason = "a parenthesis opened in the last sentence is never closed"
        if reason:
            start = last.end - len(tail)
            yield self.finding(doc, start, last.end,
                               f"Document looks cut off mid-sentence: {reason}.",
                               fingerprint_text=last.text[-200:])


class HtmlEntities(IntegrityRule):
    spec = RuleSpec.from_catalogue("I111")

    def check(self, doc: Document) -> Iterable[Finding]:
        if "&" not in doc.text:
            return
        match = HTML_ENTITY.search(doc.text)
        if match is None:
            return
        import html

        count = len(HTML_ENTITY.findall(doc.text))
        yield self.finding(doc, match.start(), match.end(),
                           f"HTML entity {match.group(0)!r} (for {html.unescape(match.group(0))!r}) "
                           f"left undecoded in plain text ({count} in the document).",
                           fingerprint_text=f"{match.group(0)}{count}")


class OversizedDocument(IntegrityRule):
    spec = RuleSpec.from_catalogue("I112")

    def check(self, doc: Document) -> Iterable[Finding]:
        limit = self.settings.max_document_chars if self.settings is not None else None
        if limit is not None and len(doc.text) > limit:
            yield self.finding_at_line(
                doc, doc.source_map.locate(0)[0],
                f"Document has {len(doc.text):,} characters, more than max-document-chars "
                f"({limit:,}): the content rules (duplicate, garbling, comment-spam) were skipped.",
                fingerprint_text=f"{len(doc.text)}")


@hookimpl
def corpus_lint_rules():
    return [UndecodableBytes, NotUtf8, BinaryFile, EmptyDocument, Mojibake, ControlCharacters,
            InvisibleCharacters, ReplacementCharacter, LineEndings, Truncated, HtmlEntities,
            OversizedDocument]
