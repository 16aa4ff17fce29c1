"""corpus-lint: a content-quality and text-integrity linter for text corpora.

Plugins import :data:`hookimpl` from here to implement the hooks of
:mod:`corpus_lint.hookspecs`.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl"]


def __getattr__(name):
    # pluggy is imported on first use, not at package import, to keep start-up fast.
    if name == "hookimpl":
        from .hookspecs import hookimpl

        return hookimpl
    raise AttributeError(name)
