"""The per-document analysis both rules share: lines with their markers classified and
their spam scored, computed once per document and lexicon."""
from __future__ import annotations

from corpus_lint.documents.document import Document

from .lexicon import Lexicon
from .lines import Line, split_lines
from .markers import classify
from .spam import scan_spam


def analyse(doc: Document, lex: Lexicon) -> list[Line]:
    """The document's lines for this lexicon (C101 and C102 share them when their data
    parameters agree: equal lexicons)."""
    return doc.memo(("comment-spam", "lines", lex), lambda: _lines(doc.text, lex))


def _lines(text: str, lex: Lexicon) -> list[Line]:
    lines = split_lines(text, lex)
    for line in lines:
        classify(lex.markers, line)
    scan_spam(lex, text, lines)
    return lines
