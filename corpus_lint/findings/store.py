"""Where a run's findings live: in memory for a check, spilled to disk for an audit.

Findings arrive unit by unit in report order (see ``units``), so the store only appends;
cross-document findings, known at the end, are merged in by ``heapq.merge`` (when spilling,
from sorted runs on disk). An audit of a corpus ten times larger therefore needs no more
memory, only more disk.
"""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator

from corpus_lint.findings.model import Finding

_LATE_RUN = 10_000  # late findings sorted in memory at a time when spilling
_LATE_BATCH = 1_000  # findings a pickle of a run holds


class FindingStore:
    """An append-only, re-iterable sequence of findings in report order."""

    def __init__(self, spill: bool = False):
        self._memory: list[Finding] = []
        self._file: IO[bytes] | None = _scratch("corpus-lint-") if spill else None
        self._late: list[Finding] = []
        self._late_runs: list[IO[bytes]] = []  # spilling: sorted runs of late findings
        self._count = 0

    def append_sorted_batch(self, findings: list[Finding]) -> None:
        """Findings of one unit, which come after every batch appended before."""
        if not findings:
            return
        self._count += len(findings)
        if self._file is None:
            self._memory.extend(findings)
        else:
            import pickle

            pickle.dump(findings, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def add_late(self, findings: Iterable[Finding]) -> None:
        """Findings that belong anywhere in the order (cross-document results)."""
        for finding in findings:
            self._late.append(finding)
            self._count += 1
            if self._file is not None and len(self._late) >= _LATE_RUN:
                self._spill_late()
        self._late.sort(key=Finding.sort_key)

    def _spill_late(self) -> None:
        """Write the late findings held as one sorted run (stable: ties keep their order)."""
        self._late.sort(key=Finding.sort_key)
        import pickle

        run = _scratch("corpus-lint-late-")
        for start in range(0, len(self._late), _LATE_BATCH):
            pickle.dump(self._late[start:start + _LATE_BATCH], run,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self._late_runs.append(run)
        self._late = []

    def _batches(self) -> Iterator[Finding]:
        if self._file is None:
            yield from self._memory
            return
        yield from _pickled(self._file)

    def __iter__(self) -> Iterator[Finding]:
        if not self._late and not self._late_runs:
            return self._batches()
        # ties keep the order of the arguments: unit findings, then late ones as produced
        return heapq.merge(self._batches(), *(_pickled(run) for run in self._late_runs),
                           self._late, key=Finding.sort_key)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def close(self) -> None:
        for handle in [self._file, *self._late_runs]:
            if handle is not None:
                handle.close()


def _scratch(prefix: str) -> IO[bytes]:
    """An unnamed temporary file (``tempfile`` and ``pickle`` are imported only by a run
    that spills: a one-file check does not pay for them, start-up)."""
    import tempfile

    return tempfile.TemporaryFile(prefix=prefix)


def _pickled(handle: IO[bytes]) -> Iterator[Finding]:
    """The findings of a file of pickled lists, from its start (each pass re-reads it; a
    pass runs to its end before the next starts)."""
    import pickle

    handle.seek(0)
    while True:
        try:
            batch = pickle.load(handle)
        except EOFError:
            return
        yield from batch


@dataclass
class RunStats:
    """Counts an audit reports: findings and documents flagged, per rule and family."""

    findings_by_code: Counter = field(default_factory=Counter)
    findings_by_level: Counter = field(default_factory=Counter)
    documents_by_code: Counter = field(default_factory=Counter)
    documents_by_family: Counter = field(default_factory=Counter)
    documents_flagged: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding], family_of: dict[str, str]) -> "RunStats":
        """One pass; a document's findings are contiguous in report order (same path, and a
        JSONL record's findings all start on the record's line)."""
        stats = cls()
        current = None
        codes: set[str] = set()

        def close() -> None:
            if current is None:
                return
            stats.documents_flagged += 1
            for code in codes:
                stats.documents_by_code[code] += 1
            for family in {family_of.get(code, "") for code in codes}:
                stats.documents_by_family[family] += 1

        for finding in findings:
            stats.findings_by_code[finding.code] += 1
            stats.findings_by_level[finding.level] += 1
            key = (finding.path, finding.record)
            if key != current:
                close()
                current, codes = key, set()
            codes.add(finding.code)
        close()
        return stats
