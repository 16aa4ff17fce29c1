"""Whether a document is written in a register the garbling rules' models do not know: a
technical one (software documentation, changelogs, release notes, programming questions
and answers), Early Modern English (``archaic_register``, below) or verse
(``verse_register``).

Their identifiers ("getenv", "shlibdeps", "fcpatternelts"), jargon ("fetch gnulib", "the
soname") and brace notation ("--with-{openssl|gnutls}") are not the English words and
word sequences a model of general prose knows, so the rules that judge wording against
such a model (garbling's statistical score, its transliterated-word test, spintax) would
read them as a failed translation: over 600 package READMEs, NEWS files and changelogs
they flagged 102. The register is told by what only technical writing is made of, not by
any one format: whitespace chunks that are code (``_TECHNICAL``), counted over the whole
document, since a changelog's paragraphs of plain words sit between lines of file names.
"""
from __future__ import annotations

import math
import re

from corpus_lint.documents.document import Document
from corpus_lint.lazyre import lazy

# A chunk (punctuation around it stripped, see ``_AROUND_END``) that is code: a snake_case
# name, a call "name()", a file name with a source, build, document or package extension,
# a rooted path, a long option "--with-x", a camelCase name starting with two lower-case
# letters ("fcPattern"; not "iPhone" or "eBay"), an operator between names ("Scr->depth",
# "a==b"), an assignment "baud=57600", an "#include", a Unicode code point or range
# ("U+05E7", "U+2161-2163": a font's changelog). Not slashes between words
# ("trust/belief/faith", "Name10/28/12"), dotted abbreviations ("U.S.") nor underscores
# used for emphasis ("_very_").
_TECHNICAL = lazy(r"""
    [A-Za-z0-9]+(?:_[A-Za-z0-9]+)+
  | [A-Za-z_][\w.:>-]*\(\)\)?
  | (?:[\w.+-]+/)*[\w.+-]*\w\w\.(?:c|h|cc|cpp|hpp|py|js|ts|rb|go|rs|java|sh|pl|pm|md|rst|txt|in
       |am|ac|m4|cfg|conf|ini|json|ya?ml|toml|xml|html?|css|so|o|deb|rpm|gz|xz|bz2|zip|tar
       |patch|diff|el|exe|dll)
  | (?:~|\.{1,2})?/\.?[A-Za-z][\w.-]*(?:/[\w.-]*)*
  | --[a-z][\w-]+(?:=\S*)?
  | [a-z]{2,}[A-Z]\w*
  | \w+(?:::|->|==|!=|&&|\+=)\w\S*
  | [A-Za-z_]\w*=\S+
  | \#include
  | U\+[0-9A-F]{4,6}(?:-(?:U\+)?[0-9A-F]{4,6})?
""", re.X)
_AROUND_END = ",.;:!?\"'“”‘’)]`*"
_PUNCT_END = _AROUND_END.replace(")", "")  # ")" kept when it closes a call's "("
_AROUND_START = "\"'“‘([`*"  # (Markdown's inline code and emphasis too)

# A document is technical with at least this many code chunks, making up at least this
# share of its chunks. Over ../shared/bench (2,225 BBC articles) and the garbling,
# comment-spam and metadata dev sets no news or MT document reaches both (a BBC story on
# a forum hack names "phpBB" 3 times); 272 of the 600 package documents do, as do 20
# Newsgroups posts with code or FTP paths. The share is low so that a long changelog,
# mostly sentences, counts (bash's NEWS: 533 code chunks in 67,564).
MIN_CHUNKS = 5
MIN_SHARE = 0.005


def technical_chunks(text: str, enough: int | None = None) -> int:
    """How many whitespace chunks of ``text`` are code (``_TECHNICAL``); counting stops at
    ``enough`` when given."""
    found = 0
    fullmatch = _TECHNICAL.fullmatch
    for chunk in text.split():
        chunk = chunk.lstrip(_AROUND_START)
        chunk = chunk.rstrip(_PUNCT_END if "(" in chunk else _AROUND_END)
        if chunk and fullmatch(chunk):
            found += 1
            if found == enough:
                break
    return found


def is_technical(text: str) -> bool:
    """Whether ``text`` is in a technical register (``MIN_CHUNKS``, ``MIN_SHARE``)."""
    needed = max(MIN_CHUNKS, math.ceil(MIN_SHARE * len(text.split())))
    return technical_chunks(text, needed) >= needed


def technical_register(doc: Document) -> bool:
    """``is_technical`` of the document's text, worked out once. Rules ask only when
    they are about to report: most documents are never measured."""
    return doc.memo(("register", "technical"), lambda: is_technical(doc.text))


# Early Modern English: the pronouns, verb forms and adverbs of the King James Bible and
# Shakespeare ("thou hast", "unto", "'tis", "wherefore"), which modern writing (and modern
# MT) uses only in a quotation. A document is in that register with at least
# MIN_ARCHAIC of them, making up at least ARCHAIC_SHARE of its words: over ../shared/bench,
# every eval set and 600 package documents none is; of NLTK's Genesis (King James) 89 of
# 118 documents are, of Shakespeare's speeches 149 of 209, of 20 Newsgroups 8 of 7,516
# (debates quoting scripture). An MT paragraph aping scripture ("Thy father shall go up
# to heaven, if thou be ...") has two or three: it is still judged.
_ARCHAIC = frozenset("""thou thee thy thine hath doth dost hast shalt wilt unto ye 'tis tis
ere o'er ne'er e'er wherefore hither thither whither methinks prithee forsooth thence whence
canst couldst wouldst shouldst didst""".split())
_ARCHAIC_WORD = re.compile(r"[a-z']+")
MIN_ARCHAIC = 8
ARCHAIC_SHARE = 0.01


def is_archaic(text: str) -> bool:
    """Whether ``text`` is written in Early Modern English (``MIN_ARCHAIC``,
    ``ARCHAIC_SHARE``)."""
    words = _ARCHAIC_WORD.findall(text.lower())
    found = sum(word in _ARCHAIC for word in words)
    return found >= MIN_ARCHAIC and found >= ARCHAIC_SHARE * len(words)


def archaic_register(doc: Document) -> bool:
    """``is_archaic`` of the document's text, worked out once: the garbling rules whose
    models and lists describe modern English word sequences, constructions and synonyms
    do not judge it (asked when about to report)."""
    return doc.memo(("register", "archaic"), lambda: is_archaic(doc.text))


# Verse: a line ending in a comma goes on with a capital ("Waiting in gloom, protected by
# frost, / The dirt receding before my prophetical screams,"), as prose never wraps. A
# document is verse with at least MIN_VERSE_BREAKS such breaks, making up VERSE_SHARE of
# its lines ending in a comma (but those going on with "I", which prose's do too). Of
# Whitman's Leaves of Grass in ten-stanza chunks 239 of 249 are; over ../shared/bench 18 of
# 29,093 news and newsgroup documents (tables of figures, uuencoded files: not prose
# either), 5 of 600 package documents, none of the 2,225 BBC stories, the garbling dev set,
# Brown's 500 texts or eight novels.
MIN_VERSE_BREAKS = 5
VERSE_SHARE = 0.7
_FIRST_PERSON = ("I", "I'm", "I've", "I'll", "I'd")


def is_verse(text: str) -> bool:
    """Whether ``text`` is verse (``MIN_VERSE_BREAKS``, ``VERSE_SHARE``)."""
    if text.count(",\n") < MIN_VERSE_BREAKS:
        return False
    lines = text.split("\n")
    comma = capital = 0
    for line, after in zip(lines, lines[1:]):
        if line.rstrip().endswith(",") and after.strip() \
                and after.split()[0] not in _FIRST_PERSON:  # (a capital in prose too)
            comma += 1
            capital += after.lstrip()[0].isupper()
    return capital >= MIN_VERSE_BREAKS and capital >= VERSE_SHARE * comma


def verse_register(doc: Document) -> bool:
    """``is_verse`` of the document's text, worked out once (asked when about to report)."""
    return doc.memo(("register", "verse"), lambda: is_verse(doc.text))


def unknown_register(doc: Document) -> bool:
    """Technical, archaic or verse: a register the statistical model of modern prose was not
    made from, whose improbable word sequences (G104, G106) are no evidence of translation:
    a poem's inversions and apostrophes ("Do you not know O speech how the buds beneath you
    are folded?") are its art."""
    return technical_register(doc) or archaic_register(doc) or verse_register(doc)
