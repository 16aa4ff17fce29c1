"""Q601: metric rules declared as data (like Vale's ``metric`` rules), over textstat's
readability measures and the quality family's own.

    [tool.corpus-lint.quality.metrics.hard-to-read]
    condition = "flesch-reading-ease < 10"
    message = "Very hard to read"
    level = "warning"          # optional: the rule's level otherwise

Each table is one check; a finding names the check, the measured value and the limit.
textstat is used offline: its syllable counter looks words up in CMUdict through nltk,
which downloads CMUdict on first use; ``_offline_textstat`` points it at Pyphen's
hyphenation dictionaries (shipped in the pyphen wheel) instead.
"""
from __future__ import annotations

import operator
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from corpus_lint.config import ConfigError
from corpus_lint.documents.document import Document
from corpus_lint.findings.model import LEVELS, Finding
from corpus_lint.rulebook import RuleSpec

from .base import QualityRule, body_span, fmt, measures
from .c4 import SENTENCE_END

OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
             "==": operator.eq, "!=": operator.ne}
CONDITION = re.compile(r"^\s*([a-z][a-z0-9-]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")
TEXTSTAT = ("flesch-reading-ease", "flesch-kincaid-grade", "gunning-fog", "smog-index",
            "coleman-liau-index", "automated-readability-index", "dale-chall-readability-score",
            "linsear-write-formula", "lix", "rix", "difficult-words", "syllable-count",
            "reading-time")


def _own_measures() -> dict[str, Callable[[Document], float]]:
    def words(doc):
        return measures(doc).n_words

    def sentences(doc):
        return sum(len(SENTENCE_END.findall(p.text)) + 1 for p in doc.paragraphs)

    def mean_word_length(doc):
        m = measures(doc)
        return m.word_chars / m.n_words if m.n_words else 0.0

    return {"words": words, "sentences": sentences, "characters": lambda doc: len(doc.text),
            "lines": lambda doc: len(measures(doc).content_lines),
            "mean-word-length": mean_word_length,
            "mean-sentence-length": lambda doc: words(doc) / max(1, sentences(doc))}


OWN = _own_measures()
MEASURES = tuple(sorted((*OWN, *TEXTSTAT)))


@dataclass(frozen=True)
class Metric:
    name: str
    measure: str
    op: str
    limit: float
    message: str
    level: str | None  # None: the rule's configured level

    def holds(self, value: float) -> bool:
        return OPERATORS[self.op](value, self.limit)


def parse_metrics(table: dict) -> list[Metric]:
    """The ``[quality.metrics.*]`` tables as checks; a bad one is a configuration error."""
    metrics = []
    for name, body in sorted(table.items()):
        where = f"quality.metrics.{name}"
        if not isinstance(body, dict) or set(body) - {"condition", "message", "level"}:
            raise ConfigError(f"{where}: expected a table with 'condition', 'message' and "
                              f"an optional 'level'")
        level = body.get("level")
        if level is not None and level not in LEVELS:
            raise ConfigError(f"{where}: level should be one of {', '.join(LEVELS)}")
        match = CONDITION.match(str(body.get("condition", "")))
        if not match:
            raise ConfigError(f"{where}: condition should read 'MEASURE OP NUMBER', "
                              f"e.g. 'flesch-reading-ease < 10'")
        measure, op, limit = match.groups()
        if measure not in MEASURES:
            raise ConfigError(f"{where}: unknown measure '{measure}' (known: "
                              f"{', '.join(MEASURES)})")
        metrics.append(Metric(name, measure, op, float(limit), str(body.get("message", name)),
                              level))
    return metrics


def measure(doc: Document, name: str) -> float:
    """One measure of the document, memoised (several checks may read it)."""
    def compute() -> float:
        if name in OWN:
            return float(OWN[name](doc))
        return float(getattr(_offline_textstat(), name.replace("-", "_"))(doc.text))
    return doc.memo(("quality", "measure", name), compute)


@lru_cache(maxsize=1)
def _offline_textstat():
    """textstat with CMUdict switched off: syllables come from Pyphen, nothing downloads."""
    import textstat

    counting = sys.modules["textstat.backend.counts._count_syllables"]
    counting.get_cmudict = lambda lang: None
    return textstat


class MetricRule(QualityRule):
    spec = RuleSpec.from_catalogue("Q601")
    own_levels = True

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        section = settings.section("quality") if settings is not None else {}
        self.metrics = parse_metrics(section.get("metrics", {}))

    def check(self, doc: Document) -> Iterable[Finding]:
        if not self.metrics or not doc.text.strip():
            return
        for metric in self.metrics:
            value = measure(doc, metric.measure)
            if not metric.holds(value):
                continue
            first, last = body_span(measures(doc))
            found = self.on_lines(doc, first, last,
                                  f"{metric.message} [{metric.name}]: {metric.measure} is "
                                  f"{fmt(value)} ({metric.op} {fmt(metric.limit)}).",
                                  {"metric": metric.name, "measure": metric.measure,
                                   "value": value, "limit": metric.limit})
            found.level = metric.level
            yield found
