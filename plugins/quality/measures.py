"""What every quality rule measures, computed once per document (``doc.memo``): the body's
lines with their offsets, and each line's word tokens.

Tokens approximate the word tokenizer datatrove uses for English (spaCy's, without its
model): e-mail addresses, URLs and host names whole; dotted abbreviations ("U.S.");
numbers with their separators, decimals and unit ("45,000", "3.5", "6.8bn"); runs of word
characters, joined by a slash before a digit or a hyphen between a letter and a digit
("M-1", "1/16", "1986/87"; but "well-known", "3-Series" and "1-1/16" are three tokens, as
spaCy splits them); an apostrophe with the letters after it ("company" + "'s"; "don" +
"'t" where spaCy has "do" + "n't": as many tokens); a run of dashes, dots or "="; any
other non-space character alone. Tokens without a letter or digit are *symbols*
(datatrove: its PUNCTUATION_SET), the others *words*. The document's counts are taken
once; a line's tokens are computed only when a rule looks for the lines to point at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import filterfalse

from corpus_lint.documents.document import Document
from corpus_lint.documents.language import combining_marks
from corpus_lint.documents.sentences import ends_sentence

# Marks that TOKEN reads as one symbol each next to letters (not "'", "-", "=" or a run of
# dots, which join words or each other): a chunk of letters between them needs no regex.
_EDGES = ',.;:!?"()[]“”%'


def _plain(core: str) -> tuple[str, ...] | None:
    """TOKEN.findall(core) for the common shapes without a regex: letters only, digits
    only, "company's" (the word, then "'s"), "well-known" (two words, the hyphen a
    symbol); None for any other shape."""
    if core.isalpha() or core.isdecimal():
        return (core,)
    for mark in "'’":
        if mark in core:
            left, _, right = core.partition(mark)
            return (left, mark + right) if left.isalpha() and right.isalpha() else None
    if "-" in core:
        parts = core.split("-")
        if all(map(str.isalpha, parts)):  # none empty ("--" is one symbol)
            tokens = [""] * (2 * len(parts) - 1)
            tokens[::2] = parts
            return tuple(tokens)
    return None


# A run of word characters with the combining marks inside or after them (\w leaves them
# out: Hindi "भारत" would be "भ" + "रत"); ASCII words match "\w+" and one failed test.
_WORD_RUN = rf"\w+(?:[{combining_marks()}]+\w*)*"
# A word is group 1; a symbol matches with group 1 empty (findall then gives "").
_NUMBER_OR_WORD = rf"(?:\d+(?:[.,]\d+)*[^\W\d_]*|{_WORD_RUN})"
TOKEN = re.compile(r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses, URLs and host names
                   r"|(?:https?://|www\.)\S+|[^\W\d_][\w-]*(?:\.[\w-]+){2,}"
                   r"|(?:[^\W\d_]\.){2,}"
                   rf"|{_NUMBER_OR_WORD}(?:(?:(?<!\d)-|/)(?=\d){_NUMBER_OR_WORD})*"
                   rf"|['’]{_WORD_RUN})"
                   r"|-{2,}|\.{2,}|=+|[^\w\s]")  # a run of dashes or dots is one symbol
# What ends a line or a sentence: datatrove's TERMINAL_PUNCTUATION for the scripts news
# corpora use (Latin, CJK full stops, Devanagari danda...), closing quotes after them
# (``sentences.ends_sentence``).
TERMINAL = frozenset(".!?。！？．…।॥؟")
BULLETS = ("•", "-")


def tokenise(chunks) -> list[str]:
    """TOKEN.findall over whitespace-free ``chunks`` ("" for a symbol, as findall gives),
    several times faster than the regex: a chunk of letters only is one word, and so is
    one between single punctuation marks ("said," "(BBC)" "\"Yes"), each mark a symbol
    (``_plain``). ``tokenise(text.split()) == TOKEN.findall(text)``: no token contains
    whitespace."""
    found: list[str] = []
    add, extend, split = found.append, found.extend, TOKEN.findall
    for chunk in chunks:
        if chunk.isalpha():
            add(chunk)
            continue
        core = chunk.strip(_EDGES)
        inner = _plain(core) if core and ".." not in chunk else None
        if inner is None:
            extend(split(chunk))
            continue
        start = chunk.find(core)
        extend(("",) * start)
        extend(inner)
        extend(("",) * (len(chunk) - start - len(core)))
    return found


@dataclass
class Line:
    """One line of the body: ``text`` is ``doc.text[start:end]`` (without its newline)."""

    number: int  # 0-based index among the body's lines
    start: int
    end: int
    text: str

    @cached_property
    def tokens(self) -> list[str]:
        """The line's tokens, words and symbols."""
        return [m.group() for m in TOKEN.finditer(self.text)]

    @cached_property
    def words(self) -> list[str]:
        """The tokens with a letter or a digit."""
        return list(filter(None, tokenise(self.text.split())))

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def ends_sentence(self, stops: frozenset = TERMINAL) -> bool:
        """Whether the line ends in terminal punctuation (a closing quote may follow)."""
        return ends_sentence(self.text, stops)


class Measures:
    """The lines and tokens of one document, and counts over them.

    The counts come from the body's whitespace-separated chunks: most are letters only,
    one word each, counted and measured in C (``filterfalse``, ``sum(map(len, ...))``);
    only the others (about one in seven in news text) are tokenised (``tokenise``).
    Building every word of the body as a list cost a quality check as much again.
    """

    def __init__(self, text: str):
        self.text = text
        self.lines: list[Line] = []
        start = 0
        for number, line in enumerate(text.split("\n")):
            self.lines.append(Line(number, start, start + len(line), line))
            start += len(line) + 1

    @cached_property
    def content_lines(self) -> list[Line]:
        """The lines with something on them."""
        return [line for line in self.lines if not line.blank]

    @cached_property
    def _chunks(self) -> tuple[list[str], list[str], list[str]]:
        """(the body's chunks, those that are not letters only, their tokens)."""
        chunks = self.text.split()
        others = list(filterfalse(str.isalpha, chunks))
        return chunks, others, tokenise(others)

    @cached_property
    def _other_words(self) -> list[str]:
        """The words of the chunks that are not letters only."""
        return list(filter(None, self._chunks[2]))

    @cached_property
    def n_tokens(self) -> int:
        """Words and symbols (datatrove's denominator for its ratios)."""
        chunks, others, found = self._chunks
        return len(chunks) - len(others) + len(found)

    @cached_property
    def n_words(self) -> int:
        """The tokens with a letter or a digit."""
        chunks, others, _ = self._chunks
        return len(chunks) - len(others) + len(self._other_words)

    @cached_property
    def word_chars(self) -> int:
        """The characters of all words."""
        chunks, others, _ = self._chunks
        return (sum(map(len, chunks)) - sum(map(len, others))
                + sum(map(len, self._other_words)))

    @cached_property
    def alphabetic(self) -> int:
        """How many words have a letter (every chunk of letters only, and some others)."""
        chunks, others, _ = self._chunks
        return len(chunks) - len(others) + count_alphabetic(self._other_words)

    @cached_property
    def words(self) -> list[str]:
        """Every word, the chunks of letters only first: for sets and counts, not order."""
        return list(filter(str.isalpha, self._chunks[0])) + self._other_words

    def line_passing(self, words: int) -> Line | None:
        """The line on which the running count of words first exceeds ``words`` (a rare
        question: the lines are tokenised again, and not kept)."""
        seen = 0
        for line in self.lines:
            seen += sum(map(bool, tokenise(line.text.split())))
            if seen > words:
                return line
        return None


def count_alphabetic(words: list[str]) -> int:
    """How many of ``words`` have a letter (most are letters only: set those aside in C)."""
    others = list(filterfalse(str.isalpha, words))
    return len(words) - len(others) + sum(1 for w in others if any(map(str.isalpha, w)))


def measures(doc: Document) -> Measures:
    return doc.memo(("quality", "measures"), lambda: Measures(doc.text))


def longest_run(lines: list[Line], flagged) -> tuple[Line, Line, int] | None:
    """(first, last, how many) of the longest run of consecutive ``lines`` for which
    ``flagged(line)`` holds (the first such run on a tie), None when no line is flagged.
    Blank lines are skipped: they neither break nor extend a run."""
    best = current = None
    for line in lines:
        if line.blank:
            continue
        if flagged(line):
            current = (current[0], line, current[2] + 1) if current else (line, line, 1)
            if best is None or current[2] > best[2]:
                best = current
        else:
            current = None
    return best


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
