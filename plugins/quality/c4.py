"""Q201-Q204: C4's cleaning heuristics (Raffel et al. 2020; datatrove ``C4QualityFilter``).

C4 first drops lines (no terminal punctuation, fewer than three words, a word over 1,000
characters, "javascript", cookie and policy notices), then drops the page if a kept line
says "lorem ipsum" or has a curly bracket, or if fewer than five sentences are left. The
line verdicts are computed once per document (``c4_lines``) and shared by the rules.
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
# A sentence ends at terminal punctuation (closing quotes may follow) before a space.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+\S)")


@dataclass
class C4Line:
    line: Line
    dropped: str | None  # why C4 drops it, None when it keeps it
    sentences: int = 0


def _verdict(line: Line, min_words: int) -> tuple[str | None, str]:
    """(why C4 drops the line or None, the line as C4 sees it)."""
    text = CITATION.sub("", line.text.strip())
    words = line.text.split()
    if any(len(word) > 1000 for word in words):
        return "a word over 1,000 characters", text
    if not text.endswith(END_PUNCTUATION) or text.endswith("..."):
        return "no terminal punctuation", text
    if len(words) < min_words:
        return f"fewer than {min_words} words", text
    lowered = text.lower()
    if "javascript" in lowered:
        return "mentions javascript", text
    if any(p in lowered for p in POLICY):
        return "a cookie or policy notice", text
    return None, text


def c4_lines(doc: Document, min_words: int) -> list[C4Line]:
    """C4's verdict on each content line of the body."""
    def build() -> list[C4Line]:
        result = []
        for line in measures(doc).content_lines:
            why, text = _verdict(line, min_words)
            sentences = 0 if why else len(SENTENCE_END.findall(text)) + 1
            result.append(C4Line(line, why, sentences))
        return result
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
        kept = [c.line for c in c4_lines(doc, int(self.params["min-line-words"]))
                if c.dropped is None and "{" in c.line.text]
        if self.params["kept-lines-only"] is False:
            kept = [line for line in measures(doc).content_lines if "{" in line.text]
        if kept:
            yield self.on_lines(doc, kept[0], kept[0],
                                f"Curly bracket in running text ({len(kept)} line(s)): code or "
                                f"a template; C4 drops the page.", {"lines": len(kept)})


class FewSentences(QualityRule):
    spec = RuleSpec.from_catalogue("Q203")

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = c4_lines(doc, int(self.params["min-line-words"]))
        if not lines:
            return
        sentences = sum(c.sentences for c in lines)
        needed = int(self.params["min-sentences"])
        if sentences >= needed:
            return
        dropped = [c for c in lines if c.dropped]
        reasons: dict[str, int] = {}
        for c in dropped:
            reasons[c.dropped] = reasons.get(c.dropped, 0) + 1
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda rn: -rn[1]))
        dropped_lines = {id(c.line) for c in dropped}
        m = measures(doc)
        yield self.on_run(
            doc, m, lambda line: id(line) in dropped_lines,
            f"{sentences} sentence(s) left after C4's line filter, fewer than min-sentences "
            f"({needed}); {len(dropped)} of {len(lines)} lines dropped"
            + (f" ({why})." if why else "."),
            {"sentences": sentences, "limit": needed, "dropped_lines": len(dropped),
             "share_dropped": len(dropped) / len(lines)})


class BoilerplateLine(QualityRule):
    spec = RuleSpec.from_catalogue("Q204")

    def check(self, doc: Document) -> Iterable[Finding]:
        limit = int(self.params["max-line-words"])
        for c in c4_lines(doc, 0):
            if c.dropped in ("mentions javascript", "a cookie or policy notice") \
                    and len(c.line.words) <= limit:
                yield self.on_lines(doc, c.line, c.line,
                                    f"Boilerplate line ({c.dropped}, {len(c.line.words)} words); "
                                    f"C4 drops it.", {"reason": c.dropped})


__all__ = ["BoilerplateLine", "CurlyBracket", "FewSentences", "LoremIpsum", "fmt"]
