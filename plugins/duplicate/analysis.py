"""The per-document analysis every duplicate rule reads, computed once per document
(``doc.memo``): normalised paragraphs, an offset-aligned normalised text, word bigrams,
the runs of repeated words and the words of prose lines."""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import chain, compress
from operator import mul
from typing import Any, Iterator, NamedTuple, Sequence

from corpus_lint.documents.layout import document_code
from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import Region

from . import hashcount

# Punctuation, except a "." or "," between digits: "45,000" is one word, not "45 000"
# (which made every figure in a table a repeated n-gram "000").
_PUNCT = re.compile(r"(?<!\d)[.,]|[.,](?!\d)|[^\w\s.,]|_")
_NON_WORD = re.compile(r"[^\w\s]")
# ASCII punctuation and symbols to spaces, as bytes (translated in C, offsets kept); with
# upper-case letters to lower case for ASCII text, which then needs no str.lower
_ASCII_PUNCT = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace()))
_ASCII_BYTES = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_ASCII_LOWER = _ASCII_BYTES.translate(bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                                      b"abcdefghijklmnopqrstuvwxyz"))
# ASCII digits to "0", "." and "," to ".", every other byte to a space: a separator
# between digits is then the middle of a "0.0"
_SEPARATOR_CLASSES = bytes(48 if chr(c).isdigit() and c < 128 else 46 if c in b".," else 32
                           for c in range(256))
_ASCII = bytes(range(128))
# ``min-words`` parameters are kept within what paragraph sizes can tell apart.
SIZE_CAP = 30
MIN_SIZE = 2
# A paragraph whose "words" average more characters than this is in a script written
# without spaces (its size is then counted in character pairs).
_UNSPACED = 16


def normalise(text: str) -> str:
    """NFKC, case-folded, punctuation replaced by spaces, whitespace collapsed."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def separator_blind(key: str) -> str:
    """A normalised key with the separators kept inside numbers as spaces, for telling
    whether two paragraphs are the same text: "0.3%" and "0 .3%" (a space before every
    punctuation mark) are one figure formatted two ways. Keys keep "45,000" whole so that
    the n-gram rules do not count "000" in every table; equality needs no such care.

    Every "." and "," a key keeps stands between two digits (``normalise`` and ``_align``
    keep no other), so all of them go: two ``str.replace``, not a regex looking around
    every character (5% of the family's instructions on news text)."""
    return key.replace(".", " ").replace(",", " ")


def distinct_words(text: str) -> int:
    """Distinct words of ``text``: normalised words, at most its whitespace-separated tokens.

    Normalisation splits ``palette_colors[drawIndex].red`` into five words; capping by the raw
    token count keeps code, URLs and e-mail addresses from looking like long prose.
    """
    return min(len(set(normalise(text).split())), len(text.split()))


def clamp_words(value: Any) -> int:
    """A ``min-words`` parameter within what paragraph sizes can tell apart."""
    return max(MIN_SIZE, min(SIZE_CAP, int(value)))


def _align(text: str) -> str | None:
    """``text`` lower-cased with punctuation as spaces, of the same length so offsets carry
    over, when that is its normalisation; None when it needs ``normalise``.

    Translations of the UTF-8 bytes, no regex over every character: ``_PUNCT.sub`` and a
    look-behind search for digit separators took a quarter of the family's time on news
    text, and ``str.translate`` is slow on text with any non-ASCII character."""
    encoded = text.encode()
    if len(encoded) == len(text):  # ASCII
        return _keep_separators(encoded.translate(_ASCII_LOWER).decode(), text, encoded)
    lowered = _lowered(text, encoded)
    if lowered is None or not unicodedata.is_normalized("NFKC", text):
        return None
    encoded, others = lowered
    if any(map(str.isdecimal, others)):  # digits the byte classes do not know
        return _keep_separators_slowly(_translate_others(encoded, others), text)
    return _keep_separators(_translate_others(encoded, others), text, encoded)


def _lowered(text: str, encoded: bytes) -> tuple[bytes, set[str]] | None:
    """``text.lower()`` as UTF-8 (but for its ASCII letters, which ``_translate_others``
    lowers) and the characters that its non-ASCII ones became, when lower-casing keeps
    every character one character and agrees with case-folding; else None.

    Judged and done on the distinct non-ASCII characters of ``text`` (``encoded``: it as
    UTF-8), not by lower-casing and case-folding the whole text (a tenth of the family's
    time on news text with a "£" in it). Both map character by character, but for a
    capital sigma, which lower-cases by its neighbours: with one, the whole text is."""
    others = set(encoded.translate(None, _ASCII).decode())
    lowers = {char: char.lower() for char in others}
    if "\u03a3" in others or any(lowers.get(low, low) != low for low in lowers.values()):
        # (a character lower-casing to one that lower-cases again would be replaced twice)
        lowered = text.lower()
        if len(lowered) != len(text) or lowered != text.casefold():
            return None
        encoded = lowered.encode()
        return encoded, set(encoded.translate(None, _ASCII).decode())
    if any(len(low) != 1 or low != char.casefold() for char, low in lowers.items()):
        return None
    for char, low in lowers.items():
        if low != char:  # UTF-8: one character's bytes never match inside another's
            encoded = encoded.replace(char.encode(), low.encode())
    return encoded, set(lowers.values())


def _translate_others(encoded: bytes, others: set[str]) -> str:
    """The UTF-8 ``encoded`` text with its ASCII letters lower-cased, and ASCII punctuation
    and the non-word characters among ``others`` as spaces (one each: the text keeps its
    length in characters)."""
    aligned = encoded.translate(_ASCII_LOWER).decode()
    for char in others:
        if _NON_WORD.match(char):
            aligned = aligned.replace(char, " ")
    return aligned


def _keep_separators(aligned: str, source: str, encoded: bytes) -> str:
    """``aligned`` with the "." and "," of ``source`` that stand between digits put back;
    ``encoded``: ``source`` as UTF-8, with no digits beyond ASCII."""
    classes = encoded.translate(_SEPARATOR_CLASSES)
    kept = []
    at = classes.find(b"0.0")
    while at >= 0:
        kept.append(at + 1)
        at = classes.find(b"0.0", at + 1)
    if kept and len(encoded) != len(source):  # byte offsets to character offsets
        kept = [len(encoded[:at].decode()) for at in kept]
    return _put_back(aligned, source, kept)


def _keep_separators_slowly(aligned: str, source: str) -> str:
    """``_keep_separators`` for text with digits beyond ASCII, by regex."""
    kept = [m.start() + 1 for m in re.finditer(r"\d[.,](?=\d)", source)]
    return _put_back(aligned, source, kept)


def _put_back(aligned: str, source: str, kept: list[int]) -> str:
    """``aligned`` with the characters of ``source`` at the offsets ``kept``."""
    if not kept:
        return aligned
    pieces = []
    previous = 0
    for at in kept:
        pieces += (aligned[previous:at], source[at])
        previous = at + 1
    pieces.append(aligned[previous:])
    return "".join(pieces)


class Analysis:
    """Normalised paragraphs of one document, and an offset-aligned normalised text.

    It holds the document's text and paragraphs, not the document, so that a memo does
    not make the document a reference cycle (freed only by the garbage collector).
    """

    __slots__ = ("text", "paragraphs", "aligned", "parts", "keys", "code", "_sizes", "_words",
                 "_counts", "_shared", "_starts")

    def __init__(self, doc: Document):
        self.text = doc.text
        self.paragraphs = doc.paragraphs
        self.aligned = _align(doc.text)
        # tuples: the garbage collector skips them, which matters while documents and
        # their memos stay alive
        aligned = self.aligned
        if aligned is not None:  # ``words_between`` inlined: one call less per paragraph
            self.parts = [tuple(aligned[p.start:p.end].split()) for p in doc.paragraphs]
        else:
            self.parts = [tuple(normalise(p.text).split()) for p in doc.paragraphs]
        self.keys = [" ".join(words) for words in self.parts]
        self.code = document_code(doc)
        self._sizes: dict[int, int] = {}
        self._words: tuple[str, ...] | None = None
        self._counts: WordCounts | None = None
        self._shared: list[int] | None = None
        self._starts: dict[int, int] | None = None

    def words_between(self, start: int, end: int) -> list[str]:
        """Normalised words of ``doc.text[start:end]``."""
        if self.aligned is not None:
            return self.aligned[start:end].split()
        return normalise(self.text[start:end]).split()

    def normalised(self, start: int, end: int) -> str:
        """``normalise(text[start:end])``, from the aligned text when the span has whitespace
        (or an end of the text) on both sides, where the two agree: no digit separator
        straddles its edges. A repeated-sentence finding can span most of a long paragraph."""
        text = self.text
        if self.aligned is not None and (start == 0 or text[start - 1].isspace()) \
                and (end == len(text) or text[end].isspace()):
            return " ".join(self.aligned[start:end].split())
        return normalise(text[start:end])

    def size(self, index: int) -> int:
        """Distinct normalised words of paragraph ``index``, capped by its whitespace tokens.

        Computed on demand: most rules look only at paragraphs that already look repeated.
        """
        size = self._sizes.get(index)
        if size is None:
            size = self._sizes[index] = self._measure(index)
        return size

    def _measure(self, index: int) -> int:
        words = self.parts[index]
        key = self.keys[index]
        if len(key) > _UNSPACED * max(1, len(words)):
            # Chinese, Japanese, Thai...: no spaces between words; count two
            # characters as a word, distinct by character pairs.
            pairs = {key[k:k + 2] for k in range(0, len(key) - 1, 2)}
            return min(len(pairs), SIZE_CAP)
        text = self.paragraphs[index].text
        # whitespace tokens, from counts (runs of 3+ spaces count a little high)
        raw = text.count(" ") - text.count("  ") + text.count("\n") + text.count("\t") + 1
        distinct = len(set(words)) if len(words) < 2 * SIZE_CAP else SIZE_CAP
        return min(distinct, raw, SIZE_CAP)

    def long_enough(self, index: int, min_words: int) -> bool:
        """A cheap upper-bound test before ``eligible``; fenced code never qualifies."""
        if index in self.code:
            return False
        return len(self.parts[index]) >= min_words or \
            len(self.keys[index]) > _UNSPACED * max(1, len(self.parts[index]))

    def eligible(self, index: int, min_words: int) -> bool:
        return self.long_enough(index, min_words) and self.size(index) >= min_words

    def words(self) -> tuple[str, ...]:
        """All normalised words of the paragraphs outside code, in order."""
        if self._words is None:
            parts = self.parts if not self.code else \
                [words for i, words in enumerate(self.parts) if i not in self.code]
            self._words = tuple(chain.from_iterable(parts))
        return self._words

    def word_counts(self) -> WordCounts:
        """``count_words`` of ``words()``."""
        if self._counts is None:
            self._counts = count_words(self.words())
        return self._counts

    def counts_of(self, index: int) -> bytes:
        """``word_counts().counts`` of the words of paragraph ``index`` (one byte a word:
        its count in the document, at most 255); empty for code, whose words are not
        counted."""
        if self._starts is None:
            starts, at = {}, 0
            for number, words in enumerate(self.parts):
                if number not in self.code:
                    starts[number] = at
                    at += len(words)
            self._starts = starts
        at = self._starts.get(index)
        if at is None:
            return b""
        return self.word_counts().counts[at:at + len(self.parts[index])]

    def shared_words(self) -> list[int]:
        """For each paragraph, how many of its words occur more than once among the
        document's words outside code (a code paragraph: all of its words). A word seen
        once in the document cannot be in two paragraphs: this bounds the words any other
        paragraph can share with it, from one count per paragraph of the word counts'
        bytes (``copies._NearSearch``: most paragraphs of a story are ruled out as copies
        by it without a set of their words)."""
        if self._shared is None:
            counts = self.word_counts().counts
            shared = []
            at = 0
            for index, words in enumerate(self.parts):
                if index in self.code:
                    shared.append(len(words))
                    continue
                end = at + len(words)
                shared.append(end - at - counts.count(1, at, end))
                at = end
            self._shared = shared
        return self._shared


def analysis(doc: Document) -> Analysis:
    return doc.memo(("duplicate", "analysis"), lambda: Analysis(doc))


class Bigrams(NamedTuple):
    """What the rules need of the document's word bigrams ("a b"); small, so that a memo
    does not keep the bigrams themselves."""

    repeats: bytes  # one byte per bigram position: 1 when that bigram occurs again elsewhere
    top_count: int  # occurrences of the most frequent bigram (0 without any)
    top_mass: int  # the most characters one bigram covers (its length times its count)


def bigrams(doc: Document) -> Bigrams:
    """The document's ``Bigrams``, from all its words outside code; a long document's by
    sorting hashed ids (``hashcount``: upper bounds, as the rules only gate on them)."""
    def count() -> Bigrams:
        words = analysis(doc).words()
        if hashcount.sorted_path(len(words)):
            return Bigrams(*hashcount.bigram_stats(*word_hashes(doc)))
        return count_bigrams(words)

    return doc.memo(("duplicate", "bigrams"), count)


def word_hashes(doc: Document) -> tuple[Any, Any]:
    """``hashcount.word_hashes`` of the document's words outside code."""
    return doc.memo(("duplicate", "hashes"), lambda: hashcount.word_hashes(analysis(doc).words()))


def count_bigrams(words: Sequence[str]) -> Bigrams:
    """``Bigrams`` of ``words`` counted exactly, in a dict."""
    grams = list(map(" ".join, zip(words, words[1:])))
    counts = Counter(grams)
    if not counts:
        return Bigrams(b"", 0, 0)
    repeated = {gram for gram, count in counts.items() if count > 1}
    return Bigrams(bytes(map(repeated.__contains__, grams)), max(counts.values()),
                   max(map(mul, counts.values(), map(len, counts))))


class WordCounts(NamedTuple):
    """What the rules need of the document's word counts, the first step of every repeat
    test: an n-gram can only repeat where each of its words does, and only as often as
    its rarest word. Counting words costs a quarter of counting bigrams (no joined strings
    to build and hash)."""

    counts: bytes  # one byte per word position: that word's count (at most 255)
    repeated: bytes  # one byte per word position: 1 when that word occurs again elsewhere
    longest: int  # characters of the longest word (0 without any)


# A count (as a byte) to 1 when above 1: the repeated words from one pass over the words
ABOVE_ONE = bytes([0, 0] + [1] * 254)


def count_words(words: Sequence[str]) -> WordCounts:
    """``WordCounts`` of ``words``."""
    counts = Counter(words)
    try:
        per_word = bytes(map(counts.__getitem__, words))
    except ValueError:  # a count above 255 (found so, not by a max over every count)
        counts = Counter({word: min(count, 255) for word, count in counts.items()})
        per_word = bytes(map(counts.__getitem__, words))
    repeated = per_word.translate(ABOVE_ONE)
    return WordCounts(per_word, repeated, max(map(len, counts), default=0))  # distinct: fewer


@lru_cache(maxsize=None)
def at_least(count: int) -> bytes:
    """A translation table: a count byte to 1 when it is ``count`` or more."""
    return bytes(int(value >= count) for value in range(256))


def word_counts(doc: Document) -> WordCounts:
    """The ``WordCounts`` of the document's words outside code."""
    return analysis(doc).word_counts()


def repeated_windows(repeated: bytes, n: int) -> bytes:
    """One byte per n-word window (by its first word): 1 when each of its words occurs more
    than once (``WordCounts.repeated``), where a repeated n-gram can be. The flags are ANDed
    as one big integer, one byte per word: no loop over the words in Python."""
    windows = len(repeated) - n + 1
    if windows <= 0:
        return b""
    flags = int.from_bytes(repeated, "big")
    mask = flags
    for shift in range(8, 8 * n, 8):
        mask &= flags >> shift  # byte j then holds the AND of words j - n + 1 .. j
    return mask.to_bytes(len(repeated), "big")[n - 1:]


def ones(flags: bytes) -> list[int]:
    """The positions of the 1 bytes of ``flags`` (bytes of 0 and 1). Found one ``find`` at
    a time when they are few, as in most masks (compressing a range makes an int for
    every position), else by compressing."""
    count = flags.count(1)
    if 8 * count > len(flags):
        return list(compress(range(len(flags)), flags))
    at = -1
    return [at := flags.find(1, at + 1) for _ in range(count)]


def count_repeats(words: Sequence[str], repeated: bytes, n: int
                  ) -> dict[tuple[str, ...], int]:
    """The word n-grams (tuples of words) of ``words`` that occur more than once, with
    their counts. Only the windows whose every word repeats are counted: every occurrence
    of a repeated n-gram is one of them, so its count is its count in the whole text, and
    most windows (those with a word seen once) are never built. Tuples, not joined
    strings: a tuple hashes its words' cached hashes, so no string is built per window
    (a sixth of the counting's time)."""
    if b"\x01" * n not in repeated:
        return {}  # no n words in a row repeat (most documents, for long n)
    words = tuple(words)  # (the same object when it is one): its slices are hashable
    # the windows by their first word, sliced out: zipping n shifted copies of the words
    # touched every word n times for the few windows wanted; slicing in a comprehension
    # costs a third of mapping ``words.__getitem__`` over slice objects
    grams = Counter([words[start:start + n] for start in ones(repeated_windows(repeated, n))])
    if max(grams.values()) < 2:
        return {}
    return {gram: count for gram, count in grams.items() if count > 1}


def ngram_repeats(doc: Document, n: int) -> dict[tuple[str, ...], int]:
    """``count_repeats`` of the document's words outside code."""
    def count() -> dict[tuple[str, ...], int]:
        return count_repeats(analysis(doc).words(), word_counts(doc).repeated, n)

    return doc.memo(("duplicate", "repeats", n), count)


class ProseWords:
    """Normalised words of the lines that have at least ``min_line_words`` words.

    Gopher counts every word; lines of tables, logs, signatures and encoded attachments
    repeat legitimately, so only prose lines take part. ``span`` maps word positions back
    to offsets in the document text.
    """

    def __init__(self, doc: Document, min_line_words: int):
        info = analysis(doc)
        self.aligned = info.aligned
        self.segments: list[tuple[int, int, int]] = []  # (first word, line start, line end)
        words: list[str] = []
        signature = signature_start(doc.text)
        for line_words, start, end in _prose_lines(info, min_line_words):
            if start >= signature:
                break
            self.segments.append((len(words), start, end))
            words.extend(line_words)
        self.words = tuple(words)

    def span(self, first: int, count: int) -> tuple[int, int]:
        """Offsets in doc.text of words [first, first + count)."""
        return self._locate(first, 0), self._locate(first + count - 1, 1)

    def _locate(self, word: int, edge: int) -> int:
        """The start (edge 0) or end (edge 1) offset of prose word ``word``."""
        segment = bisect.bisect_right([s[0] for s in self.segments], word) - 1
        base, start, end = self.segments[segment]
        if self.aligned is None:  # words not aligned with the text: the whole line
            return start if edge == 0 else end
        for number, match in enumerate(re.finditer(r"\S+", self.aligned[start:end])):
            if number == word - base:
                return start + match.span()[edge]
        return end


# An e-mail or Usenet signature: after a "-- " (or "--") line near the end of the text.
_SIGNATURE = re.compile(r"^-- ?$", re.M)
SIGNATURE_LINES = 12


def signature_start(text: str) -> int:
    """Where the signature begins (the delimiter line), or len(text) when there is none.

    Signatures repeat by design (ASCII art, "I I I I" borders, a motto), so the repetition
    rules leave them out, as they leave out tables and logs."""
    found = list(_SIGNATURE.finditer(text)) if "--" in text else []
    if found and text.count("\n", found[-1].end()) <= SIGNATURE_LINES:
        return found[-1].start()
    return len(text)


def short_lines_block(sentence: str) -> bool:
    """An address or signature block (short lines: a name, an institution, "P.O. Box
    2476V, Melbourne"), not prose, whose lines run to 9-14 words when wrapped. The first and
    last lines of a sentence in wrapped text are parts of lines ("bank" ends a line after
    "U.S."), so only the lines between them are judged, or both when there are no others."""
    if "\n" not in sentence:
        return False
    lines = [line for line in sentence.split("\n") if line.strip()]
    if any(line.rstrip() == "--" for line in lines):
        return True  # a mail signature's delimiter
    words = [len(line.split()) for line in lines[1:-1] or lines]
    return min(words) < 4 or 2 * sum(count < 7 for count in words) > len(words)


def _prose_lines(info: Analysis, min_line_words: int
                 ) -> Iterator[tuple[Sequence[str], int, int]]:
    """(normalised words, start, end) of the lines outside code with enough words."""
    for paragraph, parts in zip(info.paragraphs, info.parts):
        if paragraph.index in info.code:
            continue
        text = paragraph.text
        if "\n" not in text:
            if parts and _enough_words(text, min_line_words):
                yield parts, paragraph.start, paragraph.end
            continue
        offset = paragraph.start
        for line in text.split("\n"):
            end = offset + len(line)
            if len(line.split()) >= min_line_words:
                words = info.words_between(offset, end)
                if words:
                    yield words, offset, end
            offset = end + 1


def _enough_words(line: str, min_words: int) -> bool:
    """``line`` has ``min_words`` words; counting spaces is enough well above or below."""
    tokens = line.count(" ") + 1
    if min_words <= tokens < min_words + 8:
        tokens = len(line.split())
    return tokens >= min_words


def prose_words(doc: Document, min_line_words: int) -> ProseWords:
    return doc.memo(("duplicate", "prose", min_line_words),
                    lambda: ProseWords(doc, min_line_words))


def where(doc: Document, region: Region) -> str:
    """Where a passage is, for a message."""
    if doc.record is not None:  # JSONL: every paragraph is on the record's line
        return f"line {region.start_line}, column {region.start_column}"
    return f"line {region.start_line}"


def percent(similarity: float) -> str:
    """A similarity for a message; only a true 1.0 reads 100%."""
    return f"{similarity:.0%}" if similarity < 1 else "100%"
