"""Duplicate family: repeated passages inside a document and across a corpus.

Three layers, cheapest first:

* **Within a document** (D101-D103): exact and near copies of paragraphs, repeated
  sentences. A paragraph must have ``min-words`` distinct words to take part, so repeated
  bylines, headings and table rows (``Shr 10 cts vs 12 cts``) stay out.
* **Repetition signals** (D201-D204): Gopher's document-level fractions.
* **Across documents** (D301-D302, corpus rules, not in pre-commit): MinHash LSH over
  summaries the workers send to the parent.

Modules:

* ``analysis``: the per-document analysis every rule reads (normalised paragraphs, word
  bigrams, runs of repeated words), computed once per document with ``doc.memo``.
* ``copies``: which paragraph copies which, exactly or nearly.
* ``within``: D101-D103.
* ``repetition``: D201-D204.
* ``minhash``: MinHash signatures, exact hashes, the LSH index and its growable arrays.
* ``crossdoc``: D301-D302 and the per-document summary they collect.
"""
from corpus_lint.hookspecs import hookimpl


@hookimpl
def corpus_lint_rules():
    from .crossdoc import CrossDocumentParagraph, DuplicateDocument
    from .repetition import (DuplicateLineFraction, DuplicateNgramFraction,
                             DuplicateParagraphFraction, TopNgramFraction)
    from .within import ExactDuplicateParagraph, NearDuplicateParagraph, RepeatedSentence

    return [ExactDuplicateParagraph, NearDuplicateParagraph, RepeatedSentence,
            DuplicateLineFraction, DuplicateParagraphFraction, TopNgramFraction,
            DuplicateNgramFraction, DuplicateDocument, CrossDocumentParagraph]
