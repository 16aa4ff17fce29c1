"""The statistical spam score of a line (C102): a logistic model over word unigrams and
bigrams and token shapes (links, e-mail addresses, currency amounts, long digit runs such as
phone numbers and short codes, words in capitals, "!!"), with obfuscated spellings folded
back ("fr33" -> "free" plus a LEET feature). It catches spam that uses none of the listed
phrases. SpamAssassin's Bayes filter is the model: tokens, not phrases. The weights are
shipped in rules/comment-spam/spam-model.json.gz, built by
scripts/build_comment_spam_model.py from openly licensed data (see its docstring)."""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache

from corpus_lint.rulebook import family_data

MODEL_FILE = "spam-model.json.gz"
_EDGE = "\"'()[]{}<>,.;:*“”‘’«»"
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i", "|": "i"})
_URL = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|ru|pl|io|"
                  r"ly|co|uk|us|de|cn|tk|me|tv)(?:/|$)", re.I)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+\.[\w.]+$")
_MONEY = re.compile(r"^(?:[£$€]\d|\d[\d,.]*(?:k|m|bn)?[£$€]$|\d[\d,.]*p$)")


def _shape(token: str) -> str | None:
    """The shape feature of a token that is not a plain word, or None for a plain word."""
    if _URL.match(token):
        return "U:link"
    if "@" in token and _EMAIL.match(token):
        return "U:email"
    if _MONEY.match(token):
        return "M:money"
    digits = sum(ch.isdigit() for ch in token)
    if digits == len(token.replace(",", "").replace(".", "").replace("-", "").replace("+", "")):
        return f"N:{min(digits, 9)}"
    return None


def features(text: str) -> list[str]:
    """The model's features of one line (the same at build time and at run time)."""
    words: list[str] = []
    feats: list[str] = []
    if "!!" in text:
        feats.append("P:!!")
    for raw in text.split():
        token = raw.strip(_EDGE)
        if not token:
            continue
        if token.endswith("!") or token.endswith("?"):
            feats.append("P:" + token[-1])
            token = token.rstrip("!?")
            if not token:
                continue
        shape = _shape(token)
        if shape:
            feats.append(shape)
            words.append(shape)
            continue
        if len(token) >= 3 and token.isupper() and token.isalpha():
            feats.append("C:caps")
        lower = token.lower()
        if not lower.isalpha() and any(ch.isalpha() for ch in lower):
            folded = lower.translate(_LEET)
            if folded.isalpha() and folded != lower and any(ch.isdigit() for ch in lower):
                feats.append("S:leet")
                lower = folded
        words.append(lower)
    feats.extend(words)
    feats.extend(a + " " + b for a, b in zip(words, words[1:]))
    return feats


class SpamModel:
    """Weights by feature; ``score`` is the log-odds that a line is spam."""

    def __init__(self, data: dict):
        self.bias = float(data["bias"])
        self.weights: dict[str, float] = data["weights"]

    def score(self, text: str) -> float:
        # Each feature once, summed in the order the text gives them: a set's order depends
        # on PYTHONHASHSEED, and float sums in another order differ in the last bit.
        weights = self.weights
        return self.bias + sum(weights.get(f, 0.0) for f in dict.fromkeys(features(text)))


@lru_cache(maxsize=1)
def load_model() -> SpamModel:
    """The shipped model, read from its ``marshal`` copy in the user's cache (written by the
    first run): 60,786 weights in 0.01 s instead of 0.035-0.04 s of gunzip and JSON, which
    every run over more than a few documents paid, before the workers fork (issue 17). The
    same floats: marshal keeps their bits."""
    import marshal

    from corpus_lint.usercache import derived_folder, forget

    path = family_data("comment-spam", MODEL_FILE)
    folder = derived_folder(f"spam-model-m{marshal.version}", path,
                            lambda folder: (folder / MARSHALLED).write_bytes(
                                marshal.dumps(_decoded(path))))
    if folder is not None:
        try:
            return SpamModel(marshal.loads((folder / MARSHALLED).read_bytes()))
        except (OSError, ValueError, EOFError, TypeError, KeyError):  # damaged: derive again
            forget(folder)
    return SpamModel(_decoded(path))


MARSHALLED = "model.marshal"


def pattern_lines(patterns: dict) -> list[tuple[str, int]]:
    """The spam kinds' ``examples`` (1) and ``counter`` lines (0) of a parsed
    spam-patterns.toml, in file order: the part of the model's training rows we wrote."""
    return [(text, label) for entry in patterns["pattern"]
            for label, key in ((1, "examples"), (0, "counter")) for text in entry.get(key, [])]


def pattern_lines_digest(patterns: dict) -> str:
    """What the model records of the pattern lines it was built from: editing an example or
    a counter line without rebuilding it leaves the shipped model behind its script, which
    tests/test_comment_spam_kinds.py notices."""
    import hashlib

    return hashlib.sha256(json.dumps(pattern_lines(patterns), ensure_ascii=False).encode()
                          ).hexdigest()


def _decoded(path) -> dict:
    """The shipped file's JSON, decoded."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)
