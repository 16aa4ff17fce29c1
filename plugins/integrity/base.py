"""The base class of the integrity rules."""
from __future__ import annotations

from corpus_lint.rulebook import Rule


class IntegrityRule(Rule):
    """Integrity rules look at characters and bytes, so they run on documents of any size."""

    content_rule = False
