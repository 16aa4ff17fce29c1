"""G103, G105 and G107: mechanical artefacts of spinners and translation systems, found by
pattern. Unexpanded spintax templates, degenerate repetition loops and pieces of a model's
vocabulary. Only G105 reads the shared analysis (to skip paragraphs without a repeat)."""
from __future__ import annotations

import re
from operator import eq
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.layout import document_code
from corpus_lint.documents.register import technical_register
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import Rule, RuleSpec

from .analysis import GarblingRule, paragraph_analyses, quote

_SPINTAX = re.compile(r"\{[^{}|\n]{1,60}(?:\|[^{}|\n]{1,60})+\}")


def _is_spintax(text: str, match: re.Match) -> bool:
    """Braces that offer word alternatives, not letters, bang paths, code or maths."""
    inner = match.group()[1:-1]
    before = text[match.start() - 1:match.start()]
    after, then = text[match.end():match.end() + 1], text[match.end() + 1:match.end() + 2]
    # "M{lndal" (braces as letters), "{spdcc|ima}!user" (a bang path), "jo@{uni.edu | aol.com}"
    # and "thesis/{boxes|skins}/" (addresses and paths), "{{ name | upper }}" (a Jinja, Liquid
    # or Mustache template: double braces; a nested spintax "{{quick|fast}|rapid}" closes
    # one); a full stop or colon after the braces ends a sentence: "... the {staff|crew}."
    # "png_do_{read|write}_transformations" (a family of identifiers) is glued by "_"
    if before.isalnum() or before in ("@", "/", "_") or (after and (
            after.isalnum() or after in "!/@_" or after in ".:" and then.isalnum())) \
            or before == "{" and after == "}":
        return False
    # {a|b} in code or maths has no spaces and symbols; spintax offers words.
    options = [option.strip() for option in inner.split("|")]
    if not all(re.search(r"[A-Za-z]", o) for o in options):
        return False
    if re.search(r"[=;$\\<>_()]", inner):
        return False
    # command syntax in capitals ("ALTER {ROLE|DATABASE} SET", "{ON|OFF}"): keywords to
    # choose from, as manuals write them; a spinner offers words of running prose
    if all(option.isupper() and len(option) > 1 for option in options):
        return False
    # API documentation: "* `cwd` {string|URL}", "Returns: {Buffer | string}" (type unions)
    return not (text[max(0, match.start() - 8):match.start()].rstrip(" :").endswith("`")
                or _type_union(options))


# Type names of programming languages that are also the lower-case words of a type union
# ("{string|null}", "{number|undefined}"); English synonyms a spinner offers are not among them.
_TYPE_KEYWORDS = frozenset(
    "string number integer boolean bool null undefined object symbol bigint any void int "
    "float double str bytes dict none nil unknown never".split())
# An identifier no prose word looks like: an inner capital (TypedArray, RegExp), letters and
# digits (Uint8Array), a dotted name (net.Socket).
_IDENTIFIER = re.compile(r"[A-Za-z]\w*(?:[a-z][A-Z]|[A-Za-z]\d|\.[A-Za-z])\w*")


# Capitalised type names API references write in unions ("Returns: {Object|Promise}"),
# which a spinner's capitalised alternatives ("{Great|Awesome}") are not.
_TYPE_NAMES = frozenset(
    "Object Promise Array Function Boolean Buffer Symbol Iterable Iterator Blob".split())
# Of those, the ones no English sentence uses as a word: beside them, any one-word
# alternative is a type name ("{module|null|undefined}").
_CODE_ONLY = frozenset("null undefined boolean bool bigint void int str dict nil".split())


def _type_union(options: list[str]) -> bool:
    """Whether braces hold a union of type names ({string|Buffer|Uint8Array}), as API
    documentation writes them: every alternative a type keyword or capitalised words, at
    least one of them plainly a type. Spintax alternatives are words of running prose."""
    if not _CODE_ONLY.isdisjoint(options):
        return all(option.replace(".", "_").isidentifier() for option in options)
    typed = False
    for option in options:
        if option in _TYPE_KEYWORDS or option in _TYPE_NAMES or _IDENTIFIER.fullmatch(option):
            typed = True
        elif not all(word[:1].isupper() and word.isalpha() for word in option.split()):
            return False  # (a type may be named in capitalised words: "Module Namespace Object")
    return typed


class Spintax(Rule):
    spec = RuleSpec.from_catalogue("G103")

    def check(self, doc: Document) -> Iterable[Finding]:
        if "{" not in doc.text:
            return
        code = document_code(doc)  # "{ kind: A | B, .. }" in a fence
        for paragraph in doc.paragraphs:
            if "{" not in paragraph.text or paragraph.index in code:
                continue
            text = paragraph.text
            for match in _SPINTAX.finditer(text):
                if not _is_spintax(text, match):
                    continue
                if technical_register(doc):
                    return  # "{forward|reverse}": a command synopsis's alternatives
                options = match.group()[1:-1].split("|")
                start = paragraph.start + match.start()
                yield self.finding(
                    doc, start, paragraph.start + match.end(),
                    f"Unexpanded spintax template {quote(match.group())}: "
                    f"{len(options)} alternatives left in the text by an article spinner.",
                    properties={"options": options})


_LOOP_UNIT = re.compile(r"[^=#*|<>{}\[\]\\/_~^+]+")
_LOOP = re.compile(r"\b((?:\w+\W+){1,8}?)\1{2,}", re.I)


_WORD = re.compile(r"\w+")


def may_loop(text: str) -> bool:
    """False when ``_LOOP`` cannot match ``text``: no run of 1 to 8 words occurs three times
    in a row. A loop unit is whole words (``\\w+`` up to a non-word character), so its
    repeats make the word sequence periodic over 3 units; one pass over the words per unit
    length is 5x cheaper than the backtracking regex (issue 17). Only for ASCII text, where
    the regex's case-insensitive comparison is ``lower()``; other text goes to the regex.
    Each unit length's comparisons are made in C and the run looked for as a byte string."""
    if not text.isascii():
        return True
    words = _WORD.findall(text.lower())
    for k in range(1, 9):  # 2k words in a row equal to the word k places on
        if _RUNS[k] in bytes(map(eq, words, words[k:])):
            return True
    return False


_RUNS = {k: b"\x01" * (2 * k) for k in range(1, 9)}


class RepetitionLoop(GarblingRule):
    spec = RuleSpec.from_catalogue("G105")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_repeats = int(self.params["min-repeats"])
        min_words = int(self.params["min-loop-words"])
        for paragraph, analysis in paragraph_analyses(doc):
            if min_words >= 8 and not analysis.repeated:
                continue  # a loop covering 8 words or more repeats some word 4-gram
            text = analysis.text + " "  # the paragraph's normalised text
            if not may_loop(text):
                continue
            for match in _LOOP.finditer(text):
                unit = match.group(1)
                unit_words = len(re.findall(r"\w+", unit))
                repeats = len(match.group()) // len(unit)
                if repeats < min_repeats or unit_words * repeats < min_words:
                    continue
                if not re.search(r"[A-Za-z]{2}", unit) or not _LOOP_UNIT.fullmatch(unit):
                    continue  # "Atari= Atari= Atari=" is a table, not a sentence
                yield self.finding(
                    doc, paragraph.start, paragraph.end,
                    f"Paragraph repeats {quote(unit.strip(), 40)!r} {repeats} times in a row, "
                    f"a degenerate machine-translation loop.",
                    properties={"unit": unit.strip(), "repeats": repeats})
                break


# Pieces of a neural model's vocabulary that only raw system output contains: the unknown-word
# token a translation system writes for a word it could not translate, padding, mask and
# separator tokens, subword-nmt's "@@ " joins ("transl@@ ation") and SentencePiece's "▁" word
# marks ("▁the▁cat"). "<s>" and "</s>" are left out: they are also HTML's strike-through tag.
_MT_TOKEN = re.compile(
    r"<unk>|&lt;unk&gt;|\[UNK\]|<pad>|\[PAD\]|<mask>|\[MASK\]|\[SEP\]|\[CLS\]"
    r"|<\|endoftext\|>|<\|im_(?:start|end)\|>"
    r"|(?<=[^\W\d_])@@ (?=[^\W\d_])"
    r"|(?<![\u2581-\u258f])\u2581(?=[^\W\d_])", re.I)
# Words near a token that show the text is about tokens ("the <unk> token"), not raw output.
_TOKEN_TALK = re.compile(r"\b(?:tokens?|tokeni[sz]ers?|symbols?|vocabular(?:y|ies)|placeholders?"
                         r"|tags?|markers?|sentencepiece|bpe|subwords?)\b", re.I)
_QUOTES = frozenset("'\"`‘’“”")
# A character every match of _MT_TOKEN contains (its first, but for "@@ "): a document
# without any of them is passed over without running the regex (issue 17; 40x cheaper).
_MT_TOKEN_CHARS = "<&[@\u2581"


# What every match of _MT_TOKEN but the "\u2581" marks contains, lower-cased: news text
# has "&" and "[" often, these pieces almost never.
_MT_TOKEN_PIECES = ("<unk>", "&lt;unk&gt;", "[unk]", "<pad>", "[pad]", "<mask>", "[mask]",
                    "[sep]", "[cls]", "<|endoftext|>", "<|im_", "@@ ")
# The only characters besides ASCII letters that re.I matches with an ASCII letter (found
# by trying every code point), and the SentencePiece mark: text with one of them goes to
# the regex.
_NOT_LOWERED = "İıſK▁"


def may_hold_mt_token(text: str) -> bool:
    """False when ``_MT_TOKEN`` cannot match ``text``: none of its characters occur, or
    none of the pieces a match is made of occurs in the lower-cased text (the regex's
    case-insensitive match, barring ``_NOT_LOWERED``). A tenth of BBC's documents have "&"
    or "[": the regex cost 0.04 s there and found nothing (issue 17)."""
    if not any(char in text for char in _MT_TOKEN_CHARS):
        return False
    if not text.isascii() and any(char in text for char in _NOT_LOWERED):
        return True
    lowered = text.lower()
    return any(piece in lowered for piece in _MT_TOKEN_PIECES)


def mt_token_leftovers(text: str) -> list[tuple[int, int]]:
    """Spans of model vocabulary tokens left in prose (see ``_MT_TOKEN``).

    A token in quotes or backticks, or with words such as "token" or "symbol" close by,
    is being written about, as in a text on machine translation, and is not counted.
    """
    out = []
    for match in _MT_TOKEN.finditer(text):
        start, end = match.span()
        if text[start - 1:start] in _QUOTES or text[end:end + 1] in _QUOTES:
            continue
        if _TOKEN_TALK.search(text, max(0, start - 40), min(len(text), end + 40)):
            continue
        out.append((start, end))
    return out


class ModelTokenLeftover(Rule):
    spec = RuleSpec.from_catalogue("G107")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not may_hold_mt_token(doc.text) or not _MT_TOKEN.search(doc.text):
            return
        code = document_code(doc)
        for paragraph in doc.paragraphs:
            if paragraph.index in code:
                continue
            spans = mt_token_leftovers(paragraph.text)
            if len(spans) < int(self.params["min-tokens"]):
                continue
            tokens = sorted({paragraph.text[s:e].strip() for s, e in spans})
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph contains {len(spans)} token(s) of a translation model's vocabulary "
                f"({', '.join(repr(t) for t in tokens[:4])}): raw machine-translation output, "
                f"where a word the system could not translate or join was left as a token.",
                properties={"tokens": tokens, "count": len(spans)})
