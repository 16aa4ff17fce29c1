"""The plugin boundary: what a plugin hands the engine is checked here, once.

A plugin may return garbage from a hook or yield a broken finding; either is dropped and
reported against the plugin by name, so the run, its exit code and its SARIF stay valid
whatever a plugin does (SARIF regions must be positive and ordered, JSON has no NaN).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.model import Finding, Location, Problem
from corpus_lint.pluginhost import PluginHost


def plugin_problem(plugin: str, message: str) -> Problem:
    return Problem(f"plugin {plugin}", message, kind="plugin")


def items(host: PluginHost, hook: str, valid: Callable[[Any], bool], what: str
          ) -> Iterator[tuple[str, Any]]:
    """(plugin, item) for every item of every plugin's list answer to ``hook`` that
    ``valid`` accepts; anything else is reported against its plugin and skipped."""
    for plugin, answer in host.collect(hook):
        if not isinstance(answer, (list, tuple)):
            host.problems.append(plugin_problem(plugin, f"{hook} returned "
                                                f"{type(answer).__name__}, not a list; ignored"))
            continue
        for item in answer:
            if valid(item):
                yield plugin, item
            else:
                host.problems.append(plugin_problem(plugin, f"{hook} returned {_shown(item)}, "
                                                    f"not {what}; ignored"))


def mapping(host: PluginHost, hook: str, valid: Callable[[str, Any], bool], what: str
            ) -> Iterator[tuple[str, str, Any]]:
    """(plugin, key, value) of every plugin's dict answer whose entries ``valid`` accepts."""
    for plugin, answer in host.collect(hook):
        if not isinstance(answer, dict):
            host.problems.append(plugin_problem(plugin, f"{hook} returned "
                                                f"{type(answer).__name__}, not a dict; ignored"))
            continue
        for key, value in answer.items():
            if isinstance(key, str) and valid(key, value):
                yield plugin, key, value
            else:
                host.problems.append(plugin_problem(plugin, f"{hook} returned an entry "
                                                    f"{_shown(key)} that is not {what}; ignored"))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _region_problem(region: Any) -> str | None:
    if not isinstance(region, Region):
        return "no region"
    numbers = (region.start_line, region.start_column, region.end_line, region.end_column)
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in numbers):
        return f"region {numbers} has a line or column below 1"
    if (region.end_line, region.end_column) < (region.start_line, region.start_column):
        return f"region {numbers} ends before it starts"
    return None


def _json_problem(properties: Any) -> str | None:
    if not isinstance(properties, dict) or not all(isinstance(k, str) for k in properties):
        return "properties are not a dict with string keys"
    try:
        json.dumps(properties, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        return f"properties are not JSON ({exc})"
    return None


def finding_problem(finding: Any, code: str, doc: Document | None) -> str | None:
    """Why ``finding`` cannot be reported for rule ``code`` (None when it can)."""
    if not isinstance(finding, Finding):
        return f"a {type(finding).__name__}, not a Finding"
    if finding.code != code:
        return f"code {finding.code!r} is not the rule's own"
    for value, name in ((finding.message, "message"), (finding.fingerprint, "fingerprint"),
                        (finding.path, "path")):
        if not isinstance(value, str) or (name != "fingerprint" and not value):
            return f"{name} is {_shown(value)}, not a string"
    if doc is not None and (finding.path, finding.record) != (doc.path, doc.record):
        return "it names another document"
    problem = _region_problem(finding.region) or _json_problem(finding.properties)
    if problem:
        return problem
    if doc is not None and not doc.source_map.contains(finding.region):
        return f"region {_shown(finding.region)} lies outside the document's file"
    if not isinstance(finding.related, list):
        return "related locations are not a list"
    for location in finding.related:
        if not isinstance(location, Location) or not isinstance(location.path, str) \
                or not isinstance(location.message, str):
            return "a related location is not a Location"
        problem = _region_problem(location.region)
        if problem:
            return f"related {problem}"
    return None
