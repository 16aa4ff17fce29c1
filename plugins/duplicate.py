"""duplicate family plugin (being built: see the issue for this family)."""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl


@hookimpl
def corpus_lint_rules():
    return []
