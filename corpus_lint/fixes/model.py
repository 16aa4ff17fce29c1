"""What a fix is, and how a set of fixes is applied without conflicts.

Offsets are code-point indices into ``Document.text``, the same as a finding's; the file
format (``textfiles``, ``records``) places them in the file. A fix is applied whole or not
at all: when two fixes touch the same text, the later one waits for the next pass, where
the rule sees the text the first fix left (ruff's and ESLint's rule).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

APPLICABILITY = ("safe", "unsafe")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (empty: delete; start == end: insert)."""

    start: int
    end: int
    replacement: str = ""

    def overlaps(self, other: "Edit") -> bool:
        """Whether two edits touch the same text; an insertion conflicts with an edit whose
        span holds its point (ends included), so the result never depends on their order."""
        if self.start == self.end or other.start == other.end:
            return other.start <= self.start <= other.end or self.start <= other.start <= self.end
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Fix:
    """A repair of one finding.

    ``edits`` change the document's text; ``metadata`` are (key, value) pairs to add to the
    document's metadata (front matter, or the record's fields), so that text a fix removes
    from the body is kept where it belongs; ``newlines`` asks for every line ending of the
    file to become LF (line endings are not part of ``Document.text``).
    """

    edits: tuple[Edit, ...] = ()
    metadata: tuple[tuple[str, Any], ...] = ()
    newlines: bool = False
    description: str = ""

    def conflicts(self, other: "Fix") -> bool:
        if self.newlines and other.newlines:
            return True
        keys = {key for key, _ in self.metadata}
        if any(key in keys for key, _ in other.metadata):
            return True
        return any(a.overlaps(b) for a in self.edits for b in other.edits)

    def problem(self, length: int) -> str | None:
        """Why the fix cannot be applied to a text of ``length`` code points, or None."""
        if not (self.edits or self.metadata or self.newlines):
            return "it changes nothing"
        for edit in self.edits:
            if not (isinstance(edit, Edit) and isinstance(edit.replacement, str)):
                return "an edit is not an Edit with a string replacement"
            if not 0 <= edit.start <= edit.end <= length:
                return f"edit {edit.start}-{edit.end} lies outside the text (0-{length})"
        ordered = sorted(self.edits, key=lambda e: (e.start, e.end))
        if any(a.overlaps(b) for a, b in zip(ordered, ordered[1:])):
            return "its edits overlap each other"
        for key, _ in self.metadata:
            if not isinstance(key, str) or not key:
                return "a metadata key is not a non-empty string"
        return None


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply in this pass: in the order given (file order), each one that
    conflicts with none already chosen; the others wait for the next pass."""
    chosen: list[Fix] = []
    for fix in fixes:
        if not any(fix.conflicts(other) for other in chosen):
            chosen.append(fix)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, in one left-to-right copy."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position:edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def delete_block(text: str, start: int, end: int) -> Edit:
    """Delete ``text[start:end]`` with the white space that separates it from what comes
    before, so that removing a paragraph or a line leaves no blank gap. At the end of the
    text the line before keeps its line break; at the top, the separator after goes, and so
    it does when it is the narrower one (a blank line above, a line break below)."""
    while end < len(text) and text[end] in " \t":  # trailing blanks belong to the block
        end += 1
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before == 0:  # the block opens the text: take the separator after it instead
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        return Edit(0, after if after < len(text) else end)
    if not text[end:].strip():  # the block closes the text
        return Edit(before + 1 if text[before] == "\n" else before, len(text))
    if text.startswith("\n", end) and not text[end + 1:].lstrip(" \t").startswith("\n") \
            and text.count("\n", before, start) > 1:
        # a line under a blank line, with the next line right under it (one paragraph a
        # line): the line goes with the break after it, so the blank line above stays
        return Edit(text.rfind("\n", 0, start) + 1, end + 1)
    return Edit(before, end)


def delete_inline(text: str, start: int, end: int, block_start: int, block_end: int) -> Edit:
    """Delete ``text[start:end]``, a run of sentences inside the paragraph
    ``text[block_start:block_end]``, with the white space that separated it, so that the
    words around it keep one space and the lines around it their breaks. A span that leaves
    nothing of the paragraph removes the paragraph (``delete_block``)."""
    if not (text[block_start:start] + text[end:block_end]).strip():
        return delete_block(text, block_start, block_end)
    line_start = max(text.rfind("\n", 0, start) + 1, block_start)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opens_line = not text[line_start:start].strip()
    closes_line = not text[end:line_end].strip()
    if opens_line and closes_line:  # whole lines: with their indentation and one break
        if line_end < block_end:
            return Edit(line_start, line_end + 1)
        return Edit(line_start - 1, line_end)  # the paragraph's last line(s)
    if opens_line:  # the next sentence moves up to the line's start
        after = end
        while text[after] in " \t":
            after += 1
        return Edit(start, after)
    before = start  # the blanks before it go; trailing blanks at a line's end too
    while text[before - 1] in " \t":
        before -= 1
    return Edit(before, line_end if closes_line else end)


@dataclass
class Applied:
    """What fixing one document did: codes of the fixes applied, passes run, and what is
    left to say (conflicts that did not settle, fixes held back as unsafe)."""

    codes: list[str] = field(default_factory=list)
    passes: int = 0
    unsafe_skipped: int = 0
    unsettled: bool = False
