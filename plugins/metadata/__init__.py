"""Metadata family (being split into modules; the rules live in ``fields`` for now)."""
from .fields import FusedMetadata, corpus_lint_default_config, corpus_lint_rules  # noqa: F401
