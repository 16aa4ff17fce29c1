"""How findings are shown: printable paths and messages, and excerpts of source lines.

The excerpt (the source line, clipped around the finding) is attached in the process that
read the document, the only place its text is at hand, so a finding carries it across
processes and the cache.
"""
from __future__ import annotations

import re

EXCERPT_WIDTH = 100

# Control characters and lone surrogates: a file name that is not UTF-8 arrives with its
# bytes as surrogates (Python's surrogateescape), and a newline in a name would split a line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` on one line of valid UTF-8: undecodable bytes as \\xNN, controls escaped."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def excerpt_for(finding, source_map) -> tuple[str, int, int] | None:
    """The finding's first line, clipped around it, with the marker's columns."""
    region = finding.region
    line = source_map.line_text(region.start_line)
    if not line.strip():
        return None
    end = region.end_column - 1 if region.end_line == region.start_line else len(line)
    return excerpt(line, region.start_column - 1, end)


# What a terminal shows as nothing (or moves the cursor for): controls, zero-width and
# format characters, bidirectional controls, line and paragraph separators, the BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                        "\ud800-\udfff]")


def _shown(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text`` with invisible characters as ``\\u200b`` escapes, and the marker columns
    moved with them, so a marker under a zero-width space sits under something."""
    if not _INVISIBLE.search(text):
        return text, start, end
    parts: list[str] = []
    shift_start = shift_end = last = 0
    for match in _INVISIBLE.finditer(text):
        shown = f"\\u{ord(match.group()):04x}"
        parts += [text[last:match.start()], shown]
        last = match.end()
        grow = len(shown) - 1
        if match.start() < start:
            shift_start += grow
        if match.start() < end:
            shift_end += grow
    return "".join(parts) + text[last:], start + shift_start, end + shift_end


def excerpt(line: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> tuple[str, int, int]:
    """A window of ``line`` around 0-based columns [start, end); returns (text, start, end)
    with invisible characters escaped."""
    return _shown(*_window(line.replace("\t", " "), start, end, width))


def _window(line: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    if len(line) <= width:
        return line, start, max(end, start + 1)
    left = max(0, min(start - width // 4, len(line) - width))
    text = line[left:left + width]
    prefix = "…" if left else ""
    suffix = "…" if left + width < len(line) else ""
    shift = len(prefix) - left
    return prefix + text + suffix, start + shift, min(end, left + width) + shift
