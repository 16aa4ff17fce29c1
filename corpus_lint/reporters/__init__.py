"""Built-in reporters (text, json, sarif, github, html), registered as a plugin like any other."""
from __future__ import annotations

from typing import Any, TextIO

from ..hookspecs import hookimpl


class Reporter:
    """Renders a RunResult. ``options``: statistics (bool), color (bool)."""

    def __init__(self, result, options: dict[str, Any] | None = None):
        self.result = result
        self.options = options or {}

    def render(self, stream: TextIO) -> None:  # pragma: no cover - interface
        raise NotImplementedError


@hookimpl
def corpus_lint_reporters():
    from .github import GithubReporter
    from .html import HtmlReporter
    from .json import JsonReporter
    from .sarif import SarifReporter
    from .text import TextReporter

    return {"text": TextReporter, "json": JsonReporter, "sarif": SarifReporter,
            "github": GithubReporter, "html": HtmlReporter}
