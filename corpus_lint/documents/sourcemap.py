"""Where a document's text sits in its file: offsets to 1-based lines and columns.

A ``SourceMap`` turns an offset into ``Document.text`` (code points) into the line and
column of the original file, so a finding always points at the real place even when the
body sits below front matter, inside a JSON string full of escapes, or in a table row.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, order=True)
class Region:
    """A 1-based, inclusive-start / exclusive-end span in a file (SARIF's convention)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class SourceMap:
    """Maps offsets in a document's text to lines and columns of its file."""

    def locate(self, offset: int) -> tuple[int, int]:  # pragma: no cover - interface
        raise NotImplementedError

    def region(self, start: int, end: int) -> Region:
        line, col = self.locate(start)
        end_line, end_col = self.locate(max(end, start))
        return Region(line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        """The text of one line of the original file, for the text reporter's excerpt."""
        return ""

    def has_line(self, line: int) -> bool:
        """Whether ``line`` is a line of the file (or of the record) the document came from."""
        return line >= 1

    def contains(self, region: "Region") -> bool:
        """Whether both ends of ``region`` lie in the file: a known line, a column at most
        one past its end."""
        for line, column in ((region.start_line, region.start_column),
                             (region.end_line, region.end_column)):
            if not self.has_line(line) or column > len(self.line_text(line)) + 1:
                return False
        return True


class TextSourceMap(SourceMap):
    """For plain files: ``text`` starts at ``base`` code points into the decoded file."""

    def __init__(self, full_text: str, base: int = 0):
        self.full_text = full_text
        self.base = base

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.full_text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def locate(self, offset: int) -> tuple[int, int]:
        absolute = min(self.base + offset, len(self.full_text))
        index = bisect.bisect_right(self._line_starts, absolute) - 1
        return index + 1, absolute - self._line_starts[index] + 1

    def has_line(self, line: int) -> bool:
        return 1 <= line <= len(self._line_starts)

    def line_text(self, line: int) -> str:
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.full_text)
        return self.full_text[starts[line - 1]:end]


# One JSON escape as it decodes to one code point: a surrogate pair, a \uXXXX, or \n-style.
_JSON_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                          r"|u[0-9a-fA-F]{4}|.)")


class JsonStringSourceMap(SourceMap):
    """For a JSONL record: offsets in a decoded JSON string value map to columns of the raw line.

    ``value_column`` is the 0-based column of the first character after the opening quote.
    The escapes are found once, by one regular-expression scan, when a finding first needs a
    position; each offset is then placed by bisection.
    """

    def __init__(self, line: int, raw_line: str, value_column: int):
        self.line = line
        self.raw_line = raw_line
        self.value_column = value_column

    @cached_property
    def _escapes(self) -> tuple[list[int], list[int], list[int]]:
        """(decoded offset, raw start, raw end) of every escape inside the string value."""
        raw = self.raw_line
        position = self.value_column
        decoded = 0
        decoded_at: list[int] = []
        raw_start: list[int] = []
        raw_end: list[int] = []
        for match in _JSON_ESCAPE.finditer(raw, position):
            if raw.find('"', position, match.start()) != -1:
                break  # the string ended before this escape
            decoded += match.start() - position
            decoded_at.append(decoded)
            raw_start.append(match.start())
            raw_end.append(match.end())
            decoded += 1
            position = match.end()
        return decoded_at, raw_start, raw_end

    def locate(self, offset: int) -> tuple[int, int]:
        decoded_at, raw_start, raw_end = self._escapes
        offset = max(offset, 0)
        k = bisect.bisect_right(decoded_at, offset) - 1
        if k < 0:
            column = self.value_column + offset
        elif decoded_at[k] == offset:
            column = raw_start[k]
        else:
            column = raw_end[k] + offset - decoded_at[k] - 1
        return self.line, column + 1

    def has_line(self, line: int) -> bool:
        return line == self.line

    def line_text(self, line: int) -> str:
        return self.raw_line if line == self.line else ""


class RowSourceMap(SourceMap):
    """For a table row (Parquet): line = the 1-based row number, column = offset + 1 in the text.

    ``line_text`` gives the row's text with line breaks turned into spaces (same length), so
    the text reporter's excerpt shows the finding's place in the value.
    """

    def __init__(self, row: int, text: str):
        self.row = row
        self.text = text

    def locate(self, offset: int) -> tuple[int, int]:
        return self.row, min(max(offset, 0), len(self.text)) + 1

    def has_line(self, line: int) -> bool:
        return line == self.row

    def line_text(self, line: int) -> str:
        if line != self.row:
            return ""
        return self.text.replace("\r", " ").replace("\n", " ")
