"""G108 ``spun-synonym``: article spinning found by putting a spinner's synonym back.

A spinner replaces words by thesaurus ("helped me get lean muscle" becomes "assisted me
obtain lean muscular tissue"). For each word of the paragraph that spinners are known to
write (rules/garbling/spinner-synonyms.toml), the plain words it replaces are tried in
the same place, and the shipped English bigram model compares p(word | previous) *
p(next | word) for both. A spun word is one the plain word beats by ``margin`` decades: a
writer who chose "obtain" or "situated" on purpose puts it where it fits.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .analysis import GarblingRule, english_analyses, quote
from .lm import EnglishLM, load_lm, pair_logprob
from .model import load_toml
from .tokens import token_spans

SYNONYMS_FILE = "spinner-synonyms.toml"
_SENTENCE_END = frozenset(".!?")


@lru_cache(maxsize=None)
def load_substitutes() -> dict[str, tuple[str, ...]]:
    """Spun word -> the plain single words it replaces (those the model knows)."""
    ids = load_lm().ids
    return {spun: tuple(p for p in plain if p in ids)
            for spun, plain in load_toml(SYNONYMS_FILE)["substitutes"].items() if spun in ids}


def _contexts(words: list[tuple[str, int, int]], lm: EnglishLM):
    """(index into ``words``, previous id or -1, next id or -1) of each word spinners write.
    Commas and quotes are skipped as the model has no punctuation; a sentence end gives
    ``<s>``/``</s>``; numbers and unknown words give no context on that side."""
    substitutes = load_substitutes()
    ids = []
    for token, _, _ in words:
        if token in _SENTENCE_END:
            ids.append("end")
        elif token[0].isalnum():
            ids.append(lm.ids.get(token.lower(), -1))
    out = []
    alpha = [i for i, (t, _, _) in enumerate(words) if t[0].isalnum() or t in _SENTENCE_END]
    for k, i in enumerate(alpha):
        token = words[i][0]
        if token.lower() not in substitutes or not token[0].isalpha():
            continue
        prev = ids[k - 1] if k else lm.start
        nxt = ids[k + 1] if k + 1 < len(ids) else lm.end
        out.append((i, lm.start if prev == "end" else prev, lm.end if nxt == "end" else nxt))
    return out


def spun_words(text: str, margin: float) -> list[tuple[int, int, str, str, float]]:
    """(start, end, spun word, plain word, decades it loses by) in ``text``."""
    import numpy as np

    lm = load_lm()
    substitutes = load_substitutes()
    words = token_spans(text)
    candidates, plains = [], []  # (word index, spun id, plain id, prev, next), plain word
    for i, prev, nxt in _contexts(words, lm):
        if prev < 0 and nxt < 0:
            continue
        spun = words[i][0].lower()
        for plain in substitutes[spun]:
            candidates.append((i, lm.ids[spun], lm.ids[plain], prev, nxt))
            plains.append(plain)
    if not candidates:
        return []
    c = np.array(candidates, dtype=np.int64)

    def fit(word):
        # log p(word | previous) + log p(next | word), the sides that are known
        left, _ = pair_logprob(lm, c[:, 3].clip(min=0), word)
        right, _ = pair_logprob(lm, word, c[:, 4].clip(min=0))
        return np.where(c[:, 3] >= 0, left, 0.0) + np.where(c[:, 4] >= 0, right, 0.0)

    gain = fit(c[:, 2]) - fit(c[:, 1])
    best: dict[int, tuple[float, str]] = {}
    for (i, *_), plain, g in zip(candidates, plains, gain.tolist()):
        if g >= margin and g > best.get(i, (0.0, ""))[0]:
            best[i] = (g, plain)
    return [(words[i][1], words[i][2], words[i][0], plain, g) for i, (g, plain) in sorted(best.items())]


class SpunSynonym(GarblingRule):
    spec = RuleSpec.from_catalogue("G108")

    def prepare(self) -> None:
        super().prepare()
        load_substitutes()

    def check(self, doc: Document) -> Iterable[Finding]:
        margin = float(self.params["margin"])
        minimum = int(self.params["min-substitutions"])
        for paragraph, _ in english_analyses(doc):
            found = spun_words(paragraph.text, margin)
            if len({spun.lower() for _, _, spun, _, _ in found}) < minimum:
                continue
            shown = ", ".join(f'"{spun}" (for "{plain}")' for _, _, spun, plain, _ in found[:5])
            yield self.finding(
                doc, paragraph.start, paragraph.end,
                f"Paragraph reads like spun text: {len(found)} words a synonym spinner writes, "
                f"where the plain word fits far better: {shown}. In: {quote(paragraph.text)}",
                properties={"substitutions": [
                    {"word": spun, "plain": plain, "decades": round(g, 2)}
                    for _, _, spun, plain, g in found]})
