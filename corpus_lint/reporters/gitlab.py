"""``--format gitlab``: GitLab Code Quality (a JSON array of issues, the CodeClimate subset
GitLab reads: description, check_name, fingerprint, severity, location.path/lines.begin).

GitLab compares the fingerprints of a merge request's report with the target branch's to
show new and fixed issues, so each must be unique in a report and stable across line
shifts: rule, path and the finding's content fingerprint, numbered when they repeat.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from corpus_lint.findings.display import printable

from . import Reporter

SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


class GitlabReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        seen: Counter[str] = Counter()
        issues = [self.issue(finding, seen) for finding in self.result.findings]
        json.dump(issues, stream, indent=2, ensure_ascii=False)
        stream.write("\n")

    def issue(self, finding, seen: Counter) -> dict[str, Any]:
        spec = self.result.specs.get(finding.code)
        key = f"{finding.code}\0{finding.path}\0{finding.fingerprint}"
        seen[key] += 1
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape")
                                     ).hexdigest()
        return {
            "type": "issue",
            "check_name": f"{finding.code} {spec.name}" if spec else finding.code,
            "description": f"{finding.code} {printable(finding.message)}",
            "categories": ["Style"],
            "severity": SEVERITY[finding.level],
            "fingerprint": fingerprint,
            "location": {"path": printable(finding.path),
                         "lines": {"begin": finding.region.start_line,
                                   "end": finding.region.end_line}},
        }
