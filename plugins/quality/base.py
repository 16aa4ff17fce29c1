"""What the quality rules share: a finding over a span of lines that names the measured
value and the limit."""
from __future__ import annotations

from typing import Any

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import Rule

from .measures import Line, Measures, longest_run, measures


class QualityRule(Rule):
    """A rule of the quality family: a document-level signal, reported on the lines that
    weigh most towards it."""

    def on_lines(self, doc: Document, first: Line, last: Line, message: str,
                 properties: dict[str, Any]) -> Finding:
        return self.finding(doc, first.start, max(last.end, first.start + 1), message,
                            properties={k: round(v, 4) if isinstance(v, float) else v
                                        for k, v in properties.items()})

    def on_run(self, doc: Document, m: Measures, flagged, message: str,
               properties: dict[str, Any]) -> Finding:
        """A finding on the longest run of flagged lines (the whole body if none is)."""
        run = longest_run(m.lines, flagged)
        if run is None:
            first, last = body_span(m)
            return self.on_lines(doc, first, last, message, properties)
        first, last, count = run
        where = f" Longest run: {count} line(s) here." if count > 1 else ""
        return self.on_lines(doc, first, last, message + where, properties)


    def share_finding(self, doc: Document, units: list[Line], flagged, what: str,
                      limit: float, *, at_least: bool = False, noun: str = "lines",
                      run=None) -> Finding | None:
        """A finding when the share of ``units`` that are ``flagged`` is above ``limit``
        (below it with ``at_least``), on the longest run of ``run`` lines (default: the
        flagged ones); None when the share is within the limit."""
        count = sum(map(flagged, units))
        ratio = count / max(1, len(units))
        if (ratio >= limit) if at_least else (ratio <= limit):
            return None
        side = "below min-ratio" if at_least else "above max-ratio"
        return self.on_run(doc, measures(doc), run or flagged,
                           f"{count} of {len(units)} {noun} {what}: share {fmt(ratio)}, "
                           f"{side} ({fmt(limit)}).",
                           {"ratio": ratio, "limit": limit, "lines": count})


def body_span(m: Measures) -> tuple[Line, Line]:
    """The first and last lines with content (the first line of an empty body twice)."""
    content = m.content_lines or m.lines[:1]
    return content[0], content[-1]


def fmt(value: float) -> str:
    """A ratio or a mean in a message: three significant decimals at most."""
    return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


__all__ = ["QualityRule", "body_span", "fmt", "measures"]
