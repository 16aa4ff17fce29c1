"""The human format: ``path:line:col: CODE message``, the line with a marker, a summary."""
from __future__ import annotations

from typing import TextIO

from corpus_lint.findings.display import EXCERPT_WIDTH

from corpus_lint.findings.display import printable

from . import Reporter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m", "bold": "\033[1m",
           "dim": "\033[2m", "reset": "\033[0m"}


class TextReporter(Reporter):
    def color(self, name: str, text: str) -> str:
        if not self.options.get("color"):
            return text
        return f"{_COLORS[name]}{text}{_COLORS['reset']}"

    def render(self, stream: TextIO) -> None:
        if self.options.get("summary_only"):  # audit: counts and shares, not every finding
            self.render_families(stream)
            self.render_statistics(stream)
            if self.options.get("problems", True):  # every file the count stands for
                self.render_problems(stream)
            stream.write(self.summary() + "\n")
            return
        if self.options.get("quiet"):  # the summary line alone
            stream.write(self.summary() + "\n")
            return
        if self.options.get("statistics"):  # the table alone, as ruff's
            self.render_statistics(stream)
            return
        self.render_findings(stream)
        self.render_problems(stream)
        self.render_stale(stream)
        stream.write(self.summary() + "\n")

    def render_findings(self, stream: TextIO) -> None:
        for finding in self.result.findings:
            region = finding.region
            where = f"{printable(finding.path)}:{region.start_line}:{region.start_column}:"
            stream.write(f"{self.color('bold', where)} {self.color(finding.level, finding.code)} "
                         f"{printable(finding.labelled_message())}\n")
            if finding.excerpt:
                text, start, stop = finding.excerpt
                marker = " " * start + "^" * max(1, min(stop - start, EXCERPT_WIDTH))
                stream.write(f"    {self.color('dim', text)}\n    {self.color(finding.level, marker)}\n")

    def render_stale(self, stream: TextIO) -> None:
        """Baseline entries whose finding is gone from a file checked in this run."""
        for code, path, _, count in self.result.stale_baseline:
            times = f" ({count} findings)" if count > 1 else ""
            stream.write(f"{self.color('bold', printable(path) + ':')} {code} stale baseline "
                         f"entry{times}: the finding is gone\n")

    def render_problems(self, stream: TextIO) -> None:
        for problem in self.result.problems:
            where = printable(problem.path) + (f":{problem.line}" if problem.line else "")
            stream.write(f"{self.color('bold', where + ':')} {self.color('error', 'error:')} "
                         f"{printable(problem.message)}\n")

    def render_families(self, stream: TextIO) -> None:
        stats = self.result.stats()
        documents = max(self.result.documents, 1)
        families = sorted({spec.family for spec in self.result.specs.values()})
        stream.write("documents flagged per family:\n")
        for family in families:
            flagged = stats.documents_by_family[family]
            stream.write(f"{flagged:>9}  {family:<13} {100 * flagged / documents:5.1f}%\n")
        stream.write("findings per rule:\n")

    def render_statistics(self, stream: TextIO) -> None:
        stats = self.result.stats()
        documents = max(self.result.documents, 1)
        for code, count in sorted(stats.findings_by_code.items(), key=lambda item: (-item[1], item[0])):
            spec = self.result.specs.get(code)
            name = spec.name if spec else ""
            family = f"[{spec.family}]" if spec else ""
            share = 100 * stats.documents_by_code[code] / documents
            stream.write(f"{count:>7}  {code:<6} {name:<34} {family:<15} {share:5.1f}% of documents\n")

    def summary(self) -> str:
        result = self.result
        docs = f"{result.documents} document{'s' if result.documents != 1 else ''}"
        files = f"{result.files} file{'s' if result.files != 1 else ''}"
        extra = f"; {result.suppressed} suppressed" if result.suppressed else ""
        if result.baselined:
            extra += f"; {result.baselined} in the baseline"
        if result.stale_baseline:
            extra += f"; {len(result.stale_baseline)} stale baseline entries"
        unread = ""
        if result.problems:
            n = len(result.problems)
            unread = f"; {n} input or plugin error{'s' if n != 1 else ''}"
        if not result.findings:
            head = "No findings" if result.problems else "All checks passed"
            return f"{head}: {docs} in {files}{extra}{unread}."
        stats = result.stats()
        levels = stats.findings_by_level
        parts = ", ".join(f"{levels[level]} {level}{'s' if levels[level] != 1 else ''}"
                          for level in ("error", "warning", "note") if levels[level])
        n = len(result.findings)
        return (f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {stats.documents_flagged} "
                f"of {docs} ({files}){extra}{unread}.")
