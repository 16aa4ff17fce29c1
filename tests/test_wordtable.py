"""corpus_lint/wordtable.py: the mapped word table answers exactly as the frozenset does,
and a one-file run no longer builds garbling's 128k-word frozenset (start-up, issue 17)."""
from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from corpus_lint import wordtable
from corpus_lint.wordtable import MappedWords, Words, write_table

WORDS = frozenset(["the", "naïve", "façade", "東京", "a", "zebra", "x" * 300, "don't",
                   "\ud800lone"] + [f"w{i}" for i in range(2000)])


def _words(tmp_path, words=WORDS) -> Words:
    source = tmp_path / "words.txt.gz"
    source.write_bytes(gzip.compress("\n".join(sorted(words)).encode("utf-8", "surrogatepass"),
                                     mtime=0))  # the same bytes each call: the same digest
    return Words("test-words", lambda: source, lambda: frozenset(words))


def test_the_table_holds_exactly_the_words(tmp_path):
    write_table(tmp_path, WORDS)
    table = MappedWords(tmp_path)
    assert all(word in table for word in WORDS)
    others = ["", "th", "thee", "The", "naive", "東", "w2000", "w1", "x" * 299, "x" * 301,
              "\ud801", "the\n", "zebra ", None, 3]
    others += [word[:-1] for word in WORDS] + [word + "s" for word in WORDS]
    for other in others:
        assert (other in table) == (other in WORDS), other


def test_a_new_process_answers_from_the_table_then_from_the_frozenset(
        tmp_path, own_user_cache, monkeypatch):
    monkeypatch.setattr(wordtable, "LOAD_AFTER", 50)
    _words(tmp_path).current()  # the first run writes the table
    words = _words(tmp_path)  # a later process
    table = words.current()
    assert isinstance(table, MappedWords) and words._full is None
    for word in sorted(WORDS)[:50]:
        assert word in words.current()
    assert words.current() == WORDS and isinstance(words.current(), frozenset)


def test_no_usable_cache_means_the_frozenset(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(blocked))
    assert _words(tmp_path).current() == WORDS


def test_a_damaged_table_is_dropped_and_derived_again(tmp_path, own_user_cache):
    _words(tmp_path).current()
    [folder] = own_user_cache.glob("test-words-*")
    (folder / "slots").write_bytes(b"\0" * 12)  # not a power-of-two number of slots
    assert _words(tmp_path).current() == WORDS
    assert not folder.exists()
    assert isinstance(_words(tmp_path).current(), MappedWords)


PROBE = """
import sys
from corpus_lint.cli import main
from corpus_lint.plugins.garbling import model
main(["check", "--no-cache", "--no-cross-document", "--quiet", sys.argv[1]])
print(model._VOCABULARY._full is None)
"""


@pytest.mark.parametrize("run", [1, 2])
def test_a_one_file_check_does_not_build_the_vocabulary(tmp_path, run):
    """The first run writes the table (and builds the frozenset once); the next does not."""
    document = tmp_path / "a.txt"
    document.write_text("The council approved its budget on Thursday after a four-hour "
                        "debate about the cost of the new bridge and the schools.\n\n" * 3)
    env = {"CORPUS_LINT_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for _ in range(run):
        out = subprocess.run([sys.executable, "-c", PROBE, str(document)], capture_output=True,
                             text=True, cwd=tmp_path, timeout=120, env=env)
    assert out.stdout.strip().splitlines()[-1] == str(run == 2), out.stdout + out.stderr


def test_garbling_reads_the_same_from_the_table_and_the_frozenset(own_user_cache):
    from corpus_lint.plugins.garbling import analysis, chunks, model

    texts = ["The minister said the plan would help farmers in the north of the country.",
             "We stayed in a ryokan near the onsen and ate katsudon and okonomiyaki daily.",
             "He said that the accordingly is make of the very much good for the people."]

    def vocabulary() -> Words:
        return Words("english-words", lambda: model.family_data("garbling", model.WORDS_FILE),
                     model._read_vocabulary)

    vocabulary().current()  # writes the table in this test's cache
    table, full = vocabulary(), vocabulary()
    full.full()
    assert isinstance(table.current(), MappedWords) and isinstance(full.current(), frozenset)
    results = []
    for words in (table, full):
        chunks._CHUNKS.clear()  # the per-chunk cache: computed again from these words
        original, model._VOCABULARY = model._VOCABULARY, words
        try:
            results.append([(a.features, a.unknown, a.score)
                            for a in analysis.analyse_many(texts)])
        finally:
            model._VOCABULARY = original
            chunks._CHUNKS.clear()
    assert results[0] == results[1]
    assert isinstance(table.current(), MappedWords) and table.current().lookups > 0
    assert any(unknown for _, unknown, _ in results[0])  # the test reaches the word lookups


def test_a_set_minus_the_table_is_a_set_minus_the_words(tmp_path):
    write_table(tmp_path, WORDS)
    tokens = {"the", "thee", "東京", "東", "w5", "w5000", "\ud801"}
    assert tokens - MappedWords(tmp_path) == tokens - WORDS == {"thee", "東", "w5000", "\ud801"}
