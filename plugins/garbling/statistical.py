"""G104 and G106: the statistical score of the shared analysis, judged per paragraph and
averaged over a document (thresholds calibrated on clean training text, see the TOMLs)."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.register import unknown_register
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .analysis import GarblingRule, ParagraphAnalysis, english_analyses, quote


def _also_found(analysis: ParagraphAnalysis) -> list[str]:
    """The other signs of garbling in the paragraph, for G104's message."""
    extra = []
    if analysis.constructions:
        extra.append(f"{len(analysis.constructions)} non-native construction(s)")
    if analysis.unknown:
        extra.append(f"{len(analysis.unknown)} unknown lower-case word(s)")
    if analysis.repeat_share >= 0.1:
        extra.append(f"{analysis.repeat_share:.0%} repeated phrases")
    return extra


class ImprobableSequence(GarblingRule):
    spec = RuleSpec.from_catalogue("G104")

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = float(self.params["threshold"])
        min_words = int(self.params["min-words"])
        for paragraph, analysis in english_analyses(doc):
            if analysis.score < threshold:
                continue
            if analysis.n_words < min_words:
                continue
            if unknown_register(doc):
                return  # identifiers and jargon, or "thou hast": not the model's English
            text = paragraph.text
            evidence = analysis.evidence_spans(text)
            shown = ", ".join(f'"{quote(text[s:e], 40)}"' for s, e, _ in evidence)
            extra = _also_found(analysis)
            said = [f"Least English-like word sequences: {shown}"] if shown else []
            if extra:
                said.append(("also " if shown else "Signs: ") + ", ".join(extra))
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like garbled machine translation (score {analysis.score:.2f}, "
                f"threshold {threshold:.2f})." + (f" {'; '.join(said)}." if said else ""),
                properties={"score": round(analysis.score, 3),
                            "skeleton_score": round(analysis.skeleton_score, 3),
                            "features": {k: round(v, 4) for k, v in analysis.features.items()},
                            "evidence": [text[s:e] for s, e, _ in evidence]})


class GarbledDocument(GarblingRule):
    spec = RuleSpec.from_catalogue("G106")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_words = int(self.params["min-words"])
        scored = [(p, a) for p, a in english_analyses(doc) if a.n_words >= min_words]
        if len(scored) < int(self.params["min-paragraphs"]):
            return
        mean = sum(a.score for _, a in scored) / len(scored)
        threshold = float(self.params["threshold"])
        if mean < threshold or unknown_register(doc):
            return
        # point at the paragraph that weighs most, so an editor starts where it is worst
        paragraph, worst = max(scored, key=lambda pa: (pa[1].score, -pa[0].start))
        above = sum(1 for _, a in scored if a.score >= threshold)
        yield self.finding(
            doc, paragraph.start, paragraph.end,
            f"Document reads like machine translation throughout: mean paragraph score "
            f"{mean:.2f} over {len(scored)} paragraphs (threshold {threshold:.2f}; {above} above it). "
            f"Highest here ({worst.score:.2f}).",
            properties={"mean_score": round(mean, 3), "paragraphs": len(scored),
                        "max_score": round(worst.score, 3)})
