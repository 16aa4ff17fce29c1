"""The technical register (corpus_lint/documents/register.py) and the garbling rules that
do not judge wording there: a changelog's identifiers are not transliterations, its
jargon not improbable English, its brace notation not spintax. Texts written for this
test in the styles of a GNU NEWS file, a Debian changelog and a programming post."""
from __future__ import annotations

import pytest

from corpus_lint.documents.document import Document
from corpus_lint.documents.register import is_technical, technical_chunks, technical_register
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins.garbling.artefacts import Spintax
from corpus_lint.plugins.garbling.language import ForeignFragment
from corpus_lint.plugins.garbling.statistical import GarbledDocument, ImprobableSequence


def doc(text: str) -> Document:
    return Document(path="t.txt", text=text, source_map=TextSourceMap(text))


CHANGELOG = """\
libfoo (2.4-1) unstable; urgency=medium

  * New upstream release: read_config() no longer leaks its buffer.
  * d/rules: pass --with-openssl and --disable-static to configure.
  * Install /usr/share/libfoo/schema.json with the package.
  * Rename fcpatterns to fc_patterns in src/pattern.c for consistency.

 -- Ana Lopes <ana@example.org>  Mon, 02 Mar 2026 10:00:00 +0100
"""

NEWS = ("The Bank of England held interest rates at 5.25% on Thursday, saying inflation in "
        "the U.S. and Europe was easing. Shares rose 2% to 10/28/12 highs, and analysts at "
        "the phpBB forum said the iPhone maker's results were \"_very_ strong\" for "
        "savers/borrowers alike.\n")


@pytest.mark.parametrize("chunk", [
    "read_config()", "fc_patterns", "src/pattern.c", "getenv.c", "/usr/share/libfoo",
    "./configure", "~/.bashrc", "--with-openssl", "--prefix=/opt", "fcPattern",
    "Scr->depth", "a==b", "baud=57600", "#include", "os.fork()", "(see foo())",
    "U+05E7", "U+2161-2163", "(U+1F643)",
])
def test_code_chunks_are_counted(chunk):
    assert technical_chunks(chunk) == 1, chunk


@pytest.mark.parametrize("chunk", [
    "U.S.", "p.o.", "e.g.", "_very_", "trust/belief/faith", "10/28/12", "Schneider10/28/12",
    "iPhone", "eBay", "McDonald", "(yes)", "5.25%", "well-known", "U+", "U2", "U-boat",
])
def test_prose_chunks_are_not(chunk):
    # (a name in camelCase, "phpBB", is counted: one name does not make a register)
    assert technical_chunks(chunk) == 0, chunk


def test_a_register_needs_several_code_chunks_and_a_share_of_the_text():
    assert is_technical(CHANGELOG)
    assert not is_technical(NEWS)
    # four code chunks are not enough, however short the text
    assert not is_technical("Call read_config() and fc_patterns in src/pattern.c --with-x.")
    # five are, in a short text; in a long one they must be half a per cent of its chunks
    five = "Call read_config() and fc_patterns in src/pattern.c with --with-x and --prefix=/usr."
    assert is_technical(five)
    assert not is_technical(five + " And then the story goes on." * 200)
    assert technical_register(doc(CHANGELOG)) and not technical_register(doc(NEWS))


# the G104 example that fails (rules/garbling/G104.toml), as a paragraph of each document
GARBLED = ("The gods of brass, and the gods of brass, and the gods of brass, and the brass of "
           "brass, came to the edge of the stairs, and the gods of brass were lost.")
TRANSLITERATED = ("The king oversaw the campaign to bind his brothers vimsen and arjuno to the "
                  "roots, and the pudding king gave dakhaqaddi to the goddess tamrak there.")


def test_statistical_rules_do_not_score_a_technical_document():
    assert [f.code for f in ImprobableSequence().check(doc(GARBLED + "\n"))] == ["G104"]
    assert list(ImprobableSequence().check(doc(CHANGELOG + "\n" + GARBLED + "\n"))) == []
    garbled_doc = "\n\n".join([GARBLED] * 3) + "\n"
    assert [f.code for f in GarbledDocument().check(doc(garbled_doc))] == ["G106"]
    assert list(GarbledDocument().check(doc(CHANGELOG + "\n" + garbled_doc))) == []


def test_identifiers_of_a_technical_document_are_not_transliterations():
    assert list(ForeignFragment().check(doc(TRANSLITERATED + "\n")))
    assert list(ForeignFragment().check(doc(CHANGELOG + "\n" + TRANSLITERATED + "\n"))) == []
    # a name in another script is a contributor credited there, not in a news story
    credit = ("  * Fix the build on loong64, based on a patch by 张丹丹 and reported by "
              "Руслан Ижбулатов in the bug tracker last week.")
    assert list(ForeignFragment().check(doc(CHANGELOG + "\n" + credit + "\n"))) == []
    assert len(list(ForeignFragment().check(doc(credit.lstrip(" *") + "\n")))) == 1
    # a clause left untranslated is still a leftover there
    clause = ("The factory said that 这家工厂下周将重新开放 after the repairs to the roof and "
              "the main hall were finished.")
    found = list(ForeignFragment().check(doc(CHANGELOG + "\n" + clause + "\n")))
    assert found and "这家工厂下周将重新开放" in found[0].message


def test_brace_alternatives_of_a_technical_document_are_not_spintax():
    spun = "Our {great|excellent|fantastic} shop has the {best|finest} deals in town.\n"
    assert [f.code for f in Spintax().check(doc(spun))] == ["G103", "G103"]
    assert list(Spintax().check(doc(CHANGELOG + "\n" + spun))) == []
