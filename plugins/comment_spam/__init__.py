"""Comment-spam family: reader-comment sections (C101) and spam messages (C102) pasted into
articles, found in plain text line by line, in one analysis both rules share.

- ``lexicon``: word lists and patterns (rules/comment-spam/, user files, extra-* entries)
- ``userpatterns``: the user's own patterns, compiled with RE2 (linear time) and checked
- ``needs``: what every match of a pattern holds, tested before the pattern is tried
- ``lines``: the lines of a document and their content evidence (a reader's voice)
- ``markers``: line-level markers (timestamps, signatures, widget lines, headings, names)
- ``spam``: spam evidence of each line (promotion patterns, spam words, links)
- ``analysis``: the per-document analysis, memoised on the document
- ``heads``: comment heads (runs of marker lines, name lines, spam messages)
- ``clusters``: heads close together grouped, merged and trimmed into candidate sections
- ``sections``: candidates measured and judged as comment sections; ``bare``: marker-less dumps
- ``rules``: C101 and C102
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .rules import CommentSection, SpamMessage


@hookimpl
def corpus_lint_rules():
    return [CommentSection, SpamMessage]
