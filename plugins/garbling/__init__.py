"""Garbling family (moving into a package: the next commit splits ``analysis`` by stage)."""
from .analysis import *  # noqa: F401,F403
from .analysis import _BASE, _TOKEN, RULES, corpus_lint_rules  # noqa: F401
