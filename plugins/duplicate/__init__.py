"""Duplicate family (being split into modules; see the next commit)."""
from .repetition import *  # noqa: F401,F403
from .repetition import corpus_lint_rules  # noqa: F401
