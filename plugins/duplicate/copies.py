"""Which paragraph of a document copies which. Exact: equal normalised text. Near:
rapidfuzz's Indel ratio on characters *and* on words (the lower is the similarity), only
for pairs whose lengths are compatible, with a guard against rows of a templated list.
Run in: a copy pasted with no paragraph break, found as the last lines of a paragraph, or
inside a block of lines with no paragraph breaks at all. D101 reads the exact pairs and
run-ins, D102 the near ones, D103 all (to leave copies to them)."""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Any, Iterable, Iterator, NamedTuple, Sequence

from corpus_lint.documents.document import Document, Paragraph
from corpus_lint.documents.sentences import CLAUSE_STOPS, ends_sentence

from . import hashcount
from .analysis import (ABOVE_ONE, Analysis, analysis, clamp_words, count_repeats,
                       ngram_repeats, separator_blind, short_lines_block)

# Above this many candidate paragraphs, only pairs sharing a word 3-gram are compared.
_MANY = 300
_POSTING_CAP = 64
_CANDIDATES = 32
# A candidate shares at least this share of the paragraph's 3-grams. A near copy (word
# similarity >= 0.82, lengths within 0.8) keeps more than a quarter of them even with its
# edits spread evenly; paragraphs that share only stock phrases ("one of the") do not,
# and their number grows with the document, which made D102 2.7 times slower on a
# document twice as long.
_MIN_SHARED = 0.2
# rapidfuzz's Indel.normalized_distance once imported (``_NearSearch._first_distance``)
_INDEL_DISTANCE = None


@dataclass(frozen=True)
class NearTest:
    """When a paragraph nearly copies an earlier one: D102's parameters."""

    min_words: int
    threshold: float
    length_ratio: float
    template_floor: float
    template_neighbours: int
    changed_figures: int

    @classmethod
    def from_params(cls, params: Any) -> "NearTest":
        return cls(clamp_words(params["min-words"]), float(params["threshold"]),
                   float(params["length-ratio"]), float(params["template-floor"]),
                   int(params["template-neighbours"]), int(params["changed-figures"]))

    @property
    def floor(self) -> float:
        """The similarity from which another paragraph counts as a look-alike."""
        return min(self.template_floor, self.threshold)


def exact_copies(doc: Document, min_words: int) -> tuple[list[tuple[int, int]], list[int]]:
    """(copy, original) pairs of paragraphs equal after normalisation (``separator_blind``),
    copy after original, and the long-enough paragraphs that copy no earlier one (where
    near copies are sought)."""
    def pair() -> tuple[list[tuple[int, int]], list[int]]:
        info = analysis(doc)
        first_of: dict[str, int] = {}
        pairs: list[tuple[int, int]] = []
        uniques: list[int] = []
        for index, key in enumerate(info.keys):
            if not info.long_enough(index, min_words):
                continue
            key = separator_blind(key)
            original = first_of.get(key)
            if original is None:
                first_of[key] = index
                uniques.append(index)
            elif info.eligible(index, min_words):
                pairs.append((index, original))
        return pairs, uniques

    return doc.memo(("duplicate", "exact", min_words), pair)


def near_copies(doc: Document, test: NearTest) -> list[tuple[int, int, float]]:
    """(copy, original, similarity) of paragraphs that nearly copy an earlier one.

    Near: min(char ratio, word ratio) >= threshold, the shorter at least ``length_ratio``
    of the longer, and the copy not one of a family of look-alike paragraphs (a list of
    template rows: ``template_neighbours`` or more other paragraphs at ``template_floor``
    <= similarity < threshold).
    """
    def pair() -> list[tuple[int, int, float]]:
        _, uniques = exact_copies(doc, test.min_words)
        return _near_pairs(analysis(doc), uniques, test) if len(uniques) > 1 else []

    return doc.memo(("duplicate", "near", test), pair)


def copied_paragraphs(doc: Document, test: NearTest) -> set[int]:
    """Paragraphs that copy an earlier one as a whole, exactly or nearly, by D102's
    parameters ``test`` (copies run into a paragraph: ``run_in_copies``)."""
    exact, _ = exact_copies(doc, test.min_words)
    return {copy for copy, _ in exact} | {copy for copy, _, _ in near_copies(doc, test)}


# A copy run into another paragraph, and its original, hold this many times D102's
# ``min-words`` words or more: without a paragraph break to mark the copy, a sentence or
# two that resemble an earlier paragraph are too often stock phrases ("If the socket has
# been destroyed, `null` will be returned.") in reference text and changelogs.
RUN_IN_WORDS = 2
# A copy run into another paragraph states no number its original does not (D102 allows
# one: an updated figure in a re-sent paragraph, which then stands apart): "reported in
# <.../3522>" and "reported in <.../3194>" are two reports.
RUN_IN_FIGURES = 1
# Originals of more words than this are not looked for run into another paragraph (nor a
# paragraph of twice as many for a copy of itself): a paragraph of prose is shorter, and a
# longer "paragraph" is a block whose every tail would be measured.
RUN_IN_MAX_WORDS = 400
ANCHORS = 4  # an original's rarest words, by which a host is found to hold its copy
# A copy inside a block of lines and its original share this many words in a row at least
# (three edits in a copy of D102's min-words words leave a run this long): most blocks
# repeat no such run, and the search stops there.
INNER_RUN = 6
# Words of the lines that open (or close) a copy and its original alike, by which they are
# lined up: a copy pasted whole starts and ends where its original does.
INNER_ANCHOR = 3
# Blocks of more words than this are not searched for a copy inside them, words that open
# (or close) more lines of a block than this line up none ("The company said"), and no more
# spans than this are compared in a block: the search stays linear in the text whatever
# a block repeats.
INNER_MAX_WORDS = 2000
INNER_ANCHOR_CAP = 8
INNER_COMPARISONS = 400


class RunIn(NamedTuple):
    """A copy of earlier text (near or exact) run into paragraph ``host`` with no break:
    ``doc.text[start:end]``, the host's last lines, copies ``doc.text[original]``, a whole
    earlier paragraph (``original_paragraph``) or the host's own first lines."""

    host: int
    start: int
    end: int
    original: tuple[int, int]
    original_paragraph: int
    similarity: float


def run_in_copies(doc: Document, test: NearTest) -> list[RunIn]:
    """Copies pasted with no paragraph break before them, so that they end another
    paragraph (hard-wrapped text, where a paragraph starts with an indented or blank line
    and the copy came without one: Reuters wire copy, mail, plain-text books). D102's
    paragraph comparison cannot see them: the host is longer than the copy by its own
    text. The host's last lines, from each line after one that ends a clause, are
    compared with the earlier paragraphs whose rarest words they hold (``_Originals``) and
    with the host's first lines, by D102's test (``NearTest``: similarity, length ratio,
    changed figures). D101 reports the exact copies (similarity 1.0), D102 the others."""
    return doc.memo(("duplicate", "run-in", test), lambda: _run_ins(doc, test))


def _run_ins(doc: Document, test: NearTest) -> list[RunIn]:
    info = analysis(doc)
    exact, uniques = exact_copies(doc, test.min_words)
    size = RUN_IN_WORDS * test.min_words  # words of a copy, and of its original, at least
    parts, paragraphs = info.parts, doc.paragraphs
    # A copy runs into a paragraph of several lines (in a layout of a paragraph a line, a
    # pasted copy is a paragraph of its own): most documents have no such host.
    # (The first paragraph compared can only hold a copy of itself: twice the words.)
    hosts = [j for j in uniques if len(parts[j]) > size and "\n" in paragraphs[j].text
             and (j != uniques[0] or len(parts[j]) >= 2 * size)]
    if not hosts:
        return []
    shared = info.shared_words()
    least = test.threshold - 1e-9
    # Cheap bounds first (most stories have no candidate, and the search ends here): an
    # original's words mostly occur again (``_able``'s bound), and so do a host's when it
    # holds its own original (each word of their common part occurs in both halves).
    originals = [i for i in uniques if i < hosts[-1] and size <= len(parts[i]) <= RUN_IN_MAX_WORDS
                 and 2 * shared[i] >= least * (shared[i] + len(parts[i]))
                 and _ends_a_sentence(paragraphs[i].text)
                 and info.eligible(i, test.min_words)]
    index = _Originals(info, originals, test.length_ratio) if originals else None
    found: list[RunIn] = []
    known: list[dict[int, float]] = []

    def copied() -> dict[int, float]:
        """The copies as a whole (D101's and D102's) and their similarity: asked for only
        when a host may hold a copy."""
        if not known:
            known.append({copy: 1.0 for copy, _ in exact})
            known[0].update((copy, similarity) for copy, _, similarity in near_copies(doc, test))
        return known[0]

    for j in hosts:
        words = len(parts[j])
        # (its own copy: half its words, near enough, repeat the other half)
        itself = 2 * size <= words <= 2 * RUN_IN_MAX_WORDS and shared[j] >= least * words \
            and 2 * (words - len(set(parts[j]))) >= least * words
        earlier = [i for i in index.of(info, j) if shared[j] >= least * len(parts[i])
                   and _holds(parts[j], parts[i], least * len(parts[i]))] if index else []
        if not (itself or earlier) or not _ends_a_sentence(paragraphs[j].text):
            continue
        # A near copy as a whole is D102's, but for one under a line of the paragraph
        # above it ("I am 42."): its last lines are closer to the original than it is.
        whole = copied().get(j, 0.0)
        if whole < 1.0:
            run_in = _run_in(doc, info, j, earlier, itself and j not in copied(), test)
            if run_in is not None and run_in.similarity > whole \
                    and not _templated(info, run_in, uniques, test):
                found.append(run_in)
    searched = {run_in.host for run_in in found}
    # copies that open a paragraph: pasted with no break after them (compared with the
    # originals that open alike, ``_head_copy``)
    opening: dict[tuple[str, ...], list[int]] = {}
    for i in originals:
        opening.setdefault(parts[i][:INNER_ANCHOR], []).append(i)
    for j in hosts if opening else ():
        if j in searched:
            continue
        earlier = [i for i in opening.get(parts[j][:INNER_ANCHOR], ()) if i < j
                   and shared[j] >= least * len(parts[i])
                   and _holds(parts[j], parts[i], least * len(parts[i]))]
        if earlier and j not in copied():
            run_in = _head_copy(doc, info, j, earlier, test)
            if run_in is not None and not _templated(info, run_in, uniques, test):
                found.append(run_in)
                searched.add(j)
    # copies pasted inside a block, with lines of the block after them
    for j in hosts if _may_repeat_runs(doc, info) else ():
        if j not in searched:
            run_in = _inner_copy(doc, info, j, test)
            if run_in is not None and j not in copied() \
                    and not _templated(info, run_in, uniques, test):
                found.append(run_in)
    found.sort()
    if len(found) > 1 and test.template_neighbours > 0:  # one original, several: a template
        hosts_of = Counter(run_in.original_paragraph for run_in in found)
        found = [run_in for run_in in found
                 if hosts_of[run_in.original_paragraph] < test.template_neighbours]
    return found


class _Originals:
    """The originals that the last words of a host may copy, found through their anchors:
    their rarest words in the document (``ANCHORS`` of them), which a near copy keeps (an
    edit or two may take one). A host is compared with the few originals whose anchors its
    last words hold (two at least), not with every one: a long hard-wrapped document has
    hundreds of hosts and originals, and a test per pair made a 1.9 MB file take 80 s; an
    index of every paragraph's word 3-grams cost 40 % of the family's time on such text."""

    def __init__(self, info: Analysis, originals: list[int], ratio: float):
        self.needed: dict[int, int] = {}  # original -> anchors a copy must show
        self.postings: dict[str, list[int]] = {}
        for i in originals:
            ranked = sorted(set(zip(info.counts_of(i), info.parts[i])))
            anchors = list(dict.fromkeys(word for _, word in ranked))[:ANCHORS]
            self.needed[i] = min(2, len(anchors))
            for word in anchors:
                self.postings.setdefault(word, []).append(i)
        # the most words a copy of the longest original can have
        self.reach = int(max(len(info.parts[i]) for i in originals) / ratio) + 1

    def of(self, info: Analysis, host: int) -> list[int]:
        """The originals before paragraph ``host`` whose anchors its last words hold, in
        document order."""
        window = set(info.parts[host][-self.reach:]) & self.postings.keys()
        hits = Counter(chain.from_iterable(
            posting for posting in map(self.postings.get, window)
            if len(posting) <= _POSTING_CAP))  # (a word that anchors many is no anchor)
        return sorted(i for i, count in hits.items() if i < host and count >= self.needed[i])


def _holds(host: Sequence[str], original: Sequence[str], least: float) -> bool:
    """Whether ``host`` has ``least`` words or more that are words of ``original``: what a
    near copy of it needs (at the threshold, its common part with the original is at least
    the threshold times the original's length, for a copy of the same length)."""
    words = set(original)
    return sum(map(words.__contains__, host)) >= least


def _templated(info: Analysis, run_in: RunIn, uniques: list[int], test: NearTest) -> bool:
    """Whether the copy is rather one more row of a templated list: it looks like
    ``template_neighbours`` or more other paragraphs (D102's guard: similarity from the
    template floor), as entries of an API reference or a changelog look alike."""
    if test.template_neighbours <= 0:
        return False
    key = info.normalised(run_in.start, run_in.end)
    cut = 1.0 - test.floor
    distance = _indel()
    near = 0
    for k in uniques:
        if k not in (run_in.host, run_in.original_paragraph) and \
                distance(key, info.keys[k], score_cutoff=cut) <= cut:
            near += 1
            if near >= test.template_neighbours:
                return True
    return False


def _run_in(doc: Document, info: Analysis, j: int, originals: list[int], itself: bool,
            test: NearTest) -> RunIn | None:
    """The last lines of paragraph ``j`` that nearly copy the earliest of the ``originals``
    they copy, else (``itself``) the lines before them, if any: from the line where the
    similarity is highest."""
    paragraph, text = doc.paragraphs[j], doc.text
    # the longest copy that can match: of the longest original, or of the lines above it
    longest = max([len(info.parts[i]) for i in originals]
                  + [len(info.parts[j]) // 2 if itself else 0])
    reach = longest / test.length_ratio + 1
    tails = []  # (start, words), from the shortest, as far as a copy can reach
    for start in reversed(_tail_starts(text, paragraph)):
        words = info.words_between(start, paragraph.end)
        if len(words) > reach:
            break
        if _run_in_sized(words, text[start:paragraph.end], test):
            tails.append((start, words))
    tails.reverse()
    copied = _earliest_copied(info, originals, tails, test)
    if copied is not None:
        i, (similarity, start) = copied
        if _ratio(info.parts[i], info.parts[j]) >= similarity:
            return None  # the whole paragraph is as close: a copy with a changed head, or
            # the original's tail; D102's length test decides about those
        return RunIn(j, start, paragraph.end,
                     (doc.paragraphs[i].start, doc.paragraphs[i].end), i, similarity)
    if not itself:
        return None
    # the paragraph's own first lines: a copy pasted right under its original
    best = _best((_similarity(before, words, test), start) for start, words in tails
                 if len(before := info.words_between(paragraph.start, start))
                 >= RUN_IN_WORDS * test.min_words)
    if best is None:
        return None
    return RunIn(j, best[1], paragraph.end,
                 (paragraph.start, _end_of(text, paragraph.start, best[1])), j, best[0])


def _may_repeat_runs(doc: Document, info: Analysis) -> bool:
    """Whether the document may repeat a run of INNER_RUN words: it repeats one of five
    (most documents do not, and no block is searched). Five is D204's first n, counted
    once for both; a long document, which D204 counts otherwise (``hashcount``), is
    not counted here: each block's own test decides."""
    return hashcount.sorted_path(len(info.words())) or bool(ngram_repeats(doc, 5))


def _inner_copy(doc: Document, info: Analysis, j: int, test: NearTest) -> RunIn | None:
    """Lines inside paragraph ``j`` that nearly copy earlier lines of it, with lines of the
    paragraph after them: a paragraph pasted again into hard-wrapped text laid out with no
    break between paragraphs (a wire story whose indents were lost is one block of lines;
    ``_run_in`` finds only a copy that ends the block). A copy and its original each run
    from a line's start after a clause's end (``_tail_starts``) to a clause's end, the
    original to a sentence's end; they are lined up by the words that open them, or that
    close them, and measured by D102's test. The best pair (highest similarity, then the
    earliest copy) is the copy."""
    paragraph, text = doc.paragraphs[j], doc.text
    words = info.parts[j]
    size = RUN_IN_WORDS * test.min_words
    if not test.min_words * (1 + test.length_ratio) <= len(words) <= INNER_MAX_WORDS:
        return None
    # (most blocks: no run of words repeats inside them; the words repeated anywhere in
    # the document hold any run repeated inside)
    if not count_repeats(words, info.counts_of(j).translate(ABOVE_ONE), INNER_RUN):
        return None
    # (a list's item starts neither: items of a list look alike, as the entries of a
    # changelog do)
    bounds = [*([paragraph.start] if not _BULLET.match(text, paragraph.start) else []),
              *_tail_starts(text, paragraph), paragraph.end]
    flat: list[str] = []
    at = [0]  # the word at each bound
    for start, end in zip(bounds, bounds[1:]):
        flat += info.words_between(start, end)
        at.append(len(flat))
    last = len(bounds) - 1
    closes = [k > 0 and _ends_a_sentence(text[max(bounds[k - 1], bounds[k] - 8):bounds[k]])
              for k in range(last + 1)]
    opening: dict[tuple[str, ...], list[int]] = {}
    closing: dict[tuple[str, ...], list[int]] = {}
    for k in range(last + 1):
        if k < last:
            opening.setdefault(tuple(flat[at[k]:at[k] + INNER_ANCHOR]), []).append(k)
        if k > 0:
            closing.setdefault(tuple(flat[at[k] - INNER_ANCHOR:at[k]]), []).append(k)
    ratio = test.length_ratio

    def within(origin: int, low: float, high: float, first: int, end: int) -> range:
        """The bounds in [first, end) that lie ``low`` to ``high`` words after bound
        ``origin`` (before it, for negative distances)."""
        return range(bisect_left(at, at[origin] + low, first, end),
                     bisect_right(at, at[origin] + high, first, end))

    def candidates() -> Iterator[tuple[int, int, int, int]]:
        """(u, v, x, y): an original from bound u to v, a copy from x to y, of lengths
        D102's length ratio allows, lined up at their first or their last words."""
        for bound_lists, opens in ((opening, True), (closing, False)):
            for ks in bound_lists.values():
                if len(ks) > INNER_ANCHOR_CAP:
                    continue  # (words that open or close many lines: no anchor)
                for n, a in enumerate(ks):
                    for b in ks[n + 1:]:
                        if opens:  # original from bound a, copy from bound b: their ends
                            for v in within(a, test.min_words, RUN_IN_MAX_WORDS, a + 1, b + 1):
                                if closes[v]:
                                    count = at[v] - at[a]
                                    for y in within(b, ratio * count, count / ratio, b + 1,
                                                    last + 1):
                                        yield a, v, b, y
                        elif closes[a]:  # original to bound a, copy to bound b: starts
                            for x in within(b, -RUN_IN_MAX_WORDS / ratio, -test.min_words,
                                            a, b):
                                count = at[b] - at[x]
                                for u in within(a, -count / ratio, -ratio * count, 0, a):
                                    yield u, a, x, b

    pairs: set[tuple[int, int, int, int]] = set()
    for pair in candidates():
        pairs.add(pair)
        if len(pairs) >= INNER_COMPARISONS:
            break
    best: tuple[float, int, tuple[int, int, int, int]] | None = None

    def lined_up(u: int, v: int, x: int, y: int) -> bool:
        """Whether the copy opens and closes with the original's words."""
        return flat[at[u]:at[u] + INNER_ANCHOR] == flat[at[x]:at[x] + INNER_ANCHOR] \
            and flat[at[v] - INNER_ANCHOR:at[v]] == flat[at[y] - INNER_ANCHOR:at[y]]

    for u, v, x, y in sorted(pairs):
        # a copy lined up at both ends needs D102's min-words; at one end, twice as many
        if min(at[y] - at[x], at[v] - at[u]) < \
                (test.min_words if lined_up(u, v, x, y) else size):
            continue
        copy, original = flat[at[x]:at[y]], flat[at[u]:at[v]]
        if len(set(copy)) < test.min_words:
            continue
        similarity = _similarity(original, copy, test)
        if similarity is not None and (best is None or (similarity, -x) > best[:2]):
            start, end = bounds[x], _end_of(text, bounds[x], bounds[y])
            if not short_lines_block(text[start:end]):
                best = (similarity, -x, (u, v, x, y))
    if best is None:
        return None
    u, v, x, y = best[2]
    return RunIn(j, bounds[x], _end_of(text, bounds[x], bounds[y]),
                 (bounds[u], _end_of(text, bounds[u], bounds[v])), j, best[0])


def _head_copy(doc: Document, info: Analysis, j: int, originals: list[int],
               test: NearTest) -> RunIn | None:
    """The first lines of paragraph ``j`` when they nearly copy the earliest of the
    ``originals`` they copy, up to a line that ends a sentence, with lines of the paragraph
    after them: a copy pasted with no break between it and the paragraph it was pasted
    above (the mirror of ``_run_in``'s copy that ends a paragraph). The ``originals``
    open with the paragraph's first INNER_ANCHOR words (``_run_ins`` finds them so):
    paragraphs that open by saying of another subject what the one above said ("ls no
    longer tries to automount files...", then "stat no longer tries to automount files...
    Only ...", a licence notice naming another library) differ there."""
    paragraph, text = doc.paragraphs[j], doc.text
    reach = max(len(info.parts[i]) for i in originals) / test.length_ratio + 1
    heads = []  # (end, words), from the shortest, as far as a copy can reach
    for start in _tail_starts(text, paragraph):
        end = _end_of(text, paragraph.start, start)
        words = info.words_between(paragraph.start, end)
        if len(words) > reach:
            break
        if _ends_a_sentence(text[paragraph.start:end]) \
                and _run_in_sized(words, text[paragraph.start:end], test):
            heads.append((end, words))
    copied = _earliest_copied(info, originals, heads, test)
    if copied is None:
        return None
    i, (similarity, end) = copied
    if _ratio(info.parts[i], info.parts[j]) >= similarity:
        return None  # the whole paragraph is as close: D102's to judge
    return RunIn(j, paragraph.start, end,
                 (doc.paragraphs[i].start, doc.paragraphs[i].end), i, similarity)


def _run_in_sized(words: Sequence[str], span: str, test: NearTest) -> bool:
    """Whether a span of a paragraph (``words``, normalised; ``span``, its text) is long
    enough to be a copy with no break to mark it (``RUN_IN_WORDS``) and is prose, not a
    block of short lines (a signature, an address)."""
    return len(words) >= RUN_IN_WORDS * test.min_words and len(set(words)) >= test.min_words \
        and not short_lines_block(span)


def _earliest_copied(info: Analysis, originals: list[int],
                     spans: list[tuple[int, Sequence[str]]], test: NearTest
                     ) -> tuple[int, tuple[float, int]] | None:
    """The earliest of the ``originals`` that one of the ``spans`` ((offset, words))
    nearly copies, with the (similarity, offset) of the closest such span."""
    for i in originals:
        best = _best((_similarity(info.parts[i], words, test), at) for at, words in spans)
        if best is not None:
            return i, best
    return None


def _tail_starts(text: str, paragraph: Paragraph) -> list[int]:
    """Where a copy run into ``paragraph`` may start, in order: a line's start after a line
    that ends a clause (a pasted copy starts a line, whatever closed the text above: "she
    must:"), not a list's bullet (items of a list look alike)."""
    return [m.end() for m in _LINE_START.finditer(text, paragraph.start, paragraph.end)
            if ends_sentence(text[max(paragraph.start, m.start() - 4):m.start()], CLAUSE_STOPS)
            and not _BULLET.match(text, m.end())]


_LINE_START = re.compile(r"\n[ \t]*(?=\S)")
_BULLET = re.compile(r"(?:[-*+•·]|\d{1,3}[.)])\s")


def _ends_a_sentence(text: str) -> bool:
    """Whether ``text`` ends as prose does (``sentences.ends_sentence``): the copies looked
    for are of paragraphs of prose; a tail of code or of a listing that looks like an
    earlier one is not one."""
    return ends_sentence(text[-8:])


def _best(scored: Iterable[tuple[float | None, int]]) -> tuple[float, int] | None:
    """The (similarity, start) of highest similarity (the earliest start of equals) among
    those that reached the threshold (not None), if any."""
    found = [pair for pair in scored if pair[0] is not None]
    return max(found, key=lambda pair: (pair[0], -pair[1])) if found else None


def _end_of(text: str, start: int, end: int) -> int:
    """The end of ``text[start:end]`` without the white space at its end."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _similarity(original: Sequence[str], copy: Sequence[str], test: NearTest) -> float | None:
    """D102's similarity of two runs of normalised words (the lower of the character and
    word Indel ratios; 1.0 when identical but for separators) when it reaches the
    threshold with comparable lengths and the copy states no other figures; else None."""
    key, other = " ".join(original), " ".join(copy)
    if min(len(key), len(other)) < test.length_ratio * max(len(key), len(other)):
        return None
    if separator_blind(key) == separator_blind(other):
        return 1.0
    similarity = _ratio(original, copy, test.threshold)
    if similarity < test.threshold or other_figures(original, copy, min(
            test.changed_figures, RUN_IN_FIGURES)):
        return None
    return similarity


def _ratio(first: Sequence[str], second: Sequence[str], floor: float = 0.0) -> float:
    """The lower of the character and word Indel ratios of two runs of normalised words
    (D102's similarity), 0.0 when the characters' is below ``floor``."""
    distance = _indel()
    cut = min(1.0, 1.0 - floor + 1e-9)
    characters = distance(" ".join(first), " ".join(second), score_cutoff=cut)
    if characters > cut:
        return 0.0
    return min(1.0 - characters, 1.0 - distance(list(first), list(second)))


def _indel():
    """rapidfuzz's Indel.normalized_distance, imported on first need."""
    global _INDEL_DISTANCE
    if _INDEL_DISTANCE is None:
        from rapidfuzz.distance import Indel

        _INDEL_DISTANCE = Indel.normalized_distance
    return _INDEL_DISTANCE


def _near_pairs(info: Analysis, uniques: list[int], test: NearTest
                ) -> list[tuple[int, int, float]]:
    able = _able(info, uniques, test.threshold)
    if able is not None and len(able) < 2:
        return []  # no pair of them can reach the threshold (most news stories)
    search = _NearSearch(info, uniques, test)
    candidates = _candidate_pairs(info.keys, uniques) if len(uniques) > _MANY else None
    guarded = test.template_neighbours > 0
    found: list[tuple[int, int, float]] = []
    for position, j in enumerate(uniques):
        if able is not None and j not in able:
            continue  # copies nothing: ``best_original`` would find no copy
        earlier = uniques[:position] if candidates is None else candidates.get(j, ())
        best, near = search.best_original(j, earlier)
        if best is None or (guarded and near >= test.template_neighbours) \
                or not (info.eligible(j, test.min_words)
                        and info.eligible(best[1], test.min_words)):
            continue
        # Look-alikes after the copy count too (a list continues past it).
        if guarded and candidates is None:
            near += search.lookalikes(j, uniques[position + 1:],
                                      test.template_neighbours - near)
        if not guarded or near < test.template_neighbours:
            found.append((j, best[1], best[0]))
    return found


def _able(info: Analysis, uniques: list[int], threshold: float) -> set[int] | None:
    """The paragraphs of ``uniques`` that can be in a near copy at all, by the first bound
    of ``_NearSearch._words_can_match``: with ``s`` of its ``n`` words shared with the rest
    of the document, a paragraph's word ratio with any other is at most 2s / (s + n) (the
    other's best length is s). A pair needs both to pass, so a paragraph that fails is
    neither a copy nor an original. None when a paragraph has two words or fewer: it is
    compared by characters alone, with any other."""
    parts, shared = info.parts, info.shared_words()
    least = threshold - 1e-9  # the margin of ``_words_can_match``
    able = set()
    for index in uniques:
        words = len(parts[index])
        if words <= 2:
            return None
        if 2 * shared[index] >= least * (shared[index] + words):
            able.add(index)
    return able


class _NearSearch:
    """Similarities between the unique paragraphs of one document."""

    def __init__(self, info: Analysis, uniques: list[int], test: NearTest):
        self.distance = _INDEL_DISTANCE or self._first_distance
        self.info, self.keys, self.parts = info, info.keys, info.parts
        self.lengths = {i: len(info.keys[i]) for i in uniques}
        self.floor, self.threshold, self.ratio = test.floor, test.threshold, test.length_ratio
        self.changed_figures = test.changed_figures
        self.sets: dict[int, frozenset[str]] = {}  # paragraph -> its words (``_words_can_match``)

    def _first_distance(self, *args, **kwargs) -> float:
        """Indel's normalised distance, rapidfuzz imported at the first comparison of the
        process (a one-file check with nothing to compare does not import it: start-up),
        then kept at module level (an import statement per document cost 40 us)."""
        self.distance = _indel()
        return self.distance(*args, **kwargs)

    def _ratio(self, i: int, j: int) -> float | None:
        """The Indel ratio of two paragraphs' normalised characters, None below the floor
        (for pairs that ``_reachable`` let through)."""
        cut = 1.0 - self.floor
        distance = self.distance(self.keys[i], self.keys[j], score_cutoff=cut)
        return None if distance > cut else 1.0 - distance

    def _reachable(self, j: int, others) -> list[int]:
        """The paragraphs of ``others`` whose length lets their ratio with ``j`` reach the
        floor (ratio <= 2 * short / (short + long)), in order: one comprehension, not a call
        per pair (most pairs fail it)."""
        lengths, floor = self.lengths, self.floor
        mine = lengths[j]
        return [i for i in others
                if 2 * min(lengths[i], mine) >= floor * (lengths[i] + mine)]

    def best_original(self, j: int, earlier) -> tuple[tuple[float, int] | None, int]:
        """The first earlier paragraph that ``j`` nearly copies, as (similarity, index), and
        how many other earlier paragraphs merely look like it (only counted when there is
        one: the look-alikes matter only for a copy, and ``_copies_any`` rules most
        paragraphs out comparing far fewer pairs)."""
        if not self._copies_any(j, earlier):
            return None, 0
        parts, lengths, threshold, ratio = self.parts, self.lengths, self.threshold, self.ratio
        best: tuple[float, int] | None = None
        near = 0
        for i in self._reachable(j, earlier):
            similarity = self._ratio(i, j)
            if similarity is None:
                continue
            comparable = min(lengths[i], lengths[j]) >= ratio * max(lengths[i], lengths[j])
            if similarity >= threshold and comparable \
                    and len(parts[i]) > 2 and len(parts[j]) > 2:  # unspaced scripts: chars only
                similarity = min(similarity, 1.0 - self.distance(parts[i], parts[j]))
            if similarity >= threshold and comparable and not self.other_figures(i, j):
                if best is None:
                    best = (similarity, i)
            else:
                near += 1
        return best, near

    def _copies_any(self, j: int, earlier) -> bool:
        """Whether ``best_original`` can find a copy: a pair of comparable lengths whose
        character ratio reaches the threshold (Indel cut off there, not at the lower
        look-alike floor), tested as it tests them. Comparable lengths rule out most pairs
        that ``_reachable`` lets through (0.8 of the longer, not 0.7 of their mean); they
        are picked in one comprehension, with ``_reachable``'s test, not a call per pair."""
        lengths, floor, ratio = self.lengths, self.floor, self.ratio
        mine = lengths[j]
        least = ratio * mine  # ``comparable`` for a shorter paragraph
        pairs = [i for i in earlier
                 if (lengths[i] >= least if lengths[i] <= mine else mine >= ratio * lengths[i])
                 and 2 * min(lengths[i], mine) >= floor * (lengths[i] + mine)]
        if not pairs:
            return False
        keys, key, threshold = self.keys, self.keys[j], self.threshold
        # a margin: the Indel cut-off must not lose a pair the test below would keep
        cut = min(1.0, 1.0 - threshold + 1e-9)
        worded = len(self.parts[j]) > 2
        for i in pairs:
            if worded and len(self.parts[i]) > 2 and not self._words_can_match(i, j):
                continue
            distance = self.distance(keys[i], key, score_cutoff=cut)
            if distance <= cut and 1.0 - distance >= threshold:
                return True
        return False

    def _words_can_match(self, i: int, j: int) -> bool:
        """Whether the word ratio of two paragraphs (of more than two words) can reach the
        threshold. Their longest common subsequence is at most the words of either that
        occur elsewhere in the document (``Analysis.shared_words``, no set built: it rules
        out most pairs of a story's paragraphs) and, from their word sets, at most
        ``len(words) - len(set) + shared``: each distinct word of one that the other lacks
        leaves at least one word unmatched. Either bound rules out most pairs before the
        character comparison (a quarter of the family's time), as ``best_original`` then
        requires this ratio too."""
        parts = self.parts
        least = (self.threshold - 1e-9) * (len(parts[i]) + len(parts[j]))
        shared = self.info.shared_words()  # (made once per document)
        if 2 * min(shared[i], shared[j]) < least:
            return False
        sets = self.sets
        mine, theirs = sets.get(j), sets.get(i)
        if mine is None:
            mine = sets[j] = frozenset(parts[j])
        if theirs is None:
            theirs = sets[i] = frozenset(parts[i])
        common = min(len(parts[i]) - len(theirs), len(parts[j]) - len(mine)) + \
            len(mine & theirs)
        return 2 * common >= least

    def other_figures(self, i: int, j: int) -> bool:
        """``other_figures`` of paragraphs ``i`` (the original) and ``j``."""
        return other_figures(self.parts[i], self.parts[j], self.changed_figures)

    def lookalikes(self, j: int, later: list[int], limit: int) -> int:
        """Look-alikes of ``j`` among the ``later`` paragraphs, counted up to ``limit``."""
        count = 0
        for k in self._reachable(j, later):
            similarity = self._ratio(k, j)
            if similarity is not None and self.floor <= similarity < self.threshold:
                count += 1
                if count >= limit:
                    break
        return count


def other_figures(original: Sequence[str], copy: Sequence[str], changed: int) -> bool:
    """Whether the words ``copy`` state ``changed`` or more numbers that ``original`` does
    not: the same sentence about another bond tranche, year or quarter (a row of a list
    written as prose), not a copy, which keeps its facts (an updated story changes one).
    ``changed`` 0: never."""
    if changed <= 0:
        return False
    mine = _figures(copy)
    if sum(mine.values()) < changed:
        return False
    return sum((mine - _figures(original)).values()) >= changed


def _figures(words: Sequence[str]) -> Counter:
    """The words that hold a digit, their thousands separators dropped ("800,000" and
    "800000" are one figure: a copy that lost its commas keeps its facts)."""
    return Counter(w.replace(",", "") for w in words if any(map(str.isdigit, w)))


def _candidate_pairs(keys: list[str], uniques: list[int]) -> dict[int, list[int]]:
    """For long documents: the earlier paragraphs sharing the most word 3-grams with each
    paragraph (at least ``_MIN_SHARED`` of its 3-grams, at most ``_CANDIDATES``, in
    document order; posting lists capped at ``_POSTING_CAP``).

    The work per paragraph is bounded by its length (``_POSTING_CAP`` entries per 3-gram
    read, ``_CANDIDATES`` comparisons). Without the share floor every paragraph sharing a
    stock phrase ("one of the") was compared, and their number grows with the document
    until the cap: D102 was 2.7 times slower on a document twice as long. A near copy
    shares most of its 3-grams with its original, so it ranks first. A 3-gram seen once
    (most of them) is kept as a bare paragraph number rather than an array.
    """
    # Keys are joined strings and lists of paragraphs arrays: neither is tracked by the
    # garbage collector, so its passes do not grow with the postings.
    postings: dict[str, int | array] = {}
    candidates: dict[int, list[int]] = {}
    for j in uniques:
        words = keys[j].split()
        grams = list(dict.fromkeys(map(" ".join, zip(words, words[1:], words[2:]))))
        found = list(map(postings.get, grams))
        candidates[j] = _most_shared(found, max(1, int(_MIN_SHARED * len(grams))))
        for gram, earlier in zip(grams, found):
            if earlier is None:
                postings[gram] = j
            elif type(earlier) is int:
                postings[gram] = array("l", (earlier, j))
            elif len(earlier) < _POSTING_CAP:
                earlier.append(j)
    return candidates


def _most_shared(found: list, needed: int) -> list[int]:
    """The paragraphs in at least ``needed`` of the posting lists ``found`` (None, a
    paragraph number or an ascending array per 3-gram), the ``_CANDIDATES`` in most of
    them (then the earliest), in document order.

    A prefix filter: a paragraph in ``needed`` of the lists is in one of any
    ``len(found) - needed + 1`` of them, so only the shortest lists are read whole and the
    longest (stock phrases, which grow with the document up to the cap) are only asked
    about the paragraphs found so far. Reading them all made D102 2.5 times slower on a
    document twice as long; the counts of the paragraphs that qualify are the same.
    """
    lists = sorted((p for p in found if p is not None),
                   key=lambda p: 1 if type(p) is int else len(p))
    whole = len(found) - needed + 1 - (len(found) - len(lists))  # shortest lists read whole
    if whole <= 0:
        return []
    shared: dict[int, int] = {}
    for posting in lists[:whole]:
        if type(posting) is int:
            shared[posting] = shared.get(posting, 0) + 1
        else:
            for i in posting:
                shared[i] = shared.get(i, 0) + 1
    if not shared:
        return []
    for posting in lists[whole:]:
        if type(posting) is int:
            if posting in shared:
                shared[posting] += 1
            continue
        for i in shared:
            at = bisect_left(posting, i)
            if at < len(posting) and posting[at] == i:
                shared[i] += 1
    ranked = sorted((i for i, count in shared.items() if count >= needed),
                    key=lambda i: (-shared[i], i))[:_CANDIDATES]
    return sorted(ranked)
