"""Issue 17, gates before scans: each cheap test may only skip work that could not have
found anything. Every gate is checked against the expensive test it stands in front of."""
from __future__ import annotations

import random

import pytest

from corpus_lint.plugins.garbling.artefacts import _MT_TOKEN, may_hold_mt_token
from corpus_lint.plugins.garbling.constructions import find_constructions
from corpus_lint.plugins.integrity.truncation import _cut_reason, _may_be_cut
from corpus_lint.readers.frontmatter import find_sidecar

MT_TOKENS = ["<unk>", "&LT;UNK&gt;", "[unk]", "<PAD>", "[pad]", "<mask>", "[MASK]", "[SEP]",
             "[CLS]", "<|endoftext|>", "<|im_start|>", "<|IM_END|>", "transl@@ ation",
             "▁the▁cat", "a\u2581b", "[UN\u212a]", "[\u017fEP]", "<|\u0131m_end|>",
             "<|\u0130m_start|>"]


@pytest.mark.parametrize("token", MT_TOKENS)
def test_every_model_token_opens_the_g107_gate(token):
    text = f"The minister said {token} would follow."
    assert _MT_TOKEN.search(text) and may_hold_mt_token(text)


def test_the_g107_gate_never_hides_a_match():
    rng = random.Random(17)
    pieces = MT_TOKENS + ["word", " ", "@", "@@", "<", ">", "[", "]", "&", "unk", "é", "▁",
                          "UnK", "Sep", "lt;", "gt;", "|", "im_", "Pad", "x",
                          "\u0130", "\u0131", "\u017f", "\u212a", "£"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        assert may_hold_mt_token(text) or not _MT_TOKEN.search(text), text
    assert not may_hold_mt_token("Plain prose with (brackets), figures 12.5% and e-mail.")


def test_the_i110_gate_never_hides_a_cut():
    rng = random.Random(110)
    words = ["the", "of", "and", "May", "week.", "in", "(as", "agreed)", "negotia-", "rest,",
             "ends;", "it", "(", "well!", "done?", "x", "co-", "12,5", "é"]
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        tail = text.split()[-1]
        assert _may_be_cut(text) or _cut_reason(text, tail) is None, text
    assert not _may_be_cut("They met on Tuesday.")
    assert not _may_be_cut("   ")


MODALS = ["can", "could", "must", "should", "would", "cannot", "can't", "won't", "didn't",
          "doesn't", "don't"]
PASTS = ["went", "came", "took", "gave", "saw", "became", "began", "wrote", "ate", "knew",
         "told", "thought", "brought", "bought", "sought", "taught"]
COMPARATIVES = ["better", "worse", "bigger", "smaller", "larger", "higher", "lower", "faster",
                "easier", "harder", "stronger", "weaker", "greater", "cheaper", "biggest",
                "smallest", "largest", "highest", "lowest", "easiest", "best", "worst"]
PLURALS = ["countries", "days", "years", "students", "members", "times", "things",
           "companies", "children", "months", "weeks"]


@pytest.mark.parametrize("cid, phrases", [
    ("modal-past", [f"{m} {p}" for m in MODALS for p in PASTS]),
    ("double-comparative", [f"{q} {c}" for q in ("more", "most") for c in COMPARATIVES]),
    ("each-plural", [f"{q} {n}" for q in ("each", "every") for n in PLURALS]),
])
def test_the_gates_of_g101_let_every_construction_through(cid, phrases):
    """The `needs` and `also` pre-filters of constructions.toml: every word pair the
    pattern matches, in either case, must still reach the regex."""
    for phrase in phrases:
        for text in (f"They said {phrase} home here.", f"THEY SAID {phrase.upper()} HOME."):
            assert cid in [hit[0] for hit in find_constructions(text)], text


def test_a_sidecar_written_after_a_lookup_is_found(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Text.\n")
    assert find_sidecar(doc) is None
    (tmp_path / "a.meta.json").write_text("{}")
    assert find_sidecar(doc) == tmp_path / "a.meta.json"
    (tmp_path / "a.meta.json").unlink()
    (tmp_path / "a.txt.meta.yaml").mkdir()  # listed, but not a file
    assert find_sidecar(doc) is None


def test_the_g105_gate_never_hides_a_loop():
    from corpus_lint.plugins.garbling.artefacts import _LOOP, may_loop

    rng = random.Random(105)
    words = ["the", "The", "THE", "cat", "sat", "on", "a_b", "12", "mat", ", ", ". ", " ", "  ",
             "-", "é"]
    hidden = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice([" ", ", ", " "])
                       for _ in range(rng.randint(3, 30))) + " "
        assert may_loop(text) or not _LOOP.search(text), text
        hidden += not may_loop(text)
    assert hidden  # the gate does skip texts
    assert may_loop("kathi kathi kathi and so on ")
    assert not may_loop("The committee met on Tuesday and agreed the budget. ")
