"""G108 ``spun-synonym``: article spinning found by putting a spinner's synonym back.

A spinner replaces words by thesaurus ("helped me get lean muscle" becomes "assisted me
obtain lean muscular tissue"). For each word of the paragraph that spinners are known to
write (rules/garbling/spinner-synonyms.toml), the plain words it replaces are tried in
the same place, and the shipped English bigram model compares p(word | previous) *
p(next | word) for both. A spun word is one the plain word beats by ``margin`` decades: a
writer who chose "obtain" or "situated" on purpose puts it where it fits.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache
from itertools import compress
from typing import Callable, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.register import archaic_register
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .analysis import GarblingRule, english_analyses, paragraph_analyses, quote
from .lm import SENTENCE, EnglishLM, id_sequence, load_lm, pair_logprob
from .model import load_toml

SYNONYMS_FILE = "spinner-synonyms.toml"


@lru_cache(maxsize=None)
def load_substitutes() -> dict[int, list[int]]:
    """The plain word ids each spun word id may replace (in id order), for every
    substitution the data lists whose words the model knows."""
    lm = load_lm()
    substitutes: dict[int, list[int]] = {}
    for spun, plains in load_toml(SYNONYMS_FILE)["substitutes"].items():
        spun_id = lm.id_of(spun)
        for plain in plains:
            plain_id = lm.id_of(plain)
            if spun_id is not None and plain_id is not None:
                substitutes.setdefault(spun_id, []).append(plain_id)
    return {spun: sorted(plains) for spun, plains in sorted(substitutes.items())}


def spun_words(token_lists: list[list[str]], margin: float):
    """``spun_in_sequence`` of the paragraphs' tokens."""
    return spun_in_sequence(id_sequence(token_lists, load_lm()), margin)


def spun_in_sequence(sequence, margin: float, paragraphs=None):
    """(paragraph, position, spun word, plain word, decades it loses by) of the words that a
    spinner writes where the plain word is ``margin`` decades more probable between the
    same neighbours (log p(word | previous) + log p(next | word)), in an ``id_sequence``;
    only in ``paragraphs`` (indexes) if given. Plain Python: spinner words are rare, and
    most documents have none (one set operation says so); where some occur, their places
    are found in C (``map``, ``compress``), not by reading every word in Python (issue 17)."""
    substitutes = load_substitutes()
    seq, starts = sequence
    if substitutes.keys().isdisjoint(seq):
        return []
    lm = load_lm()
    judged = None if paragraphs is None else set(paragraphs)
    found = []
    for at in _places(seq, substitutes):
        index = bisect_right(starts, at) - 1  # spinner ids are words: never a PARAGRAPH mark
        if judged is not None and index not in judged:
            continue
        word = seq[at]
        best = _best_substitute(lm, word, substitutes[word], _context(seq[at - 1], lm.start),
                                _context(seq[at + 1], lm.end), margin)
        if best is not None:
            found.append((index, at, lm.words[word], lm.words[best[1]], best[0]))
    return found


def _places(seq: list[int], words) -> list[int]:
    """Every index of ``seq`` that holds one of ``words`` (a set or dict), in order."""
    return list(compress(range(len(seq)), map(words.__contains__, seq)))


def _context(neighbour: int, edge: int) -> int:
    """A neighbour's id as the model reads it: a boundary is ``edge`` (<s> or </s>), an
    unknown word or number -1 (no context on that side)."""
    return edge if neighbour <= SENTENCE else neighbour


def _best_substitute(lm: EnglishLM, word: int, plains: list[int], before: int, after: int,
                     margin: float) -> tuple[float, int] | None:
    """(gain, plain id) of the plain word that beats ``word`` by the most decades, at least
    ``margin`` (the first of equals), or None."""
    if before < 0 and after < 0:
        return None

    def fit(candidate: int) -> float:
        return ((pair_logprob(lm, before, candidate) if before >= 0 else 0.0)
                + (pair_logprob(lm, candidate, after) if after >= 0 else 0.0))

    spun_fit, best = fit(word), None
    for plain in plains:
        gain = fit(plain) - spun_fit
        if gain >= margin and (best is None or gain > best[0]):
            best = (gain, plain)
    return best


def spun_paragraph(found: Iterable[tuple[str, float]], minimum: int, clear: float) -> bool:
    """G108's verdict on a paragraph from its spun words (each with the decades it loses
    by, all at least the margin; a word found twice counts once, by its larger loss):
    ``minimum`` of them out of all place (``clear`` decades or more), or one more than
    that spun with one out of all place. Formal prose has two formal words that fit well
    enough ("persons", "commenced": 3.0-3.6 decades) and seldom a third; a spinner's
    paragraph has several, some far out of place."""
    gains: dict[str, float] = {}
    for word, gain in found:
        gains[word] = max(gain, gains.get(word, gain))
    clear_ones = sum(gain >= clear for gain in gains.values())
    return clear_ones >= minimum or clear_ones >= 1 and len(gains) > minimum


@lru_cache(maxsize=None)
def _set_off_words() -> frozenset[str]:
    """The connectives a writer sets off with a comma (spinner-synonyms.toml, [set-off])."""
    return frozenset(load_toml(SYNONYMS_FILE).get("set-off", {}).get("words", ()))


def set_off(word: str, text: str) -> bool:
    """``word`` is a connective (``_set_off_words``) followed by a comma at each of its
    places in ``text`` ("the workers, nevertheless, stayed"): used as a writer uses it, not
    where a spinner swapped it for "but" or "so"."""
    if word not in _set_off_words():
        return False
    places = [m.end() for m in re.finditer(rf"\b{word}\b", text, re.IGNORECASE)]
    return bool(places) and all(_COMMA_NEXT.match(text, at) for at in places)


_COMMA_NEXT = re.compile(r"\s*,")


def spun_by_paragraph(found: Iterable[tuple[int, int, str, str, float]],
                      text_of: Callable[[int], str]) -> dict[int, list[tuple[str, str, float]]]:
    """The (spun word, plain word, decades) of ``spun_in_sequence``'s ``found``, by
    paragraph index, but the connectives a comma sets off in the paragraph's text
    (``text_of(index)``, ``set_off``): what ``spun_paragraph`` judges, for the rule and
    for its evaluation alike."""
    by_paragraph: dict[int, list[tuple[str, str, float]]] = defaultdict(list)
    for index, _, spun, plain, gain in found:
        if not set_off(spun, text_of(index)):
            by_paragraph[index].append((spun, plain, gain))
    return by_paragraph


class SpunSynonym(GarblingRule):
    spec = RuleSpec.from_catalogue("G108")

    def prepare(self) -> None:
        super().prepare()
        load_substitutes()
        _set_off_words()

    def check(self, doc: Document) -> Iterable[Finding]:
        margin = float(self.params["margin"])
        minimum = int(self.params["min-substitutions"])
        clear = float(self.params["clear-margin"])
        analyses = {a.index: (p, a) for p, a in english_analyses(doc)}
        if not analyses:
            return
        sequence = next(iter(analyses.values()))[1].lm_sequence  # the document's, shared
        judged = None if len(analyses) == len(paragraph_analyses(doc)) else list(analyses)
        by_paragraph = spun_by_paragraph(spun_in_sequence(sequence, margin, judged),
                                         lambda index: analyses[index][0].text)
        if by_paragraph and archaic_register(doc):
            return  # "presently" for "now" is Shakespeare's English, not a spinner's
        for index, found in sorted(by_paragraph.items()):
            if not spun_paragraph([(spun, gain) for spun, _, gain in found], minimum, clear):
                continue
            paragraph = analyses[index][0]
            shown = ", ".join(f'"{spun}" (for "{plain}")' for spun, plain, _ in found[:5])
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like spun text: {len(found)} words a synonym spinner writes, "
                f"where the plain word fits far better: {shown}. In: {quote(paragraph.text)}",
                properties={"substitutions": [
                    {"word": spun, "plain": plain, "decades": round(gain, 2)}
                    for spun, plain, gain in found]})
