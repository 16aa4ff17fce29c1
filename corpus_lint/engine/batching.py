"""Checking work units with their documents prepared in batches (issue 17).

A rule may define ``prepare_documents(docs)`` (see ``Rule``): it is handed a batch of the
documents it is about to check, across consecutive work units (a folder of small files is
one unit per file), and leaves what its ``check`` would compute in each document's memo.
A family whose per-document work is a few numpy calls on tiny arrays does them once for
the batch (garbling: 1.5x faster over BBC). Results are those of ``Engine.check_unit``,
unit by unit, in order: the preparation only moves work, it never changes a finding.

Documents are read ahead only up to a batch (BATCH_DOCUMENTS or BATCH_CHARS), so memory
stays bounded whatever the size of a unit.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from corpus_lint.documents.document import Document
from corpus_lint.documents.language import speaks
from corpus_lint.findings.model import Problem
from corpus_lint.rulebook import Rule

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.discovery.units import WorkUnit

    from .engine import Engine, FileResult

# Enough documents for a family's fixed per-call costs to vanish (garbling: 16 documents
# gain most of it, 64 all of it), few enough that their analyses stay small.
BATCH_DOCUMENTS = 64
BATCH_CHARS = 512 * 1024


def preparers(rules: Iterable[Rule]) -> list[Rule]:
    """One rule per distinct ``prepare_documents`` that overrides ``Rule``'s (a family's
    rules usually share one)."""
    chosen: dict = {}
    for rule in rules:
        method = type(rule).prepare_documents
        if method is not Rule.prepare_documents:
            chosen.setdefault(method, rule)
    return list(chosen.values())


def runs_on(engine: "Engine", rule: Rule, doc: Document) -> bool:
    """Whether ``Engine.check_document`` runs ``rule`` on ``doc`` (its gates, in order)."""
    if doc.binary and not rule.handles_binary:
        return False
    if rule.content_rule and len(doc.text) > engine.settings.max_document_chars:
        return False
    return not rule.languages or speaks(doc, rule.languages)


def prepare(engine: "Engine", batch: list[tuple[Document, tuple[Rule, ...]]]) -> None:
    """Call each preparing rule once with the documents of ``batch`` it will check. A
    failure is ignored: ``check`` then computes (and reports) on its own."""
    found: dict = {}
    for rules in dict.fromkeys(rules for _, rules in batch):  # a unit's documents share one
        for rule in preparers(rules):
            found.setdefault(type(rule).prepare_documents, rule)
    for rule in found.values():
        docs = [doc for doc, rules in batch if rule in rules and runs_on(engine, rule, doc)]
        if docs:
            try:
                rule.prepare_documents(docs)
            except Exception:  # noqa: BLE001 - an optimisation only; check reports errors
                pass


def batches(docs: Iterable[Document]) -> Iterator[list[Document]]:
    """``docs`` in the batches ``check_units`` prepares together (benchmarks time them so)."""
    batch, chars = [], 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def check_units(engine: "Engine", units: Iterable["WorkUnit"]) -> Iterator["FileResult"]:
    """``engine.check_unit`` of each unit, in order, documents prepared in batches."""
    if engine.options.fix or not preparers(engine.rules.values()):
        for unit in units:
            yield engine.check_unit(unit)
        return
    batch = _Batch(engine)
    for unit in units:
        key, cached = engine.cached_result(unit)
        if cached is not None:
            batch.done.append((None, cached))
            continue
        result, rules, items = engine.unit_items(unit)
        batch.done.append((key, result))
        try:
            for item in items:
                batch.add(result, rules, item)
                if batch.full():
                    yield from batch.flush(reading=result)
        except Exception as exc:  # a reader bug must not lose the other files
            batch.add(result, rules, engine.unreadable(unit, exc))
        if batch.full():
            yield from batch.flush()
    yield from batch.flush()


class _Batch:
    """Documents and problems read ahead, and the units waiting for them, in order."""

    def __init__(self, engine: "Engine"):
        self.engine = engine
        self.items: list[tuple["FileResult", tuple[Rule, ...], Document | Problem]] = []
        self.done: list[tuple[object, "FileResult"]] = []  # (cache key, result) in order
        self.documents = self.chars = 0

    def add(self, result, rules, item) -> None:
        self.items.append((result, rules, item))
        if isinstance(item, Document):
            self.documents += 1
            self.chars += len(item.text)

    def full(self) -> bool:
        return self.documents >= BATCH_DOCUMENTS or self.chars >= BATCH_CHARS

    def flush(self, reading: "FileResult | None" = None) -> Iterator["FileResult"]:
        """Prepare and check the items read ahead, then hand over every unit they complete
        (all but ``reading``, the unit still being read)."""
        items, self.items, self.documents, self.chars = self.items, [], 0, 0
        prepare(self.engine, [(item, rules) for _, rules, item in items
                              if isinstance(item, Document)])
        for index, (result, rules, item) in enumerate(items):
            items[index] = None  # a checked document's text and analyses go at once, not
            # with the batch's (a batch of long documents held 25 MiB more in a worker)
            if isinstance(item, Problem):
                result.problems.append(item)
            else:
                result.documents.append(self.engine.check_document(item, rules,
                                                                    result.problems))
        keep = []
        for key, result in self.done:
            if result is reading:
                keep.append((key, result))
            else:
                yield self.engine.cached_store(key, result)
        self.done = keep
