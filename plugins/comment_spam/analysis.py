"""The per-document analysis both rules share: lines with their markers classified and
their spam scored, computed once per document and lexicon."""
from __future__ import annotations

import re

from corpus_lint.documents.document import Document
from corpus_lint.documents.layout import document_code

from .lexicon import Lexicon, word_text
from .lines import Line, split_lines
from .markers import classify
from .spam import scan_spam


def analyse(doc: Document, lex: Lexicon) -> list[Line]:
    """The document's lines for this lexicon (C101 and C102 share them when their data
    parameters agree: equal lexicons)."""
    return doc.memo(("comment-spam", "lines", lex), lambda: _lines(_without_code(doc), lex))


_NOT_NEWLINE = re.compile(r"[^\n]")


def _without_code(doc: Document) -> str:
    """The text with its Markdown code, HTML markup and tables blanked (spaces, the
    newlines kept, so offsets and line numbers hold): an example's output ("'an hour
    ago'") is no comment's stamp, a badge's alt text ("Join our Discord") no spam."""
    code = document_code(doc)
    if not code:
        return doc.text
    text, pieces, at = doc.text, [], 0
    for paragraph in doc.paragraphs:
        if paragraph.index in code:
            pieces += [text[at:paragraph.start],
                       _NOT_NEWLINE.sub(" ", text[paragraph.start:paragraph.end])]
            at = paragraph.end
    pieces.append(text[at:])
    return "".join(pieces)


def _lines(text: str, lex: Lexicon) -> list[Line]:
    folded = word_text(text)  # the document's words, found once for all its lines
    lines = split_lines(text, lex, folded)
    for line in lines:
        classify(lex.markers, line)
    scan_spam(lex, text, lines, folded)
    return lines
