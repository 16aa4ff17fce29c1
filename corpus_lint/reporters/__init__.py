"""Built-in reporters (text, json, json-lines, sarif, github, gitlab, junit, html), registered as a plugin like any other."""
from __future__ import annotations

from json.encoder import encode_basestring as _string  # json's own, in C
from typing import Any, TextIO

from corpus_lint.hookspecs import hookimpl

class Reporter:
    """Renders a RunResult. ``options``: statistics (bool), color (bool)."""

    def __init__(self, result, options: dict[str, Any] | None = None):
        self.result = result
        self.options = options or {}

    def render(self, stream: TextIO) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=str)``, every line after
    the first prefixed with ``indent``; three times faster, since the standard library
    encodes indented JSON in Python generators (its C encoder writes only compact JSON).
    Keys must be strings; anything else is left to the standard library."""
    parts: list[str] = []
    try:
        _encode(value, indent, parts)
    except _Unusual:
        import json

        return json.dumps(value, indent=2, ensure_ascii=False, default=str).replace(
            "\n", "\n" + indent)
    return "".join(parts)


class _Unusual(Exception):
    """A value ``_encode`` leaves to the standard library (a key that is not a string)."""


def _encode(value: Any, indent: str, out: list[str]) -> None:
    """``value`` as JSON, in json's order of type tests, appended to ``out``."""
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        separator = "[\n" + inner
        for item in value:
            out.append(separator)
            _encode(item, inner, out)
            separator = ",\n" + inner
        out.append("\n" + indent + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out.append(separator + _string(key) + ": ")
            _encode(item, inner, out)
            separator = ",\n" + inner
        out.append("\n" + indent + "}")
    else:
        _encode(str(value), indent, out)  # default=str


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


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
