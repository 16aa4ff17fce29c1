"""Q301-Q304: FineWeb's quality heuristics (Penedo et al. 2024; datatrove
``FineWebQualityFilter``), over the body's non-blank lines."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding, Location
from corpus_lint.rulebook import RuleSpec

from .base import QualityRule, fmt, measures
from .measures import Line, TERMINAL


def _units(doc: Document, unit: str) -> list[Line]:
    """The non-blank lines, or with ``unit = "paragraph"`` each paragraph's last line (a
    hard-wrapped paragraph ends in punctuation once, however many lines it has)."""
    m = measures(doc)
    if unit == "line":
        return m.content_lines
    ends = {p.end for p in doc.paragraphs}
    ends.add(len(doc.text.rstrip("\n")))  # once: per line it made the rule quadratic
    return [line for line in m.content_lines if line.end in ends]


class LinePunctuation(QualityRule):
    spec = RuleSpec.from_catalogue("Q301")

    def check(self, doc: Document) -> Iterable[Finding]:
        units = _units(doc, self.params["unit"])
        if len(units) < int(self.params["min-lines"]):
            return
        unit = self.params["unit"]
        found = self.share_finding(doc, units, Line.ends_sentence, "end in terminal punctuation",
                                   float(self.params["min-ratio"]), at_least=True,
                                   noun=f"{unit}s", run=lambda line: not line.ends_sentence())
        if found:
            yield found


class ShortLines(QualityRule):
    spec = RuleSpec.from_catalogue("Q302")

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = measures(doc).content_lines
        if len(lines) < int(self.params["min-lines"]):
            return
        length = int(self.params["short-line-chars"])
        found = self.share_finding(doc, lines, lambda line: len(line.text) <= length,
                                   f"have at most {length} characters",
                                   float(self.params["max-ratio"]))
        if found:
            yield found


class DuplicatedLines(QualityRule):
    spec = RuleSpec.from_catalogue("Q303")

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = measures(doc).content_lines
        shortest = int(self.params["min-line-chars"])
        first: dict[str, Line] = {}
        copies: list[tuple[Line, Line]] = []
        chars = 0
        for line in lines:
            if len(line.text) < shortest:
                continue
            if line.text in first:
                copies.append((first[line.text], line))
                chars += len(line.text)
            else:
                first[line.text] = line
        total = len(doc.text.replace("\n", ""))
        if not copies or not total:
            return
        ratio, limit = chars / total, float(self.params["max-char-ratio"])
        if ratio <= limit or len(copies) < int(self.params["min-copies"]):
            return
        origin, copy = max(copies, key=lambda oc: (len(oc[1].text), -oc[1].start))
        yield self.finding(
            doc, copy.start, copy.end,
            f"{len(copies)} duplicated line(s) hold {chars:,} of {total:,} characters: ratio "
            f"{fmt(ratio)}, above max-char-ratio ({fmt(limit)}); this is the longest copy.",
            related=[Location(doc.path, doc.region(origin.start, origin.end), "first copy")],
            properties={"ratio": round(ratio, 4), "limit": limit, "copies": len(copies)})


class ListLike(QualityRule):
    spec = RuleSpec.from_catalogue("Q304")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        if not m.n_tokens:
            return
        newlines = doc.text.count("\n")
        ratio, limit = newlines / m.n_tokens, float(self.params["max-ratio"])
        if ratio <= limit or len(m.content_lines) < int(self.params["min-lines"]):
            return
        few = 1 / limit
        yield self.on_run(doc, m, lambda line: len(line.tokens) < few,
                          f"{newlines} line breaks for {m.n_tokens:,} tokens: ratio "
                          f"{fmt(ratio)}, above max-ratio ({fmt(limit)}); a list, not prose.",
                          {"ratio": ratio, "limit": limit})


__all__ = ["DuplicatedLines", "LinePunctuation", "ListLike", "ShortLines", "TERMINAL"]
