"""Hostile configuration and input for the garbling family (issue 11, items 5 and 9).

A value a rule cannot work with is refused when the configuration loads (exit 2, one line
naming the rule and the parameter), never found out by a crash or a division by zero
inside the rule. And no rule's work grows faster than its input: here shown by counting
the work (times are for benchmarks/bench_linear.py; machines are too noisy to assert on).
"""
from __future__ import annotations

import math
import random
import re
import tomllib
from pathlib import Path

import pytest

from conftest import run_cli
from corpus_lint.config import DEFAULT_MAX_DOCUMENT_CHARS
from corpus_lint.plugins.garbling import constructions
from corpus_lint.plugins.garbling.model import load_model

RULES = Path(__file__).parents[1] / "rules" / "garbling"


def _check(root: Path, *args: str):
    return run_cli("check", "--format", "json", "--jobs", "1", "--no-cache", *args, ".",
                   cwd=root)


@pytest.mark.parametrize("config, message", [
    # no scored paragraph and min-paragraphs = 0: the mean divided by zero in G106
    ("[rules.G106]\nmin-paragraphs = 0\n", "[rules.G106] 'min-paragraphs' should be at least 1"),
    ("[rules.G106]\nthreshold = -1000.0\n", "[rules.G106] 'threshold' should be at least -100"),
    ("[rules.G104]\nthreshold = 1000.0\n", "[rules.G104] 'threshold' should be at most 100"),
    ("[rules.G104]\nmin-words = 0\n", "[rules.G104] 'min-words' should be at least 1"),
    ("[rules.G101]\nmin-weight = -1.0\n", "[rules.G101] 'min-weight' should be at least 0"),
    ("[rules.G102]\nmin-transliteration-rate = 1.5\n",
     "[rules.G102] 'min-transliteration-rate' should be at most 1"),
    ("[rules.G102]\nmin-document-paragraphs = 0\n",
     "[rules.G102] 'min-document-paragraphs' should be at least 1"),
    # the loop pattern finds three copies or more: 2 would silently mean 3
    ("[rules.G105]\nmin-repeats = 2\n", "[rules.G105] 'min-repeats' should be at least 3"),
    # 0 tokens: every paragraph of a document with one token reported as having "0 tokens"
    ("[rules.G107]\nmin-tokens = 0\n", "[rules.G107] 'min-tokens' should be at least 1"),
], ids=["G106-no-paragraphs", "G106-threshold-below-scores", "G104-threshold-above-scores",
        "G104-min-words-0", "G101-negative-weight", "G102-rate-above-1",
        "G102-no-paragraphs", "G105-two-repeats", "G107-no-tokens"])
def test_out_of_range_values_are_refused_at_load(write, config, message):
    root = write({"a.txt": "Hello there.\n", "corpus-lint.toml": config})
    result = _check(root)
    assert result.code == 2, (config, result.code, result.err)
    assert "Traceback" not in result.err and result.err.count("\n") == 1, result.err
    assert message in result.err


def test_threshold_range_holds_every_score_the_model_gives():
    """The declared thresholds cover the paragraph score's whole range, from the shipped
    model: skeleton n-gram weights averaged, times the combiner's weights, with unknown
    words and repeats from none to all, up to a paragraph of a longest document, and the
    language-model features at the ends of what a log10 probability of the shipped bigram
    model can give (-15..0; PMI -15..15; unseen share 0..1)."""
    model = load_model()
    weights, combiner = model["code_weights"], model["combiner"]
    skeleton = [model["bias"] + model["nmax"] * w for w in (min(0, min(weights)),
                                                            max(0, max(weights)))]
    w = combiner["weights"]
    low = combiner["bias"] + w["skeleton"] * skeleton[0] \
        + w["log_words"] * math.log(DEFAULT_MAX_DOCUMENT_CHARS / 2)
    high = combiner["bias"] + w["skeleton"] * skeleton[1] + w["unknown_rate"] \
        + w["repeat_share"]
    for name, ends in (("lm_logprob", (-15, 0)), ("lm_pmi", (-15, 15)), ("lm_unseen", (0, 1))):
        contributions = [w.get(name, 0.0) * end for end in ends]
        low += min(contributions)
        high += max(contributions)
    for code in ("G104", "G106"):
        with open(RULES / f"{code}.toml", "rb") as handle:
            threshold = tomllib.load(handle)["parameters"]["threshold"]
        assert threshold["min"] <= low and high <= threshold["max"], (code, low, high)


def test_min_transliterations_0_turns_the_paragraph_check_off(write):
    """As its doc says; 0 used to report paragraphs with a single unknown word."""
    text = ("The villagers said that the harvest festival of the dorvaki would begin on "
            "Monday and last until the end of the week.\n")
    root = write({"a.txt": text})
    assert [f["code"] for f in _check(root, "--select", "G102").json()["findings"]] == []
    (root / "corpus-lint.toml").write_text(
        "[rules.G102]\nmin-transliterations = 0\nmin-transliteration-rate = 0.0\n"
        "min-document-transliterations = 0\n")
    result = _check(root, "--select", "G102")
    assert result.code == 0, result.err
    assert result.json()["findings"] == []


def _orphan_hits_reference(text: str, orphan: tuple) -> list:
    """G101's orphan hits as first written: each occurrence's sentence found again from the
    start of the text (quadratic, but plainly right)."""
    cid, _, word, licensors, explain, weight, unless = orphan
    hits = []
    for m in word.finditer(text):
        if unless is not None and unless.match(text, m.end()):
            continue
        before = text[:m.start()]
        # (where sentences end is the module's definition; what follows a stop decides)
        ends = [e for e in constructions._SENTENCE_END.finditer(text) if e.end() <= m.start()]
        sentence = before[ends[-1].end():] if ends else before
        if not ends and re.match(r"[\s>:|\"'(\[*-]*[a-z]", text):
            continue  # the paragraph opens mid-sentence: its licensor may come before it
        if not any(licensors.fullmatch(w) for w in re.findall(r"[A-Za-z]+", sentence)):
            start = max(0, m.start() - 40)
            space = text.find(" ", start, m.start())
            hits.append((cid, space + 1 if space >= 0 else start, m.end(), explain, weight))
    return hits


def test_orphan_hits_match_the_plain_reference():
    pieces = ["than", "Than", "thank", "athan", "than's", "-than", "bigger", "more", "other",
              "the", "it", "then", "x", "é", "5", ". ", "; ", "! ", ":", ".", "\n", " ", " ",
              "U.S.", "Mr."]
    rng = random.Random(11)
    _, orphans = constructions.load_constructions()
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"])
                       for _ in range(rng.randrange(30)))
        for orphan in orphans:
            expected = _orphan_hits_reference(text, orphan)
            assert constructions._orphan_hits(text, orphan) == expected, text
            hits += len(expected)
    assert hits > 1000  # the random texts do exercise unlicensed occurrences


class _CountingWords:
    """Stands in for ``constructions._WORD`` and adds up the characters it is asked to read."""

    def __init__(self, pattern: re.Pattern):
        self.pattern, self.read = pattern, 0

    def findall(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> list:
        self.read += max(0, min(endpos, len(text)) - pos)
        return self.pattern.findall(text, pos, endpos)


@pytest.mark.parametrize("phrase", ["bigger than the other one ", "it was than a big one ",
                                    "there are more than the other one. "])
def test_orphan_words_are_read_once_in_a_hostile_repeated_phrase(monkeypatch, phrase):
    """50 KB of one phrase: every word is read at most once, however many occurrences share
    its sentence (the first version read the whole sentence again for each: ~10^8 chars)."""
    text = "So " + phrase * (50_000 // len(phrase))  # a capital: the sentence starts here
    counter = _CountingWords(constructions._WORD)
    monkeypatch.setattr(constructions, "_WORD", counter)
    constructions.find_constructions(text)
    assert 0 < counter.read <= len(text)
