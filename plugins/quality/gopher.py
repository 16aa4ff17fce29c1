"""Q101-Q107: Gopher's quality heuristics (Rae et al. 2021, appendix A1.1), with datatrove
``GopherQualityFilter``'s defaults as the catalogue's starting points."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.language import document_language, stop_words_of, unspaced
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .base import QualityRule, body_span, fmt, measures
from .measures import BULLETS, Line, Measures, count_alphabetic


def _counted_lines(m: Measures) -> list[Line]:
    """The lines datatrove counts (``str.splitlines``: no empty line after the last newline)."""
    lines = m.lines
    return lines[:-1] if len(lines) > 1 and not lines[-1].text else lines


class WordCount(QualityRule):
    spec = RuleSpec.from_catalogue("Q101")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        words = m.n_words
        low, high = int(self.params["min-words"]), int(self.params["max-words"])
        if 0 < words < low:
            first, last = body_span(m)
            yield self.on_lines(doc, first, last,
                                f"Document has {words} words, fewer than min-words ({low}).",
                                {"words": words, "limit": low})
        elif words > high > 0:
            yield self.on_lines(doc, m.line_passing(high), body_span(m)[1],
                                f"Document has {words:,} words, more than max-words ({high:,}); "
                                f"the limit is passed on this line.",
                                {"words": words, "limit": high})


class MeanWordLength(QualityRule):
    spec = RuleSpec.from_catalogue("Q102")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        if m.n_words < int(self.params["min-words"]):
            return
        mean = m.word_chars / m.n_words
        low, high = float(self.params["min-mean"]), float(self.params["max-mean"])
        if low <= mean <= high or unspaced(doc):  # the language only when it matters
            return
        sign = 1 if mean > high else -1
        lines = [line for line in m.content_lines if line.words]
        worst = max(lines, key=lambda line: (sign * sum(map(len, line.words)) / len(line.words)
                                             * min(len(line.words), 5), -line.start))
        limit, side = (high, "above max-mean") if mean > high else (low, "below min-mean")
        yield self.on_lines(doc, worst, worst,
                            f"Mean word length is {fmt(mean)} characters, {side} ({fmt(limit)}); "
                            f"this line weighs most.", {"mean": mean, "limit": limit})


class SymbolRatio(QualityRule):
    spec = RuleSpec.from_catalogue("Q103")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        if not m.n_tokens:
            return
        limit = float(self.params["max-ratio"])
        for name, symbols in (("'#'", ("#",)), ("ellipses", ("...", "…"))):
            count = sum(doc.text.count(s) for s in symbols)
            ratio = count / m.n_tokens
            if ratio <= limit:
                continue
            worst = max(m.content_lines, key=lambda line: (sum(line.text.count(s) for s in symbols),
                                                           -line.start))
            yield self.on_lines(doc, worst, worst,
                                f"{count} {name} for {m.n_tokens:,} tokens: ratio {fmt(ratio)}, "
                                f"above max-ratio ({fmt(limit)}); this line has the most.",
                                {"symbol": symbols[0], "ratio": ratio, "limit": limit})


class _LineShare(QualityRule):
    """A share of lines (blank ones included, as datatrove counts them) above a limit."""

    what = ""

    def flagged(self, line: Line) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = _counted_lines(measures(doc))
        if len(lines) < int(self.params["min-lines"]) or not any(map(self.flagged, lines)):
            return
        found = self.share_finding(doc, lines, self.flagged, self.what,
                                   float(self.params["max-ratio"]))
        if found:
            yield found


class BulletLines(_LineShare):
    spec = RuleSpec.from_catalogue("Q104")
    what = "start with a bullet"

    def flagged(self, line: Line) -> bool:
        return line.text.lstrip().startswith(BULLETS)


class EllipsisLines(_LineShare):
    spec = RuleSpec.from_catalogue("Q105")
    what = "end in an ellipsis"

    def flagged(self, line: Line) -> bool:
        return line.text.rstrip().endswith(("...", "…"))


class AlphabeticWords(QualityRule):
    spec = RuleSpec.from_catalogue("Q106")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        if m.n_words < int(self.params["min-words"]):
            return
        symbols = bool(self.params["count-symbols"])
        alpha = m.alphabetic
        total = m.n_tokens if symbols else m.n_words
        share, limit = alpha / total, float(self.params["min-share"])
        if share >= limit:
            return

        def flagged(line: Line) -> bool:
            items = len(line.tokens) if symbols else len(line.words)
            return bool(items) and count_alphabetic(line.words) < limit * items

        yield self.on_run(doc, m, flagged,
                          f"{alpha:,} of {total:,} {'tokens' if symbols else 'words'} have a letter: share {fmt(share)}, "
                          f"below min-share ({fmt(limit)}).",
                          {"share": share, "limit": limit})


class StopWords(QualityRule):
    spec = RuleSpec.from_catalogue("Q107")

    def check(self, doc: Document) -> Iterable[Finding]:
        m = measures(doc)
        if m.n_words < int(self.params["min-words"]):
            return
        needed = int(self.params["min-stop-words"])
        english = stop_words("en", tuple(self.params["stop-words"]))
        distinct = set(m.words)
        if len(distinct & english) >= needed:  # written in lower case: enough already
            return
        present = set(map(str.lower, distinct))
        if len(present & english) >= needed:  # enough in any language: no need to detect
            return
        language = document_language(doc) or "en"
        words = stop_words(language, tuple(self.params["stop-words"]))
        if words is None:  # no list for this language
            return
        found = present & words
        if len(found) >= needed:
            return
        first, last = body_span(m)
        listed = f"{language} stop words" if language != "en" else "of " + ", ".join(
            sorted(self.params["stop-words"]))
        yield self.on_lines(doc, first, last,
                            f"Document has {len(found)} distinct {listed}; at least "
                            f"{needed} expected in running text ({m.n_words:,} words).",
                            {"stop_words": len(found), "limit": needed, "language": language})


@lru_cache(maxsize=64)
def stop_words(language: str, english: tuple[str, ...]) -> frozenset[str] | None:
    """The stop words of ``language``: the rule's list for English, else the list the
    stop-words package ships for it (None when it has none)."""
    if language == "en":
        return frozenset(w.lower() for w in english)
    return stop_words_of(language)
