"""Q201-Q204: C4's cleaning heuristics (Raffel et al. 2020; datatrove ``C4QualityFilter``).

C4 first drops lines (no terminal punctuation, fewer than three words, a word over 1,000
characters, "javascript", cookie and policy notices), then drops the page if a kept line
says "lorem ipsum" or has a curly bracket, or if fewer than five sentences are left. The
line verdicts are computed once per document (``c4_page``) and shared by the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .base import QualityRule, fmt, measures
from .measures import Line

CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
END_PUNCTUATION = (".", "?", "!", '"', "'")
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
          "use cookies")
POLICY_KEYS = ("cookie", "terms of use", "privacy policy")  # one of them is in each of POLICY
LONG_WORD = re.compile(r"\S{1001}")
# A sentence ends at terminal punctuation (closing quotes may follow) before a space.
# Not after a one-letter word ("U.S. Agriculture", "J. Smith"), as spaCy's sentencizer.
SENTENCE_END = re.compile(r"[.!?…](?<!\b\w[.!?…])[.!?…]*[\"'”’)\]]*(?=[ \t]+\S)")


@dataclass
class C4Page:
    lines: list[tuple[Line, str | None]]  # each content line, and why C4 drops it (or None)
    sentences: int  # in the lines it keeps


def _notices(doc: Document) -> tuple[bool, bool]:
    """Whether the text could hold a "javascript" or policy line: (as written, with its
    citation marks removed as C4 removes them). Most documents hold neither, and then no
    line needs lower-casing to look for one."""
    def find() -> tuple[bool, bool]:
        lowered = doc.text.lower()
        written = "javascript" in lowered or any(p in lowered for p in POLICY_KEYS)
        if "[" not in doc.text:
            return written, written
        lowered = CITATION.sub("", doc.text).lower()
        return written, "javascript" in lowered or any(p in lowered for p in POLICY_KEYS)
    return doc.memo(("quality", "notices"), find)


def _verdict(line: Line, min_words: int, notices: bool = True) -> tuple[str | None, str]:
    """(why C4 drops the line or None, the line as C4 sees it), in C4's order;
    ``notices``: whether the page may hold a javascript or policy line (``_notices``)."""
    text = line.text.strip()
    if len(text) > 1000 and LONG_WORD.search(text):
        return "a word over 1,000 characters", text
    if "[" in text:
        text = CITATION.sub("", text)
    if not text.endswith(END_PUNCTUATION) or text.endswith("..."):
        return "no terminal punctuation", text
    if len(line.text.split(None, min_words)) < min_words:
        return f"fewer than {min_words} words", text
    if not notices:
        return None, text
    lowered = text.lower()
    if "javascript" in lowered:
        return "mentions javascript", text
    if any(p in lowered for p in POLICY_KEYS) and any(p in lowered for p in POLICY):
        return "a cookie or policy notice", text
    return None, text


def c4_page(doc: Document, min_words: int) -> C4Page:
    """C4's verdict on each content line of the body, and the sentences it keeps."""
    def build() -> C4Page:
        lines, kept = [], []
        notices = _notices(doc)[1]
        for line in measures(doc).content_lines:
            why, text = _verdict(line, min_words, notices)
            lines.append((line, why))
            if why is None:
                kept.append(text)
        return C4Page(lines, len(SENTENCE_END.findall("\n".join(kept))) + len(kept))
    return doc.memo(("quality", "c4", min_words), build)


class LoremIpsum(QualityRule):
    spec = RuleSpec.from_catalogue("Q201")

    def check(self, doc: Document) -> Iterable[Finding]:
        lowered = doc.text.lower()
        at = lowered.find("lorem ipsum")
        if at < 0:
            return
        count = lowered.count("lorem ipsum")
        yield self.finding(doc, at, at + len("lorem ipsum"),
                           f"Placeholder text: \"lorem ipsum\" ({count} time(s)); C4 drops the "
                           f"page.", properties={"count": count})


class CurlyBracket(QualityRule):
    spec = RuleSpec.from_catalogue("Q202")

    def check(self, doc: Document) -> Iterable[Finding]:
        if "{" not in doc.text:
            return
        if self.params["kept-lines-only"]:
            page = c4_page(doc, int(self.params["min-line-words"]))
            kept = [line for line, why in page.lines if why is None and "{" in line.text]
        else:
            kept = [line for line in measures(doc).content_lines if "{" in line.text]
        if kept:
            yield self.on_lines(doc, kept[0], kept[0],
                                f"Curly bracket in running text ({len(kept)} line(s)): code or "
                                f"a template; C4 drops the page.", {"lines": len(kept)})


class FewSentences(QualityRule):
    spec = RuleSpec.from_catalogue("Q203")

    def check(self, doc: Document) -> Iterable[Finding]:
        page = c4_page(doc, int(self.params["min-line-words"]))
        if not page.lines:
            return
        needed = int(self.params["min-sentences"])
        if page.sentences >= needed:
            return
        reasons: dict[str, int] = {}
        for _, why in page.lines:
            if why:
                reasons[why] = reasons.get(why, 0) + 1
        dropped = sum(reasons.values())
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda rn: -rn[1]))
        dropped_at = {line.start for line, why in page.lines if why}
        yield self.on_run(
            doc, measures(doc), lambda line: line.start in dropped_at,
            f"{page.sentences} sentence(s) left after C4's line filter, fewer than "
            f"min-sentences ({needed}); {dropped} of {len(page.lines)} lines dropped"
            + (f" ({why})." if why else "."),
            {"sentences": page.sentences, "limit": needed, "dropped_lines": dropped,
             "share_dropped": dropped / len(page.lines)})


class BoilerplateLine(QualityRule):
    spec = RuleSpec.from_catalogue("Q204")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not _notices(doc)[0]:
            return
        limit = int(self.params["max-line-words"])
        for line in measures(doc).content_lines:
            lowered = line.text.lower()
            if "javascript" in lowered:
                why = "mentions javascript"
            elif any(p in lowered for p in POLICY):
                why = "a cookie or policy notice"
            else:
                continue
            if len(line.words) <= limit:
                yield self.on_lines(doc, line, line,
                                    f"Boilerplate line ({why}, {len(line.words)} words); "
                                    f"C4 drops it.", {"reason": why})


__all__ = ["BoilerplateLine", "CurlyBracket", "FewSentences", "LoremIpsum", "fmt"]
