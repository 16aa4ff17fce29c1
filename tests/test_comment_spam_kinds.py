"""C102's kinds of spam (rules/comment-spam/spam-patterns.toml: each kind with examples it
must match and counter lines it must not) and the statistical spam score."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from corpus_lint.plugins.comment_spam.lexicon import (SPAM_PATTERNS_FILE, _load_toml, fast_tokens,
                                                      gate_open, shipped)
from corpus_lint.plugins.comment_spam.spammodel import (MODEL_FILE, _decoded, features, load_model,
                                                        pattern_lines_digest)

ARTICLE = ("The council approved the new bridge on Tuesday after two years of debate.\n\n"
           "Work will start in the spring and should take eighteen months, officials said.\n\n"
           "Local businesses welcomed the decision, which had been delayed by a legal challenge.\n\n")
KINDS = [entry for entry in _load_toml(shipped(SPAM_PATTERNS_FILE), "spam patterns")["pattern"]
         if "kind" in entry]
# A kind may be written as several patterns, each gated by the words of its own branch; its
# examples and counter lines are those of all its patterns.
BY_KIND: dict[str, list[dict]] = {}
for _entry in KINDS:
    BY_KIND.setdefault(_entry["kind"], []).append(_entry)
EXAMPLES = [(e["kind"], text) for e in KINDS for text in e.get("examples", [])]
COUNTERS = [(e["kind"], text) for e in KINDS for text in e.get("counter", [])]
# lines for the parts of a kind that its examples (the model's training lines) do not reach
PART_LINES = {
    "loan offer": ["Apply now for a personal loan, approval in minutes"],
    "dating": ["No strings attached, just sign up and chat tonight",
               "Naughty girls are online now, see them at flirt-zone.example.net"],
}


def _gate(entry):
    groups = entry.get("any") or []
    if groups and all(isinstance(g, str) for g in groups):
        groups = [groups]
    return tuple(frozenset(g) for g in groups)


def _matches(entry, text: str) -> bool:
    lower = text.lower()
    return gate_open(_gate(entry), frozenset(fast_tokens(lower))) \
        and re.search(entry.get("prefilter", ""), lower) is not None \
        and re.search(entry["regex"], lower) is not None


def test_every_kind_of_the_issue_is_there_with_examples():
    kinds = {e["kind"] for e in KINDS}
    assert {"premium-rate SMS", "prize claim", "phishing", "loan offer", "dating", "fake review",
            "SEO link list", "obfuscated spelling"} <= kinds
    assert all(any(e.get("examples") for e in entries) for entries in BY_KIND.values())


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_each_kind_matches_its_examples_and_not_its_counter_lines(kind):
    entries = BY_KIND[kind]
    examples = [t for e in entries for t in e.get("examples", [])]
    counters = [t for e in entries for t in e.get("counter", [])]
    assert [t for t in examples if not any(_matches(e, t) for e in entries)] == []
    assert [(t, e["regex"][:40]) for t in counters for e in entries if _matches(e, t)] == []


@pytest.mark.parametrize("kind", [k for k, entries in sorted(BY_KIND.items()) if len(entries) > 1])
def test_each_pattern_of_a_kind_written_in_parts_matches_an_example_or_its_own_line(kind):
    """A kind split into gated patterns keeps every part alive: each matches at least one of
    the kind's examples or a line written here for it (a gate that cannot open, or a branch
    copied wrong, would silently lose its spam)."""
    examples = [t for e in BY_KIND[kind] for t in e.get("examples", [])] + PART_LINES.get(kind, [])
    dead = [e["regex"][:60] for e in BY_KIND[kind] if not any(_matches(e, t) for t in examples)]
    assert dead == []



def _c102_lines(write, texts):
    root = write({f"doc{i:02d}.txt": ARTICLE + text + "\n" for i, text in enumerate(texts)})
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", "C102", str(root))
    assert result.code in (0, 1), result.err
    return {(f["path"].rsplit("/", 1)[-1], f["line"]) for f in result.json()["findings"]}


def test_every_example_pasted_after_an_article_is_reported(write):
    found = _c102_lines(write, [text for _, text in EXAMPLES])
    missed = [(kind, text) for i, (kind, text) in enumerate(EXAMPLES)
              if (f"doc{i:02d}.txt", 7) not in found]
    assert missed == []


def test_counter_lines_in_an_article_stay_silent(write):
    assert _c102_lines(write, [text for _, text in COUNTERS]) == set()


def test_the_shipped_model_was_built_from_these_example_and_counter_lines():
    """The model learns from the kinds' examples and counter lines: after editing them,
    rebuild it (scripts/build_comment_spam_model.py, see rules/comment-spam/SOURCES.md)."""
    patterns = _load_toml(shipped(SPAM_PATTERNS_FILE), "spam patterns")
    built_from = _decoded(shipped(MODEL_FILE))["pattern_lines_sha256"]
    assert built_from == pattern_lines_digest(patterns), "spam-model.json.gz is stale: rebuild it"


def test_obfuscated_spellings_fold_back_to_the_word():
    feats = features("Get FR33 c1alis now!!")
    assert {"free", "cialis", "S:leet", "P:!!", "get free"} <= set(feats)
    assert "S:leet" not in features("The B2B market grew 4% in 2004.")


def test_token_shapes_stand_for_links_money_and_numbers():
    feats = set(features("Call 09098790772 to claim £450, or see www.example.com"))
    assert {"N:9", "M:money", "U:link"} <= feats


def test_the_model_ranks_spam_above_reporting():
    model = load_model()
    spam = model.score("Dear friend, earn extra income from home with our proven marketing "
                       "program, no experience needed, reply today for details")
    news = model.score("The minister told parliament that the inquiry would report in June, "
                       "after hearing evidence from both sides.")
    assert spam > 2.0 > news


def test_the_spam_score_does_not_depend_on_the_hash_seed():
    """Summed over a set, the weights were added in an order PYTHONHASHSEED decides, and
    the score differed in its last bits from one run to the next."""
    import os
    import subprocess
    import sys

    line = ("Great post!! Buy cheap replica watches online, best price guaranteed, free "
            "shipping worldwide, visit our store now and get discount code today!!! Thanks "
            "for sharing this info, very useful blog.")
    program = ("import sys; from corpus_lint.plugins.comment_spam.spammodel import load_model; "
               "print(repr(load_model().score(sys.argv[1])))")
    scores = {subprocess.run([sys.executable, "-c", program, line], capture_output=True,
                             text=True, check=True, env={**os.environ,
                                                         "PYTHONHASHSEED": str(seed)}).stdout
              for seed in range(6)}
    assert len(scores) == 1


def test_a_story_reporting_on_offers_and_handles_stays_silent(write):
    """A long sentence of a story in the third person, told in the past or reported,
    reports on an offer with an address; an order after "to" is reported, not given. The
    same offers pasted as short messages are spam."""
    story = ["Shoppers were sent a promo code by text, and many used it at example-shop.com "
             "before it expired, the firm said.",
             "Several dating apps promise that lonely singles can chat free, but regulators at "
             "example-watchdog.org say many of the profiles are fake.",
             "The singer posted a message asking fans to add me on TikTok, and gained a million "
             "followers in a week."]
    assert _c102_lines(write, story) == set()
    pasted = ["Use promo code SAVE30 today at example-shop.com!!",
              "Lonely singles online now, chat free at example-flirt.net",
              "add me on tiktok for more"]
    assert _c102_lines(write, pasted) == {(f"doc{i:02d}.txt", 7) for i in range(3)}
