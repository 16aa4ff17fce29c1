"""The language of a document: the one its metadata declares, else the one detected.

Rules that only make sense in one language (the English garbling model, Gopher's English
stop words) set ``Rule.languages``; the engine skips them on a document of another language
(``Engine.check_document``). A declared ``language``/``lang`` field always wins: the corpus
owner knows better than a detector, and a wrong declaration is reported by Q501.

Detection uses langdetect (the design card's choice: pure Python, 55 languages, offline
profiles in the wheel), seeded (``DetectorFactory.seed = 0``) so a run is reproducible, its
profiles loaded once per process, confirmed by the language's stop words (``confirmed``),
on a bounded sample (``SAMPLE_CHARS`` from the start,
middle and end of the body). English is recognised first without langdetect when English
function words make up a large share of the first ``SAMPLE_CHARS`` (see ``ENGLISH_SHARE``): news articles
are mostly English and langdetect costs about 2 ms a document, more than every quality rule
together. Everything is memoised on the document (``doc.memo``).
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from itertools import count
from typing import Iterable

from .document import Document

SAMPLE_CHARS = 600  # per sampled part (start, middle, end): ~1,800 characters at most
MIN_LETTERS = 20  # below this, nothing is detected (None: "not known")
MIN_PROBABILITY = 0.9  # langdetect's own probability for its best language
CONFIRM_SHARE = 0.25  # share of the words in the detected language's stop-word list
# Scripts written without spaces between words: word-based measures do not apply.
UNSPACED = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})
# Share of words that are among the English function words below, in the first
# SAMPLE_CHARS: English news has 0.2-0.45 (BBC median 0.31; 8 of 2,225 stories fall under
# 0.18 and go to langdetect); French and German text about 0.01-0.03 (they share "a",
# "in", "on", "die"... with English only by accident). Below the limit, langdetect decides.
ENGLISH_SHARE = 0.18
ENGLISH_FUNCTION_WORDS = frozenset("""
the of and to in is that for it was on with as by at he be this are from his have an
but not they which or had has were their been will its who would there she we you her
""".split())
_WORD = re.compile(r"[^\W\d_]+")
METADATA_KEYS = ("language", "lang")


def normalise_code(value: object) -> str | None:
    """A declared language as its two- or three-letter base code ("en-GB" -> "en",
    "French" -> "fr"), None when it names no language."""
    if not isinstance(value, str) or not value.strip():
        return None
    import langcodes

    text = value.strip()
    try:
        return langcodes.standardize_tag(text).split("-")[0].lower()
    except (ValueError, LookupError):
        pass
    try:
        return langcodes.find(text).language
    except (ValueError, LookupError):
        return None


def declared_language(doc: Document) -> str | None:
    """The language the document's metadata declares (``language`` or ``lang``)."""
    if not doc.metadata:
        return None
    for key in METADATA_KEYS:
        if key in doc.metadata:
            return normalise_code(doc.metadata[key])
    return None


def detected_language(doc: Document) -> str | None:
    """The language the body is written in, detected, or None for too little text."""
    return doc.memo(("language", "detected"), lambda: detect(doc.text))


def document_language(doc: Document) -> str | None:
    """The declared language if there is one, else the detected one."""
    return doc.memo(("language", "document"),
                    lambda: declared_language(doc) or detected_language(doc))


def english_share(text: str) -> tuple[float, int]:
    """(share of words that are English function words, number of words)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0, 0
    return sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) / len(words), len(words)


def sample(text: str) -> str:
    """At most three ``SAMPLE_CHARS`` parts of ``text``: start, middle and end."""
    if len(text) <= 3 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2 - SAMPLE_CHARS // 2
    return " ".join((text[:SAMPLE_CHARS], text[middle:middle + SAMPLE_CHARS],
                     text[-SAMPLE_CHARS:]))


def detect(text: str) -> str | None:
    """The language of ``text`` (a langdetect code such as "en", "fr", "zh-cn" reduced to
    its base, "zh"), or None when it has fewer than ``MIN_LETTERS`` letters."""
    share, words = english_share(text[:SAMPLE_CHARS])  # the common case, cheaply
    if share >= ENGLISH_SHARE and words >= 8:
        return "en"
    part = sample(text)
    if sum(map(str.isalpha, part)) < MIN_LETTERS:
        return None
    return langdetect_language(part)


def langdetect_language(text: str) -> str | None:
    """langdetect's answer for ``text`` with the fixed seed, None when it finds no feature
    or is less sure than ``MIN_PROBABILITY`` (lists of codes, names, garbage: a rule must
    not be switched off because noise looked Dutch)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    code = best.lang.split("-")[0]
    return code if best.prob >= MIN_PROBABILITY and confirmed(code, text) else None


def confirmed(language: str, text: str) -> bool:
    """Whether the text has the function words of ``language``: real text in a language
    with a stop-word list has 0.4-0.5 of its words in it. Garbled transliterations that
    langdetect calls Swahili or Tagalog at 0.99 are not confirmed (no list, or too few
    of its words), so the English rules still judge them; a language without a list is
    trusted when most letters are not Latin (no English garbling is written in Tamil).
    Scripts without spaces are trusted as detected (their words cannot be counted, and
    their script is unmistakable)."""
    if language in UNSPACED:
        return True
    words = stop_words_of(language)
    if not words:  # no list: trusted in a script of its own (Tamil, Amharic), not in Latin
        return _latin_letters_share(text) < 0.5
    found = [w for w in _script_words().findall(text.lower())
             if len(w) > 1]  # not ASCII art's "l l l"
    return bool(found) and sum(map(words.__contains__, found)) >= CONFIRM_SHARE * len(found)


@lru_cache(maxsize=1)
def combining_marks() -> str:
    """Unicode's combining marks (categories Mn, Mc, Me) in the blocks of the scripts written
    with spaces (Latin diacritics to Myanmar, Khmer, the combining supplements), as ranges
    for a regex class. ``\\w`` leaves them out, so Hindi "भारत" (a vowel sign after its first
    letter) would be the words "भ" and "रत", and an Indic text's mean word length under 2."""
    import unicodedata

    blocks = ((0x0300, 0x1100), (0x1700, 0x1800), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00),
              (0x20D0, 0x2100), (0xFE20, 0xFE30))
    marks = [code for low, high in blocks for code in range(low, high)
             if unicodedata.category(chr(code))[0] == "M"]
    ranges, start = [], None
    for index, code in enumerate(marks):
        if start is None:
            start = code
        if index + 1 == len(marks) or marks[index + 1] != code + 1:
            ranges.append(f"\\u{start:04x}-\\u{code:04x}" if code > start else f"\\u{start:04x}")
            start = None
    return "".join(ranges)


@lru_cache(maxsize=1)
def _script_words() -> re.Pattern[str]:
    """Words of any script, their combining marks included (``_WORD`` splits them there)."""
    return re.compile(rf"(?:[^\W\d_]|[{combining_marks()}])+")


def _latin_letters_share(text: str) -> float:
    """Share of the letters that are Latin (up to Latin Extended-B)."""
    letters = [char for char in text if char.isalpha()]
    return sum(1 for char in letters if char <= "\u024f") / len(letters) if letters else 1.0


@lru_cache(maxsize=64)
def stop_words_of(language: str) -> frozenset[str] | None:
    """The stop words the stop-words package ships for ``language`` (None without one)."""
    try:
        from stop_words import StopWordError, get_stop_words
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return frozenset(get_stop_words(language))
    except StopWordError:
        return None


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of English words familiar to most readers (2,940, shipped with
    textstat, read from its resources without importing it); empty without it."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("textstat")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "resources" / "en" / "easy_words.txt"
        if path.is_file():
            return frozenset(path.read_text(encoding="utf-8").split())
    return frozenset()


@lru_cache(maxsize=1)
def _factory():
    """langdetect's detector factory, its profiles loaded once per process, the seed fixed.

    langdetect keeps its profiles as a dict of 87,598 n-grams, each a list of 55 Python
    floats: 57 MiB and 0.3-3 s to load, and pages that every forked worker copies as it
    touches the floats' reference counts. The same numbers are kept here as one float64
    table mapped from the user's cache (``flat_profiles``): file pages the workers share,
    a few ms to open, the same float values, so the same answers.
    """
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    flat = flat_profiles()
    if flat is None:  # no usable cache: langdetect's own loading
        detector_factory.init_factory()
        return detector_factory._factory
    factory = DetectorFactory()
    factory.langlist, factory.word_lang_prob_map = flat
    return factory


class FlatProfiles(dict):
    """What langdetect's ``Detector`` reads of ``word_lang_prob_map``: ``in`` (the dict's
    own, {n-gram: row}, as fast as langdetect's) and ``[]``, the n-gram's row of the table,
    one probability per language of ``langlist``."""

    __slots__ = ("table", "width")

    def __init__(self, words: Iterable[str], table: memoryview, width: int):
        super().__init__(zip(words, count()))  # each n-gram's row: built once, not copied
        self.table, self.width = table, width

    def __getitem__(self, word: str) -> memoryview:
        start = dict.__getitem__(self, word) * self.width
        return self.table[start:start + self.width]


# The n-grams, one a line: decoded and split in 4 ms, where the JSON list they were kept
# as took 10 ms (issue 17: the profiles load before --jobs workers fork). The file's name
# is part of the entry's key, so an entry of the JSON layout is not read as this one.
WORDS = "words.txt"


def flat_profiles() -> tuple[list[str], FlatProfiles] | None:
    """(language list, profile table) mapped from the user's cache, derived from
    langdetect's profiles on first use; None when the cache cannot be used."""
    import json
    import mmap
    import sys

    from langdetect import detector_factory

    from corpus_lint.usercache import derived_folder, forget

    directory = detector_factory.PROFILES_DIRECTORY
    try:
        names = sorted(os.listdir(directory))
        stamps = [os.stat(os.path.join(directory, n)) for n in names]
    except OSError:
        return None
    key = hashlib.sha256("\0".join([sys.byteorder, directory, WORDS, *(
        f"{n}:{s.st_size}:{s.st_mtime_ns}" for n, s in zip(names, stamps))]).encode(
        "utf-8", "surrogatepass")).hexdigest()
    folder = derived_folder("langdetect", None, _write_flat_profiles, key=key)
    if folder is None:
        return None
    try:
        langs = json.loads((folder / "langs.json").read_text(encoding="utf-8"))
        words = (folder / WORDS).read_bytes().decode("utf-8", "surrogatepass").split("\n")
        with open(folder / "table.f64", "rb") as handle:
            table = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("d")
        if len(table) != len(words) * len(langs):
            raise ValueError("damaged profile table")
    except (OSError, ValueError, TypeError):
        forget(folder)
        return None
    return langs, FlatProfiles(words, table, len(langs))


def _write_flat_profiles(folder) -> None:
    """langdetect's profiles loaded its own way, written as the language list, the n-grams
    and their rows of probabilities (native float64, the values of langdetect's floats)."""
    import json
    from array import array

    from langdetect import DetectorFactory, detector_factory

    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    words = list(factory.word_lang_prob_map)
    table = array("d")
    for word in words:
        table.extend(factory.word_lang_prob_map[word])
    if any("\n" in word for word in words):  # (langdetect turns white space into " ")
        raise OSError("an n-gram holds a newline: no cached profiles")
    (folder / "langs.json").write_text(json.dumps(factory.langlist), encoding="utf-8")
    (folder / WORDS).write_bytes("\n".join(words).encode("utf-8", "surrogatepass"))
    with open(folder / "table.f64", "wb") as handle:
        table.tofile(handle)


def prepare() -> None:
    """Load langdetect's profiles now (before worker processes fork)."""
    _factory()


def speaks(doc: Document, languages: tuple[str, ...]) -> bool:
    """Whether a rule limited to ``languages`` may judge ``doc``: its language is one of
    them, or is not known (too little text to tell)."""
    return judges(document_language(doc), languages)


def judges(language: str | None, languages: tuple[str, ...]) -> bool:
    """``speaks`` for a document whose ``document_language`` is ``language`` (the engine
    asks it once per document, not once per rule)."""
    return language is None or language in languages


def unspaced(doc: Document) -> bool:
    """Whether the document is in a language written without spaces between words (its
    "words" are whole phrases: word counts and lengths mean nothing)."""
    return document_language(doc) in UNSPACED
