"""Built-in reporters (text, json, json-lines, sarif, github, gitlab, junit, html), registered as a plugin like any other."""
from __future__ import annotations

from typing import Any, TextIO

from corpus_lint.hookspecs import hookimpl

class Reporter:
    """Renders a RunResult. ``options``: statistics (bool), color (bool)."""

    def __init__(self, result, options: dict[str, Any] | None = None):
        self.result = result
        self.options = options or {}

    def render(self, stream: TextIO) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _lazy(module: str, name: str):
    """A reporter factory that imports its module only when that format is used."""

    def build(result, options=None):
        from importlib import import_module

        return getattr(import_module(module, __name__), name)(result, options)

    build.__name__ = name
    return build


@hookimpl
def corpus_lint_reporters():
    return {"text": _lazy(".text", "TextReporter"), "json": _lazy(".json", "JsonReporter"),
            "sarif": _lazy(".sarif", "SarifReporter"), "github": _lazy(".github", "GithubReporter"),
            "html": _lazy(".html", "HtmlReporter"), "junit": _lazy(".junit", "JunitReporter"),
            "gitlab": _lazy(".gitlab", "GitlabReporter"),
            "json-lines": _lazy(".jsonlines", "JsonLinesReporter")}
