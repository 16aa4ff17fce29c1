"""Is there usable metadata at all: none (M101), or front matter or a sidecar that does not
parse (M108, as the reader recorded it)."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .policy import MetadataRule


class NoMetadata(MetadataRule):
    spec = RuleSpec.from_catalogue("M101")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.metadata is not None or doc.front_matter_problem is not None:
            return
        fields = ", ".join(self.required(doc)) or "none required"
        kind = "record has only its text field" if doc.record else \
            "no front matter, sidecar file or record fields"
        yield self.finding_at_line(doc, self.line_of(doc, None),
                                   f"Document has no metadata ({kind}); required: {fields}.",
                                   fingerprint_text=f"no metadata; {fields}")


class FrontMatterError(MetadataRule):
    spec = RuleSpec.from_catalogue("M108")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.front_matter_problem is None:
            return
        line, message = doc.front_matter_problem
        yield self.finding_at_line(doc, line, message[0].upper() + message[1:] + ".",
                                   fingerprint_text=message)
