"""Word lists and patterns: the data shipped in rules/comment-spam/ or the user's replacement
files, extended by extra-* parameters, compiled once per combination and cached. Patterns
of the user's own are compiled apart, with RE2 (``userpatterns``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

from corpus_lint.lazyre import lazy
from corpus_lint.rulebook import family_data

from .needs import gated
from .userpatterns import either, user_pattern

FAMILY = "comment-spam"
MARKERS_FILE = "markers.toml"
SPAM_WORDS_FILE = "spam-words.txt"
PROFANITY_FILE = "profanity.txt"
SPAM_PATTERNS_FILE = "spam-patterns.toml"


class DataError(ValueError):
    """A data file that cannot be read or compiled (reported as a configuration error)."""


def shipped(name: str) -> Path:
    """A data file shipped with the family."""
    return family_data(FAMILY, name)


def source(name: str, user_file: str) -> Path:
    """The file a *-file parameter names (relative to the working directory), or the shipped
    data file when the parameter is empty."""
    if not user_file:
        return shipped(name)
    candidate = Path(user_file).expanduser()
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate
    return candidate


def _read_list(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read word list {path}: {exc.strerror or exc}") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _load_toml(path: Path, what: str) -> dict[str, Any]:
    from corpus_lint.config import _toml  # tomllib, imported only if a file is parsed
    from corpus_lint.rulebook.spec import load_toml  # a shipped file: the parsed snapshot

    try:
        return load_toml(path)
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except _toml().TOMLDecodeError as exc:  # evaluated only when one is raised
        raise DataError(f"{what} {path} is not valid TOML: {exc}") from None


def _read_markers(path: Path) -> dict[str, list[str]]:
    data = _load_toml(path, "markers file")
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"markers file {path}: '{key}' must be a list of strings")
    return data


def _compile(pattern: str, what: str, flags: int = re.I) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(f"bad {what} pattern {pattern!r}: {exc}") from None


Gate = tuple  # of frozensets: a line must hold a word of each to be tried (empty: always)
Promotion = tuple[Gate, re.Pattern, "re.Pattern | None"]  # gate, pattern, document prefilter


def gate_open(gate: Gate, tokens: frozenset[str]) -> bool:
    for group in gate:
        if group.isdisjoint(tokens):
            return False
    return True


def _user(patterns: Iterable[tuple[str, str]], ignore_case: bool = True):
    """``user_pattern``, its refusal a DataError."""
    try:
        return user_pattern(patterns, ignore_case)
    except ValueError as exc:
        raise DataError(str(exc)) from None


@lru_cache(maxsize=2)
def _shipped_patterns(name: str) -> frozenset[str]:
    """Every regular expression of a shipped data file: trusted (``re``) in a user's file too,
    so a copy of the shipped file keeps working and matching as before."""
    data = _load_toml(shipped(name), name)
    found = {entry.get("regex") for entry in data.get("pattern", []) if isinstance(entry, dict)}
    found.update(p for key, value in data.items() if key.endswith("-patterns") for p in value)
    return frozenset(found)


def _read_patterns(path: Path) -> list[Promotion]:
    """Promotion patterns: [[pattern]] tables with a regex and the words that gate it. The
    regexes of a user's file, unless shipped ones, are compiled with RE2."""
    data = _load_toml(path, "spam patterns")
    trusted = _shipped_patterns(SPAM_PATTERNS_FILE)
    patterns = []
    for entry in data.get("pattern", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("regex"), str):
            raise DataError(f"spam patterns {path}: every [[pattern]] needs a regex string")
        groups = entry.get("any") or []
        if groups and all(isinstance(g, str) for g in groups):
            groups = [groups]
        if not all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups):
            raise DataError(f"spam patterns {path}: 'any' must be a list of words "
                            "or a list of lists of words")
        gate = tuple(frozenset(w.lower() for w in g) for g in groups if g)
        regex = entry["regex"]
        pre = entry.get("prefilter")  # shipped only: a pattern the document must match first
        # shipped regexes (tested to compile) are compiled when a line opens their gate
        patterns.append((gate, lazy(regex) if regex in trusted else
                         _user([(f"spam-patterns-file {path}", regex)], ignore_case=False),
                         lazy(pre) if regex in trusted and pre else None))
    return patterns


def _alternation(patterns: Iterable[str], what: str) -> re.Pattern | None:
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    try:  # compiled once, not also one by one: regex compiling is most of the start-up
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    except re.error as exc:
        for pattern in patterns:
            _compile(pattern, what, 0)  # names the pattern at fault
        raise DataError(f"bad {what} patterns: {exc}") from None


_PUNCT = {ord(ch): " " for ch in "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~«»“”„‘’–—…•·→←♥☆★"}
_PUNCT.update({ord("'"): None, ord("’"): None})


# _PUNCT in two parts: the ASCII marks as a byte table, the others replaced one by one
_ASCII_PUNCT = bytes(range(256)).translate(bytes.maketrans(
    bytes(k for k, v in _PUNCT.items() if k < 128 and v), b" " * sum(
        1 for k, v in _PUNCT.items() if k < 128 and v)))
_ASCII_DROP = bytes(k for k, v in _PUNCT.items() if k < 128 and v is None)
_WIDE_PUNCT = tuple((chr(k), v or "") for k, v in _PUNCT.items() if k >= 128)


def fast_tokens(text: str) -> list[str]:
    """Words of ``text`` split on spaces and punctuation (apostrophes dropped: "i'm" -> "im")."""
    return unpunctuate(text).split()


def unpunctuate(text: str) -> str:
    """``text.translate(_PUNCT)``, 5x faster on a document: ``str.translate`` looks each
    character up in a dict, ``bytes.translate`` in a table. ASCII bytes in UTF-8 are ASCII
    characters only, so the ASCII marks are translated on the encoded text; the few other
    marks are replaced first (a test an ASCII text answers at once). ``surrogatepass``
    round-trips every string."""
    if not text.isascii():  # (an ASCII text holds none of the other marks)
        for mark, to in _WIDE_PUNCT:
            if mark in text:
                text = text.replace(mark, to)
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT, _ASCII_DROP) \
        .decode("utf-8", "surrogatepass")


def word_text(text: str) -> str:
    """``text`` with punctuation made spaces and lower-cased: its ``split()`` is
    ``[w.lower() for w in fast_tokens(text)]`` exactly (punctuation goes before the case is
    folded, so a final sigma is judged within its word), line for line (no newline is
    added or removed), so a document is folded once and each line splits its part."""
    return unpunctuate(text).lower()


class PhraseSet:
    """Whole-word, case-insensitive phrase matcher over a line's tokens.

    Phrases are split into word tokens (punctuation is ignored); ``word*`` matches every
    word starting with ``word``. Looking tokens up in a dict is much faster than one big
    regular-expression alternation.
    """

    def __init__(self, phrases: Iterable[str]):
        self.first: dict[str, list[tuple[str, ...]]] = {}
        prefixes = []
        for phrase in phrases:
            phrase = phrase.strip().lower()
            if phrase.endswith("*") and " " not in phrase and len(phrase) > 3:
                prefixes.append(phrase[:-1])
                continue
            tokens = tuple(fast_tokens(phrase))
            if tokens and tokens not in self.first.get(tokens[0], ()):
                self.first.setdefault(tokens[0], []).append(tokens)
        for candidates in self.first.values():  # the longest phrase at a position wins
            candidates.sort(key=len, reverse=True)
        # (a frozenset: ``&`` with a word set walks the smaller; ``dict.keys() &`` walks the
        # word set whatever its size, and a document has hundreds of words)
        self.first_words = frozenset(self.first)
        # first words that are a phrase on their own: held, they start one
        self.alone = frozenset(t for t, found in self.first.items() if len(found[-1]) == 1)
        # the second words of each first word's longer phrases: a line holding none of them
        # holds none of those phrases ("the" starts dozens; most lines have "the")
        self.seconds = {t: frozenset(p[1] for p in found if len(p) > 1)
                        for t, found in self.first.items()}
        self.prefixes = tuple(sorted(set(prefixes)))
        self.prefix_heads = frozenset(p[:3] for p in self.prefixes)
        # a prefix without white space is in a text's words as in the text they are split from
        self._in_words = not any(ch.isspace() for p in self.prefixes for ch in p)
        # the most distinct phrases ``hits`` can find in any text (prefixes: no bound)
        self.most_hits = sum(map(len, self.first.values())) if not self.prefixes else None

    def __bool__(self) -> bool:
        return bool(self.first or self.prefixes)

    def possible(self, tokenset: frozenset[str]) -> bool:
        """Whether any phrase may occur in a text with these words (a cheap pre-check)."""
        for token in self.first_words & tokenset:
            for phrase in self.first[token]:
                if len(phrase) == 1 or tokenset.issuperset(phrase):
                    return True
        heads = self.prefix_heads
        return bool(self.prefixes) and any(t[:3] in heads and t.startswith(self.prefixes)
                                           for t in tokenset)

    def hits(self, tokens: list[str], tokenset: frozenset[str] | None = None,
             joined: str | None = None, firsts: frozenset[str] | None = None) -> list[str]:
        """The phrases found in ``tokens`` (lower-cased words of a line); ``joined``: a text
        whose ``split()`` is ``tokens`` (a line's folded text), searched for the prefixes
        instead of the words joined anew; ``firsts``: first words of phrases, among them all
        that ``tokens`` may hold (those of a document the line is part of)."""
        found = []
        first = self.first
        words = tokenset if tokenset is not None else frozenset(tokens)
        # the first words of phrases whose every word the line holds: the walk over the
        # line is for them only ("the author" starts with a word of every line); half the
        # lines scored hold no first word at all
        held = (self.first_words if firsts is None else firsts) & words
        starts = held & self.alone
        if len(starts) < len(held):
            seconds = self.seconds
            starts |= {t for t in held - starts if not words.isdisjoint(seconds[t])
                       and any(words.issuperset(p) for p in first[t])}
        if starts:
            for i, token in enumerate(tokens):
                if token in starts:
                    for phrase in first[token]:
                        if len(phrase) == 1 or tuple(tokens[i:i + len(phrase)]) == phrase:
                            found.append(" ".join(phrase))
                            break
        if self.prefixes and self._prefix_in(tokens, joined):
            heads = self.prefix_heads
            found.extend(t for t in tokenset or tokens
                         if t[:3] in heads and t.startswith(self.prefixes))
        return found

    def _prefix_in(self, tokens: list[str], joined: str | None = None) -> bool:
        """Whether a prefix occurs in the words at all (a substring test in C before the
        loop over every word)."""
        if joined is None or not self._in_words:
            joined = " ".join(tokens)
        return any(map(joined.__contains__, self.prefixes))


class Markers:
    """The compiled contents of a markers file (markers.toml): widget words, headings,
    signatures, reviews' ratings, timestamps, page furniture, reader and praise phrases.
    ``user`` holds the user's own patterns, by list, as (where from, pattern): compiled
    apart, with RE2."""

    def __init__(self, data: dict[str, list[str]],
                 user: dict[str, list[tuple[str, str]]] | None = None):
        def entries(key: str) -> list[str]:  # a user's markers file may leave lists out
            return data.get(key, [])

        def patterns(what: str, *keys: str):
            return either(_alternation([p for key in keys for p in entries(key)], what),
                          _user([p for key in keys for p in (user or {}).get(key, [])]))

        self.interface = frozenset(w.lower() for w in entries("interface-words"))
        self.header = patterns("header", "header-patterns")
        self.signature = patterns("signature", "signature-patterns")
        self.rating = patterns("rating", "rating-patterns")
        self.stamped_signature = patterns("stamped signature", "stamped-signature-patterns")
        self.not_comment = patterns("not-comment", "not-comment-patterns")
        self.chrome = patterns("page-chrome", "page-chrome-patterns")
        # (tried on every short line, and no literal start: first a test for what it needs)
        self.stamp = gated(patterns("timestamp", "relative-time-patterns", "time-patterns",
                                    "date-patterns"))
        self.relative = patterns("relative time", "relative-time-patterns")
        self.time = patterns("time", "time-patterns")
        self.date = patterns("date", "date-patterns")
        self.reader = PhraseSet(entries("reader-phrases"))
        self.praise = PhraseSet(entries("praise-phrases"))
        self.stance = PhraseSet(entries("stance-phrases"))
        self.casual = PhraseSet(entries("casual-words"))
        self.opinion = PhraseSet(entries("opinion-words"))


Extra = tuple[str, ...]  # entries a rule parameter adds to a data set


@lru_cache(maxsize=16)
def load_markers(path: Path, extra: tuple[tuple[str, str, Extra], ...]) -> Markers:
    """A markers file with extra entries appended to some of its lists (parameter, list
    name, entries). The patterns of a user's file (but shipped ones) and of parameters are
    the user's."""
    data = _read_markers(path)
    user: dict[str, list[tuple[str, str]]] = {}
    if path != shipped(MARKERS_FILE):
        trusted = _shipped_patterns(MARKERS_FILE)
        for key in [key for key in data if key.endswith("-patterns")]:
            user[key] = [(f"markers-file {path}, '{key}'", p) for p in data[key]
                         if p not in trusted]
            data[key] = [p for p in data[key] if p in trusted]
    for parameter, key, entries in extra:
        if key.endswith("-patterns"):
            user.setdefault(key, []).extend((parameter, p) for p in entries)
        else:
            data[key] = data.get(key, []) + list(entries)
    return Markers(data, user)


@lru_cache(maxsize=16)
def load_phrases(path: Path, extra: Extra) -> PhraseSet:
    """A word list (one word or phrase a line, '#' comments) and extra entries."""
    return PhraseSet(_read_list(path) + list(extra))


@lru_cache(maxsize=16)
def load_promotions(path: Path, extra: Extra) -> tuple[Promotion, ...]:
    """A promotion patterns file and extra ungated regular expressions (the user's: RE2)."""
    return tuple(_read_patterns(path)) + tuple(
        ((), _user([("extra-spam-patterns", p)]), None) for p in extra)


def word_list(name: str, user_file: str, extra: Iterable[str]) -> PhraseSet:
    """A shipped word list or the user's replacement, with extra entries."""
    return load_phrases(source(name, user_file), tuple(extra))


class Gates:
    """Which promotion patterns a document's words open. Only the gate words matter: the
    document's words are cut down to them once (a set intersection in C). Each pattern
    has ``width`` bits, one for each group of its gate (the bits of groups it lacks are
    set from the start); a gate word sets the bits of the groups it is in, so a pattern
    is open when all its bits are set: a few integer operations for all the patterns,
    not ``gate_open`` on each."""

    def __init__(self, promo: tuple[Promotion, ...]):
        self.promo = promo
        self.words = frozenset().union(*(group for gate, _, _ in promo for group in gate))
        self.width = width = max((len(gate) for gate, _, _ in promo), default=0) or 1
        self.base = self.firsts = 0
        self.bits: dict[str, int] = {}
        for index, (gate, _, _) in enumerate(promo):
            first = index * width
            self.firsts |= 1 << first
            for slot in range(len(gate), width):
                self.base |= 1 << (first + slot)
            for slot, group in enumerate(gate):
                for word in group:
                    self.bits[word] = self.bits.get(word, 0) | 1 << (first + slot)

    def mask(self, words: Iterable[str]) -> int:
        """The patterns whose gates ``words`` open, as the first bits of their places."""
        met = self.base
        bits = self.bits
        for word in self.words.intersection(words):
            met |= bits[word]
        opened = met & self.firsts
        for shift in range(1, self.width):  # the first bit of a pattern stays if all do
            opened &= met >> shift
        return opened

    def indices(self, mask: int) -> list[int]:
        """The patterns of a mask, by index, in order."""
        found = []
        while mask:
            low = mask & -mask
            found.append((low.bit_length() - 1) // self.width)
            mask ^= low
        return found

    def open(self, tokens: frozenset[str]) -> tuple[Promotion, ...]:
        """The patterns (with their prefilters, not yet tried) whose gates ``tokens`` open,
        in their order."""
        return tuple(self.promo[index] for index in self.indices(self.mask(tokens)))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The data one rule's parameters select."""

    markers: Markers
    spam: PhraseSet
    profanity: PhraseSet
    promo: tuple[Promotion, ...]

    @cached_property
    def gates(self) -> Gates:
        return Gates(self.promo)


@lru_cache(maxsize=16)
def lexicon(markers: Markers, spam: PhraseSet, profanity: PhraseSet,
            promo: tuple[Promotion, ...]) -> Lexicon:
    """One lexicon object per combination of data (the loaders above are cached too), so
    rules whose data parameters agree share it, and share one analysis of each document."""
    return Lexicon(markers, spam, profanity, promo)
