"""The garbling family's cheap English check: a document that is not English is not judged
by the statistical rules, while pattern rules (loops) still read it. Invented text."""
from __future__ import annotations

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins.garbling.analysis import english_analyses, is_english, paragraph_analyses
from corpus_lint.plugins.garbling.artefacts import RepetitionLoop

FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui sera "
          "présentée au conseil des ministres avant la fin du mois prochain.\n\n"
          "Les syndicats ont appelé à une grève nationale pour protester contre ce projet "
          "qu'ils jugent injuste pour les salariés les plus modestes du pays.\n")
ENGLISH = ("The government announced a new pension reform on Tuesday, which will be "
           "presented to the cabinet before the end of next month.\n")


def doc(text: str) -> Document:
    return Document(path="t.txt", text=text, source_map=TextSourceMap(text))


def test_a_french_document_is_not_english_and_an_english_one_is():
    french, english = doc(FRENCH), doc(ENGLISH)
    assert not is_english(a for _, a in paragraph_analyses(french))
    assert english_analyses(french) == []
    assert is_english(a for _, a in paragraph_analyses(english))
    assert len(english_analyses(english)) == 1


def test_a_loop_in_a_document_that_is_not_english_is_still_reported():
    text = "Kathi " + "kathi " * 30 + "went home.\n"
    loop = doc(text)
    assert english_analyses(loop) == []
    assert [f.code for f in RepetitionLoop().check(loop)] == ["G105"]
