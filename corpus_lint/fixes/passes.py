"""The pass loop over one document: check, choose the fixes that do not conflict, apply
them, check the result again, until no fix is left or the bound is reached.

Later passes apply only the fixes that waited for a conflicting one: a finding that
appears only because of a fix is reported, not fixed. Cutting a comment section can
leave a tail that reads like another one; fixing that too would cut into the article
pass after pass (on the comment-spam dev set, 9 clean lines lost outside any reported
span). The remaining findings say what a second ``fix`` would do.

The last pass is a check of the text as it will be written, so its findings are the
remaining ones, at their places in the fixed file.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding, Problem
from corpus_lint.findings.suppression import apply_suppressions

from .model import Applied, Fix, choose

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.engine.engine import DocumentResult, Engine
    from corpus_lint.rulebook import Rule

# Passes before giving up on fixes that keep producing fixes (ruff stops at 100; a corpus
# document settles in two or three: conflicts wait one pass each).
MAX_PASSES = 10


class Target(Protocol):
    """A document being fixed, in the format of its file (``textfiles``, ``records``)."""

    def document(self) -> Document | None: ...

    def refusal(self, doc: Document, fix: Fix) -> str | None:
        """Why this format cannot apply ``fix`` to ``doc`` (metadata with nowhere to go)."""

    def apply(self, doc: Document, fixes: list[Fix]) -> None: ...


class Policy:
    """Which fixes a run applies: rules whose TOML declares ``fix``, safe ones only unless
    ``unsafe``; ``only`` (for ``audit --write-clean``) limits the rules run in each pass."""

    def __init__(self, engine: "Engine", unsafe: bool):
        self.engine = engine
        self.unsafe = unsafe
        self.applicability = {code: cls.spec.fix for code, cls in engine.rule_classes.items()
                              if cls.spec.fix is not None}

    def fixable_rules(self, rules: tuple["Rule", ...]) -> tuple["Rule", ...]:
        return tuple(rule for rule in rules if rule.code in self.applicability)

    def allows(self, code: str) -> bool:
        return self.applicability.get(code) == "safe" or (
            self.unsafe and self.applicability.get(code) == "unsafe")


def fix_document(target: Target, rules: tuple["Rule", ...], policy: Policy,
                 problems: list[Problem], max_passes: int = MAX_PASSES
                 ) -> tuple[Document | None, "DocumentResult | None", Applied]:
    """Fix one document in passes; returns its last state, the check of that state and
    what was applied."""
    engine = policy.engine
    applied = Applied()
    waiting: set[tuple[str, str]] | None = None  # after the first pass: deferred findings
    while True:
        doc = target.document()
        if doc is None:
            return None, None, applied
        result = engine.check_document(doc, rules, problems)
        fixes, applied.unsafe_skipped = _applicable(result, doc, target, policy, problems)
        if waiting is not None:
            fixes = [(code, key, fix) for code, key, fix in fixes if (code, key) in waiting]
        if not fixes:
            return doc, result, applied
        if applied.passes == max_passes:
            applied.unsettled = True
            return doc, result, applied
        chosen = choose(fix for _, _, fix in fixes)
        target.apply(doc, chosen)
        picked = {id(fix) for fix in chosen}
        applied.codes.extend(code for code, _, fix in fixes if id(fix) in picked)
        waiting = {(code, key) for code, key, fix in fixes if id(fix) not in picked}
        applied.passes += 1


def _applicable(result: "DocumentResult", doc: Document, target: Target, policy: Policy,
                problems: list[Problem]) -> tuple[list[tuple[str, Fix]], int]:
    """(code, fix) of the findings left after suppressions whose fix this run applies, in
    file order, and how many unsafe fixes were held back."""
    findings: list[Finding] = result.findings
    if result.directives:
        engine = policy.engine
        findings, _, _ = apply_suppressions(findings, result.directives,
                                            engine.selector_matches, engine.selector_state)
    fixes: list[tuple[str, str, Fix]] = []
    held = 0
    for finding in sorted(findings, key=Finding.sort_key):
        fix = finding.fix
        if fix is None or finding.code not in policy.applicability:
            continue
        if not policy.allows(finding.code):
            held += 1
            continue
        reason = fix.problem(len(doc.text)) if isinstance(fix, Fix) else "it is not a Fix"
        if reason is None:
            reason = target.refusal(doc, fix)
            if reason is not None:
                continue  # the format cannot take it (a key already set): not a bug
        else:
            where = f" (record at line {doc.record})" if doc.record else ""
            problem = Problem(doc.path, f"rule {finding.code} returned an invalid fix{where}: "
                                        f"{reason}; not applied", line=doc.record, kind="plugin")
            if problem not in problems:  # said once, not once per pass
                problems.append(problem)
            continue
        fixes.append((finding.code, finding.fingerprint, fix))
    return fixes, held
