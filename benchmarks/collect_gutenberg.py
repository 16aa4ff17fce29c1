"""Clean text of another kind for false-alarm counts: books from Project Gutenberg, cut into
documents of a few paragraphs.

    python benchmarks/collect_gutenberg.py OUT BOOK.txt [BOOK.txt ...] [--paragraphs 6]
    corpus-lint check --no-cache --select garbling,comment-spam,duplicate OUT

Fiction and verse are registers news is not: dialogue in quotation marks, letters and
journals, dialect spelled as it is spoken ("goin'", "we was"), a poem's inversions. Each
BOOK.txt is a Project Gutenberg plain-text file (public domain; the GITenberg repositories
on GitHub hold them as ``NNNN.txt``); its licence header and footer (outside the "*** START
OF" and "*** END OF" lines) are left out. Blocks between blank lines are paragraphs; a
book's paragraphs of prose (``--join``, the default) have their hard wraps joined, verse
keeps its lines (``--keep-lines``). Every --paragraphs paragraphs (of 20 words or more
with --join) make a document ``<book>-NNNN.txt``, the book named by its file's stem or by
``name=path``. The figures in the issue notes came from Moby-Dick (2701), Pride and
Prejudice (1342), Adventures of Huckleberry Finn (76), The Adventures of Sherlock Holmes
(1661) and A Tale of Two Cities (98) at 6 paragraphs; Dracula (345), Little Women (514)
and Frankenstein (84) at 8, all paragraphs kept (``--min-words 0``); Leaves of Grass (1322,
``--keep-lines``) and The Federalist Papers (18) at 10, all kept.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_START = re.compile(r"\*\*\* ?START OF.*?\*\*\*")
_END = re.compile(r"\*\*\* ?END OF")


def body(text: str) -> str:
    """The book without Project Gutenberg's header and footer."""
    text = text.replace("\r\n", "\n")
    start, end = _START.search(text), _END.search(text)
    return text[start.end() if start else 0:end.start() if end else None]


def paragraphs(text: str, keep_lines: bool, min_words: int) -> list[str]:
    """The book's blocks between blank lines, their wraps joined unless ``keep_lines``."""
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]
    if not keep_lines:
        blocks = [re.sub(r"\s*\n\s*", " ", block).strip() for block in blocks]
    return [block for block in blocks if len(block.split()) >= min_words]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("books", nargs="+", help="Gutenberg .txt files, or name=path")
    parser.add_argument("--paragraphs", type=int, default=6)
    parser.add_argument("--min-words", type=int, default=20,
                        help="paragraphs shorter than this are left out (0: none)")
    parser.add_argument("--keep-lines", action="store_true",
                        help="keep each block's lines (verse) instead of joining them")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for book in args.books:
        name, _, path = book.rpartition("=")
        path = Path(path)
        name = name or path.stem
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            return 2
        found = paragraphs(body(text), args.keep_lines, args.min_words)
        written = 0
        for number, first in enumerate(range(0, len(found), args.paragraphs)):
            chunk = found[first:first + args.paragraphs]
            if len(chunk) < min(3, args.paragraphs):
                continue
            (args.out / f"{name}-{number:04d}.txt").write_text("\n\n".join(chunk) + "\n",
                                                               encoding="utf-8")
            written += 1
        print(f"{name}: {len(found)} paragraphs, {written} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
