"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Follows GitHub's documented subset: URIs relative to ``%SRCROOT%`` (the repository's top
level, see ``source_root``), one location per result, rule descriptors with help text and
the family in ``properties.tags``, a content fingerprint that survives line shifts (and is
the record's own in a JSONL file), ``relatedLocations`` for a duplicate's original, and
files that could not be read, stale baseline entries and results left out by the cap in
``toolExecutionNotifications``. Suppressed and baselined results are left out (GitHub would
show them as open alerts).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO
from urllib.parse import quote

from corpus_lint.discovery.repository import repository_root
from corpus_lint.findings.display import printable
from corpus_lint.findings.model import LEVELS

from . import Reporter, indented_json

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _information_uri() -> dict[str, str]:
    """``informationUri``: a URL that exists. There is no package-index release, so the
    project URL the package declares (Homepage, Repository or Source), else where this copy
    was installed from (pip's direct_url.json: the git URL, or the clone's folder), else
    nothing (the key is optional). Kept in the user's cache (``importlib.metadata`` costs
    20-40 ms of a run)."""
    from corpus_lint.plugincache import remembered

    found = remembered("sarif-information-uri", _installed_information_uri)
    return found if isinstance(found, dict) else _installed_information_uri()


def _installed_information_uri() -> dict[str, str]:
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


MAX_RESULTS = 25_000
MAX_RELATED = 1_000
MAX_DESCRIPTION = 1024


def _uri(path: str) -> str:
    """A URI reference: the path's bytes percent-encoded, those of a non-UTF-8 name included."""
    raw = path.replace("\\", "/")
    try:
        data = raw.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an undecodable byte
        data = raw.encode("utf-8", "replace")
    return quote(data, safe="/.-_~")


def source_root(explicit: str | None) -> Path:
    """What ``%SRCROOT%`` stands for: ``--source-root``, else the git top level (GitHub maps
    URIs onto the checkout from there), else the working directory."""
    if explicit:  # real, as the working directory the paths are relative to is
        return Path(os.path.realpath(explicit))
    return repository_root() or Path(os.getcwd())


def escape_link_text(text: str) -> str:
    """SARIF 3.11.6: literal ``[`` and ``]`` in a message with embedded links are escaped
    with a backslash (and so is a backslash, so that one cannot escape the next bracket)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


class _Artifacts:
    """Artifact locations relative to the source root; a file outside it gets an absolute
    URI (GitHub cannot place it), and is remembered for a note."""

    def __init__(self, root: Path):
        self.root = root
        # what os.path.relpath(absolute, root) decides, told by a prefix test: relpath
        # costs a dozen string operations per file (issue 17)
        self._absolute_root = os.path.abspath(root)
        self._inside = os.path.join(self._absolute_root, "")
        self.outside: set[str] = set()
        self._known: dict[str, dict[str, Any]] = {}  # a file's findings share it

    def location(self, path: str) -> dict[str, Any]:
        known = self._known.get(path)
        if known is None:
            known = self._known[path] = self._location(path)
        return dict(known)

    def _location(self, path: str) -> dict[str, Any]:
        absolute = os.path.abspath(path)
        if absolute.startswith(self._inside) and len(absolute) > len(self._inside):
            relative = absolute[len(self._inside):]
        elif absolute == self._absolute_root:
            relative = os.curdir
        else:  # where relpath begins with ".."
            self.outside.add(path)
            return {"uri": "file://" + _uri(absolute)}
        return {"uri": _uri(relative), "uriBaseId": "%SRCROOT%"}

    def note(self) -> str | None:
        if not self.outside:
            return None
        first = sorted(self.outside)[0]
        more = f" and {len(self.outside) - 1} more" if len(self.outside) > 1 else ""
        verb = "lie" if more else "lies"
        return (f"{printable(first)}{more} {verb} outside the source root "
                f"{printable(str(self.root))}: their results carry absolute URIs, which code "
                f"scanning cannot map onto the repository; run from inside it or set "
                f"--source-root.")


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


class SarifReporter(Reporter):
    """``notes``: what to say on stderr beside the log (results left out)."""

    def __init__(self, result, options=None):
        super().__init__(result, options)
        self.artifacts = _Artifacts(source_root(self.options.get("source_root")))
        self.notes: list[str] = []

    def render(self, stream: TextIO) -> None:
        """The log as ``json.dump(indent=2)`` writes it, each result encoded as it comes, so
        an audit's report does not hold its results in memory."""
        results: list = []
        text = indented_json(self.log(results))
        head, tail = text.rsplit('"results": []', 1)  # the run's last key
        stream.write(head + '"results": [')
        separator = "\n" + _RESULT_INDENT
        for result in results[0]:
            stream.write(separator + indented_json(result, _RESULT_INDENT))
            separator = ",\n" + _RESULT_INDENT
        if separator.startswith(","):
            stream.write("\n" + _RESULT_INDENT[:-2])
        stream.write("]" + tail + "\n")

    def log(self, stream_results: list | None = None) -> dict[str, Any]:
        """The SARIF log; given ``stream_results``, its results are left empty and their
        iterator is appended to that list instead."""
        result = self.result
        codes = sorted(result.specs)
        index = {code: position for position, code in enumerate(codes)}
        kept, left_out = capped(result.findings, result.stats().findings_by_level)
        results = (self.result_object(finding, index) for finding in kept)
        if stream_results is None:
            results = list(results)
        else:  # the note on files outside the root needs their paths first: one light pass
            for finding in capped(result.findings, result.stats().findings_by_level)[0]:
                for loc in [finding, *finding.related[:MAX_RELATED]]:
                    self.artifacts.location(loc.path)
            stream_results.append(results)
            results = []
        notifications = [self.notification(problem) for problem in result.problems]
        notifications += [self.stale_notification(entry) for entry in result.stale_baseline]
        if left_out:
            text = (f"{sum(left_out.values())} results left out ({_counted(left_out)}): SARIF "
                    f"consumers accept at most {MAX_RESULTS} per run, so the most severe were "
                    f"kept; --format json reports them all.")
            notifications.append({"level": "warning", "message": {"text": text}})
            self.notes.append(f"warning: {text}")
        outside = self.artifacts.note()
        if outside:
            notifications.append({"level": "warning", "message": {"text": outside}})
            self.notes.append(f"note: {outside}")
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
                "originalUriBaseIds": {"%SRCROOT%": {
                    "uri": self.artifacts.root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }

    def location(self, path: str, region) -> dict[str, Any]:
        return {"physicalLocation": {"artifactLocation": self.artifacts.location(path),
                                     "region": _region(region)}}

    def result_object(self, finding, index: dict[str, int]) -> dict[str, Any]:
        message = printable(finding.labelled_message())
        related = []
        for number, loc in enumerate(finding.related[:MAX_RELATED], start=1):
            entry = self.location(loc.path, loc.region)
            entry["id"] = number
            if loc.message:
                entry["message"] = {"text": printable(loc.message)}
            related.append(entry)
        if related:
            links = ", ".join(
                f"[{escape_link_text(printable(loc.path))}:{loc.region.start_line}]({number})"
                for number, loc in enumerate(finding.related[:MAX_RELATED], start=1))
            message = f"{escape_link_text(message)} Original: {links}."
        obj: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": finding.level,
            "message": {"text": message},
            "locations": [self.location(finding.path, finding.region)],
            "partialFingerprints": {"corpusLint/v1": finding.fingerprint},
        }
        if related:
            obj["relatedLocations"] = related
        properties = dict(finding.properties)
        if finding.record is not None:
            properties["record"] = finding.record
        if finding.record_id is not None:
            properties["recordId"] = printable(finding.record_id)
        if properties:
            obj["properties"] = properties
        return obj

    def notification(self, problem) -> dict[str, Any]:
        entry: dict[str, Any] = {"level": "error",
                                 "message": {"text": printable(f"{problem.path}: "
                                                               f"{problem.message}")}}
        if problem.kind == "input":
            location = {"physicalLocation": {
                "artifactLocation": self.artifacts.location(problem.path)}}
            if problem.line:
                location["physicalLocation"]["region"] = {"startLine": problem.line}
            entry["locations"] = [location]
        return entry

    def stale_notification(self, entry) -> dict[str, Any]:
        code, path, _, count = entry
        times = f" ({count} findings)" if count > 1 else ""
        return {"level": "note",
                "message": {"text": printable(f"Stale baseline entry: {code} in {path}{times} "
                                              f"matches no finding; the file was checked.")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": self.artifacts.location(path)}}]}


_RESULT_INDENT = " " * 8  # a result's depth in the log: top, runs, run, results


def capped(findings, by_level) -> tuple[Iterable, dict[str, int]]:
    """At most MAX_RESULTS findings, the most severe first, then in input order (their
    order in the log stays the input order); and how many of each level are left out."""
    if len(findings) <= MAX_RESULTS:
        return findings, {}
    quota, budget = {}, MAX_RESULTS
    for level in reversed(LEVELS):  # error, warning, note
        quota[level] = min(by_level.get(level, 0), budget)
        budget -= quota[level]
    left_out = {level: by_level.get(level, 0) - quota[level] for level in reversed(LEVELS)
                if by_level.get(level, 0) > quota[level]}

    def kept() -> Iterator:
        for finding in findings:
            if quota.get(finding.level, 0) > 0:
                quota[finding.level] -= 1
                yield finding

    return kept(), left_out


def _counted(by_level: dict[str, int]) -> str:
    return ", ".join(f"{count} {level}{'s' if count != 1 else ''}"
                     for level, count in by_level.items())
