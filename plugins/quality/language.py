"""Q501 and Q502: the language a document is written in, against the one its metadata
declares and the ones the corpus expects (``[quality] languages``)."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents import language as lang
from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .base import QualityRule, body_span, measures


class _LanguageRule(QualityRule):
    def prepare(self) -> None:
        lang.prepare()

    def letters(self, text: str) -> int:
        return sum(map(str.isalpha, lang.sample(text)))


class LanguageMismatch(_LanguageRule):
    spec = RuleSpec.from_catalogue("Q501")

    def check(self, doc: Document) -> Iterable[Finding]:
        declared = lang.declared_language(doc)
        if declared is None or self.letters(doc.text) < int(self.params["min-letters"]):
            return
        detected = lang.detected_language(doc)
        if detected is None or detected == declared:
            return
        key = next((k for k in lang.METADATA_KEYS if k in (doc.metadata or {})), "language")
        message = (f"Metadata declares language '{declared}' but the text reads as "
                   f"'{detected}' (langdetect on up to {3 * lang.SAMPLE_CHARS:,} characters).")
        props = {"declared": declared, "detected": detected}
        if key in doc.metadata_lines:
            yield self.finding_at_line(doc, doc.metadata_lines[key], message,
                                       fingerprint_text=f"{declared}->{detected}",
                                       properties=props)
        else:
            first, last = body_span(measures(doc))
            yield self.on_lines(doc, first, last, message, props)


class UnexpectedLanguage(_LanguageRule):
    spec = RuleSpec.from_catalogue("Q502")

    def check(self, doc: Document) -> Iterable[Finding]:
        expected = [lang.normalise_code(code) or code for code in self.expected()]
        if not expected:
            return
        language = lang.document_language(doc)
        if language is not None and language not in expected:
            first, last = body_span(measures(doc))
            how = "declared" if lang.declared_language(doc) else "detected as"
            yield self.on_lines(doc, first, last,
                                f"Document is {how} '{language}', not one of the corpus's "
                                f"languages ({', '.join(expected)}).",
                                {"language": language, "expected": expected})
            return
        yield from self._paragraphs(doc, expected)

    def _paragraphs(self, doc: Document, expected: list[str]) -> Iterable[Finding]:
        """Paragraphs long enough to tell, in a language the corpus does not expect."""
        minimum = int(self.params["min-paragraph-letters"])
        for paragraph in doc.paragraphs:
            if sum(map(str.isalpha, paragraph.text)) < minimum:
                continue
            found = lang.detect(paragraph.text)
            if found is not None and found not in expected:
                yield self.finding(doc, paragraph.start, paragraph.end,
                                   f"Paragraph is detected as '{found}', not one of the "
                                   f"corpus's languages ({', '.join(expected)}).",
                                   properties={"language": found, "expected": expected})

    def expected(self) -> list[str]:
        section = self.settings.section("quality") if self.settings is not None else {}
        return list(section.get("languages", []))
