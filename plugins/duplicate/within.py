"""D101-D103: copies inside one document. The finding sits on the later copy and points
back at the first (``related``)."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from corpus_lint.documents.document import Document, Paragraph
from corpus_lint.documents.sentences import NOT_AN_ABBREVIATION
from corpus_lint.findings.model import Finding, Location
from corpus_lint.fixes.model import Fix, delete_block, delete_inline
from corpus_lint.rulebook import Rule, RuleSpec

from .analysis import (Analysis, analysis, clamp_words, distinct_words, percent,
                       ngram_repeats, short_lines_block, where)
from .copies import (NearTest, RunIn, copied_paragraphs, exact_copies, near_copies,
                     run_in_copies)

# A repeat that opens with a quotation mark quotes the earlier text on purpose.
_QUOTES = frozenset("\"'“‘«„‚‹「『")
# A sentence: up to terminal punctuation (with closing quotes/brackets) before white space,
# or the end; but a full stop ends none before a lower-case word nor after an abbreviation:
# "The Federal Deposit Insurance Corp. (FDIC) said ... closed by U.S. bank regulators" is
# one sentence (split there, its longest part was under min-words in Reuters wire copy, and
# a repeated lead paragraph went unreported).
_SENTENCE = re.compile(r"[^\s].*?(?:[.!?…]+[\"'”’)\]]*" + NOT_AN_ABBREVIATION
                       + r"(?=\s*$|\s+(?![a-z]))|$)", re.S)


def _report_copy(rule: Rule, doc: Document, copy: int, original: int, similarity: float,
                 exact: bool) -> Finding:
    """A D101/D102 finding on paragraph ``copy``, pointing back at ``original``."""
    target, source = doc.paragraphs[copy], doc.paragraphs[original]
    origin = doc.region(source.start, source.end)
    if exact:
        same = "word for word" if target.text == source.text else \
            "identical after normalising case, spacing and punctuation"
        message = f"Paragraph repeats {where(doc, origin)} ({same}; similarity 100%)."
    else:
        threshold = percent(float(rule.params["threshold"]))
        message = (f"Paragraph nearly repeats {where(doc, origin)} (similarity "
                   f"{percent(similarity)}, threshold {threshold}).")
    return rule.finding(doc, target.start, target.end, message,
                        related=[Location(doc.path, origin, "first copy")],
                        properties={"similarity": round(similarity, 4),
                                    "original_line": origin.start_line,
                                    "original_paragraph": original + 1,
                                    "paragraph": copy + 1},
                        fingerprint_text=analysis(doc).keys[copy],
                        fix=Fix((delete_block(doc.text, target.start, target.end),),
                                description="drop the repeated paragraph"))


def _report_run_in(rule: Rule, doc: Document, run_in: RunIn, threshold: float) -> Finding:
    """A D101/D102 finding on a copy run into another paragraph, at its end, its start or
    inside it (``run_in``), pointing back at its original."""
    host = doc.paragraphs[run_in.host]
    origin = doc.region(*run_in.original)
    whole = "paragraph" if run_in.original_paragraph != run_in.host else "the text"
    if run_in.similarity >= 1.0:
        same = "word for word" if " ".join(doc.text[run_in.start:run_in.end].split()) == \
            " ".join(doc.text[slice(*run_in.original)].split()) else \
            "identical after normalising case, spacing and punctuation"
        how = f"repeats {whole} at {where(doc, origin)} ({same}; similarity 100%)"
    else:
        how = (f"nearly repeats {whole} at {where(doc, origin)} (similarity "
               f"{percent(run_in.similarity)}, threshold {percent(threshold)})")
    if run_in.start == host.start:  # lines of the host follow it, none before
        said = f"Text opening this paragraph {how}: a copy pasted without a paragraph " \
               f"break after it."
    elif run_in.end < host.start + len(host.text.rstrip()):  # lines before and after it
        said = f"Text inside this paragraph {how}: a copy pasted without paragraph breaks."
    else:
        said = f"Text run into the end of this paragraph {how}: a copy pasted without a " \
               f"paragraph break."
    return rule.finding(doc, run_in.start, run_in.end, said,
                        related=[Location(doc.path, origin, "first copy")],
                        properties={"similarity": round(run_in.similarity, 4),
                                    "original_line": origin.start_line,
                                    "original_paragraph": run_in.original_paragraph + 1,
                                    "paragraph": run_in.host + 1, "run_in": True},
                        fingerprint_text=analysis(doc).normalised(run_in.start, run_in.end),
                        fix=Fix((delete_inline(doc.text, run_in.start, run_in.end,
                                               host.start, host.end),),
                                description="drop the repeated text"))


class ExactDuplicateParagraph(Rule):
    spec = RuleSpec.from_catalogue("D101")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        # Copies run into another paragraph are found by D102's search (its parameters);
        # those found identical are reported here.
        self.copy_test = NearTest.from_params(self.params_of("D102"))

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.paragraphs:  # (one paragraph may hold a copy of itself: a run-in)
            return
        pairs, _ = exact_copies(doc, clamp_words(self.params["min-words"]))
        for copy, original in pairs:
            yield _report_copy(self, doc, copy, original, 1.0, exact=True)
        for run_in in run_in_copies(doc, self.copy_test):
            if run_in.similarity >= 1.0:
                yield _report_run_in(self, doc, run_in, self.copy_test.threshold)


class NearDuplicateParagraph(Rule):
    spec = RuleSpec.from_catalogue("D102")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.test = NearTest.from_params(self.params)

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.paragraphs:  # (one paragraph may hold a copy of itself: a run-in)
            return
        run_ins = run_in_copies(doc, self.test)
        hosts = {run_in.host for run_in in run_ins}
        for copy, original, similarity in near_copies(doc, self.test):
            if copy not in hosts:  # (else its last lines are the copy: reported so)
                yield _report_copy(self, doc, copy, original, similarity, exact=False)
        for run_in in run_ins:
            if run_in.similarity < 1.0:  # (D101 reports the exact ones)
                yield _report_run_in(self, doc, run_in, self.test.threshold)


class RepeatedSentence(Rule):
    """A long sentence that occurs again later, outside a paragraph D101/D102 report."""

    spec = RuleSpec.from_catalogue("D103")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        # Which paragraphs are copies follows D102's configuration, so that a copy D102 no
        # longer reports has its repeated sentences reported here instead.
        self.copy_test = NearTest.from_params(self.params_of(NearDuplicateParagraph.spec.code))

    def check(self, doc: Document) -> Iterable[Finding]:
        min_words = clamp_words(self.params["min-words"])
        if not ngram_repeats(doc, min_words):
            return  # a repeated sentence of min-words words repeats a word min-words-gram
        info = analysis(doc)
        if not any(info.long_enough(i, min_words) for i in range(len(info.parts))):
            return
        copies = copied_paragraphs(doc, self.copy_test)
        run_ins: dict[int, list[tuple[int, int]]] = {}  # host -> its copies' spans
        for run_in in run_in_copies(doc, self.copy_test):
            run_ins.setdefault(run_in.host, []).append((run_in.start, run_in.end))
        first: dict[str, tuple[int, int]] = {}  # normalised sentence -> (start, end)
        for index, paragraph in enumerate(doc.paragraphs):
            if info.long_enough(index, min_words):
                hits = list(_repeats(info, paragraph, index in copies, first, min_words,
                                     run_ins.get(index, ())))
                if hits:
                    yield self._report(doc, paragraph, hits)

    def _report(self, doc: Document, paragraph: Paragraph,
                hits: list[tuple[int, int, tuple[int, int]]]) -> Finding:
        """One finding on consecutive repeated sentences, pointing at the first's original."""
        origin = doc.region(*hits[0][2])
        if len(hits) == 1:
            message = f"Sentence repeats {where(doc, origin)}"
        else:
            message = (f"{len(hits)} sentences repeat earlier text, the first at "
                       f"{where(doc, origin)}")
        start, end = hits[0][0], hits[-1][1]
        return self.finding(doc, start, end, message + " (similarity 100%).",
                            related=[Location(doc.path, origin, "first occurrence")],
                            properties={"similarity": 1.0, "sentences": len(hits),
                                        "original_line": origin.start_line},
                            fingerprint_text=analysis(doc).normalised(start, end),
                            fix=_drop_sentences(doc, paragraph, hits))


def _drop_sentences(doc: Document, paragraph: Paragraph,
                    hits: list[tuple[int, int, tuple[int, int]]]) -> Fix:
    """Delete the repeated sentences (the later occurrences), each run of adjacent ones as
    one edit; the sentences between runs stay, and a paragraph left empty goes."""
    text = doc.text
    runs: list[list[int]] = []
    for start, end, _ in hits:
        if runs and not text[runs[-1][1]:start].strip():
            runs[-1][1] = end
        else:
            runs.append([start, end])
    edits = tuple(delete_inline(text, start, end, paragraph.start, paragraph.end)
                  for start, end in runs)
    return Fix(edits, description="drop the repeated sentence" + ("s" if len(hits) > 1 else ""))


def _repeats(info: Analysis, paragraph: Paragraph, in_copy: bool,
             first: dict[str, tuple[int, int]], min_words: int,
             copied: Iterable[tuple[int, int]] = ()
             ) -> Iterator[tuple[int, int, tuple[int, int]]]:
    """(start, end, first occurrence) of the paragraph's long sentences seen before, but
    for those of a paragraph that is a copy (``in_copy``) or inside a copy run into it
    (``copied``: D101's and D102's findings); sentences not seen before are recorded in
    ``first``."""
    text = paragraph.text
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        if sentence.count(" ") + 1 < min_words:
            continue
        start, end = paragraph.start + match.start(), paragraph.start + match.end()
        words = info.words_between(start, end)
        if len(set(words)) < min_words:
            continue
        key = " ".join(words)
        seen = first.get(key)
        if seen is None:
            first[key] = (start, end)
        elif not (in_copy or any(start < copy_end and copy_start < end
                                 for copy_start, copy_end in copied)
                  or distinct_words(sentence) < min_words
                  or _quotation(text, match) or short_lines_block(sentence)):
            yield start, end, seen


def _quotation(text: str, match: re.Match) -> bool:
    """The sentence opens with, or follows, a quotation mark: it quotes the earlier text."""
    return match.group()[0] in _QUOTES or (match.start() > 0
                                            and text[match.start() - 1] in _QUOTES)
