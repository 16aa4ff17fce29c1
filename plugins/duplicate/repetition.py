"""D201-D204: Gopher's repetition signals (Rae et al. 2021; datatrove's
``GopherRepetitionFilter`` defaults): document-level fractions of repeated lines,
paragraphs and word n-grams, each reported on the most repeated span."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from operator import mul
from typing import Any, Iterable, Sequence

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding, Location
from corpus_lint.rulebook import Rule, RuleSpec

from . import hashcount
from .analysis import (ProseWords, analysis, at_least, bigrams, clamp_words, count_repeats,
                       count_words, ngram_repeats, ones, prose_words, repeated_windows,
                       where, word_counts, word_hashes)


def _duplicates(items: list[str]) -> tuple[int, int, dict[str, list[int]]]:
    """(duplicate count, duplicate chars, positions of every item seen twice)."""
    seen: dict[str, int] = {}
    count = chars = 0
    repeated: dict[str, list[int]] = {}
    for position, item in enumerate(items):
        if item in seen:
            count += 1
            chars += len(item)
            repeated.setdefault(item, [seen[item]]).append(position)
        else:
            seen[item] = position
    return count, chars, repeated


def _body_length(doc: Document) -> int:
    """The characters the fractions are taken over (at least 1), once per document for
    D203 and D204."""
    return doc.memo(("duplicate", "length"), lambda: max(1, doc.content_length()))


def _limits(value: Any) -> list[tuple[int, float]]:
    """A ``limits`` parameter as (n, limit) pairs, by n."""
    if isinstance(value, dict):
        return sorted((int(k), float(v)) for k, v in value.items())
    return [(int(n), float(f)) for n, f in value]


class _Gopher(Rule):
    def _fraction_finding(self, doc: Document, unit: str, count: int, total: int, chars: int,
                          repeated: dict[str, list[int]], spans: list[tuple[int, int]]):
        """D201/D202: when repeated units pass either limit, one finding on the second copy
        of the most repeated unit, pointing at its first; ``spans`` are the units' offsets."""
        unit_frac = count / total
        char_frac = chars / _body_length(doc)
        max_units = float(self.params["max-fraction"])
        max_chars = float(self.params["max-char-fraction"])
        if unit_frac <= max_units and char_frac <= max_chars:
            return
        _, positions = max(repeated.items(), key=lambda kv: (len(kv[1]) * len(kv[0]),
                                                              -kv[1][0]))
        first, second = spans[positions[0]], spans[positions[1]]
        origin = doc.region(*first)
        yield self.finding(
            doc, *second,
            f"{count} of {total} {unit}s repeat an earlier {unit} ({unit_frac:.0%} of {unit}s, "
            f"{char_frac:.0%} of characters; limits {max_units:.0%} / {max_chars:.0%}); the "
            f"most repeated occurs {len(positions)} times, first at {where(doc, origin)}.",
            related=[Location(doc.path, origin, "first occurrence")],
            properties={f"{unit}_fraction": round(unit_frac, 4),
                        "char_fraction": round(char_frac, 4), "occurrences": len(positions)})

    def _repeat_finding(self, doc: Document, prose: ProseWords, first: int, original: int,
                        count: int, message: str, properties: dict, fingerprint: str) -> Finding:
        """D203/D204: a finding on prose words [first, first + count), pointing at the same
        number of words from ``original``; the message ends with where that is."""
        origin = doc.region(*prose.span(original, count))
        return self.finding(doc, *prose.span(first, count), f"{message} {where(doc, origin)}.",
                            related=[Location(doc.path, origin, "first occurrence")],
                            properties=properties, fingerprint_text=fingerprint)


class _NgramLimits(_Gopher):
    """D203/D204: a ``limits`` table (n -> largest fraction), read once per rule, not per
    document."""

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.limits = tuple(_limits(self.params["limits"]))
        self.least = min((limit for _, limit in self.limits), default=0.0)


class DuplicateLineFraction(_Gopher):
    spec = RuleSpec.from_catalogue("D201")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if text.count("\n") < 2:
            return
        nonblank = [line for line in map(str.strip, text.split("\n")) if line]
        if len(set(nonblank)) == len(nonblank):
            return
        spans = _long_lines(text, int(self.params["min-line-words"]))
        if len(spans) < 2 or len(nonblank) < int(self.params["min-lines"]):
            return
        count, chars, repeated = _duplicates([s[2] for s in spans])
        if count:
            yield from self._fraction_finding(doc, "line", count, len(nonblank), chars,
                                              repeated, [(start, end) for start, end, _ in spans])


def _long_lines(text: str, min_words: int) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of the lines with at least ``min_words`` words."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and stripped.count(" ") + 1 >= min_words \
                and len(stripped.split()) >= min_words:
            left = offset + len(line) - len(line.lstrip())
            spans.append((left, left + len(stripped), stripped))
        offset += len(line) + 1
    return spans


class DuplicateParagraphFraction(_Gopher):
    spec = RuleSpec.from_catalogue("D202")

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        if len(paragraphs) < int(self.params["min-paragraphs"]):
            return
        info = analysis(doc)
        if len(set(info.keys)) == len(info.keys):
            return
        min_words = clamp_words(self.params["min-words"])
        count, _, repeated = _duplicates(info.keys)
        for key in [key for key, positions in repeated.items()
                    if not info.eligible(positions[0], min_words)]:
            count -= len(repeated.pop(key)) - 1
        if not count:
            return
        chars = sum(len(paragraphs[p].text) for positions in repeated.values()
                    for p in positions[1:])
        yield from self._fraction_finding(doc, "paragraph", count, len(paragraphs), chars,
                                          repeated, [(p.start, p.end) for p in paragraphs])


class TopNgramFraction(_NgramLimits):
    spec = RuleSpec.from_catalogue("D203")

    def check(self, doc: Document) -> Iterable[Finding]:
        min_words = int(self.params["min-words"])
        if len(analysis(doc).words()) < min_words:
            return
        length = _body_length(doc)
        limits = self.limits
        if _bigram_gate(doc, limits, length):
            return
        bounds = _top_ngram_bounds(doc, [n for n, _ in limits])
        if bounds is None or all(bounds[n] <= limit * length for n, limit in limits):
            return
        prose = prose_words(doc, int(self.params["min-line-words"]))
        if len(prose.words) < min_words:
            return
        for n, limit in limits:
            if bounds[n] <= limit * length:
                continue
            top = _top_ngram(prose.words, n)
            if top is None:
                return  # no longer n-gram can repeat either
            mass, gram, count = top
            if mass / length > limit:
                yield self._top_finding(doc, prose, n, gram, count, mass / length, limit)
                return

    def _top_finding(self, doc: Document, prose: ProseWords, n: int, gram: str, count: int,
                     fraction: float, limit: float) -> Finding:
        words = prose.words
        starts = [k for k in range(len(words) - n + 1) if " ".join(words[k:k + n]) == gram]
        return self._repeat_finding(
            doc, prose, starts[1], starts[0], n,
            f"The {n}-word phrase \"{gram}\" occurs {count} times, {fraction:.0%} of the "
            f"characters counting every occurrence (limit {limit:.0%}); first at",
            {"n": n, "fraction": round(fraction, 4), "count": count}, gram)


def _bigram_gate(doc: Document, limits: list[tuple[int, float]], length: int) -> bool:
    """Whether ``_top_ngram_bounds`` would clear the document, shown from the word counts
    and the few bigrams of frequent words, without counting every bigram.

    A bigram seen c times has words seen at least c times each, so it covers at most
    c * (2 * longest word + 1) characters. Below some count ``least`` every bigram is then
    within the bounds' limits; the bigrams whose two words are seen ``least`` times or
    more ("of the") are counted exactly (all their occurrences are among those words).
    Upper bounds of the top bigram's count and mass that pass the limits mean the exact
    ones pass them too: the same documents are cleared as by counting every bigram. (A
    long document's bounds come from hashed ids, which may count more: not shown here.)"""
    if hashcount.sorted_path(len(analysis(doc).words())):
        return False
    counts = word_counts(doc)
    if 1 not in counts.repeated:
        return True  # no word repeats, so no bigram does
    per = 2 * counts.longest + 1  # the most characters one occurrence of a bigram covers
    below = 1 << 30  # every bigram seen at most ``below`` times passes the limits
    table = _weighted(tuple(limits))
    for limit, weight, joins in table:
        most = limit * length
        spare = most - weight * per  # left for ``joins`` times the top count
        if spare <= 0:
            return False
        below = min(below, _below(most, weight * per + joins), _below(spare, joins))
    if below < 1:
        return False
    top_count, top_mass = below, below * per
    # bigrams of words seen more often (none when no word is): count them
    frequent = counts.counts.translate(at_least(min(below + 1, 255)))
    if 1 in frequent:
        repeats = count_repeats(analysis(doc).words(), frequent, 2)
        if repeats:
            top_count = max(top_count, max(repeats.values()))
            # joined ("a b") for their lengths: C-level maps, no generator per document
            top_mass = max(top_mass, max(map(mul, repeats.values(),
                                             map(len, map(" ".join, repeats)))))
    return all(weight * top_mass + joins * top_count < limit * length
               for limit, weight, joins in table)  # ``_bound``, inlined


@lru_cache(maxsize=None)
def _weighted(limits: tuple[tuple[int, float], ...]) -> tuple[tuple[float, int, int], ...]:
    """(limit, weight, joins) for each (n, limit) (``_bound_weights``), once per table."""
    return tuple((limit, *_bound_weights(n)) for n, limit in limits)


def _bound_weights(n: int) -> tuple[int, int]:
    """``_top_ngram_bounds``' bound of an n-gram as (weight of the top bigram mass, weight
    of the top bigram count)."""
    return (1, 0) if n == 2 else ((n + 1) // 2, n // 2 - 1 + n % 2)


def _bound(n: int, top_mass: int, top_count: int) -> int:
    weight, joins = _bound_weights(n)
    return weight * top_mass + joins * top_count


def _below(most: float, coefficient: int) -> int:
    """The largest x with x * coefficient < most (``most`` > 0; any x for a coefficient 0)."""
    if coefficient <= 0:
        return 1 << 30
    x = int(most // coefficient)
    return x - 1 if x * coefficient >= most else x


def _top_ngram_bounds(doc: Document, sizes: list[int]) -> dict[int, int] | None:
    """Upper bounds of the top n-gram's characters for each n in ``sizes``, from the bigram
    counts of the whole text (which bound those of its prose lines), so that most
    documents need no longer n-gram counted; None when no bigram repeats."""
    pairs = bigrams(doc)
    if pairs.top_count < 2:
        return None
    # n-gram mass <= masses of the bigrams that tile it, plus one space per join
    return {n: _bound(n, pairs.top_mass, pairs.top_count) for n in sizes}


def _top_ngram(words: Sequence[str], n: int) -> tuple[int, str, int] | None:
    """(characters covered, n-gram, count) of the most frequent n-gram (the first seen of
    equally frequent ones, as datatrove's ``find_top_duplicate``); None when no n-gram
    occurs twice. Not the n-gram covering the most characters: one 240-character token
    seen once would hide a phrase repeated 15 times."""
    grams = Counter(map(" ".join, zip(*(words[k:] for k in range(n)))))
    if not grams:
        return None
    gram, count = grams.most_common(1)[0]
    return (len(gram) * count, gram, count) if count >= 2 else None


class DuplicateNgramFraction(_NgramLimits):
    spec = RuleSpec.from_catalogue("D204")

    def check(self, doc: Document) -> Iterable[Finding]:
        limits = self.limits
        if not limits:
            return  # an empty table sets no limit (as in D203)
        length = _body_length(doc)
        if _repeat_bound(doc, limits[0][0]) <= self.least * length:
            return  # no n-gram of this or any greater length repeats enough
        prose = prose_words(doc, int(self.params["min-line-words"]))
        words = prose.words
        if len(words) < int(self.params["min-words"]):
            return
        flags = count_words(words).repeated
        for n, limit in limits:
            repeated, best = _repeated_ngrams(words, n, flags)
            fraction = repeated / length
            if fraction > limit and best is not None:
                _, first, end_word, original = best
                yield self._repeat_finding(
                    doc, prose, first, original, end_word - first,
                    f"Repeated {n}-word sequences cover {fraction:.0%} of the characters "
                    f"(limit {limit:.0%}); the longest repeated run repeats",
                    {"n": n, "fraction": round(fraction, 4), "run_words": end_word - first},
                    " ".join(words[first:end_word]))
                return


def _repeat_bound(doc: Document, n: int) -> int:
    """An upper bound of the characters in repeated n-grams: every later occurrence of a
    repeated n-gram of the document's words, its words' characters. A long document's is
    counted by sorting hashed ids (``hashcount``), a short one's in a dict."""
    words = analysis(doc).words()
    if hashcount.sorted_path(len(words)):
        return hashcount.repeated_mass(*word_hashes(doc), n)
    return repeated_mass(ngram_repeats(doc, n), n)


def repeated_mass(repeats: dict[tuple[str, ...], int], n: int) -> int:
    """Characters (without spaces) of every later occurrence of each repeated n-gram, from
    ``analysis.count_repeats``."""
    return sum((count - 1) * sum(map(len, gram)) for gram, count in repeats.items())


def _repeated_ngrams(words: tuple[str, ...], n: int, repeated: bytes
                     ) -> tuple[int, list[int] | None]:
    """Characters in n-grams seen before (counted without overlap, as datatrove does), and
    the longest run of back-to-back repeats as [chars, first word, end word, original];
    ``repeated``: ``WordCounts.repeated`` of ``words``.

    Datatrove walks every position; only the windows of n-grams that occur twice or more
    (``count_repeats``) are visited here: at any other the walk only steps on by one (the
    n-gram is never seen again), so the result is the same without a Python step per word
    (D204's documents past the gate cost 0.8 ms per n)."""
    repeats = count_repeats(words, repeated, n)
    unique: dict[tuple[str, ...], int] = {}
    total = 0
    best: list[int] | None = None
    run: list[int] | None = None
    index = 0  # the walk's position: windows before it were stepped over
    for start in ones(repeated_windows(repeated, n)) if repeats else ():
        gram = words[start:start + n]
        if start < index or gram not in repeats:
            continue
        if gram not in unique:
            unique[gram] = start
            index = start + 1
            continue
        chars = sum(map(len, gram))
        total += chars
        if run is not None and run[2] == start:
            run[0] += chars
            run[2] = start + n
        else:
            run = [chars, start, start + n, unique[gram]]
        if best is None or run[0] > best[0]:
            best = list(run)
        index = start + n
    return total, best
