"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Follows GitHub's documented subset: relative URIs under ``%SRCROOT%``, one location per
result, rule descriptors with help text and the family in ``properties.tags``, a content
fingerprint that survives line shifts, ``relatedLocations`` for a duplicate's original,
and files that could not be read in ``toolExecutionNotifications``. Suppressed and
baselined results are left out (GitHub would show them as open alerts).
"""
from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from corpus_lint.findings.display import printable

from . import Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _information_uri() -> dict[str, str]:
    """``informationUri``: a URL that exists. There is no package-index release, so the
    project URL the package declares (Homepage, Repository or Source), else where this copy
    was installed from (pip's direct_url.json: the git URL, or the clone's folder), else
    nothing (the key is optional)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("corpus-lint")
    except metadata.PackageNotFoundError:
        return {}
    named = dict(entry.split(", ", 1) for entry in dist.metadata.get_all("Project-URL") or []
                 if ", " in entry)
    for label in ("Homepage", "Repository", "Source"):
        if named.get(label, "").startswith("https://"):
            return {"informationUri": named[label]}
    try:
        url = json.loads(dist.read_text("direct_url.json") or "{}").get("url", "")
    except ValueError:
        url = ""
    return {"informationUri": url} if url.startswith(("https://", "file://")) else {}
    named = dict(entry.split(", ", 1) for entry in urls if ", " in entry)
    for label in ("Homepage", "Repository", "Source"):
        if named.get(label, "").startswith("https://"):
            return {"informationUri": named[label]}
    return {}
MAX_RESULTS = 25_000
MAX_RELATED = 1_000
MAX_DESCRIPTION = 1024


def _uri(path: str) -> str:
    """A relative URI: the path's bytes percent-encoded, those of a non-UTF-8 name included."""
    raw = path.replace("\\", "/")
    try:
        data = raw.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an undecodable byte
        data = raw.encode("utf-8", "replace")
    return quote(data, safe="/.-_~")


def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _help_markdown(spec) -> str:
    parts = [f"**{spec.code} {spec.name}** ({spec.family})", "", spec.description]
    if spec.parameters:
        parts += ["", "Parameters:", ""]
        for key, value in spec.parameters.items():
            doc = spec.parameter_docs.get(key, "")
            parts.append(f"- `{key}` = `{value!r}`" + (f": {doc}" if doc else ""))
    return "\n".join(parts)


def rule_descriptor(spec, family=None) -> dict[str, Any]:
    """SARIF's reportingDescriptor; ``properties.tags`` carries the family's tag."""
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": _clip(spec.summary)},
        "fullDescription": {"text": _clip(spec.description)},
        "help": {"text": spec.description, "markdown": _help_markdown(spec)},
        "defaultConfiguration": {"level": spec.level},
        "properties": {"tags": [family.tag if family else spec.family],
                       "precision": spec.precision},
    }


def _region(region) -> dict[str, int]:
    return {"startLine": region.start_line, "startColumn": region.start_column,
            "endLine": region.end_line, "endColumn": max(region.end_column, 1)}


def _location(path: str, region) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
        "region": _region(region)}}


class SarifReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        json.dump(self.log(), stream, indent=2, ensure_ascii=False, default=str)
        stream.write("\n")

    def log(self) -> dict[str, Any]:
        result = self.result
        codes = sorted(result.specs)
        index = {code: position for position, code in enumerate(codes)}
        results = [self.result_object(finding, index)
                   for finding in islice(result.findings, MAX_RESULTS)]
        notifications = [self.notification(problem) for problem in result.problems]
        for code, path, _, count in result.stale_baseline:
            notifications.append({"level": "note", "message": {
                "text": printable(f"Stale baseline entry: {code} in {path} ({count}) matches no "
                                 f"finding.")}})
        if len(result.findings) > MAX_RESULTS:
            notifications.append({"level": "warning", "message": {
                "text": f"{len(result.findings) - MAX_RESULTS} results left out: SARIF consumers "
                        f"accept at most {MAX_RESULTS} per run."}})
        root = Path(result.root).resolve().as_uri().rstrip("/") + "/"
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "corpus-lint",
                    "version": result.version,
                    "semanticVersion": result.version,
                    **_information_uri(),
                    "rules": [rule_descriptor(result.specs[code],
                                              result.families.get(result.specs[code].family))
                              for code in codes],
                }},
                "invocations": [{
                    "executionSuccessful": not any(p.kind == "plugin" for p in result.problems),
                    "toolExecutionNotifications": notifications,
                }],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }

    def result_object(self, finding, index: dict[str, int]) -> dict[str, Any]:
        message = printable(finding.message)
        related = []
        for number, loc in enumerate(finding.related[:MAX_RELATED], start=1):
            entry = _location(loc.path, loc.region)
            entry["id"] = number
            if loc.message:
                entry["message"] = {"text": printable(loc.message)}
            related.append(entry)
        if related:
            links = ", ".join(f"[{printable(loc.path)}:{loc.region.start_line}]({number})"
                              for number, loc in enumerate(finding.related[:MAX_RELATED], start=1))
            message = f"{message} Original: {links}."
        obj: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": finding.level,
            "message": {"text": message},
            "locations": [_location(finding.path, finding.region)],
            "partialFingerprints": {"corpusLint/v1": finding.fingerprint},
        }
        if related:
            obj["relatedLocations"] = related
        properties = dict(finding.properties)
        if finding.record is not None:
            properties["record"] = finding.record
        if properties:
            obj["properties"] = properties
        return obj

    def notification(self, problem) -> dict[str, Any]:
        entry: dict[str, Any] = {"level": "error",
                                 "message": {"text": printable(f"{problem.path}: "
                                                               f"{problem.message}")}}
        if problem.kind == "input":
            location = {"physicalLocation": {"artifactLocation": {
                "uri": _uri(problem.path), "uriBaseId": "%SRCROOT%"}}}
            if problem.line:
                location["physicalLocation"]["region"] = {"startLine": problem.line}
            entry["locations"] = [location]
        return entry
