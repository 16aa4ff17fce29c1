"""benchmarks/collect_gutenberg.py: the false-alarm figures on fiction and verse are only as
good as the documents it cuts; Project Gutenberg's licence text must not be among them, and
verse must keep its lines. A book of our own, in Gutenberg's layout."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "collect_gutenberg.py"

BOOK = """The Project Gutenberg EBook of A Small Book, by Nobody

This eBook is for the use of anyone anywhere at no cost.

*** START OF THIS PROJECT GUTENBERG EBOOK A SMALL BOOK ***

CHAPTER I

The rain had come early that year, and the river rose over the lower
fields before the hay was in, so that the whole valley smelt of wet grass.

"We shall lose the lot," said the farmer, looking out from the barn door
at the grey water spreading over the meadow below the house.

His daughter said nothing. She had seen the river rise before, and she
knew that it went down again as quickly as it came, whatever her father said.

Waiting in gloom, protected by frost,
The dirt receding before my prophetical screams,
Encompass worlds, but never try to encompass me.

*** END OF THIS PROJECT GUTENBERG EBOOK A SMALL BOOK ***

Section 1. General Terms of Use and Redistributing Project Gutenberg-tm
electronic works, which you must not copy into a corpus of clean text.
"""


def _run(tmp_path, *args):
    book = tmp_path / "123.txt"
    book.write_text(BOOK, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(SCRIPT), str(out), *args, f"small={book}"],
                            capture_output=True, text=True, check=True)
    return out, result.stdout


def test_the_books_paragraphs_are_joined_and_its_licence_left_out(tmp_path):
    out, said = _run(tmp_path, "--paragraphs", "3", "--min-words", "20")
    assert said.strip() == "small: 4 paragraphs, 1 documents"  # (the last alone: too few)
    text = (out / "small-0000.txt").read_text(encoding="utf-8")
    assert text.startswith("The rain had come early that year, and the river rose over the "
                           "lower fields")
    assert "Gutenberg" not in text and "CHAPTER" not in text  # (a heading of 2 words)
    assert text.count("\n\n") == 2 and "lower\nfields" not in text


def test_verse_keeps_its_lines(tmp_path):
    out, _ = _run(tmp_path, "--paragraphs", "5", "--min-words", "0", "--keep-lines")
    text = (out / "small-0000.txt").read_text(encoding="utf-8")
    assert "protected by frost,\nThe dirt receding" in text
    assert "Section 1" not in text
