"""One defect, one finding: a document-level signal is left out where a finer finding
already explains the same span.

A rule declares ``explained-by = [CODES]`` in its catalogue entry (D201, D202 and D204 name
D101 and D102: a repeated paragraph raises the Gopher repetition fractions too). Its
findings whose region overlaps a finding of one of those rules in the same document are
dropped before suppressions apply, so ``disable-next=D101`` on the paragraph silences the
whole defect, and a run that does not select D101 still gets the signal.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from corpus_lint.findings.model import Finding


def _span(finding: Finding) -> tuple[tuple[int, int], tuple[int, int]]:
    region = finding.region
    return ((region.start_line, region.start_column), (region.end_line, region.end_column))


def _overlap(a: Finding, b: Finding) -> bool:
    (a_start, a_end), (b_start, b_end) = _span(a), _span(b)
    return a_start < b_end and b_start < a_end


def drop_explained(findings: list[Finding],
                   explained_by: Mapping[str, Sequence[str]]) -> list[Finding]:
    """``findings`` (of one document) without those a finer finding explains."""
    if not explained_by or len(findings) < 2:
        return findings
    kept = []
    for finding in findings:
        explainers = explained_by.get(finding.code)
        if explainers and any(other.code in explainers and _overlap(finding, other)
                              for other in findings):
            continue
        kept.append(finding)
    return kept
