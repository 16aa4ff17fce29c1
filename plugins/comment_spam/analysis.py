"""The per-document analysis both rules share: lines with their markers classified and
their spam scored, computed once per document and lexicon."""
from __future__ import annotations

from corpus_lint.documents.document import Document

from .lexicon import Lexicon, word_text
from .lines import Line, split_lines
from .markers import classify
from .spam import scan_spam


def analyse(doc: Document, lex: Lexicon) -> list[Line]:
    """The document's lines for this lexicon (C101 and C102 share them when their data
    parameters agree: equal lexicons)."""
    return doc.memo(("comment-spam", "lines", lex), lambda: _lines(doc.text, lex))


def _lines(text: str, lex: Lexicon) -> list[Line]:
    folded = word_text(text)  # the document's words, found once for all its lines
    lines = split_lines(text, lex, folded)
    for line in lines:
        classify(lex.markers, line)
    scan_spam(lex, text, lines, folded)
    return lines
