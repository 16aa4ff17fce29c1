"""Duplicate family: repeated passages inside a document and across a corpus.

Three layers, cheapest first:

* **Within a document** (D101-D103). Every paragraph is normalised once (Unicode NFKC,
  case folding, punctuation to spaces, whitespace collapsed). Exact copies are found by
  hashing the normalised text; near copies by rapidfuzz ``ratio`` on characters *and* on
  words (the lower of the two is the similarity), only for pairs whose lengths are
  compatible. A paragraph must have ``min-words`` distinct words to take part, so repeated
  bylines, headings and table rows (``Shr 10 cts vs 12 cts``) stay out. The finding sits on
  the later copy and points back at the first (``related``).
* **Repetition signals** (D201-D204): Gopher's document-level fractions (datatrove's
  ``GopherRepetitionFilter`` defaults), each reported on the most repeated span.
* **Across documents** (D301-D302, corpus rules, not in pre-commit): MinHash over
  character 5-grams of the normalised paragraphs and documents, computed with numpy in the
  worker; only 8-bit minimum values (b-bit MinHash) and 64-bit exact hashes reach the
  parent, which finds candidates with LSH banding (sorting, no pair enumeration) and
  checks them on the signatures. The first copy in (path, record) order is the original.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from corpus_lint.hookspecs import hookimpl
from corpus_lint.layout import code_paragraphs
from corpus_lint.model import Document, Finding, Location, Region, content_fingerprint
from corpus_lint.rulebook import CorpusRule, Rule, RuleSpec

_PUNCT = re.compile(r"[^\w\s]|_")
_WORD_CHAR = re.compile(r"\w")
# A repeat that opens with a quotation mark quotes the earlier text on purpose.
_QUOTES = frozenset("\"'“‘«„‚‹「『")
# A sentence: up to terminal punctuation (with closing quotes/brackets) or the end.
_SENTENCE = re.compile(r"[^\s].*?(?:[.!?…]+[\"'”’)\]]*(?=\s|$)|$)", re.S)


# ---------------------------------------------------------------------------------------
# Normalisation and per-document analysis (shared by every rule, computed once per doc)
# ---------------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """NFKC, case-folded, punctuation replaced by spaces, whitespace collapsed."""
    import unicodedata

    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


# ``min-words`` parameters are kept within what paragraph sizes can tell apart.
SIZE_CAP = 30
MIN_SIZE = 2
# A paragraph whose "words" average more characters than this is in a script written
# without spaces (its size is then counted in character pairs).
_UNSPACED = 16
# ASCII punctuation and symbols to spaces: str.translate keeps offsets and is fast.
_ASCII_PUNCT = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c).isspace())}


def distinct_words(text: str) -> int:
    """Distinct words of ``text``: normalised words, at most its whitespace-separated tokens.

    Normalisation splits ``palette_colors[drawIndex].red`` into five words; capping by the raw
    token count keeps code, URLs and e-mail addresses from looking like long prose.
    """
    return min(len(set(normalise(text).split())), len(text.split()))




class Analysis:
    """Normalised paragraphs of one document, and an offset-aligned normalised text."""

    __slots__ = ("doc", "parts", "keys", "aligned", "cache", "code", "_sizes", "_words")

    def __init__(self, doc: Document):
        import unicodedata

        self.doc = doc
        text = doc.text
        paragraphs = doc.paragraphs
        # ``aligned`` has the same length as the text, so offsets carry over (word spans).
        if text.isascii():
            self.aligned = text.lower().translate(_ASCII_PUNCT)
            fast = True
        else:
            lowered = text.lower()
            self.aligned = _PUNCT.sub(" ", lowered) if len(lowered) == len(text) else None
            fast = self.aligned is not None and unicodedata.is_normalized("NFKC", text) \
                and lowered == text.casefold()
        self.cache: dict[Any, Any] = {"fast": fast}
        if fast:
            aligned = self.aligned
            self.parts = [aligned[p.start:p.end].split() for p in paragraphs]
        else:
            self.parts = [normalise(p.text).split() for p in paragraphs]
        self.keys = [" ".join(words) for words in self.parts]
        self._sizes: dict[int, int] = {}
        self._words: list[str] | None = None
        self.code = code_paragraphs(text, paragraphs)

    def size(self, index: int) -> int:
        """Distinct normalised words of paragraph ``index``, capped by its whitespace tokens.

        Computed on demand: most rules look only at paragraphs that already look repeated.
        """
        size = self._sizes.get(index)
        if size is None:
            words = self.parts[index]
            key = self.keys[index]
            if len(key) > _UNSPACED * max(1, len(words)):
                # Chinese, Japanese, Thai...: no spaces between words; count two
                # characters as a word, distinct by character pairs.
                pairs = {key[k:k + 2] for k in range(0, len(key) - 1, 2)}
                size = self._sizes[index] = min(len(pairs), SIZE_CAP)
                return size
            text = self.doc.paragraphs[index].text
            # whitespace tokens, from counts (runs of 3+ spaces count a little high)
            raw = text.count(" ") - text.count("  ") + text.count("\n") + text.count("\t") + 1
            distinct = len(set(words)) if len(words) < 2 * SIZE_CAP else SIZE_CAP
            size = self._sizes[index] = min(distinct, raw, SIZE_CAP)
        return size

    def long_enough(self, index: int, min_words: int) -> bool:
        """A cheap upper-bound test before ``eligible``; fenced code never qualifies."""
        if index in self.code:
            return False
        return len(self.parts[index]) >= min_words or \
            len(self.keys[index]) > _UNSPACED * max(1, len(self.parts[index]))

    def eligible(self, index: int, min_words: int) -> bool:
        return self.long_enough(index, min_words) and self.size(index) >= min_words

    def words(self) -> list[str]:
        """All normalised words of the paragraphs, in order."""
        if self._words is None:
            from itertools import chain

            parts = self.parts if not self.code else \
                [words for i, words in enumerate(self.parts) if i not in self.code]
            self._words = list(chain.from_iterable(parts))
        return self._words


def clamp_words(value: Any) -> int:
    """A ``min-words`` parameter within what paragraph sizes can tell apart."""
    return max(MIN_SIZE, min(SIZE_CAP, int(value)))


_LAST: list[Any] = [None, None]  # (document, Analysis): rules of one run see the same doc in turn


def analysis(doc: Document) -> Analysis:
    if _LAST[0] is not doc:
        _LAST[0], _LAST[1] = doc, Analysis(doc)
    return _LAST[1]


def bigram_counts(info: Analysis) -> Counter:
    """How often each word bigram ("a b") occurs in the document (cached, one C-level pass)."""
    counts = info.cache.get("bigrams")
    if counts is None:
        words = info.words()
        grams = info.cache["bigram_list"] = list(map(" ".join, zip(words, words[1:])))
        counts = info.cache["bigrams"] = Counter(grams)
    return counts


def repeated_runs(info: Analysis, min_words: int) -> list[tuple[int, int]]:
    """Word spans [start, end) of at least ``min_words`` words whose every bigram occurs more
    than once. Every repeated n-gram (n >= min_words) lies inside one, so most documents
    are cleared by one search over a byte string instead of n-gram counting."""
    key = ("runs", min_words)
    runs = info.cache.get(key)
    if runs is None:
        flags = info.cache.get("flags")
        if flags is None:
            counts = bigram_counts(info)
            repeated = {gram for gram, count in counts.items() if count > 1}
            # one byte per bigram position: 1 when that bigram occurs again elsewhere
            flags = info.cache["flags"] = bytes(
                map(repeated.__contains__, info.cache["bigram_list"]))
        pattern = b"\x01{%d,}" % max(1, min_words - 1)
        runs = info.cache[key] = [(m.start(), m.end() + 1) for m in re.finditer(pattern, flags)]
    return runs


def _line(doc: Document, offset: int) -> int:
    return doc.region(offset, offset).start_line


def _where(doc: Document, region: Region) -> str:
    if doc.record is not None:  # JSONL: every paragraph is on the record's line
        return f"line {region.start_line}, column {region.start_column}"
    return f"line {region.start_line}"


def _pct(similarity: float) -> str:
    return f"{similarity:.0%}" if similarity < 1 else "100%"


# ---------------------------------------------------------------------------------------
# D101-D103: duplicates within a document
# ---------------------------------------------------------------------------------------
def exact_copies(doc: Document, min_words: int) -> tuple[list[tuple[int, int]], list[int]]:
    """(copy, original) pairs of paragraphs equal after normalisation, copy after original,
    and the long-enough paragraphs that copy no earlier one (where near copies are sought)."""
    info = analysis(doc)
    cache_key = ("exact", min_words)
    if cache_key in info.cache:
        return info.cache[cache_key]
    first_of: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    uniques: list[int] = []
    for index, key in enumerate(info.keys):
        if not info.long_enough(index, min_words):
            continue
        original = first_of.get(key)
        if original is None:
            first_of[key] = index
            uniques.append(index)
        elif info.eligible(index, min_words):
            pairs.append((index, original))
    info.cache[cache_key] = pairs, uniques
    return pairs, uniques


def near_copies(doc: Document, min_words: int, threshold: float, length_ratio: float,
                template_floor: float, template_neighbours: int
                ) -> list[tuple[int, int, float]]:
    """(copy, original, similarity) of paragraphs that nearly copy an earlier one.

    Near: min(char ratio, word ratio) >= threshold, the shorter at least ``length_ratio``
    of the longer, and the copy not one of a family of look-alike paragraphs (a list of
    template rows: ``template_neighbours`` or more other paragraphs at ``template_floor``
    <= similarity < threshold).
    """
    info = analysis(doc)
    cache_key = ("near", min_words, threshold, length_ratio, template_floor, template_neighbours)
    if cache_key not in info.cache:
        _, uniques = exact_copies(doc, min_words)
        info.cache[cache_key] = _near_pairs(info, uniques, min_words, threshold, length_ratio,
                                            template_floor, template_neighbours) \
            if len(uniques) > 1 else []
    return info.cache[cache_key]


def _near_pairs(info: Analysis, uniques: list[int], min_words: int, threshold: float,
                length_ratio: float, template_floor: float, template_neighbours: int
                ) -> list[tuple[int, int, float]]:
    from rapidfuzz.distance import Indel

    keys, parts = info.keys, info.parts
    floor = min(template_floor, threshold)
    char_cut = 1.0 - floor
    lengths = {i: len(keys[i]) for i in uniques}
    found: list[tuple[int, int, float]] = []
    candidates = _candidate_pairs(keys, uniques, lengths, floor) if len(uniques) > 300 else None
    for position, j in enumerate(uniques):
        best: tuple[float, int] | None = None
        near = 0
        lj = lengths[j]
        key_j = keys[j]
        earlier = uniques[:position] if candidates is None else candidates.get(j, ())
        for i in earlier:
            li = lengths[i]
            short, long_ = (li, lj) if li < lj else (lj, li)
            # ratio <= 2 * short / (short + long): skip pairs that cannot reach the floor
            if 2 * short < floor * (short + long_):
                continue
            distance = Indel.normalized_distance(keys[i], key_j, score_cutoff=char_cut)
            if distance > char_cut:
                continue
            similarity = 1.0 - distance
            if similarity >= threshold and short >= length_ratio * long_ \
                    and len(parts[i]) > 2 and len(parts[j]) > 2:  # unspaced scripts: chars only
                similarity = min(similarity, 1.0 - Indel.normalized_distance(parts[i], parts[j]))
            if similarity >= threshold and short >= length_ratio * long_:
                if best is None:
                    best = (similarity, i)
            else:
                near += 1
        guarded = template_neighbours > 0
        if best is not None and (not guarded or near < template_neighbours) \
                and info.eligible(j, min_words) and info.eligible(best[1], min_words):
            # Look-alikes after the copy count too (a list continues past it).
            if guarded and candidates is None:
                near += _later_lookalikes(keys, uniques[position + 1:], j, lengths, floor,
                                          threshold, template_neighbours - near)
            if not guarded or near < template_neighbours:
                found.append((j, best[1], best[0]))
    return found


def _later_lookalikes(keys, later, j, lengths, floor, threshold, limit) -> int:
    from rapidfuzz.distance import Indel

    count = 0
    lj = lengths[j]
    for k in later:
        lk = lengths[k]
        short, long_ = (lk, lj) if lk < lj else (lj, lk)
        if 2 * short < floor * (short + long_):
            continue
        similarity = 1.0 - Indel.normalized_distance(keys[k], keys[j], score_cutoff=1.0 - floor)
        if floor <= similarity < threshold:
            count += 1
            if count >= limit:
                break
    return count


def _candidate_pairs(keys, uniques, lengths, floor) -> dict[int, list[int]]:
    """For long documents: earlier paragraphs sharing a word 3-gram (posting lists capped)."""
    postings: dict[tuple[str, str, str], list[int]] = {}
    candidates: dict[int, list[int]] = {}
    for j in uniques:
        words = keys[j].split()
        grams = set(zip(words, words[1:], words[2:]))
        seen: set[int] = set()
        for gram in grams:
            posting = postings.setdefault(gram, [])
            if len(posting) < 64:
                seen.update(posting)
                posting.append(j)
        candidates[j] = sorted(seen)
    return candidates


def _report_copy(rule: Rule, doc: Document, copy: int, original: int, similarity: float,
                 exact: bool) -> Finding:
    """A D101/D102 finding on paragraph ``copy``, pointing back at ``original``."""
    paragraphs = doc.paragraphs
    target, source = paragraphs[copy], paragraphs[original]
    origin = doc.region(source.start, source.end)
    where = _where(doc, origin)
    if exact:
        same = "word for word" if target.text == source.text else \
            "identical after normalising case, spacing and punctuation"
        message = f"Paragraph repeats {where} ({same}; similarity 100%)."
    else:
        message = (f"Paragraph nearly repeats {where} (similarity {_pct(similarity)}, "
                   f"threshold {_pct(float(rule.params['threshold']))}).")
    return rule.finding(doc, target.start, target.end, message,
                        related=[Location(doc.path, origin, "first copy")],
                        properties={"similarity": round(similarity, 4),
                                    "original_line": origin.start_line,
                                    "original_paragraph": original + 1,
                                    "paragraph": copy + 1},
                        fingerprint_text=analysis(doc).keys[copy])


class ExactDuplicateParagraph(Rule):
    spec = RuleSpec.from_catalogue("D101")

    def check(self, doc: Document) -> Iterable[Finding]:
        if len(doc.paragraphs) < 2:
            return
        pairs, _ = exact_copies(doc, clamp_words(self.params["min-words"]))
        for copy, original in pairs:
            yield _report_copy(self, doc, copy, original, 1.0, exact=True)


def near_test(params) -> tuple[int, float, float, float, int]:
    """D102's parameters, as ``near_copies`` takes them."""
    return (clamp_words(params["min-words"]), float(params["threshold"]),
            float(params["length-ratio"]), float(params["template-floor"]),
            int(params["template-neighbours"]))


class NearDuplicateParagraph(Rule):
    spec = RuleSpec.from_catalogue("D102")

    def check(self, doc: Document) -> Iterable[Finding]:
        if len(doc.paragraphs) < 2:
            return
        for copy, original, similarity in near_copies(doc, *near_test(self.params)):
            yield _report_copy(self, doc, copy, original, similarity, exact=False)


def configured_params(rule: type[Rule], settings: Any) -> dict[str, Any]:
    """The parameters of ``rule`` as this run configures them ([rules.CODE] or
    [rules.name], already validated by the engine), catalogue defaults otherwise."""
    options: dict[str, Any] = {}
    for name, values in (settings.rule_options if settings is not None else {}).items():
        if name in (rule.spec.code, rule.spec.name):
            options.update(values)
    options.pop("level", None)
    return rule(options, settings).params


def copied_paragraphs(doc: Document, test: tuple[int, float, float, float, int]) -> set[int]:
    """Paragraphs that copy an earlier one, exactly or nearly, by D102's parameters ``test``."""
    exact, _ = exact_copies(doc, test[0])
    return {copy for copy, _ in exact} | {copy for copy, _, _ in near_copies(doc, *test)}


class RepeatedSentence(Rule):
    """A long sentence that occurs again later, outside a paragraph D101/D102 report."""

    spec = RuleSpec.from_catalogue("D103")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        # which paragraphs are copies follows D102's configuration, so that a copy D102 no
        # longer reports has its repeated sentences reported here instead
        self.copy_test = near_test(configured_params(NearDuplicateParagraph, settings))

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        min_words = clamp_words(self.params["min-words"])
        info = analysis(doc)
        if not any(info.long_enough(i, min_words) for i in range(len(info.parts))):
            return
        copies = copied_paragraphs(doc, self.copy_test)
        if not repeated_runs(info, min_words):
            return  # a repeated sentence of min-words words repeats a word 5-gram
        aligned = info.aligned if info.cache["fast"] else None
        first: dict[str, tuple[int, int, int]] = {}  # key -> (paragraph, start, end)
        for index, paragraph in enumerate(paragraphs):
            if not info.long_enough(index, min_words):
                continue
            text = paragraph.text
            hits: list[tuple[int, int, tuple[int, int, int]]] = []
            for match in _SENTENCE.finditer(text):
                sentence = match.group()
                if sentence.count(" ") + 1 < min_words:
                    continue
                start, end = paragraph.start + match.start(), paragraph.start + match.end()
                key = " ".join(aligned[start:end].split()) if aligned is not None \
                    else normalise(sentence)
                if len(set(key.split())) < min_words:
                    continue
                seen = first.get(key)
                if seen is None:
                    first[key] = (index, start, end)
                    continue
                if index in copies or distinct_words(sentence) < min_words:
                    continue
                if sentence[0] in _QUOTES or (match.start() and
                                              text[match.start() - 1] in _QUOTES):
                    continue  # a quotation of the earlier text
                if "\n" in sentence and any(len(line.split()) < 4 for line in
                                            sentence.split("\n") if line.strip()):
                    continue  # an address or signature block, not prose
                hits.append((start, end, seen))
            if hits:
                start, end = hits[0][0], hits[-1][1]
                _, o_start, o_end = hits[0][2]
                origin = doc.region(o_start, o_end)
                count = f"{len(hits)} sentences repeat" if len(hits) > 1 else "Sentence repeats"
                message = (f"{count} {_where(doc, origin)}" if len(hits) == 1 else
                           f"{count} earlier text, the first at {_where(doc, origin)}")
                yield self.finding(doc, start, end, message + " (similarity 100%).",
                                   related=[Location(doc.path, origin, "first occurrence")],
                                   properties={"similarity": 1.0, "sentences": len(hits),
                                               "original_line": origin.start_line},
                                   fingerprint_text=normalise(doc.text[start:end]))


# ---------------------------------------------------------------------------------------
# D201-D204: Gopher repetition signals
# ---------------------------------------------------------------------------------------
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


class _Gopher(Rule):
    def _body_length(self, doc: Document) -> int:
        return len(doc.text.strip())

    def _fraction_finding(self, doc: Document, unit: str, count: int, total: int, chars: int,
                          repeated: dict[str, list[int]], spans: list[tuple[int, int]]):
        """D201/D202: when repeated units pass either limit, one finding on the second copy
        of the most repeated unit, pointing at its first; ``spans`` are the units' offsets."""
        unit_frac = count / total
        char_frac = chars / max(1, self._body_length(doc))
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
            f"most repeated occurs {len(positions)} times, first at {_where(doc, origin)}.",
            related=[Location(doc.path, origin, "first occurrence")],
            properties={f"{unit}_fraction": round(unit_frac, 4),
                        "char_fraction": round(char_frac, 4), "occurrences": len(positions)})


    def _repeat_finding(self, doc: Document, prose: "ProseWords", first: int, original: int,
                        count: int, message: str, properties: dict, fingerprint: str) -> Finding:
        """D203/D204: a finding on prose words [first, first + count), pointing at the same
        number of words from ``original``; the message ends with where that is."""
        origin = doc.region(*prose.span(original, count))
        return self.finding(doc, *prose.span(first, count), f"{message} {_where(doc, origin)}.",
                            related=[Location(doc.path, origin, "first occurrence")],
                            properties=properties, fingerprint_text=fingerprint)


class DuplicateLineFraction(_Gopher):
    spec = RuleSpec.from_catalogue("D201")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if text.count("\n") < 2:
            return
        nonblank = [line for line in map(str.strip, text.split("\n")) if line]
        if len(set(nonblank)) == len(nonblank):
            return
        min_words = int(self.params["min-line-words"])
        spans = []  # (start, end, normalised line) of lines with enough words
        offset = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped and stripped.count(" ") + 1 >= min_words \
                    and len(stripped.split()) >= min_words:
                left = offset + len(line) - len(line.lstrip())
                spans.append((left, left + len(stripped), stripped))
            offset += len(line) + 1
        all_lines = len(nonblank)
        if len(spans) < 2 or all_lines < int(self.params["min-lines"]):
            return
        count, chars, repeated = _duplicates([s[2] for s in spans])
        if count:
            yield from self._fraction_finding(doc, "line", count, all_lines, chars, repeated,
                                              [(start, end) for start, end, _ in spans])


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


class ProseWords:
    """Normalised words of the lines that have at least ``min_line_words`` words.

    Gopher counts every word; lines of tables, logs, signatures and encoded attachments
    repeat legitimately, so only prose lines take part. ``span`` maps word positions back
    to offsets in the document text.
    """

    def __init__(self, doc: Document, min_line_words: int):
        info = analysis(doc)
        self.doc = doc
        self.aligned = info.aligned
        self.fast = info.cache["fast"]
        self.words: list[str] = []
        self.segments: list[tuple[int, int, int]] = []  # (first word, line start, line end)
        fast = info.cache["fast"]
        for paragraph, parts in zip(doc.paragraphs, info.parts):
            if paragraph.index in info.code:
                continue
            text = paragraph.text
            if "\n" not in text:
                tokens = text.count(" ") + 1
                if tokens >= min_line_words and tokens < min_line_words + 8:
                    tokens = len(text.split())
                if tokens >= min_line_words and parts:
                    self.segments.append((len(self.words), paragraph.start, paragraph.end))
                    self.words.extend(parts)
                continue
            offset = paragraph.start
            for line in text.split("\n"):
                end = offset + len(line)
                if len(line.split()) >= min_line_words:
                    words = self.aligned[offset:end].split() if fast else normalise(line).split()
                    if words:
                        self.segments.append((len(self.words), offset, end))
                        self.words.extend(words)
                offset = end + 1

    def span(self, first: int, count: int) -> tuple[int, int]:
        """Offsets in doc.text of words [first, first + count)."""
        import bisect

        def locate(word: int, edge: int) -> int:
            segment = bisect.bisect_right([s[0] for s in self.segments], word) - 1
            base, start, end = self.segments[segment]
            if not self.fast:
                return start if edge == 0 else end
            for number, match in enumerate(re.finditer(r"\S+", self.aligned[start:end])):
                if number == word - base:
                    return start + match.span()[edge]
            return end

        return locate(first, 0), locate(first + count - 1, 1)


def prose_words(doc: Document, min_line_words: int) -> ProseWords:
    info = analysis(doc)
    key = ("prose", min_line_words)
    if key not in info.cache:
        info.cache[key] = ProseWords(doc, min_line_words)
    return info.cache[key]


def _parse_pairs(value: Any) -> list[tuple[int, float]]:
    if isinstance(value, dict):
        return sorted((int(k), float(v)) for k, v in value.items())
    return [(int(n), float(f)) for n, f in value]


class TopNgramFraction(_Gopher):
    spec = RuleSpec.from_catalogue("D203")

    def check(self, doc: Document) -> Iterable[Finding]:
        from operator import mul

        info = analysis(doc)
        if len(info.words()) < int(self.params["min-words"]):
            return
        length = max(1, self._body_length(doc))
        limits = _parse_pairs(self.params["limits"])
        # Upper bounds first, from the bigram counts of the whole text (which bound those of
        # its prose lines): most documents need no longer n-gram counted.
        pairs = bigram_counts(info)
        if not pairs:
            return
        pair_count = max(pairs.values())
        if pair_count < 2:
            return
        pair_mass = max(map(mul, pairs.values(), map(len, pairs)))
        # n-gram mass <= masses of the bigrams that tile it, plus one space per join
        bounds = {n: pair_mass if n == 2 else
                  ((n + 1) // 2) * pair_mass + (n // 2 - 1 + n % 2) * pair_count
                  for n, _ in limits}
        if all(bounds[n] <= limit * length for n, limit in limits):
            return
        prose = prose_words(doc, int(self.params["min-line-words"]))
        words = prose.words
        if len(words) < int(self.params["min-words"]):
            return
        for n, limit in limits:
            if bounds[n] <= limit * length:
                continue
            grams = Counter(map(" ".join, zip(*(words[k:] for k in range(n)))))
            if not grams:
                return
            mass, gram = max(zip(map(mul, grams.values(), map(len, grams)), grams))
            count = grams[gram]
            if count < 2:
                return  # no longer n-gram can repeat either
            fraction = mass / length
            if fraction > limit:
                where = [k for k in range(len(words) - n + 1)
                         if " ".join(words[k:k + n]) == gram]
                yield self._repeat_finding(
                    doc, prose, where[1], where[0], n,
                    f"The {n}-word phrase \"{gram}\" occurs {count} times and covers "
                    f"{fraction:.0%} of the characters (limit {limit:.0%}); first at",
                    {"n": n, "fraction": round(fraction, 4), "count": count}, gram)
                return


class DuplicateNgramFraction(_Gopher):
    spec = RuleSpec.from_catalogue("D204")

    def check(self, doc: Document) -> Iterable[Finding]:
        limits = _parse_pairs(self.params["limits"])
        smallest = limits[0][0]
        info = analysis(doc)
        runs = repeated_runs(info, smallest)
        if not runs:
            return  # no n-gram of this or any greater length repeats
        length = max(1, self._body_length(doc))
        # Repeated n-grams lie inside the runs: count the smallest n-grams there only, and
        # bound the repeated characters by every later occurrence of a repeated one.
        words = info.words()
        grams: Counter = Counter()
        for start, end in runs:
            part = words[start:end]
            grams.update(zip(*(part[k:] for k in range(smallest))))
        bound = sum((count - 1) * sum(map(len, gram)) for gram, count in grams.items()
                    if count > 1)
        if bound <= min(limit for _, limit in limits) * length:
            return
        prose = prose_words(doc, int(self.params["min-line-words"]))
        words = prose.words
        if len(words) < int(self.params["min-words"]):
            return
        for n, limit in limits:
            unique: dict[tuple[str, ...], int] = {}
            repeated = 0
            # runs of back-to-back repeated n-grams: [chars, first word, end word, original]
            best: list[int] | None = None
            run: list[int] | None = None
            index = 0
            while index < len(words) - n + 1:
                gram = tuple(words[index:index + n])
                if gram in unique:
                    chars = len("".join(gram))
                    repeated += chars
                    if run is not None and run[2] == index:
                        run[0] += chars
                        run[2] = index + n
                    else:
                        run = [chars, index, index + n, unique[gram]]
                    if best is None or run[0] > best[0]:
                        best = list(run)
                    index += n
                else:
                    unique[gram] = index
                    index += 1
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


# ---------------------------------------------------------------------------------------
# D301-D302: duplicates across documents (MinHash LSH)
# ---------------------------------------------------------------------------------------
NUM_PERM = 128  # signature length (bins); a power of two
SHINGLE = 5
_BIN_BITS = NUM_PERM.bit_length() - 1
_EMPTY = (1 << 64) - 1


def _mix(h):
    """splitmix64 finaliser on a uint64 array (in place, returns it)."""
    import numpy as np

    with np.errstate(over="ignore"):
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


_ROLL = 0x100000001B3  # multiplier of the 5-gram polynomial hash (FNV prime)


def raw_signatures(texts: list[str]):
    """One-permutation MinHash (Li, Owen and Zhang 2012) of the character 5-grams of each
    text: every shingle is hashed once (64-bit, deterministic), its top bits pick one of
    NUM_PERM bins and the bin keeps the smallest remaining value. O(characters), where
    classic MinHash (datasketch) costs O(characters x permutations). All texts of a
    document go through one short batch of numpy calls. Returns uint64[len(texts),
    NUM_PERM], empty bins all ones."""
    import numpy as np

    count = len(texts)
    sig = np.full(count * NUM_PERM, _EMPTY, dtype=np.uint64)
    if not count:
        return sig.reshape(0, NUM_PERM)
    texts = [t if len(t) >= SHINGLE else t.ljust(SHINGLE) for t in texts]
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    multiplier = np.uint64(_ROLL)
    with np.errstate(over="ignore"):
        h = codes[:n] * multiplier
        for k in range(1, SHINGLE - 1):
            h += codes[k:k + n]
            h *= multiplier
        h += codes[SHINGLE - 1:SHINGLE - 1 + n]
        h *= np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    lengths = [len(t) for t in texts]
    if count > 1:  # drop windows that run from one text into the next
        shingles = [length - SHINGLE + 1 for length in lengths]
        keep = np.repeat(np.tile(np.array([True, False]), count),
                         [x for length, s in zip(lengths, shingles) for x in (s, SHINGLE - 1)]
                         )[:n]
        h = h[keep]
        owner = np.repeat(np.arange(count, dtype=np.int64) * NUM_PERM, shingles)
    else:
        owner = 0
    slot = owner + (h >> np.uint64(64 - _BIN_BITS)).astype(np.int64)
    np.minimum.at(sig, slot, h & np.uint64((1 << (64 - _BIN_BITS)) - 1))
    return sig.reshape(count, NUM_PERM)


def finish_signatures(sig):
    """8 bits a bin (b-bit MinHash): 1..255 for a value, 0 for an empty bin."""
    import numpy as np

    return np.where(sig == np.uint64(_EMPTY), np.uint64(0),
                    sig % np.uint64(255) + np.uint64(1)).astype(np.uint8)


def signatures(texts: list[str]):
    """8-bit one-permutation MinHash signatures of ``texts`` (uint8[len(texts), NUM_PERM])."""
    return finish_signatures(raw_signatures(texts))


def jaccard_estimates(a, b):
    """Estimated Jaccard similarity of rows of two 8-bit signature arrays: agreeing
    non-empty bins over bins non-empty in either, corrected for chance (1/255) agreement."""
    import numpy as np

    filled = (a != 0) | (b != 0)
    agree = ((a == b) & filled).sum(axis=-1)
    used = np.maximum(filled.sum(axis=-1), 1)
    chance = 1.0 / 255.0
    return np.clip((agree / used - chance) / (1.0 - chance), 0.0, 1.0)


def jaccard_estimate(a, b) -> float:
    return float(jaccard_estimates(a, b))


def exact_hash(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


_SUMMARY: list[Any] = [None, None, None]  # (document, params key, summary)


def corpus_summary(doc: Document, min_words: int, num_perm: int):
    """What the parent needs of one document: hashes, signatures, regions; no text."""
    import numpy as np

    key = (min_words, num_perm)
    if _SUMMARY[0] is doc and _SUMMARY[1] == key:
        return _SUMMARY[2]
    info = analysis(doc)
    keys = info.keys
    present = [i for i, key in enumerate(keys) if key]
    chosen = [i for i in present if info.eligible(i, min_words)]
    whole = " ".join(keys[i] for i in present)
    raw = raw_signatures([keys[i] for i in present])
    row = {index: position for position, index in enumerate(present)}
    sigs = finish_signatures(raw[[row[i] for i in chosen]]) if chosen else \
        np.zeros((0, num_perm), np.uint8)
    doc_sig = finish_signatures(raw.min(axis=0, keepdims=True))[0] if present else None
    def region(start: int, end: int) -> tuple[int, int, int, int]:
        r = doc.region(start, end)
        return r.start_line, r.start_column, r.end_line, r.end_column

    regions = np.zeros((len(chosen), 4), dtype=np.int32)
    for row, i in enumerate(chosen):
        p = doc.paragraphs[i]
        regions[row] = region(p.start, p.end)
    body = doc.text.rstrip()
    doc_region = region(len(doc.text) - len(doc.text.lstrip()), len(body))
    hashes = np.array([exact_hash(keys[i]) for i in chosen], dtype=np.int64)
    header = np.array([1 if whole else 0, whole.count(" ") + 1 if whole else 0, len(chosen),
                       *doc_region], dtype=np.int32)
    blob = b"".join([header.tobytes(),
                     np.int64(exact_hash(whole) if whole else 0).tobytes(),
                     (doc_sig if doc_sig is not None else np.zeros(num_perm, np.uint8)).tobytes(),
                     hashes.tobytes(), sigs.tobytes(), regions.tobytes()])
    # one bytes object a document: small to pickle from the worker and to hold in transit
    summary = (doc.path, doc.record, blob)
    _SUMMARY[:] = [doc, key, summary]
    return summary


def unpack_summary(summary) -> dict[str, Any]:
    """The arrays of a ``corpus_summary`` (views on its bytes)."""
    import numpy as np

    path, record, blob = summary
    has_doc, doc_words, count, *doc_region = np.frombuffer(blob, np.int32, 7, 0).tolist()
    offset = 28
    doc_hash = int(np.frombuffer(blob, np.int64, 1, offset)[0])
    offset += 8
    doc_sig = np.frombuffer(blob, np.uint8, NUM_PERM, offset)
    offset += NUM_PERM
    hashes = np.frombuffer(blob, np.int64, count, offset)
    offset += 8 * count
    sigs = np.frombuffer(blob, np.uint8, count * NUM_PERM, offset).reshape(count, NUM_PERM)
    offset += count * NUM_PERM
    regions = np.frombuffer(blob, np.int32, 4 * count, offset).reshape(count, 4)
    return {"path": path, "record": record, "doc_hash": doc_hash if has_doc else None,
            "doc_sig": doc_sig if has_doc else None, "doc_words": doc_words,
            "doc_region": tuple(doc_region), "hashes": hashes, "sigs": sigs,
            "regions": regions}


class _Table:
    """A growable numpy table (grows by half) so the parent keeps arrays, not objects."""

    def __init__(self, width: int, dtype):
        import numpy as np

        self.np = np
        self.data = np.zeros((1024, width) if width else 1024, dtype=dtype)
        self.size = 0

    def extend(self, rows) -> None:
        count = len(rows)
        if not count:
            return
        if self.size + count > len(self.data):
            capacity = max(len(self.data) * 3 // 2, self.size + count)
            grown = self.np.zeros((capacity,) + self.data.shape[1:], dtype=self.data.dtype)
            grown[:self.size] = self.data[:self.size]
            self.data = grown
        self.data[self.size:self.size + count] = rows
        self.size += count

    def view(self):
        return self.data[:self.size]


def band_keys(columns):
    """One integer per row for a band of uint8 columns."""
    import numpy as np

    chunk = np.ascontiguousarray(columns)
    width = chunk.shape[1]
    if width in (1, 2, 4, 8):
        return chunk.view({1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[width]).ravel()
    return np.unique(chunk, axis=0, return_inverse=True)[1].ravel()


def lsh_matches(sigs, hashes, owner, bands: int, rows: int, threshold: float):
    """For each row j, the earliest earlier row i in another owner that duplicates it.

    Exact: equal ``hashes``. Near: sharing an LSH band with i and an estimated Jaccard
    (b-bit corrected) >= threshold. Returns {j: (i, similarity, exact)}. Candidate pairs
    come from sorting each band's keys, so the work is O(n log n) per band, and each row
    is paired with the first row of its bucket only (the earliest possible original).
    """
    import numpy as np

    n = len(sigs)
    result: dict[int, tuple[int, float, bool]] = {}
    if n < 2:
        return result
    # exact duplicates
    order = np.argsort(hashes, kind="stable")
    sorted_hashes = hashes[order]
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = sorted_hashes[1:] != sorted_hashes[:-1]
    run_first = order[np.maximum.accumulate(np.where(new_run, np.arange(n), 0))]
    for j, i in zip(order[~new_run].tolist(), run_first[~new_run].tolist()):
        if owner[i] != owner[j]:
            result[j] = (i, 1.0, True)
    # near duplicates: candidates from band buckets
    pairs = []
    for band in range(bands):
        keys = band_keys(sigs[:, band * rows:(band + 1) * rows])
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = sorted_keys[1:] != sorted_keys[:-1]
        first = order[np.maximum.accumulate(np.where(new_run, np.arange(n), 0))]
        # a band of empty bins (short texts) is no evidence: keep it out of the buckets
        repeat = ~new_run & (sorted_keys != 0)
        members = order[repeat]
        firsts = first[repeat]
        keep = owner[firsts] != owner[members]
        if keep.any():
            pairs.append(firsts[keep].astype(np.int64) * n + members[keep])
    if not pairs:
        return result
    candidates = np.unique(np.concatenate(pairs))
    first_i, second_j = candidates // n, candidates % n
    step = 1 << 14  # pairs verified at a time: bounds the temporary signature copies
    for start in range(0, len(candidates), step):
        i = first_i[start:start + step]
        j = second_j[start:start + step]
        jaccard = jaccard_estimates(sigs[i], sigs[j])
        ok = jaccard >= threshold
        for a, b, s in zip(i[ok].tolist(), j[ok].tolist(), jaccard[ok].tolist()):
            if b in result and (result[b][2] or result[b][0] <= a):
                continue
            result[b] = (a, s, False)
    return result


class _CorpusDuplicates(CorpusRule):
    """Shared collection for D301 and D302."""

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.paths: list[str] = []
        self.path_ids: dict[str, int] = {}
        self.doc_path: list[int] = []
        self.doc_record: list[int] = []
        self.doc_regions: _Table | None = None

    def _min_words(self) -> int:
        return clamp_words(self.params["min-words"])

    def collect(self, doc: Document) -> Any:
        return corpus_summary(doc, self._min_words(), NUM_PERM)

    def _add_document(self, summary) -> int:
        """Register the document; ``summary`` is the unpacked one."""
        if self.doc_regions is None:
            import numpy as np

            self.doc_regions = _Table(4, np.int32)
        path = summary["path"]
        pid = self.path_ids.setdefault(path, len(self.paths))
        if pid == len(self.paths):
            self.paths.append(path)
        self.doc_path.append(pid)
        self.doc_record.append(-1 if summary["record"] is None else summary["record"])
        self.doc_regions.extend([summary["doc_region"]])
        return len(self.doc_path) - 1

    def _doc_location(self, doc: int, region) -> tuple[str, Region, int | None]:
        record = self.doc_record[doc]
        return (self.paths[self.doc_path[doc]], Region(*(int(v) for v in region)),
                None if record < 0 else record)

    def _describe(self, path: str, region: Region, record: int | None) -> str:
        if record is not None:
            return f"{path} line {region.start_line}, column {region.start_column}"
        return f"{path} line {region.start_line}"


def _bands(rule: Rule) -> int:
    bands = int(rule.params["bands"])
    if bands < 1 or NUM_PERM % bands:
        raise ValueError(f"bands must divide {NUM_PERM}")
    return bands


class _DocumentTable:
    def __init__(self):
        import numpy as np

        self.hashes = _Table(0, np.int64)
        self.sigs = _Table(NUM_PERM, np.uint8)
        self.index = _Table(0, np.int32)  # document number
        self.count = 0


class DuplicateDocument(_CorpusDuplicates):
    spec = RuleSpec.from_catalogue("D301")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.table: _DocumentTable | None = None

    def add(self, summary: Any) -> None:
        summary = unpack_summary(summary)
        doc = self._add_document(summary)
        if summary["doc_hash"] is None or summary["doc_words"] < int(
                self.params["min-document-words"]):
            return
        if self.table is None:
            self.table = _DocumentTable()
        self.table.hashes.extend([summary["doc_hash"]])
        self.table.sigs.extend(summary["doc_sig"][None, :])
        self.table.index.extend([doc])

    def finish(self) -> Iterable[Finding]:
        if self.table is None:
            return
        yield from document_findings(self, self.table, float(self.params["threshold"]))


def document_findings(rule: _CorpusDuplicates, table: _DocumentTable, threshold: float,
                      emit: bool = True):
    owner = table.index.view()
    matches = lsh_matches(table.sigs.view(), table.hashes.view(), owner,
                          bands=_bands(rule), rows=NUM_PERM // _bands(rule),
                          threshold=threshold)
    regions = rule.doc_regions.view()
    for j in sorted(matches):
        i, similarity, exact = matches[j]
        later, original = int(owner[j]), int(owner[i])
        if not emit:
            yield later, original
            continue
        kind = "is an exact duplicate of" if exact else "is a near-duplicate of"
        yield _copy_finding(rule, rule._doc_location(later, regions[later]),
                            rule._doc_location(original, regions[original]),
                            "Document " + kind + " {original} (similarity {similarity}).",
                            int(table.hashes.view()[j]), similarity, exact)


def _copy_finding(rule: _CorpusDuplicates, copy, original, template: str, content_hash: int,
                  similarity: float, exact: bool) -> Finding:
    """A D301/D302 finding on ``copy`` pointing at ``original`` ((path, region, record) each);
    ``template`` has {original} and {similarity} fields for the message."""
    path, region, record = copy
    o_path, o_region, o_record = original
    message = template.format(original=rule._describe(o_path, o_region, o_record),
                              similarity=_pct(similarity))
    return Finding(code=rule.code, level=rule.spec.level, path=path, region=region,
                   message=message, related=[Location(o_path, o_region, "original")],
                   fingerprint=content_fingerprint(rule.code, f"{content_hash:x}"),
                   properties={"similarity": round(similarity, 4), "exact": exact},
                   record=record)


class CrossDocumentParagraph(_CorpusDuplicates):
    spec = RuleSpec.from_catalogue("D302")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.docs: _DocumentTable | None = None
        self.hashes = self.sigs = self.owner = self.regions = None

    def add(self, summary: Any) -> None:
        import numpy as np

        summary = unpack_summary(summary)
        doc = self._add_document(summary)
        if self.hashes is None:
            self.docs = _DocumentTable()
            self.hashes = _Table(0, np.int64)
            self.sigs = _Table(NUM_PERM, np.uint8)
            self.owner = _Table(0, np.int32)
            self.regions = _Table(4, np.int32)
        if summary["doc_hash"] is not None:
            self.docs.hashes.extend([summary["doc_hash"]])
            self.docs.sigs.extend(summary["doc_sig"][None, :])
            self.docs.index.extend([doc])
        count = len(summary["hashes"])
        if count:
            self.hashes.extend(summary["hashes"])
            self.sigs.extend(summary["sigs"])
            self.owner.extend(np.full(count, doc, dtype=np.int32))
            self.regions.extend(summary["regions"])

    def finish(self) -> Iterable[Finding]:
        if self.hashes is None or self.hashes.size < 2:
            return
        skip: dict[int, int] = {}
        if self.params["skip-duplicate-documents"] and self.docs.hashes.size > 1:
            skip = dict(document_findings(self, self.docs,
                                          float(self.params["document-threshold"]),
                                          emit=False))
        owner = self.owner.view()
        matches = lsh_matches(self.sigs.view(), self.hashes.view(), owner,
                              bands=_bands(self), rows=NUM_PERM // _bands(self),
                              threshold=float(self.params["threshold"]))
        regions = self.regions.view()
        hashes = self.hashes.view()
        for j in sorted(matches):
            i, similarity, exact = matches[j]
            later, original = int(owner[j]), int(owner[i])
            if skip.get(later) == original:
                continue  # the whole document is reported by D301
            how = "exactly, after normalisation" if exact else "nearly"
            yield _copy_finding(self, self._doc_location(later, regions[j]),
                                self._doc_location(original, regions[i]),
                                "Paragraph repeats {original} " + how + " (similarity {similarity}).",
                                int(hashes[j]), similarity, exact)


@hookimpl
def corpus_lint_rules():
    return [ExactDuplicateParagraph, NearDuplicateParagraph, RepeatedSentence,
            DuplicateLineFraction, DuplicateParagraphFraction, TopNgramFraction,
            DuplicateNgramFraction, DuplicateDocument, CrossDocumentParagraph]
