"""The source line of a finding, clipped around it: what the text report shows under it.

Attached in the process that read the document (the only place its text is at hand), so a
finding carries its excerpt across processes and the cache.
"""
from __future__ import annotations

EXCERPT_WIDTH = 100


def excerpt_for(finding, source_map) -> tuple[str, int, int] | None:
    """The finding's first line, clipped around it, with the marker's columns."""
    region = finding.region
    line = source_map.line_text(region.start_line)
    if not line.strip():
        return None
    end = region.end_column - 1 if region.end_line == region.start_line else len(line)
    return excerpt(line, region.start_column - 1, end)


def excerpt(line: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> tuple[str, int, int]:
    """A window of ``line`` around 0-based columns [start, end); returns (text, start, end)."""
    line = line.replace("\t", " ")
    if len(line) <= width:
        return line, start, max(end, start + 1)
    left = max(0, min(start - width // 4, len(line) - width))
    text = line[left:left + width]
    prefix = "…" if left else ""
    suffix = "…" if left + width < len(line) else ""
    shift = len(prefix) - left
    return prefix + text + suffix, start + shift, min(end, left + width) + shift
