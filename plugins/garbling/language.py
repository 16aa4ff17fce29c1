"""G101 and G102: what the words of a paragraph say about a failed translation. Non-native
constructions, and leftovers of the source language (another script, another language's
function words, transliterations), in a paragraph or spread thinly over a document."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document, Paragraph
from corpus_lint.documents.register import archaic_register, technical_register
from corpus_lint.findings.model import Finding, Location
from corpus_lint.rulebook import RuleSpec

from .analysis import (MIN_ENGLISH_SHARE, MIN_ENGLISH_SHARE_LEFTOVERS, GarblingRule,
                       ParagraphAnalysis, english_analyses, paragraph_analyses, quote)
from .leftovers import (MIN_FOREIGN_HITS, foreign_fragments, foreign_word_runs, leftover_words,
                        name_sized, named)
from .tokens import token_spans


class GarbledConstruction(GarblingRule):
    spec = RuleSpec.from_catalogue("G101")

    def check(self, doc: Document) -> Iterable[Finding]:
        needed = float(self.params["min-weight"])
        confirming = float(self.params["confirmed-weight"])
        hit = [(paragraph, analysis, construction_weight(analysis.constructions))
               for paragraph, analysis in paragraph_analyses(doc) if analysis.constructions]
        strong = [paragraph for paragraph, _, weight in hit if weight >= needed]
        if hit and archaic_register(doc):
            return  # "though ne'er so mean, But ...": the constructions are modern English's
        for paragraph, analysis, weight in hit:
            if weight < needed and not (strong and 0 < confirming <= weight):
                continue
            hits = analysis.constructions
            shown = "; ".join(f'"{quote(paragraph.text[s:e], 40)}" ({why})'
                              for _, s, e, why, _ in hits[:4])
            confirmed, related = "", []
            if weight < needed:  # weak alone: the document's other paragraph confirms it
                region = doc.region(strong[0].start, strong[0].end)
                confirmed = (f" Weak alone (weight {weight:g} < {needed:g}); confirmed by the "
                             f"constructions at line {region.start_line}.")
                related = [Location(doc.path, region, "confirming paragraph")]
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like garbled machine translation: {len(hits)} non-native "
                f"construction(s): {shown}.{confirmed} Statistical paragraph score "
                f"{analysis.score:.2f} (see G104).", related=related,
                properties={"constructions": [h[0] for h in hits],
                            "score": round(analysis.score, 3)})


def construction_weight(hits) -> float:
    """The evidence of a paragraph's construction hits: each construction's weight once,
    however often it recurs. The same slip twice ("we was ... we was") is one habit of
    the writer's (a character's dialect, a quoted speaker's), not two signs of a
    translation."""
    return sum({cid: weight for cid, _, _, _, weight in hits}.values())


def _language_fragments(text: str, analysis: ParagraphAnalysis) -> list[tuple[int, int, str]]:
    """(start, end, language) of runs of another Latin-script language in an English
    paragraph."""
    if analysis.english_share < MIN_ENGLISH_SHARE or analysis.foreign_words < MIN_FOREIGN_HITS:
        return []  # the second: counted by the analysis, the tokens left unmade
    tokens = analysis.tokens
    found = [(a, b, lang) for a, b, lang in foreign_word_runs(tokens)
             if not named(tokens[a:b], lang)]
    if not found:
        return []
    spans = token_spans(text)
    return [(spans[a][1], spans[b - 1][2], lang) for a, b, lang in found]


class ForeignFragment(GarblingRule):
    spec = RuleSpec.from_catalogue("G102")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_unknown = int(self.params["min-transliterations"])
        min_rate = float(self.params["min-transliteration-rate"])
        reported = False

        def enough(unknown: list[str], analysis: ParagraphAnalysis) -> bool:
            # (asked last: a technical document's unknown words are its identifiers)
            return (0 < min_unknown <= len(set(unknown))  # 0 turns this part off
                    and len(unknown) / max(1, analysis.n_words) >= min_rate
                    and analysis.english_share >= MIN_ENGLISH_SHARE_LEFTOVERS
                    and not technical_register(doc))

        for paragraph, analysis in paragraph_analyses(doc):
            runs = foreign_fragments(paragraph.text)
            if runs and technical_register(doc):  # names in a changelog's credits
                runs = [(s, e) for s, e in runs if not name_sized(paragraph.text[s:e])]
            fragments = _language_fragments(paragraph.text, analysis)
            unknown = analysis.unknown
            transliterated = enough(unknown, analysis)
            if transliterated or runs or fragments:  # a finding may follow: it lists only
                unknown = leftover_words(paragraph.text, unknown)  # the true leftovers
                transliterated = transliterated and enough(unknown, analysis)
            if not runs and not transliterated and not fragments:
                continue
            reported = reported or transliterated
            yield self._paragraph_finding(doc, paragraph, analysis, runs, fragments,
                                          transliterated, unknown)
        if not reported:
            yield from self._document_leftovers(doc)

    def _paragraph_finding(self, doc: Document, paragraph: Paragraph,
                           analysis: ParagraphAnalysis, runs: list[tuple[int, int]],
                           fragments: list[tuple[int, int, str]], transliterated: bool,
                           unknown: list[str]) -> Finding:
        """The finding that names every kind of leftover the paragraph has."""
        text = paragraph.text
        distinct = sorted(set(unknown))
        parts = []
        if runs:
            parts.append("untranslated text in another script: " + ", ".join(
                f'"{text[s:e]}"' for s, e in runs[:4]))
        if fragments:
            parts.append("a fragment in another language: " + ", ".join(
                f'"{quote(text[s:e], 50)}" ({lang})' for s, e, lang in fragments[:3]))
        if transliterated:
            parts.append("words that are neither English nor capitalised like names: "
                         + ", ".join(f'"{w}"' for w in distinct[:6]))
        return self.finding(
            doc, paragraph.start, paragraph.end,
            f"Paragraph contains untranslated or transliterated leftovers: {'; '.join(parts)}.",
            properties={"foreign_runs": [text[s:e] for s, e in runs],
                        "foreign_fragments": [text[s:e] for s, e, _ in fragments],
                        "transliterations": distinct,
                        "score": round(analysis.score, 3)})

    def _document_leftovers(self, doc: Document) -> Iterable[Finding]:
        """Transliterations spread over the document: a few per paragraph, each too few to
        report, in several paragraphs of the same text (a whole article translated badly).
        The rate counts distinct words: one topic word missing from the word list ("cafes"
        in an article about cafes) recurs; leftovers of a failed translation vary."""
        min_distinct = int(self.params["min-document-transliterations"])
        if min_distinct <= 0:
            return
        prose = english_analyses(doc, MIN_ENGLISH_SHARE_LEFTOVERS)
        words = sum(a.n_words for _, a in prose)

        def spread(with_leftovers: list[tuple[Paragraph, list[str]]]) -> bool:
            distinct = {w for _, found in with_leftovers for w in found}
            return (len(with_leftovers) >= int(self.params["min-document-paragraphs"])
                    and len(distinct) >= min_distinct
                    and len(distinct) / max(1, words) >= float(self.params["min-document-rate"]))

        with_leftovers = [(p, a.unknown) for p, a in prose if a.unknown]
        if not spread(with_leftovers) or technical_register(doc):
            return  # (the words outside code are fewer: looked for only now)
        with_leftovers = [(p, kept) for p, kept in
                          ((p, leftover_words(p.text, found)) for p, found in with_leftovers)
                          if kept]
        if not spread(with_leftovers):
            return
        unknown = [w for _, found in with_leftovers for w in found]
        distinct = sorted(set(unknown))
        paragraph, _ = max(with_leftovers, key=lambda pw: (len(set(pw[1])), -pw[0].start))
        yield self.finding(
            doc, paragraph.start, paragraph.end,
            f"Document contains transliterated leftovers in {len(with_leftovers)} paragraphs: "
            f"{len(unknown)} words that are neither English nor capitalised like names "
            f"({', '.join(repr(w) for w in distinct[:8])}); this paragraph has the most.",
            properties={"transliterations": distinct, "paragraphs": len(with_leftovers),
                        "rate": round(len(distinct) / max(1, words), 4)})
