"""Tokens and skeletons: what the model sees of a paragraph.

Shared with scripts/build_garbling_model.py, so the shipped model is trained on exactly the
skeletons that scoring computes.
"""
from __future__ import annotations

import re
from typing import Sequence

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                            "`": "'", "´": "'"})
_PUNCT_KEEP = frozenset(".,;:!?()\"'-")
_SUFFIXES = (("ing", "<ing>"), ("ed", "<ed>"), ("ly", "<ly>"), ("tion", "<tion>"),
             ("sion", "<tion>"), ("s", "<pl>"))
_SUFFIX_ENDS = tuple(suffix for suffix, _ in _SUFFIXES)
# Every class a token can get besides the kept words ("<s>" and "</s>" mark the ends).
SHAPE_CLASSES = ("<s>", "</s>", "<N>", "<P>", "<F>", "<C>", "<w>") + tuple(
    sorted({cls for _, cls in _SUFFIXES})) + tuple(sorted(_PUNCT_KEEP))


# E-mail addresses, URLs, host and file names: not prose, blanked out before analysis.
_NOT_PROSE = re.compile(
    r"`[^`\n]+`|\S+@\S+|(?:https?|ftp)://[^\s\"'<>]+|www\.[^\s\"'<>]+|\b\w+(?:\.\w+){2,}\b"
    r"|\b[A-Za-z][\w-]*\.(?:com|org|net|edu|gov|mil|info|io|uk|de|fr|nl|se|au|ca|jp|cn|ru|"
    r"it|es|ch|at|be|fi|no|dk|txt|html?|exe|zip|gz|tar|c|h|py|pl|sh|tmpl)\b")


# Addresses, file names, inline code: a backtick, or one of ".@/" before a letter. Written
# to start with one character class, which Python's engine scans for: 2.6x faster than
# r"[.@/][A-Za-z]|`" (issue 17), with the same answer.
_MAYBE_ADDRESS = re.compile(r"[`.@/](?:(?<=`)|[A-Za-z])")
# _NORMALISE's pairs: one ``str.replace`` per character present beats ``translate`` by far
# (no replacement brings in a character of the map)
_NORMALISE_PAIRS = tuple((chr(code), target) for code, target in _NORMALISE.items())


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def normalise(text: str) -> str:
    """Quotes and dashes unified, addresses blanked; same length, so offsets still hold."""
    # the backtick is the map's only ASCII key: ``replace`` is 2x cheaper than ``translate``
    if text.isascii():
        text = text.replace("`", "'")
    else:
        for char, target in _NORMALISE_PAIRS:
            if char in text:
                text = text.replace(char, target)
    if _MAYBE_ADDRESS.search(text):  # cheap test first: most paragraphs have no address
        text = _NOT_PROSE.sub(_blank, text)
    return text


def tokenise(text: str) -> list[str]:
    """``TOKEN.findall(text)``, about 1.5x faster (issue 17): no token contains whitespace
    (the regex's ``\\s`` is ``str.isspace``, what ``str.split`` splits on), and a chunk of
    letters only is one token (``str.isalpha`` letters are all ``[^\\W\\d_]``)."""
    found: list[str] = []
    add, extend, split = found.append, found.extend, TOKEN.findall
    for chunk in text.split():
        if chunk.isalpha():
            add(chunk)
        else:
            extend(split(chunk))
    return found


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every word, number and punctuation mark of ``text``."""
    text = normalise(text)  # same length: the map is one code point to one
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def word_class(token: str, keep: frozenset) -> str:
    low = token.lower()
    if low in keep:
        return low
    return shape_class(token, low)


def shape_class(token: str, low: str) -> str:
    """``word_class`` of a token whose lower-cased form ``low`` is not a kept word."""
    first = token[0]
    if first.isdigit():
        return "<N>"
    if not first.isalpha():
        return token if token in _PUNCT_KEEP else "<P>"
    if not first.isascii():
        return "<F>"
    if first.isupper():
        return "<C>"
    if not low.endswith(_SUFFIX_ENDS):  # one test for most words (issue 17)
        return "<w>"
    for suffix, cls in _SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return cls
    return "<w>"


def skeleton_ngrams(classes: list[str], nmax: int) -> list[tuple[str, int, int]]:
    """(n-gram key, first token index, last token index + 1) over <s> classes </s>."""
    seq = ["<s>"] + classes + ["</s>"]
    out = []
    for n in range(1, nmax + 1):
        for i in range(len(seq) - n + 1):
            out.append((" ".join(seq[i:i + n]), i - 1, i - 1 + n))
    return out


def repetition(words: list[str], breaks: Sequence[int] = ()) -> tuple[float, int]:
    """Share of word 4-grams repeating an earlier one of the same sentence (beyond the
    first repeat), and how many 4-grams repeat an earlier one of the paragraph; ``breaks``:
    where sentences after the first start (word indices). Saying a phrase twice is rhetoric
    ("the universe is not silent, because the universe is not..."); loops repeat more. A
    formula opening sentence after sentence ("X was the father of Y. Y was the father of
    Z."; "We will bring back our jobs. We will bring back our borders.") is anaphora, not a
    loop: an MT loop stays inside its sentence (and G105 finds sentences said again)."""
    n_grams = len(words) - 3
    if n_grams <= 0:
        return 0.0, 0
    repeated = _repeated_grams(words)
    if not repeated or not breaks:
        return repeat_share(repeated, n_grams), repeated
    in_sentences = sum(_repeated_grams(words[start:end])
                       for start, end in zip((0, *breaks), (*breaks, len(words))))
    return repeat_share(in_sentences, n_grams), repeated


def _repeated_grams(words: list[str]) -> int:
    """How many of the word 4-grams of ``words`` repeat an earlier one."""
    return max(0, len(words) - 3 - len(set(zip(words, words[1:], words[2:], words[3:]))))


def repeat_share(repeated: int, n_grams: int) -> float:
    """``repetition``'s share from its counts: repeats beyond the first, per 4-gram."""
    return max(0, repeated - 1) / n_grams if n_grams > 0 else 0.0
