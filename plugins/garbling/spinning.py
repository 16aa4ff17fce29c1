"""G108 ``spun-synonym``: article spinning found by putting a spinner's synonym back.

A spinner replaces words by thesaurus ("helped me get lean muscle" becomes "assisted me
obtain lean muscular tissue"). For each word of the paragraph that spinners are known to
write (rules/garbling/spinner-synonyms.toml), the plain words it replaces are tried in
the same place, and the shipped English bigram model compares p(word | previous) *
p(next | word) for both. A spun word is one the plain word beats by ``margin`` decades: a
writer who chose "obtain" or "situated" on purpose puts it where it fits.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .analysis import GarblingRule, english_analyses, paragraph_analyses, quote
from .lm import SENTENCE, EnglishLM, id_sequence, load_lm, pair_logprob
from .model import load_toml

SYNONYMS_FILE = "spinner-synonyms.toml"


@lru_cache(maxsize=None)
def load_substitutes():
    """(spun word ids, plain word ids) of every substitution the data lists whose words the
    model knows, sorted by spun id: one row per plain alternative; and a table by word id
    that says whether a word is a spun one."""
    import numpy as np

    lm = load_lm()
    rows = sorted((lm.ids[spun], lm.ids[plain])
                  for spun, plains in load_toml(SYNONYMS_FILE)["substitutes"].items()
                  for plain in plains if spun in lm.ids and plain in lm.ids)
    spun_ids = np.array([r[0] for r in rows], dtype=np.int64)
    is_spun = np.zeros(lm.size + 1, dtype=bool)  # the last entry answers for -1..-4
    is_spun[spun_ids] = True
    return spun_ids, np.array([r[1] for r in rows], dtype=np.int64), is_spun


def _context(ids, lm: EnglishLM, edge: int):
    """A neighbour's id as the model reads it: a boundary is ``edge`` (<s> or </s>), an
    unknown word or number -1 (no context on that side)."""
    import numpy as np

    return np.where(ids <= SENTENCE, edge, np.where(ids >= 0, ids, -1))


def spun_words(token_lists: list[list[str]], margin: float):
    """``spun_in_sequence`` of the paragraphs' tokens."""
    return spun_in_sequence(id_sequence(token_lists, load_lm()), margin)


def spun_in_sequence(sequence, margin: float, paragraphs=None):
    """(paragraph, position, spun word, plain word, decades it loses by) of the words that a
    spinner writes where the plain word is ``margin`` decades more probable between the
    same neighbours (log p(word | previous) + log p(next | word)), in an ``id_sequence``;
    only in ``paragraphs`` (indexes) if given."""
    import numpy as np

    lm = load_lm()
    spun_ids, plain_ids, is_spun = load_substitutes()
    seq, owner = sequence
    candidate = is_spun[np.where(seq >= 0, seq, lm.size)]
    if paragraphs is not None:
        candidate &= np.isin(owner, paragraphs)
    where = np.flatnonzero(candidate)
    if not len(where):
        return []
    low = np.searchsorted(spun_ids, seq[where], "left")
    count = np.searchsorted(spun_ids, seq[where], "right") - low
    pos = np.repeat(where, count)  # one row per plain alternative of each spun word
    alt = np.arange(len(pos)) - np.repeat(np.cumsum(count) - count - low, count)
    prev, nxt = _context(seq[pos - 1], lm, lm.start), _context(seq[pos + 1], lm, lm.end)

    # log p(word | previous) + log p(next | word) for the plain and the spun word, the four
    # lookups in one call (one walk through the model's table)
    n, known_prev, known_next = len(pos), prev >= 0, nxt >= 0
    words = (plain_ids[alt], seq[pos])
    # np.maximum: clip costs 3 us a call in numpy's argument checks (issue 17)
    logprob, _ = pair_logprob(lm, np.concatenate([np.maximum(prev, 0)] * 2 + list(words)),
                              np.concatenate(list(words) + [np.maximum(nxt, 0)] * 2))
    fit = [np.where(known_prev, logprob[k * n:(k + 1) * n], 0.0)
           + np.where(known_next, logprob[(k + 2) * n:(k + 3) * n], 0.0) for k in (0, 1)]
    gain = np.where(known_prev | known_next, fit[0] - fit[1], -np.inf)
    best: dict[int, tuple[float, int]] = {}
    strong = gain >= margin
    for p, a, g in zip(pos[strong].tolist(), alt[strong].tolist(), gain[strong].tolist()):
        if g > best.get(p, (-np.inf, 0))[0]:
            best[p] = (g, a)
    return [(int(owner[p]), p, lm.words[seq[p]], lm.words[plain_ids[a]], g)
            for p, (g, a) in sorted(best.items())]


class SpunSynonym(GarblingRule):
    spec = RuleSpec.from_catalogue("G108")

    def prepare(self) -> None:
        super().prepare()
        load_substitutes()

    def check(self, doc: Document) -> Iterable[Finding]:
        margin = float(self.params["margin"])
        minimum = int(self.params["min-substitutions"])
        analyses = {a.index: (p, a) for p, a in english_analyses(doc)}
        if not analyses:
            return
        sequence = next(iter(analyses.values()))[1].lm_sequence  # the document's, shared
        by_paragraph = defaultdict(list)
        judged = None if len(analyses) == len(paragraph_analyses(doc)) else list(analyses)
        for index, _, spun, plain, gain in spun_in_sequence(sequence, margin, judged):
            by_paragraph[index].append((spun, plain, gain))
        for index, found in sorted(by_paragraph.items()):
            if len({spun for spun, _, _ in found}) < minimum:
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
