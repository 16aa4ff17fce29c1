"""Paragraph layout: where the paragraphs of a plain-text body begin and end.

Real corpora use two layouts, often in the same collection: paragraphs separated by a
blank line, and one paragraph per line with no blank lines at all (seeds 002 and 004).
A third, hard-wrapped prose (mail, RFCs, 20 Newsgroups), also puts single newlines inside
a paragraph. Blocks are split on blank lines first; a block is then split into one
paragraph per line only when its lines look like whole paragraphs rather than wrapped ones.
Wrapped prose that marks paragraphs only by indenting their first line (Reuters wire
copy) is split before each indented line that follows the end of a sentence.
"""
from __future__ import annotations

import re

from corpus_lint.documents.document import Paragraph
from corpus_lint.documents.sentences import UNWRAPPED_LINE_ENDS

# Lines longer than any usual wrap width cannot be hard-wrapped.
_WRAP_WIDTH = 100


def lines_are_paragraphs(lines: list[str]) -> bool:
    """A block of lines without blank lines between them is one paragraph per line (seeds
    002 and 004), not hard-wrapped prose."""
    stripped = [line.rstrip() for line in lines]
    if max(len(line) for line in stripped) > _WRAP_WIDTH:
        return True
    # The last line of a wrapped paragraph ends a sentence too, so it says nothing.
    inner = stripped[:-1]
    ended = sum(1 for line in inner if line and line[-1] in UNWRAPPED_LINE_ENDS)
    return ended * 2 > len(inner)


def _indented_starts(block: list[tuple[int, str]]) -> list[int]:
    """Indices of indented lines that start a paragraph inside a wrapped block."""
    indented = [line[:1] in (" ", "\t") and len(line) - len(line.lstrip()) >= 2
                for _, line in block]
    if all(indented[1:]) or not any(indented[1:]):
        return []  # code, a quotation or a list: uniformly indented, or not at all
    return [index for index in range(1, len(block))
            if indented[index] and not indented[index - 1]
            and block[index - 1][1].rstrip()[-1:] in UNWRAPPED_LINE_ENDS]


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs with exact offsets (leading/trailing spaces excluded)."""
    paragraphs: list[Paragraph] = []
    block: list[tuple[int, str]] = []  # (offset, line) of the current block

    def emit(start: int, end: int) -> None:
        segment = text[start:end]
        left = len(segment) - len(segment.lstrip())
        right = len(segment.rstrip())
        if right > left:
            paragraphs.append(Paragraph(len(paragraphs), start + left, start + right,
                                        segment[left:right]))

    def flush() -> None:
        if not block:
            return
        if len(block) == 1:  # one line (blank-line separated paragraphs): nothing to split
            offset, line = block[0]
            emit(offset, offset + len(line))
        elif lines_are_paragraphs([line for _, line in block]):
            for offset, line in block:
                emit(offset, offset + len(line))
        else:
            start = 0
            for index in _indented_starts(block):
                emit(block[start][0], block[index - 1][0] + len(block[index - 1][1]))
                start = index
            last_offset, last_line = block[-1]
            emit(block[start][0], last_offset + len(last_line))
        block.clear()

    offset = 0
    for line in text.split("\n"):
        if line.strip():
            block.append((offset, line))
        else:
            flush()
        offset += len(line) + 1
    flush()
    return paragraphs


_TAG = re.compile(r"<!--.*?-->|<[/!]?[A-Za-z][^<>]*>", re.S)


def is_markup(text: str) -> bool:
    """Mostly HTML tags or comments: less than half of the characters are visible text."""
    return len(_TAG.sub("", text).strip()) * 2 < len(text)


def fenced_code(paragraphs, document_text: str = "") -> frozenset[int]:
    """Indices of paragraphs inside or opening Markdown code fences (``` or ~~~) or a
    Liquid code block (Jekyll's ``{% highlight ruby %}`` ... ``{% endhighlight %}``), of
    paragraphs that are mostly HTML markup (tags, comments), of Markdown table rows, of
    Python sessions opening with a ">>> " prompt (doctests), and, given the text the
    paragraphs are of, of reStructuredText's literal blocks (``rst_literal_blocks``).

    Code, markup and tables repeat legitimately (a tutorial shows a snippet, then the
    snippet changed; generated Markdown repeats parser hints; a table's rows follow one
    pattern: "| `bench_memory.py` | peak memory at 1x and 10x corpus size |"), so the
    duplicate rules compare prose only, and MT token leftovers in code are not garbling.
    """
    inside = False
    code = set()
    session_end = -2  # where the last doctest paragraph ended: its output lines follow it
    for paragraph in paragraphs:
        text = paragraph.text
        if not inside and (text.startswith(">>> ") and _DOCTEST.match(text)
                           or paragraph.start <= session_end + 1):
            code.add(paragraph.index)
            session_end = paragraph.end
            continue
        if text.startswith("<") and is_markup(text) or not inside and _table(text):
            code.add(paragraph.index)
            continue
        lines = paragraph.text.split("\n")
        fences = sum(1 for line in lines if line.lstrip().startswith(("```", "~~~")))
        liquid = sum(1 for line in lines if _LIQUID_CODE.match(line)) \
            if "{%" in paragraph.text else 0
        if inside or fences or liquid:
            code.add(paragraph.index)
        if (fences + liquid) % 2:
            inside = not inside
    if "::" in document_text:
        code |= rst_literal_blocks(paragraphs, document_text)
    return frozenset(code)


# a reStructuredText directive whose content is code (".. code-block:: python")
_RST_CODE_DIRECTIVE = re.compile(r"\.\. (?:code-block|code|sourcecode|doctest|testcode|"
                                 r"testoutput|highlight|literalinclude)::")


def rst_literal_blocks(paragraphs, text: str) -> set[int]:
    """Indices of the paragraphs of reStructuredText literal blocks: the indented paragraphs
    after one that ends with "::" ("This example shows how::") or is a code directive
    (".. code-block:: python", itself code too), up to the first paragraph indented no
    deeper than that one. Python packages' READMEs and docs show their examples so; a
    timestamp in an example's output is no comment's stamp, its repeated calls no copies."""
    code: set[int] = set()
    opener = -1  # indentation of the paragraph that opened the current block (-1: none)
    for paragraph in paragraphs:
        indent = paragraph.start - (text.rfind("\n", 0, paragraph.start) + 1)
        if opener >= 0 and indent > opener:
            code.add(paragraph.index)
            continue
        opener = -1
        if _RST_CODE_DIRECTIVE.match(paragraph.text):
            code.add(paragraph.index)
            opener = indent
        elif paragraph.text.endswith("::") and not paragraph.text.endswith(":::"):
            opener = indent  # (a rule of colons "::::::::" opens nothing)
    return code


# A line opening or closing a Liquid code block (Jekyll, Shopify): "{% highlight ruby
# linenos %}", "{%- endhighlight -%}", "{% raw %}"
_LIQUID_CODE = re.compile(r"\s*\{%-?\s*(?:end)?(?:highlight|raw)\b")
# A Python session as reStructuredText and docstrings show it (">>> tz = timezone('UTC')"),
# not a reply quoted three levels deep (">>> I think you are right"): code follows the prompt
_DOCTEST = re.compile(r">>> (?:(?:import|from|print|for|with|def|class)\b|[\w.\[\]]+\s*(?:=|\())")


def _table(text: str) -> bool:
    """Every line a Markdown table row: "| cell | cell |" (two bars at least: "|> " opens a
    line quoted from a mail, not a row)."""
    return text.startswith("|") and all(
        line.lstrip().startswith("|") and line.count("|") >= 2
        for line in text.split("\n") if line.strip())


def document_code(doc) -> frozenset[int]:
    """``fenced_code`` of a document, worked out once and read by every family that
    leaves code out (duplicate, garbling's prose and G103, comment-spam). The cheap test
    comes before the paragraphs are made: comment-spam reads lines and needs none of them
    for a document without code."""
    return doc.memo(("layout", "code"), lambda: fenced_code(doc.paragraphs, doc.text)
                    if may_hold_code(doc.text) else frozenset())


def may_hold_code(text: str) -> bool:
    """The cheap test before ``fenced_code``: most documents have no fence, tag, table (any
    "|": a table indented under a list item is one too), Python prompt or Liquid tag."""
    return "```" in text or "~~~" in text or "<" in text or "|" in text or ">>> " in text \
        or "::" in text or "{%" in text
