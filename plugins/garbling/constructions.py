"""G101's evidence: non-native constructions, matched with the patterns of
rules/garbling/constructions.toml (regular expressions, and words such as "than" that need a
licensor earlier in their sentence)."""
from __future__ import annotations

import re
from functools import lru_cache, reduce
from operator import itemgetter, or_

from corpus_lint.documents.sentences import NOT_AN_ABBREVIATION
from corpus_lint.lazyre import lazy

from .model import load_toml
from .tokens import normalise

CONSTRUCTIONS_FILE = "constructions.toml"

# A colon ends a sentence when it ends a word ("as follows: "); one alone at a line's
# start is a reply's quote marker (": > you said"), inside the quoted sentence. A full
# stop does not end one before a lower-case word, nor after an initial or an initialism
# ("U.S.", "e.g.", "J. Smith") or a title or company abbreviation: "more cases in the
# U.S. than", "better for the U.S. Economy than" keep their comparative (20 Newsgroups and
# Reuters: 27 false "than" alarms, most after "U.S."). Joining two sentences by mistake
# only widens the search for a licensor: fewer reports, never more.
_SENTENCE_END = re.compile(r"[!?;]\s|(?<=\S):\s|\." + NOT_AN_ABBREVIATION + r"\s(?!\s*[a-z])")
# A paragraph that opens in lower case continues a sentence begun before it (a quoted
# reply cut by the answer, an extraction's broken paragraph): its first words' licensor
# may lie in that earlier part.
_CONTINUED = re.compile(r"[\s>:|\"'(\[*-]*[a-z]")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=None)
def load_constructions() -> tuple[list, list]:
    """Construction patterns (id, regex, explanation, weight, (needs, also)) and orphan words
    (id, word, word regex, licensor regex, explanation, weight, unless-followed-by regex).
    Regexes compile on first use (``lazy``): a paragraph opens few gates (start-up)."""
    data = load_toml(CONSTRUCTIONS_FILE)
    patterns = [(item["id"], lazy(item["pattern"], 0 if item.get("case") else re.I),
                 item["explain"], float(item.get("weight", 1.0)),
                 (tuple(item.get("needs", ())), tuple(item.get("also", ()))))
                for item in data.get("construction", [])]
    orphans = [(item["id"], item["word"].lower(), lazy(rf"\b{re.escape(item['word'])}\b", re.I),
                lazy(rf"(?:{item['licensors']})", re.I), item["explain"],
                float(item.get("weight", 1.0)),
                lazy(item["unless_followed_by"]) if item.get("unless_followed_by") else None)
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
    hits = []
    for cid, pattern, explain, weight, twin, prefilter in patterns:
        if ascii_text:
            if twin is not None:
                pattern = twin
            elif prefilter is not None and prefilter.search(text) is None:
                continue  # not even the pattern without its look-arounds matches
        hits.extend((cid, m.start(), m.end(), explain, weight) for m in pattern.finditer(text))
    for orphan in orphans:
        hits.extend(_orphan_hits(text, orphan))
    return hits


def _orphan_hits(text: str, orphan: tuple) -> list[tuple[str, int, int, str, float]]:
    """Hits of one orphan word: its occurrences with no licensor before them in their
    sentence, shown from up to 40 characters before the word (from a word start).

    One pass: the current sentence's start and whether a licensor was seen in it are carried
    from one occurrence to the next, so each word is read once. Rescanning the text before
    every occurrence took 22 s on 200 KB of "bigger than the other one" (quadratic).
    Reading on from where the last occurrence began splits no word: an occurrence begins at
    a word boundary (``\\b``). The words are tried from the nearest back: the same answer,
    and usually after one licensor match instead of one per word of the sentence (issue 17).
    """
    cid, _, word, licensors, explain, weight, unless = orphan
    hits = []
    ends = _SENTENCE_END.finditer(text)
    end = next(ends, None)
    sentence = scanned = 0  # where the current sentence starts; how far it has been read
    licensed = _CONTINUED.match(text) is not None
    for m in word.finditer(text):
        if unless is not None and unless.match(text, m.end()):
            continue
        while end is not None and end.end() <= m.start():
            sentence, end = end.end(), next(ends, None)
        if sentence > scanned:  # a new sentence: nothing read of it yet
            scanned, licensed = sentence, False
        if not licensed:  # the nearest word first: usually the licensor ("more than")
            licensed = any(map(licensors.fullmatch,
                               reversed(_WORD.findall(text, scanned, m.start()))))
        scanned = m.start()
        if not licensed:
            start = max(0, m.start() - 40)
            space = text.find(" ", start, m.start())
            hits.append((cid, space + 1 if space >= 0 else start, m.end(), explain, weight))
    return hits


# --- gates judged by one scan for all their substrings ---------------------------------
_PLANS: dict[int, tuple[tuple, tuple]] = {}
_VALUE = itemgetter(1)


@lru_cache(maxsize=None)
def _gate_matcher():
    """An Aho-Corasick automaton of every gate substring (each pattern's ``needs`` and
    ``also``, each orphan word): one pass over a paragraph finds which of them it contains,
    instead of up to 22 substring scans for each of 28 gates (issue 17: 0.49 s of scans
    over BBC's 10,292 prose paragraphs, 0.085 s for the automaton). pyahocorasick works on
    code points, so text with lone surrogates (JSON escapes) is searched as it is.

    Each substring's value is what it opens as bits of one integer: with n patterns, bit
    i when it is among pattern i's ``needs``, bit n + i among its ``also``, bit 2n + j
    when it is orphan word j. Returned with the bits every paragraph has (an empty
    ``needs`` or ``also`` asks for nothing) and n."""
    import ahocorasick

    patterns, orphans = load_constructions()
    n = len(patterns)
    opens: dict[str, int] = {}
    always = 0
    for i, (*_, needs) in enumerate(patterns):
        for part, bit in zip(needs, (1 << i, 1 << (n + i))):
            for substring in part:
                opens[substring] = opens.get(substring, 0) | bit
            if not part:
                always |= bit
    for j, orphan in enumerate(orphans):
        opens[orphan[1]] = opens.get(orphan[1], 0) | 1 << (2 * n + j)
    automaton = ahocorasick.Automaton()
    for substring in sorted(opens):
        automaton.add_word(substring, opens[substring])
    automaton.make_automaton()
    return automaton, always, n


def _gates_passed(lowered: str) -> tuple[tuple, tuple]:
    """(patterns, orphan words) whose gates ``lowered`` passes (one of a pattern's
    ``needs`` substrings and one of its ``also`` substrings occur in it, an empty list
    asking for nothing; an orphan word occurs in it), in file order. The substrings found
    give their bits (``_gate_matcher``) OR-ed together in C, and the answer is kept per
    combination of open gates: BBC's 10,292 prose paragraphs have 1,441 of them and 6,841
    sets of substrings (issue 17; bounded by clearing)."""
    automaton, always, n = _gate_matcher()
    bits = reduce(or_, map(_VALUE, automaton.iter(lowered)), always)  # (end, bits) pairs
    # bit i: both halves of pattern i's gate; bit n + j: orphan word j
    key = (bits & bits >> n & ((1 << n) - 1)) | (bits >> 2 * n) << n
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) > 20_000:
            _PLANS.clear()
        patterns, orphans = load_constructions()
        plan = _PLANS[key] = (
            tuple((cid, pattern, explain, weight, ascii_twin(cid), ascii_prefilter(cid))
                  for i, (cid, pattern, explain, weight, _) in enumerate(patterns)
                  if key >> i & 1),
            tuple(o for j, o in enumerate(orphans) if key >> (n + j) & 1))
    return plan


def ascii_twins() -> dict:
    """The construction patterns compiled with RE2 as well (pattern id -> RE2 regex), for
    ASCII paragraphs: 8x faster than Python's engine on a pattern that starts with a word
    boundary and a list of words (issue 17: "modal-past" 20 -> 2.4 us on a news paragraph).
    On ASCII text the two agree: ``\\b``, ``\\w``, ``\\d`` and case folding are the ASCII
    ones in both, and RE2 returns the leftmost match Perl's rules choose. Left out: patterns
    RE2 cannot compile (look-arounds) and those with ``\\s`` (RE2's lacks \\v and \\x1c-\\x1f)."""
    patterns, _ = load_constructions()
    return {cid: twin for cid, *_ in patterns if (twin := ascii_twin(cid)) is not None}


@lru_cache(maxsize=None)
def ascii_twin(cid: str):
    """One pattern's entry of ``ascii_twins`` (None when left out), compiled when a paragraph
    first opens its gate: a one-file run opens few (start-up)."""
    text, flags = _construction(cid)
    return _re2_twin(flags, text)


def _construction(cid: str) -> tuple[str, int]:
    """The text and flags of the construction pattern with id ``cid``, not compiled: with
    an RE2 twin, Python's pattern runs only on a paragraph that is not ASCII."""
    return next(pattern.source for pattern_id, pattern, *_ in load_constructions()[0]
                if pattern_id == cid)


def _re2_twin(flags: int, source: str | None):
    """``source`` compiled with RE2 with the case folding of ``flags``; None when RE2
    cannot compile it or it uses ``\\s`` (see ``ascii_twins``)."""
    import re2

    if source is None or "\\s" in source or "\\S" in source:
        return None
    options = re2.Options()
    options.case_sensitive = not flags & re.IGNORECASE
    options.log_errors = False
    try:
        return re2.compile(source, options)
    except re2.error:
        return None


def ascii_prefilters() -> dict:
    """For the patterns without an RE2 twin (they have look-arounds): the pattern without
    its look-arounds, compiled with RE2 (pattern id -> RE2 regex). Dropping an assertion
    only lets more text match, so where the prefilter finds nothing in an ASCII paragraph
    the pattern finds nothing either, and Python's engine is not run (issue 17: on BBC,
    "several-singular" cost 84 us a paragraph whose gate it passed, almost never matching)."""
    patterns, _ = load_constructions()
    return {cid: prefilter for cid, *_ in patterns
            if (prefilter := ascii_prefilter(cid)) is not None}


@lru_cache(maxsize=None)
def ascii_prefilter(cid: str):
    """One pattern's entry of ``ascii_prefilters`` (None when it has a twin or none can be
    made), compiled when a paragraph first opens its gate (start-up)."""
    if ascii_twin(cid) is not None:
        return None
    text, flags = _construction(cid)
    return _re2_twin(flags, without_lookarounds(text))


def without_lookarounds(source: str) -> str | None:
    """``source`` with its look-ahead and look-behind groups removed (escapes, character
    classes and nested groups respected); None when a group is followed by a quantifier
    or the parentheses do not balance (then dropping it could change what the rest means)."""
    out, i, n = [], 0, len(source)
    while i < n:
        if source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            end = _group_end(source, i)
            if end is None or (end < n and source[end] in "*+?{"):
                return None
            i = end
            continue
        step = _atom_end(source, i)
        out.append(source[i:step])
        i = step
    return "".join(out)


def _atom_end(source: str, i: int) -> int:
    """Where the escape or character class starting at ``i`` ends (one character else)."""
    if source[i] == "\\":
        return min(i + 2, len(source))
    if source[i] == "[":
        j = i + 1
        if j < len(source) and source[j] == "^":
            j += 1
        if j < len(source) and source[j] == "]":
            j += 1
        while j < len(source) and source[j] != "]":
            j += 2 if source[j] == "\\" else 1
        return min(j + 1, len(source))
    return i + 1


def _group_end(source: str, i: int) -> int | None:
    """The index after the parenthesis closing the group that opens at ``i``."""
    depth = 0
    while i < len(source):
        if source[i] == "(":
            depth += 1
        elif source[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i = _atom_end(source, i)
    return None
