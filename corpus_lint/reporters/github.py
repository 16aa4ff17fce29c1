"""GitHub Actions workflow commands: findings as annotations on the pull request diff.

GitHub shows at most 10 annotations of each level per step (and 50 per job), dropping the
rest silently; we emit up to that cap, print the rest as plain log lines (every finding is
in the log), and say how many were not annotated.
"""
from __future__ import annotations

from collections import Counter
from typing import TextIO

from corpus_lint.findings.display import printable

from . import Reporter

PER_LEVEL_CAP = 10
_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        used: Counter[str] = Counter()
        skipped = 0
        for problem in self.result.problems:
            if used["error"] >= PER_LEVEL_CAP:
                skipped += 1
                stream.write(f"{printable(problem.path)}: error: {printable(problem.message)}\n")
                continue
            used["error"] += 1
            line = f",line={problem.line}" if problem.line else ""
            stream.write(f"::error file={_prop(problem.path)}{line},title=corpus-lint::"
                         f"{_data(problem.message)}\n")
        for finding in self.result.findings:
            command = _COMMAND[finding.level]
            if used[command] >= PER_LEVEL_CAP:  # not annotated, but in the log all the same
                skipped += 1
                r = finding.region
                stream.write(f"{printable(finding.path)}:{r.start_line}:{r.start_column}: "
                             f"{finding.code} {printable(finding.message)}\n")
                continue
            used[command] += 1
            spec = self.result.specs.get(finding.code)
            title = f"{finding.code} {spec.name}" if spec else finding.code
            r = finding.region
            stream.write(f"::{command} file={_prop(finding.path)},line={r.start_line},"
                         f"col={r.start_column},endLine={r.end_line},endColumn={r.end_column},"
                         f"title={_prop(title)}::{_data(finding.message)}\n")
        total = len(self.result.findings) + len(self.result.problems)
        if skipped:
            stream.write(f"corpus-lint: {skipped} of {total} findings and errors not annotated "
                         f"(GitHub shows at most {PER_LEVEL_CAP} per level and step); they "
                         "are listed above; --format sarif uploads all of them.\n")
        else:
            stream.write(f"corpus-lint: {total} findings and errors.\n")
