"""How much text there is: none (I104), or more than the content rules accept (I112)."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .base import IntegrityRule


class EmptyDocument(IntegrityRule):
    spec = RuleSpec.from_catalogue("I104")

    def check(self, doc: Document) -> Iterable[Finding]:
        # isspace stops at the first visible character; strip copied the whole body
        # a front matter that does not parse leaves no body to judge; one read with a flaw does
        if (not doc.text or doc.text.isspace()) and (
                doc.front_matter_problem is None or doc.metadata is not None):
            what = "empty" if not doc.text else "only whitespace"
            yield self.finding_at_line(doc, doc.source_map.locate(0)[0],
                                       f"Document body is {what}.", fingerprint_text=what)


class OversizedDocument(IntegrityRule):
    spec = RuleSpec.from_catalogue("I112")

    def check(self, doc: Document) -> Iterable[Finding]:
        limit = self.settings.max_document_chars if self.settings is not None else None
        if limit is not None and len(doc.text) > limit:
            yield self.finding_at_line(
                doc, doc.source_map.locate(0)[0],
                f"Document has {len(doc.text):,} characters, more than max-document-chars "
                f"({limit:,}): the content rules (duplicate, garbling, comment-spam) were skipped.",
                fingerprint_text="oversized")
