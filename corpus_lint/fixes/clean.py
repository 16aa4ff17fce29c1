"""``audit --write-clean DIR``: the corpus with its fixes applied and the documents not
worth keeping left out, with a manifest, so corpus-lint can be a pipeline's filter step.

The audit runs first, as usual (any executor, Dask included; cross-document rules too),
and spills its findings to disk in report order. This pass then reads the corpus again in
the same order, file by file and record by record, alongside that stream of findings: each
document is fixed with the fixable rules (``passes``) and then kept, fixed or dropped.
Nothing is held but the current document and its findings, so memory does not grow with the
corpus. Which documents are dropped is configurable (``[tool.corpus-lint.clean]``, or
``--drop`` / ``--drop-level``): a finding of a listed rule, family or prefix, or a finding
at or above a level, that the fixes did not remove.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path, PurePath
from typing import Iterable

from corpus_lint.config import ConfigError
from corpus_lint.discovery import display_path
from corpus_lint.findings.model import LEVEL_RANK, LEVELS, Finding, Problem
from corpus_lint.readers.base import describe_os_error
from corpus_lint.readers.frontmatter import find_sidecar
from corpus_lint.readers.jsonl import JsonlReader
from corpus_lint.readers.text import TextReader

from .model import Applied
from .options import MANIFEST, SECTION
from .passes import Policy, fix_document
from .records import gzip_writer
from .textfiles import Unfixable

class DropPolicy:
    """Which findings left after fixing make a document not worth keeping."""

    def __init__(self, engine, drop: list[str] | None, level: str | None):
        section = engine.settings.section(SECTION)
        selectors = section["drop"] if drop is None else drop
        self.codes: set[str] = set()
        for selector in selectors:
            self.codes |= engine.index.resolve(str(selector), f"[{SECTION}] drop")
        self.level = section["drop-level"] if level is None else level
        if self.level not in ("none", *LEVELS):
            raise ConfigError(f"[{SECTION}] drop-level: {self.level!r} is not one of none, "
                              f"{', '.join(LEVELS)}")

    def reasons(self, findings: Iterable[Finding]) -> list[str]:
        rank = LEVEL_RANK.get(self.level, len(LEVELS))
        return sorted({f.code for f in findings
                       if f.code in self.codes or LEVEL_RANK[f.level] >= rank})


class _ByDocument:
    """The audit's findings (in report order), handed out one document at a time."""

    def __init__(self, findings: Iterable[Finding]):
        self._findings = iter(findings)
        self._head = next(self._findings, None)

    def take(self, path: str, record: int | None) -> list[Finding]:
        taken = []
        while self._head is not None and self._before(self._head, path, record):
            self._head = next(self._findings, None)
        while self._head is not None and self._head.path == path and (
                record is None or self._head.record == record):
            taken.append(self._head)
            self._head = next(self._findings, None)
        return taken

    @staticmethod
    def _before(finding: Finding, path: str, record: int | None) -> bool:
        if finding.path != path:
            return finding.path < path
        return record is not None and (finding.record or 0) < record


def output_path(root: Path, display: str) -> Path:
    """Where a file goes under DIR: its path as reports show it, without ../ or a root."""
    parts = [part for part in PurePath(display).parts if part not in ("..", ".", "/")
             and not part.endswith(":\\")]
    return root.joinpath(*parts)


@dataclasses.dataclass
class CleanStats:
    kept: int = 0
    fixed: int = 0
    dropped: int = 0

    def count(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


def prepare_folder(folder: str) -> Path:
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ConfigError(f"{folder}: --write-clean needs a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    return root


class CleanWriter:
    """Writes the clean corpus and the manifest, one document at a time."""

    def __init__(self, audit_engine, result, root: Path, drop: DropPolicy, unsafe: bool):
        from corpus_lint.engine.engine import Engine

        config, source, options = audit_engine.blueprint
        # This process fixes, one document at a time, with the fixable rules only.
        self.engine = Engine(config, source, dataclasses.replace(
            options, fix="unsafe" if unsafe else "safe", fix_diff=False, cross_document=False,
            spill=False, progress=False, cache_dir=None, excerpts=False, jobs=1,
            engine="local"))
        self.policy = Policy(self.engine, unsafe)
        self.findings = _ByDocument(result.findings)
        self.root, self.drop = root, drop
        self.stats = CleanStats()
        self.problems: list[Problem] = []
        self.manifest = open(root / MANIFEST, "w", encoding="utf-8")

    def close(self) -> None:
        self.manifest.close()

    def write(self, paths: list[str]) -> CleanStats:
        for path, display in self._files(paths):
            reader = self.engine.reader_for(path)
            target = output_path(self.root, display)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                if isinstance(reader, JsonlReader):
                    self._jsonl(reader, path, display, target)
                elif isinstance(reader, TextReader):
                    self._text(reader, path, display, target)
                else:
                    self.problems.append(Problem(display, "not written to the clean corpus: "
                                                          "--write-clean writes text and JSONL"))
            except OSError as exc:
                self.problems.append(Problem(display, f"not written to the clean corpus: "
                                                      f"{describe_os_error(exc)}"))
        return self.stats

    def _files(self, paths: list[str]) -> list[tuple[Path, str]]:
        inside = os.path.realpath(self.root) + os.sep  # DIR itself is never input
        found = [(item, display_path(item)) for item in self.engine.discover(paths)
                 if isinstance(item, Path) and not os.path.realpath(item).startswith(inside)]
        return sorted(found, key=lambda item: item[1])

    def _decide(self, display: str, record: int | None, record_id: str | None,
                audit: list[Finding], remaining: list[Finding] | None, applied: Applied,
                changed: bool) -> str:
        """kept | fixed | dropped, written to the manifest."""
        left = {f.code for f in remaining or ()}
        fixed = sorted({code for code in applied.codes if code not in left})
        still = [f for f in audit if f.code not in fixed]
        dropped_by = self.drop.reasons(still)
        action = "dropped" if dropped_by else "fixed" if changed else "kept"
        entry = {"id": record_id if record_id is not None else display, "path": display,
                 "record": record, "action": action,
                 "rules": sorted({f.code for f in audit}), "fixed": fixed if changed else []}
        if dropped_by:
            entry["dropped-by"] = dropped_by
        self.manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.stats.count(action)
        return action

    def _text(self, reader, path: Path, display: str, target: Path) -> None:
        from .runner import read_text

        audit = self.findings.take(display, None)
        try:
            state, _ = read_text(self.engine, reader, path, display)
        except (Unfixable, OSError):
            state = None  # binary, undecodable...: kept as it is unless dropped
        checked, applied = None, Applied()
        if state is not None:
            rules = self.policy.fixable_rules(self.engine.rules_for(path))
            _, checked, applied = fix_document(state, rules, self.policy, self.problems)
        sidecar = state.sidecar if state is not None and state.sidecar is not None and \
            state.sidecar.changed else None
        changed = state is not None and (state.changed or sidecar is not None)
        action = self._decide(display, None, None, audit,
                              checked.findings if checked else None, applied, changed)
        if action == "dropped":
            return
        target.write_bytes(state.data() if changed else Path(path).read_bytes())
        found = find_sidecar(Path(path))  # the document's metadata goes with it
        if found is not None:
            target.with_name(found.name).write_bytes(
                sidecar.text.encode("utf-8") if sidecar is not None else found.read_bytes())

    def _jsonl(self, reader, path: Path, display: str, target: Path) -> None:
        from corpus_lint.engine.engine import FileResult

        from .runner import fixed_records

        gz = str(path).lower().endswith(".gz")
        sink = FileResult(display)
        rules = self.policy.fixable_rules(self.engine.rules_for(path))
        with ExitStack() as stack:
            raw = stack.enter_context(open(target, "wb"))
            out = stack.enter_context(gzip_writer(raw)) if gz else raw
            try:
                for record, checked, applied in fixed_records(
                        self.engine, reader, path, display, self.policy, rules, sink, gz):
                    self._record(record, checked, applied, display, out)
                    sink.documents.clear()
            except Unfixable as exc:
                self.problems.append(Problem(display, f"clean copy incomplete: {exc}"))
        self.problems.extend(p for p in sink.problems if p.kind == "plugin")

    def _record(self, record, checked, applied, display: str, out) -> None:
        if checked is None:
            if record.item is None or not isinstance(record.item, Problem):
                out.write(record.line())  # a blank line or a record without text: carried
            else:  # an unreadable line is not part of a clean corpus
                self.manifest.write(json.dumps({
                    "id": None, "path": display, "record": record.number,
                    "action": "dropped", "rules": [], "fixed": [],
                    "dropped-by": ["unreadable"]}) + "\n")
            return
        doc = record.item
        audit = self.findings.take(display, record.number)
        action = self._decide(display, record.number, doc.record_id, audit, checked.findings,
                              applied, record.changed)
        if action != "dropped":
            out.write(record.line())


def write_clean(args, engine, result) -> bool:
    """After an audit: write the clean corpus and say what was kept, fixed and dropped;
    True when something could not be written."""
    root = Path(args.write_clean)
    writer = CleanWriter(engine, result, root, DropPolicy(engine, args.drop, args.drop_level),
                         args.unsafe_fixes)
    try:
        stats = writer.write(args.paths)
    finally:
        writer.close()
    for problem in writer.problems:
        sys.stderr.write(f"corpus-lint: {problem.path}: {problem.message}\n")
    sys.stderr.write(f"corpus-lint: clean corpus written to {root}{os.sep}: {stats.kept} kept, "
                     f"{stats.fixed} fixed, {stats.dropped} dropped (manifest: "
                     f"{root / MANIFEST})\n")
    return bool(writer.problems)

