"""langdetect's profiles as one table mapped from the user's cache: the same answers as
langdetect's own dict of lists, and its own loading when the cache cannot be written."""
from __future__ import annotations

import pytest

from corpus_lint.documents import language as lang

TEXTS = [
    "Le conseil municipal a voté le budget lundi, mais les mois à venir seront difficiles "
    "pour les familles de la ville.",
    "Der Gemeinderat hat am Montag den Haushalt beschlossen, aber die kommenden Monate "
    "werden für die Familien schwer.",
    "The council voted on the budget on Monday, but the coming months will be hard.",
    "Il consiglio comunale ha approvato il bilancio lunedì.",
    "xq zz 12 ### ok",
]


@pytest.fixture
def fresh(own_user_cache):
    lang._factory.cache_clear()
    yield own_user_cache
    lang._factory.cache_clear()


def _answers(factory):
    from langdetect.lang_detect_exception import LangDetectException

    found = []
    for text in TEXTS:
        detector = factory.create()
        detector.append(text)
        try:
            found.append([(p.lang, p.prob) for p in detector.get_probabilities()])
        except LangDetectException as exc:
            found.append(str(exc))
    return found


def test_mapped_profiles_give_langdetects_answers(fresh):
    from langdetect import DetectorFactory, detector_factory

    own = DetectorFactory()
    own.load_profile(detector_factory.PROFILES_DIRECTORY)
    own.seed = 0
    mapped = lang._factory()  # derives the cache
    assert isinstance(mapped.word_lang_prob_map, lang.FlatProfiles)
    assert any(p.name.startswith("langdetect-") for p in fresh.iterdir())
    lang._factory.cache_clear()
    again = lang._factory()  # maps it
    assert mapped.langlist == own.langlist == again.langlist
    assert _answers(own) == _answers(mapped) == _answers(again)
    assert _answers(own)[0][0][0] == "fr"


def test_unwritable_cache_falls_back_to_langdetect(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(blocker / "cache"))
    lang._factory.cache_clear()
    try:
        assert isinstance(lang._factory().word_lang_prob_map, dict)
        assert lang.detect(TEXTS[1]) == "de"
    finally:
        lang._factory.cache_clear()


def test_the_ngrams_are_kept_one_a_line(fresh):
    """The n-grams as lines of text (decoded and split faster than a JSON list), each
    the key of its row of the table, in langdetect's order."""
    from langdetect import DetectorFactory, detector_factory

    own = DetectorFactory()
    own.load_profile(detector_factory.PROFILES_DIRECTORY)
    langs, profiles = lang.flat_profiles()
    (entry,) = [p for p in fresh.iterdir() if p.name.startswith("langdetect-")]
    assert not (entry / "words.json").exists()
    lines = (entry / lang.WORDS).read_bytes().decode("utf-8", "surrogatepass").split("\n")
    assert lines == list(own.word_lang_prob_map) == list(profiles)
    assert all(profiles[word].tolist() == own.word_lang_prob_map[word] for word in lines[::997])
