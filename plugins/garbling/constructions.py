"""G101's evidence: non-native constructions, matched with the patterns of
rules/garbling/constructions.toml (regular expressions, and words such as "than" that need a
licensor earlier in their sentence)."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from .model import load_toml
from .tokens import normalise, through_cache

CONSTRUCTIONS_FILE = "constructions.toml"

_SENTENCE_END = re.compile(r"[.!?;:]\s")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=None)
def load_constructions() -> tuple[list, list]:
    """Construction patterns (id, regex, explanation, weight, (needs, also)) and orphan words
    (id, word, word regex, licensor regex, explanation, weight, unless-followed-by regex)."""
    data = load_toml(CONSTRUCTIONS_FILE)
    patterns = [(item["id"], re.compile(item["pattern"], 0 if item.get("case") else re.I),
                 item["explain"], float(item.get("weight", 1.0)),
                 (tuple(item.get("needs", ())), tuple(item.get("also", ()))))
                for item in data.get("construction", [])]
    orphans = [(item["id"], item["word"].lower(), re.compile(rf"\b{re.escape(item['word'])}\b", re.I),
                re.compile(rf"(?:{item['licensors']})", re.I), item["explain"],
                float(item.get("weight", 1.0)),
                re.compile(item["unless_followed_by"]) if item.get("unless_followed_by") else None)
               for item in data.get("orphan", [])]
    return patterns, orphans


def find_constructions(text: str, normalised: bool = False, lowered: str | None = None
                       ) -> list[tuple[str, int, int, str, float]]:
    """Every construction-pattern hit in ``text``: (id, start, end, explanation, weight)."""
    if not normalised:
        text = normalise(text)
    if lowered is None:
        lowered = text.lower()
    return _hits(text, lowered, None)


def find_constructions_many(texts: list[str], word_lists: list[list[str]]
                            ) -> list[list[tuple[str, int, int, str, float]]]:
    """``find_constructions`` of each normalised paragraph, given its lower-cased word tokens
    (``[t.lower() for t in TOKEN.findall(text) if t[0].isalnum()]``): the same hits, with
    the gates first judged on the words (``candidate_substrings``), which costs a few dict
    lookups per word instead of 28 gates of up to 22 substring scans of the text each
    (issue 17). A paragraph that lower-casing lengthens keeps the plain gates (the
    reasoning on word tokens needs each character to stay one character)."""
    out = []
    for text, words in zip(texts, word_lists):
        lowered = text.lower()
        same = len(lowered) == len(text)
        out.append(_hits(text, lowered, candidate_substrings(words) if same else None))
    return out


def _hits(text: str, lowered: str, candidates: frozenset[str] | None
          ) -> list[tuple[str, int, int, str, float]]:
    """The hits in one normalised paragraph of the patterns whose gates it passes and of the
    orphan words it contains, in the order of the patterns file; gates with no substring
    among ``candidates`` (when given) are closed without scanning the text."""
    patterns, orphans = load_constructions()
    hits = [(cid, m.start(), m.end(), explain, weight)
            for cid, pattern, explain, weight, needs in patterns
            if (candidates is None or _may_open(needs, candidates)) and _gate_open(needs, lowered)
            for m in pattern.finditer(text)]
    for orphan in orphans:
        if (candidates is None or orphan[1] in candidates) and orphan[1] in lowered:
            hits.extend(_orphan_hits(text, orphan))
    return hits


def _gate_open(needs: tuple[tuple[str, ...], tuple[str, ...]], lowered: str) -> bool:
    """Whether ``lowered`` has one of a pattern's ``needs`` substrings and one of its
    ``also`` substrings (an empty list asks for nothing)."""
    return ((not needs[0] or any(map(lowered.__contains__, needs[0])))
            and (not needs[1] or any(map(lowered.__contains__, needs[1]))))


def _may_open(needs: tuple[tuple[str, ...], tuple[str, ...]], candidates: frozenset[str]) -> bool:
    """``_gate_open`` can hold only with a candidate among each non-empty list."""
    return ((not needs[0] or not candidates.isdisjoint(needs[0]))
            and (not needs[1] or not candidates.isdisjoint(needs[1])))


def _orphan_hits(text: str, orphan: tuple) -> list[tuple[str, int, int, str, float]]:
    """Hits of one orphan word: its occurrences with no licensor before them in their
    sentence, shown from up to 40 characters before the word (from a word start).

    One pass: the current sentence's start and whether a licensor was seen in it are carried
    from one occurrence to the next, so each word is read once. Rescanning the text before
    every occurrence took 22 s on 200 KB of "bigger than the other one" (quadratic).
    Reading on from where the last occurrence began splits no word: an occurrence begins at
    a word boundary (``\\b``).
    """
    cid, _, word, licensors, explain, weight, unless = orphan
    hits = []
    ends = _SENTENCE_END.finditer(text)
    end = next(ends, None)
    sentence = scanned = 0  # where the current sentence starts; how far it has been read
    licensed = False
    for m in word.finditer(text):
        if unless is not None and unless.match(text, m.end()):
            continue
        while end is not None and end.end() <= m.start():
            sentence, end = end.end(), next(ends, None)
        if sentence > scanned:  # a new sentence: nothing read of it yet
            scanned, licensed = sentence, False
        licensed = licensed or any(
            licensors.fullmatch(w) for w in _WORD.findall(text, scanned, m.start()))
        scanned = m.start()
        if not licensed:
            start = max(0, m.start() - 40)
            space = text.find(" ", start, m.start())
            hits.append((cid, space + 1 if space >= 0 else start, m.end(), explain, weight))
    return hits


# --- gates judged on word tokens -------------------------------------------------------
_SEGMENT = re.compile(r"[a-z]+(?:'[a-z]+)*")


def requirements(substring: str) -> frozenset[tuple[str, str]]:
    """What the word tokens of a paragraph show when its lower-cased text contains
    ``substring``: its runs of letters (apostrophes inside) lie each inside one token, since
    a token is a maximal run of letters joined by inner apostrophes. A run bounded by a
    space on its left starts its token ("<"), on its right ends it (">"), on both is the
    token ("="), by the substring's edges only lies inside it ("~"). Runs next to another
    character (an apostrophe at the run's edge) are left out: the token may be cut there."""
    kinds = {(" ", " "): "=", (" ", ""): "<", ("", " "): ">", ("", ""): "~"}
    found = []
    for run in _SEGMENT.finditer(substring):
        edges = (substring[run.start() - 1:run.start()], substring[run.end():run.end() + 1])
        if edges in kinds:
            found.append((kinds[edges], run.group()))
    return frozenset(found)


class WordGates(NamedTuple):
    """Each gate substring filed under one of its requirements (its longest run's), indexed
    for looking up the words of a paragraph."""

    free: frozenset  # substrings that require nothing (always candidates)
    whole: dict[str, tuple]  # "=" run -> the substrings filed under it
    starts: dict[int, dict[str, tuple]]  # length -> "<" run of that length -> substrings
    ends: dict[int, dict[str, tuple]]  # length -> ">" run of that length -> substrings
    inside: tuple[tuple[str, tuple], ...]  # ("~" run, substrings)
    seen: dict[str, tuple]  # word -> the substrings it may let through (cleared when large)


@lru_cache(maxsize=None)
def word_gates() -> WordGates:
    """``WordGates`` of every pattern's ``needs`` and ``also`` and every orphan word."""
    patterns, orphans = load_constructions()
    substrings = {s for *_, needs in patterns for part in needs for s in part}
    substrings.update(orphan[1] for orphan in orphans)
    filed: dict[tuple[str, str], list[str]] = defaultdict(list)
    free = []
    for substring in sorted(substrings):
        features = requirements(substring)
        if not features:
            free.append(substring)
            continue
        # the longest run is the rarest in text: the fewest paragraphs let through
        kind, run = max(features, key=lambda f: (len(f[1]), "~<>=".index(f[0]), f[1]))
        filed[kind, run].append(substring)

    def by_length(kind: str) -> dict[int, dict[str, tuple]]:
        out: dict[int, dict[str, tuple]] = defaultdict(dict)
        for (k, run), subs in filed.items():
            if k == kind:
                out[len(run)][run] = tuple(subs)
        return dict(out)

    return WordGates(frozenset(free),
                     {run: tuple(subs) for (k, run), subs in filed.items() if k == "="},
                     by_length("<"), by_length(">"),
                     tuple((run, tuple(subs)) for (k, run), subs in sorted(filed.items())
                           if k == "~"), {})


def _let_through(word: str, gates: WordGates) -> tuple[str, ...]:
    """The substrings whose filed requirement ``word`` meets."""
    found = list(gates.whole.get(word, ()))
    for n, runs in gates.starts.items():
        found.extend(runs.get(word[:n], ()))
    for n, runs in gates.ends.items():
        found.extend(runs.get(word[-n:], ()))
    for run, subs in gates.inside:
        if run in word:
            found.extend(subs)
    return tuple(found)


def candidate_substrings(words: list[str]) -> frozenset[str]:
    """The gate substrings one of whose requirements the words meet: every substring that
    the paragraph's lower-cased text contains is among them (most others are not)."""
    gates = word_gates()
    return gates.free.union(*through_cache(words, gates.seen,
                                           lambda word: _let_through(word, gates)))
