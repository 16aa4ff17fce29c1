"""The rules: C101 comment-section and C102 spam-message. Each builds its lexicon from the
data parameters it declares; data it does not declare is the shipped data."""
from __future__ import annotations

from typing import Any, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.fixes.model import Fix, delete_block
from corpus_lint.rulebook import Rule, RuleSpec

from .analysis import analyse
from .lexicon import (MARKERS_FILE, PROFANITY_FILE, SPAM_PATTERNS_FILE, SPAM_WORDS_FILE,
                      DataError, Lexicon, PhraseSet, lexicon, load_markers, load_phrases,
                      load_promotions, shipped, source, word_list)
from .lines import Line
from .markers import NOT_A_COMMENT
from .sections import comment_sections
from .spammodel import load_model

# C101's extra-* parameters and the markers.toml lists they extend
_MARKER_EXTRAS = {"extra-interface-words": "interface-words",
                  "extra-header-patterns": "header-patterns",
                  "extra-signature-patterns": "signature-patterns",
                  "extra-timestamp-patterns": "date-patterns",
                  "extra-reader-phrases": "reader-phrases"}


class _FamilyRule(Rule):
    """Loads the word lists once, when the run starts: a bad file is a configuration error."""

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        from corpus_lint.config import ConfigError

        try:
            self.lex = self.build_lexicon()
        except DataError as exc:
            raise ConfigError(f"[rules.{self.code}] {exc}") from None

    def build_lexicon(self) -> Lexicon:
        raise NotImplementedError

    def prepare(self) -> None:
        """The spam model (6-7 MiB of weights) loaded before workers fork, so they share
        one copy. The promotion patterns are not compiled here: each waits behind its gate
        words and compiles, in the worker, when a line first opens it. Compiled here they
        were serial start-up always (0.02-0.04 s); in the workers they cost time only where
        a gate opens, at most as much (the workers compile side by side)."""
        load_model()

    def spam_words(self) -> PhraseSet:
        """Both rules declare spam-words-file and extra-spam-words."""
        return word_list(SPAM_WORDS_FILE, self.params["spam-words-file"],
                         self.params["extra-spam-words"])


class CommentSection(_FamilyRule):
    spec = RuleSpec.from_catalogue("C101")

    def build_lexicon(self) -> Lexicon:
        p = self.params
        extra = tuple((param, key, tuple(p[param])) for param, key in _MARKER_EXTRAS.items()
                      if p[param])
        return lexicon(
            markers=load_markers(source(MARKERS_FILE, p["markers-file"]), extra),
            spam=self.spam_words(),
            profanity=word_list(PROFANITY_FILE, p["profanity-file"], p["extra-profanity"]),
            promo=load_promotions(shipped(SPAM_PATTERNS_FILE), ()))

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = analyse(doc, self.lex)
        if len(lines) < 2:
            return
        for start, end, evidence in comment_sections(lines, self.params):
            first, last = lines[start], lines[end]
            yield self.finding(
                doc, first.start, last.end,
                f"Reader-comment section ({end - start + 1} lines). Evidence: {_describe(evidence)}.",
                properties={"score": evidence["score"], "heads": evidence["heads"],
                            "markers": evidence["kinds"], "content": evidence["content"]},
                fix=_cut(doc, first.start, last.end, "cut the reader-comment section"))


def _describe(evidence: dict[str, Any]) -> str:
    content = ", ".join(f"{k} x{v}" for k, v in sorted(evidence["content"].items(),
                                                        key=lambda kv: (-kv[1], kv[0]))
                        if k not in (NOT_A_COMMENT, "reported speech"))
    if not evidence["heads"]:
        paragraphs = evidence["kinds"]["comment-styled paragraph"]
        text = (f"no interface markers, but {paragraphs} trailing paragraphs in a reader's voice "
                f"after the article, sharing {evidence['shared']:.0%} of their words with it")
    else:
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(evidence["kinds"].items(),
                                                        key=lambda kv: (-kv[1], kv[0])))
        text = f"{evidence['heads']} comment heads ({kinds})"
    if content:
        text += f"; content: {content}"
    return text


class SpamMessage(_FamilyRule):
    spec = RuleSpec.from_catalogue("C102")

    def build_lexicon(self) -> Lexicon:
        p = self.params
        return lexicon(
            markers=load_markers(shipped(MARKERS_FILE), ()),
            spam=self.spam_words(),
            profanity=load_phrases(shipped(PROFANITY_FILE), ()),
            promo=load_promotions(source(SPAM_PATTERNS_FILE, p["spam-patterns-file"]),
                                  tuple(p["extra-spam-patterns"])))

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = float(self.params["min-score"])
        lines = analyse(doc, self.lex)
        for group in _messages(lines, threshold):
            first, last = lines[group[0]], lines[group[-1]]
            evidence: list[str] = []
            for index in group:
                evidence.extend(e for e in lines[index].spam_reasons if e not in evidence)
            score = max(lines[index].spam_score for index in group)
            yield self.finding(doc, first.start, last.end,
                               f"Spam message. Evidence: {'; '.join(evidence)} (score {score:.1f}).",
                               properties={"score": round(score, 2), "evidence": evidence},
                               fix=_cut(doc, first.start, last.end, "cut the spam message"))


def _cut(doc: Document, start: int, end: int, description: str) -> Fix | None:
    """Cut the block; not when nothing would be left before it (a page of comments only is
    for the drop policy of ``audit --write-clean``, not an empty file)."""
    if not doc.text[:start].strip():
        return None
    return Fix((delete_block(doc.text, start, end),), description=description)


def _messages(lines: list[Line], threshold: float) -> list[list[int]]:
    """Spam lines grouped into messages: consecutive lines of one paragraph are one."""
    groups: list[list[int]] = []
    for index, line in enumerate(lines):
        if line.spam_score < threshold:
            continue
        if groups and index == groups[-1][-1] + 1 and not line.blank_before:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
