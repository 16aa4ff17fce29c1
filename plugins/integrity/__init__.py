"""Integrity family (being split into modules; the rules live in ``characters`` for now)."""
from .characters import corpus_lint_rules  # noqa: F401
