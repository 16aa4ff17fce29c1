"""G101's evidence: non-native constructions, matched with the patterns of
rules/garbling/constructions.toml (regular expressions, and words such as "than" that need a
licensor earlier in their sentence)."""
from __future__ import annotations

import re
from functools import lru_cache

from .model import load_toml
from .tokens import normalise

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
    return _hits(text, lowered)


def find_constructions_many(texts: list[str]) -> list[list[tuple[str, int, int, str, float]]]:
    """``find_constructions`` of each normalised paragraph."""
    return [_hits(text, text.lower()) for text in texts]


def _hits(text: str, lowered: str) -> list[tuple[str, int, int, str, float]]:
    """The hits in one normalised paragraph of the patterns whose gates it passes and of the
    orphan words it contains, in the order of the patterns file."""
    patterns, orphans = _gates_passed(lowered)
    ascii_text = text.isascii()
    hits = [(cid, m.start(), m.end(), explain, weight)
            for cid, pattern, explain, weight, twin in patterns
            for m in (twin if ascii_text and twin is not None else pattern).finditer(text)]
    for orphan in orphans:
        hits.extend(_orphan_hits(text, orphan))
    return hits


def _gate_open(needs: tuple[tuple[str, ...], tuple[str, ...]], lowered) -> bool:
    """Whether ``lowered`` (a paragraph's lower-cased text, or the set of gate substrings
    it contains) has one of a pattern's ``needs`` substrings and one of its ``also``
    substrings (an empty list asks for nothing)."""
    return ((not needs[0] or any(map(lowered.__contains__, needs[0])))
            and (not needs[1] or any(map(lowered.__contains__, needs[1]))))


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


# --- gates judged by one scan for all their substrings ---------------------------------
_PLANS: dict[frozenset, tuple[tuple, tuple]] = {}


@lru_cache(maxsize=None)
def _gate_matcher():
    """An Aho-Corasick automaton of every gate substring (each pattern's ``needs`` and
    ``also``, each orphan word): one pass over a paragraph finds which of them it contains,
    instead of up to 22 substring scans for each of 28 gates (issue 17: 0.49 s of scans
    over BBC's 10,292 prose paragraphs, 0.085 s for the automaton). pyahocorasick works on
    code points, so text with lone surrogates (JSON escapes) is searched as it is."""
    import ahocorasick

    patterns, orphans = load_constructions()
    automaton = ahocorasick.Automaton()
    for substring in sorted({s for *_, needs in patterns for part in needs for s in part}
                            | {orphan[1] for orphan in orphans}):
        automaton.add_word(substring, substring)
    automaton.make_automaton()
    return automaton


def _gates_passed(lowered: str) -> tuple[tuple, tuple]:
    """(patterns, orphan words) whose gates ``lowered`` passes (``_gate_open``; an orphan
    word needs to occur in it), in file order. Which gates pass depends only on which gate
    substrings occur, a set that repeats from paragraph to paragraph: the answer is kept
    per set (bounded by clearing)."""
    present = frozenset(value for _, value in _gate_matcher().iter(lowered))
    plan = _PLANS.get(present)
    if plan is None:
        if len(_PLANS) > 20_000:
            _PLANS.clear()
        patterns, orphans = load_constructions()
        twins = ascii_twins()
        plan = _PLANS[present] = (
            tuple((cid, pattern, explain, weight, twins.get(cid))
                  for cid, pattern, explain, weight, needs in patterns
                  if _gate_open(needs, present)),
            tuple(o for o in orphans if o[1] in present))
    return plan


@lru_cache(maxsize=None)
def ascii_twins() -> dict:
    """The construction patterns compiled with RE2 as well (pattern id -> RE2 regex), for
    ASCII paragraphs: 8x faster than Python's engine on a pattern that starts with a word
    boundary and a list of words (issue 17: "modal-past" 20 -> 2.4 us on a news paragraph).
    On ASCII text the two agree: ``\\b``, ``\\w``, ``\\d`` and case folding are the ASCII
    ones in both, and RE2 returns the leftmost match Perl's rules choose. Left out: patterns
    RE2 cannot compile (look-arounds) and those with ``\\s`` (RE2's lacks \\v and \\x1c-\\x1f)."""
    import re2

    patterns, _ = load_constructions()
    twins = {}
    for cid, pattern, *_ in patterns:
        if "\\s" in pattern.pattern or "\\S" in pattern.pattern:
            continue
        options = re2.Options()
        options.case_sensitive = not pattern.flags & re.IGNORECASE
        options.log_errors = False
        try:
            twins[cid] = re2.compile(pattern.pattern, options)
        except re2.error:
            continue
    return twins
