"""One work unit in fix mode: the engine calls ``fix_unit`` instead of checking the unit
when the run fixes (``corpus-lint fix``, ``check --fix``), so fixing runs on every
executor (local processes, Dask) like a check.

The result is the check of each document as fixed (its remaining findings, placed in the
fixed file), plus what was fixed, and with ``--print-diff`` the diff instead of a write.
"""
from __future__ import annotations

import difflib
import gzip
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterator

from corpus_lint.findings.model import Problem
from corpus_lint.readers.base import describe_os_error
from corpus_lint.readers.jsonl import DecompressionBomb, JsonlReader
from corpus_lint.readers.text import TextReader

from .files import Changed, Stamp, replace_file
from .model import Applied
from .passes import Policy, fix_document
from .records import Record, gzip_writer, has_no_text, line_problem, records
from .textfiles import TextFile, Unfixable

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.discovery.units import WorkUnit
    from corpus_lint.engine.engine import DocumentResult, Engine, FileResult

# Set by tests to act between the fixed file's content and its rename (a writer racing us).
BEFORE_RENAME = None


class _Unchanged(Exception):
    """Nothing to write: the temporary file is dropped and the original left untouched."""


def fix_unit(engine: "Engine", unit: "WorkUnit") -> "FileResult":
    from corpus_lint.engine.engine import FileResult

    reader = engine.reader_for(unit.path)
    if not isinstance(reader, (TextReader, JsonlReader)) or not unit.whole_file:
        result = engine._check_unit(unit)
        result.notes.append(f"{unit.display}: not fixed: fixes are written to text, Markdown "
                            f"and JSONL files only")
        return result
    result = FileResult(unit.display)
    policy = Policy(engine, engine.options.fix == "unsafe")
    try:
        if isinstance(reader, TextReader):
            _fix_text_file(engine, reader, unit, policy, result)
        else:
            _fix_jsonl_file(engine, reader, unit, policy, result)
    except Unfixable as exc:
        checked = engine._check_unit(unit)
        checked.notes.append(f"{unit.display}: not fixed: {exc}")
        return checked
    except Changed:  # nothing was written: neither the fixes nor their check stand
        result.fixed.clear()
        result.documents.clear()
        result.problems.append(Problem(unit.display, "changed on disk while it was being "
                                                     "fixed; left as it was"))
    except OSError as exc:
        result.problems.append(Problem(unit.display, f"not fixed: {describe_os_error(exc)}"))
    return result


def read_text(engine: "Engine", reader: TextReader, path, display: str):
    """(TextFile, its stamp) of a text file, ``Unfixable`` when it is too large to hold."""
    stamp = Stamp.of(path)
    if stamp.size > engine.settings.max_record_bytes:
        raise Unfixable("larger than max-record-bytes")
    with open(path, "rb") as handle:
        data = handle.read()
    return TextFile(reader, path, display, data), stamp


def _fix_text_file(engine, reader, unit, policy, result) -> None:
    target, stamp = read_text(engine, reader, unit.path, unit.display)
    _, checked, applied = fix_document(target, engine.rules_for(unit.path), policy,
                                       result.problems)
    result.documents.append(checked)
    _note_applied(result, None, applied, unit.display)
    sidecar = target.sidecar if target.sidecar is not None and target.sidecar.changed else None
    if not target.changed and sidecar is None:
        return
    if engine.options.fix_diff:
        result.diff = text_diff(target.original, target.raw, unit.display)
        if sidecar is not None:
            result.diff += text_diff(sidecar.original, sidecar.text,
                                     str(Path(unit.display).with_name(sidecar.path.name)))
        return
    if sidecar is not None:  # first: a crash in between leaves the keys in both, none lost
        replace_file(sidecar.path, sidecar.stamp,
                     lambda stream: stream.write(sidecar.text.encode("utf-8")))
    if not target.changed:
        return
    replace_file(unit.path, stamp, lambda stream: stream.write(target.data()),
                 BEFORE_RENAME and (lambda: BEFORE_RENAME(unit.path)))


def text_diff(old: str, new: str, display: str) -> str:
    """A unified diff, with git's marker for a last line without a line break."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{display}", f"b/{display}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def fixed_records(engine: "Engine", reader: JsonlReader, path, display: str, policy: Policy,
                  rules, result: "FileResult", gz: bool
                  ) -> Iterator[tuple[Record, "DocumentResult | None", Applied]]:
    """Every line of a JSONL file in order, each record fixed (``Record.changed`` says
    whether), with the check of the fixed record (also added to ``result.documents``) and
    what was applied; problems go to ``result.problems``."""
    with ExitStack() as stack:
        raw = stack.enter_context(open(path, "rb"))
        handle = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb")) if gz else raw
        missing = reader.missing_text(display, reader.fields(engine.settings)[0])
        try:
            for record in records(reader, handle, raw, gz, display, engine.settings):
                _, checked, applied = fix_document(record, rules, policy, result.problems)
                if checked is not None:
                    result.documents.append(checked)
                    _note_applied(result, record.number, applied, display)
                elif line_problem(record):
                    result.problems.append(line_problem(record))
                elif has_no_text(record):
                    missing.add(record.number)
                yield record, checked, applied
        except (EOFError, DecompressionBomb) as exc:
            raise Unfixable(f"the compressed stream cannot be read whole ({exc})") from None
        result.problems.extend(missing.problems())


def _fix_jsonl_file(engine, reader, unit, policy, result) -> None:
    gz = str(unit.path).lower().endswith(".gz")
    stamp = Stamp.of(unit.path)
    rules = engine.rules_for(unit.path)
    lines = fixed_records(engine, reader, unit.path, unit.display, policy, rules, result, gz)
    if engine.options.fix_diff:
        result.diff = _record_diff(lines, unit.display)
        return

    def write(stream: BinaryIO) -> None:
        changed = False
        with ExitStack() as stack:
            out = stack.enter_context(gzip_writer(stream)) if gz else stream
            for record, _, _ in lines:
                out.write(record.line())
                changed |= record.changed
        if not changed:
            raise _Unchanged()

    try:
        replace_file(unit.path, stamp, write,
                     BEFORE_RENAME and (lambda: BEFORE_RENAME(unit.path)))
    except _Unchanged:
        pass


def _record_diff(lines, display: str) -> str:
    """A unified diff of the changed records, one hunk per record."""
    hunks = []
    for record, _, _ in lines:
        if record.changed:
            old = record.original.decode("utf-8", "replace").rstrip("\r\n")
            new = record.raw.decode("utf-8", "replace")
            hunks.append(f"@@ -{record.number} +{record.number} @@\n-{old}\n+{new}\n")
    if not hunks:
        return ""
    return f"--- a/{display}\n+++ b/{display}\n" + "".join(hunks)


def _note_applied(result, record, applied, display: str) -> None:
    if applied.codes or applied.unsafe_skipped:
        result.fixed.append((record, tuple(applied.codes), applied.unsafe_skipped))
    if applied.unsettled:
        where = f" (record at line {record})" if record else ""
        result.notes.append(f"{display}{where}: fixes still conflicted after "
                            f"{applied.passes} passes; the rest is left for the next run")
