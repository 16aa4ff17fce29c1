"""Suppressions: inline comments, a metadata key, and reporting the ones that match nothing.

Inline, in the text itself (HTML comments, so they stay invisible in rendered Markdown):

    <!-- corpus-lint: disable=D101,comment-spam -->   off from here on
    <!-- corpus-lint: enable=D101 -->                 on again from here
    <!-- corpus-lint: disable-next=G101 -->           off for the next paragraph only

In metadata (front matter, sidecar or JSONL field): ``corpus-lint-disable: [D101]`` for the
whole document. Selectors are those of the configuration: codes, prefixes, families, names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Directive, Finding

DIRECTIVE = re.compile(
    r"<!--\s*corpus-lint:\s*(disable-next|disable|enable)\s*=\s*([A-Za-z0-9_,\s-]*?)\s*-->")
_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_ONLY_DIRECTIVES = re.compile(r"(?:\s*<!--\s*corpus-lint:[^>]*-->\s*)+")


def is_directive_only(text: str) -> bool:
    return _ONLY_DIRECTIVES.fullmatch(text) is not None


def _selectors(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _selector_text(item) -> str:
    """A list item of ``corpus-lint-disable`` as a selector: ``101`` stays "101" (reported
    as naming no rule); an integer too long for ``str`` is shown by its size."""
    try:
        return str(item)
    except ValueError:
        return f"a {item.bit_length()}-bit integer"


def _fenced(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _FENCED_CODE.finditer(text)]


def _directive_matches(text: str) -> Iterable[re.Match]:
    """The directives of ``text``, leaving out examples shown in Markdown code blocks."""
    fenced = _fenced(text)
    for match in DIRECTIVE.finditer(text):
        if not any(start <= match.start() < end for start, end in fenced):
            yield match


def mask_directives(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` with every directive blanked out (same length, so offsets stay), and the
    blanked spans: a directive is not content, no rule may count it as a line or a word."""
    parts, spans, last = [], [], 0
    for match in _directive_matches(text):
        parts += [text[last:match.start()], " " * (match.end() - match.start())]
        spans.append(match.span())
        last = match.end()
    return ("".join(parts) + text[last:] if parts else text), tuple(spans)


def parse_directives(doc: Document) -> list[Directive]:
    """Every suppression a document declares, with the lines it starts on."""
    directives: list[Directive] = []
    if doc.metadata_suppression is not None:
        value = doc.metadata_suppression
        codes = _selectors(value) if isinstance(value, str) else tuple(
            _selector_text(item) for item in value) if isinstance(value, list) else ()
        line = doc.metadata_lines.get("corpus-lint-disable", 1)
        directives.append(Directive("document", codes, line))
    if "corpus-lint:" not in doc.text:
        return directives
    paragraphs = None
    for match in _directive_matches(doc.text):
        kind, codes = match.group(1), _selectors(match.group(2))
        line, column = doc.source_map.locate(match.start())
        covers = None
        if kind == "disable-next":
            if paragraphs is None:
                paragraphs = [(doc.source_map.locate(p.start)[0], doc.source_map.locate(p.end)[0])
                              for p in doc.paragraphs]
            # The next paragraph with text after the directive (it may share its block).
            following = [span for span in paragraphs if span[1] > line]
            if following:
                covers = (max(following[0][0], line + 1), following[0][1])
            else:
                covers = (line + 1, line)  # nothing follows: covers nothing
        directives.append(Directive(kind, codes, line, column, covers))
    return directives


@dataclass
class UnusedSuppression:
    directive: Directive
    selector: str
    reason: str


def apply_suppressions(findings: Iterable[Finding], directives: list[Directive],
                       matches: Callable[[str, str], bool],
                       state_of: Callable[[str], str]) -> tuple[list[Finding], int, list[UnusedSuppression]]:
    """Drop suppressed findings; return (kept, number suppressed, unused selectors).

    ``matches(selector, code)`` says whether a selector covers a rule code; ``state_of(selector)``
    is "active" when it names a rule enabled in this run, "inactive" for a known rule that did
    not run (its suppression cannot be judged unused) and "unknown" for a selector that names
    no rule at all. Inline disable/enable pairs form line ranges.
    """
    findings = list(findings)
    if not directives:
        return findings, 0, []
    ranges: list[tuple[Directive, str, int, float]] = []  # directive, selector, first, last line
    for directive in directives:
        for selector in directive.codes:
            if directive.kind == "document":
                ranges.append((directive, selector, 0, float("inf")))
            elif directive.kind == "disable-next":
                ranges.append((directive, selector, *directive.covers))
            elif directive.kind == "disable":
                stop = min((other.line for other in directives
                            if other.kind == "enable" and other.line > directive.line
                            and any(sel == selector or matches(sel, selector)
                                    for sel in other.codes)), default=float("inf"))
                ranges.append((directive, selector, directive.line, stop - 1))
    used = [0] * len(ranges)
    kept: list[Finding] = []
    for finding in findings:
        line = finding.region.start_line
        hit = False
        for index, (_, selector, first, last) in enumerate(ranges):
            if first <= line <= last and matches(selector, finding.code):
                used[index] += 1
                hit = True
        if not hit:
            kept.append(finding)
    unused = []
    for (directive, selector, _, _), count in zip(ranges, used):
        if count:
            continue
        state = state_of(selector)
        if state == "inactive":
            continue
        reason = "names no known rule" if state == "unknown" else "suppresses nothing"
        unused.append(UnusedSuppression(directive, selector, reason))
    return kept, len(findings) - len(kept), unused


# The rule's catalogue entry; the engine evaluates it after every other rule, because
# only then is it known what each suppression matched.
from corpus_lint.hookspecs import hookimpl  # noqa: E402
from corpus_lint.rulebook import Rule, RuleSpec  # noqa: E402


class UnusedSuppressionRule(Rule):
    spec = RuleSpec.from_catalogue("I900")

    def check(self, doc):
        return ()


@hookimpl
def corpus_lint_rules():
    return [UnusedSuppressionRule]
