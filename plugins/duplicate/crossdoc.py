"""D301-D302: copies across the documents of a run (corpus rules, not in pre-commit).

Each worker summarises its document in one bytes object (exact hashes, MinHash signatures
and regions of the document and of its long paragraphs; no text); the parent keeps the
summaries on disk and finds copies with LSH by partitioned sorts (``diskindex``), so its
memory does not grow with the corpus. The first copy in
(path, record) order is the original.
"""
from __future__ import annotations

import os
import shutil
import weakref
from typing import Any, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.model import (Finding, Location, content_fingerprint, record_fingerprint,
                                         record_identity, record_label)
from corpus_lint.rulebook import CorpusRule, RuleSpec

from .analysis import analysis, clamp_words, percent
from .diskindex import DiskTable
from .minhash import NUM_PERM, exact_hash, finish_signatures, raw_signatures

_HEADER = 7  # int32: has text, words, paragraphs, document region (4)


def corpus_summary(doc: Document, min_words: int
                   ) -> tuple[str, int | None, bytes, str | None]:
    """What the parent needs of one document, computed once for D301 and D302."""
    return doc.memo(("duplicate", "summary", min_words), lambda: _summarise(doc, min_words))


def _summarise(doc: Document, min_words: int) -> tuple[str, int | None, bytes, str | None]:
    import numpy as np

    info = analysis(doc)
    keys = info.keys
    present = [i for i, key in enumerate(keys) if key]
    raw = raw_signatures([keys[i] for i in present])
    rows = [row for row, i in enumerate(present) if info.eligible(i, min_words)]
    chosen = [present[row] for row in rows]
    whole = " ".join(keys[i] for i in present)
    doc_sig = finish_signatures(raw.min(axis=0, keepdims=True))[0] if present else \
        np.zeros(NUM_PERM, np.uint8)
    text = doc.text
    body = _region(doc, len(text) - len(text.lstrip()), len(text.rstrip()))
    header = np.array([1 if whole else 0, whole.count(" ") + 1 if whole else 0, len(chosen),
                       *body], dtype=np.int32)
    paragraphs = [doc.paragraphs[i] for i in chosen]
    regions = np.array([_region(doc, p.start, p.end) for p in paragraphs],
                       dtype=np.int32).reshape(-1, 4)
    hashes = np.array([exact_hash(keys[i]) for i in chosen], dtype=np.int64)
    # one bytes object a document: small to pickle from the worker and to hold in transit
    blob = b"".join([header.tobytes(), np.int64(exact_hash(whole) if whole else 0).tobytes(),
                     doc_sig.tobytes(), hashes.tobytes(), finish_signatures(raw[rows]).tobytes(),
                     regions.tobytes()])
    return doc.path, doc.record, blob, doc.record_id


def _region(doc: Document, start: int, end: int) -> tuple[int, int, int, int]:
    r = doc.region(start, end)
    return r.start_line, r.start_column, r.end_line, r.end_column


def unpack_summary(summary) -> dict[str, Any]:
    """The arrays of a ``corpus_summary`` (views on its bytes)."""
    import numpy as np

    path, record, blob, record_id = summary
    has_doc, doc_words, count, *doc_region = np.frombuffer(blob, np.int32, _HEADER, 0).tolist()
    offset = 4 * _HEADER
    doc_hash = int(np.frombuffer(blob, np.int64, 1, offset)[0])
    offset += 8
    doc_sig = np.frombuffer(blob, np.uint8, NUM_PERM, offset)
    offset += NUM_PERM
    hashes = np.frombuffer(blob, np.int64, count, offset)
    offset += 8 * count
    sigs = np.frombuffer(blob, np.uint8, count * NUM_PERM, offset).reshape(count, NUM_PERM)
    offset += count * NUM_PERM
    regions = np.frombuffer(blob, np.int32, 4 * count, offset).reshape(count, 4)
    return {"path": path, "record": record, "record_id": record_id, "doc_hash": doc_hash if has_doc else None,
            "doc_sig": doc_sig if has_doc else None, "doc_words": doc_words,
            "doc_region": tuple(doc_region), "hashes": hashes, "sigs": sigs,
            "regions": regions}


class DocumentRegister:
    """Path, record line and (record id, identity) of each document number, in a sqlite
    file: the parent reads them back only for the documents a finding names."""

    def __init__(self):
        import sqlite3
        import tempfile  # here: a one-file check does not import it (start-up)

        self.folder = tempfile.mkdtemp(prefix="corpus-lint-docs-")
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, True)  # if never closed
        self.db = sqlite3.connect(os.path.join(self.folder, "docs.sqlite"))
        self.db.execute("CREATE TABLE docs (number INTEGER PRIMARY KEY, path INTEGER, "
                        "record INTEGER, has_id INTEGER, record_id TEXT, identity TEXT)")
        self.paths: list[str] = []
        self.path_ids: dict[str, int] = {}
        self.size = 0
        self._pending: list[tuple] = []

    def add(self, summary: dict[str, Any]) -> int:
        """Register the document of an unpacked summary; returns its number."""
        path = summary["path"]
        pid = self.path_ids.setdefault(path, len(self.paths))
        if pid == len(self.paths):
            self.paths.append(path)
        number, record = self.size, summary["record"]
        identity = (None, None)
        if record is not None:  # the id names it; its text hash tells it apart
            record_id = summary["record_id"]
            identity = (record_id, record_identity(
                record_id, "" if record_id is not None else f"{summary['doc_hash']}"))
        self._pending.append((number, pid, -1 if record is None else record,
                              int(record is not None), *identity))
        if len(self._pending) >= 4096:
            self._flush()
        self.size += 1
        return number

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", self._pending)
        self._pending = []

    def get(self, number: int) -> tuple[str, int | None, tuple | None]:
        """(path, record line or None, (record id, identity) or None)."""
        if self._pending:
            self._flush()
        pid, record, has_id, record_id, identity = self.db.execute(
            "SELECT path, record, has_id, record_id, identity FROM docs WHERE number = ?",
            (number,)).fetchone()
        return (self.paths[pid], None if record < 0 else record,
                (record_id, identity) if has_id else None)

    def close(self) -> None:
        self.db.close()
        self._remove()


class _CorpusDuplicates(CorpusRule):
    """What D301 and D302 share: the summaries, the document register and the findings."""

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.register: DocumentRegister | None = None

    def collect(self, doc: Document) -> Any:
        return corpus_summary(doc, clamp_words(self.params["min-words"]))

    def _add_document(self, summary: dict[str, Any]) -> int:
        """Register the document of an unpacked summary; returns its number."""
        if self.register is None:
            self.register = DocumentRegister()
        return self.register.add(summary)

    def _bands(self) -> int:
        bands = int(self.params["bands"])
        if bands < 1 or NUM_PERM % bands:
            raise ValueError(f"bands must divide {NUM_PERM}")
        return bands

    def _findings(self, table: DiskTable, skip) -> Iterable[Finding]:
        """A finding on each row that copies a row of an earlier document, unless ``skip``
        (an array by document, -1 for none) maps its document to the original's."""
        for j, i, similarity, exact in table.matches(self._bands(),
                                                     float(self.params["threshold"])):
            content_hash, later, later_region = table.row(j)
            _, original, original_region = table.row(i)
            if skip is not None and skip[later] == original:
                continue
            yield self._copy_finding(self._location(later, later_region),
                                     self._location(original, original_region),
                                     content_hash, similarity, exact)

    def _location(self, doc: int, region) -> tuple[str, Region, int | None, tuple | None]:
        """(path, region, record line, (record id, identity) or None) of a row."""
        path, record, identity = self.register.get(doc)
        return path, Region(*region), record, identity

    def _close(self) -> None:
        """Remove the temporary files (after ``finish`` has yielded everything)."""
        for store in (self.register, getattr(self, "documents", None),
                      getattr(self, "paragraphs", None)):
            if store is not None:
                store.close()

    def _copy_finding(self, copy, original, content_hash: int, similarity: float,
                      exact: bool) -> Finding:
        """A finding on ``copy`` pointing at ``original`` (``_location``s); a record is
        named by its id when it has one."""
        path, region, record, identity = copy
        o_path, o_region, o_record, o_identity = original
        place = f"line {o_region.start_line}"
        if o_record is not None:
            place += f", column {o_region.start_column}"
        described = f"{o_path} {place}"
        if o_identity is not None and o_identity[0] is not None:
            described = f"{o_path} record {record_label(o_identity[0])} ({place})"
        fingerprint = content_fingerprint(self.code, f"{content_hash:x}")
        if identity is not None:
            fingerprint = record_fingerprint(fingerprint, identity[1])
        return Finding(code=self.code, level=self.spec.level, path=path, region=region,
                       message=self._message(described, percent(similarity), exact),
                       related=[Location(o_path, o_region, "original")],
                       fingerprint=fingerprint,
                       properties={"similarity": round(similarity, 4), "exact": exact},
                       record=record, record_id=identity[0] if identity else None)

    def _message(self, original: str, similarity: str, exact: bool) -> str:
        raise NotImplementedError


class DuplicateDocument(_CorpusDuplicates):
    spec = RuleSpec.from_catalogue("D301")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.documents: DiskTable | None = None

    def add(self, summary: Any) -> None:
        summary = unpack_summary(summary)
        doc = self._add_document(summary)
        if summary["doc_hash"] is None or \
                summary["doc_words"] < int(self.params["min-document-words"]):
            return
        if self.documents is None:
            self.documents = DiskTable()
        self.documents.add_document(summary, doc)

    def finish(self) -> Iterable[Finding]:
        try:
            if self.documents is not None:
                yield from self._findings(self.documents, None)
        finally:
            self._close()

    def _message(self, original: str, similarity: str, exact: bool) -> str:
        kind = "an exact duplicate" if exact else "a near-duplicate"
        return f"Document is {kind} of {original} (similarity {similarity})."


class CrossDocumentParagraph(_CorpusDuplicates):
    spec = RuleSpec.from_catalogue("D302")

    def __init__(self, params=None, settings=None):
        super().__init__(params, settings)
        self.documents: DiskTable | None = None
        self.paragraphs: DiskTable | None = None

    def add(self, summary: Any) -> None:
        summary = unpack_summary(summary)
        doc = self._add_document(summary)
        if self.documents is None:
            self.documents, self.paragraphs = DiskTable(), DiskTable()
        if summary["doc_hash"] is not None:
            self.documents.add_document(summary, doc)
        self.paragraphs.extend(summary["hashes"], summary["sigs"], doc, summary["regions"])

    def finish(self) -> Iterable[Finding]:
        try:
            if self.paragraphs is not None and self.paragraphs.size >= 2:
                yield from self._findings(self.paragraphs, self._duplicate_documents())
        finally:
            self._close()

    def _duplicate_documents(self):
        """Documents that copy a whole earlier one (their paragraphs are D301's): an array
        of the original's number by document, -1 for none (4 bytes a document)."""
        import numpy as np

        if not self.params["skip-duplicate-documents"]:
            return None
        skip = np.full(self.register.size, -1, dtype=np.int32)
        for j, i, _, _ in self.documents.matches(self._bands(),
                                                 float(self.params["document-threshold"])):
            skip[self.documents.row(j)[1]] = self.documents.row(i)[1]
        return skip

    def _message(self, original: str, similarity: str, exact: bool) -> str:
        how = "exactly, after normalisation" if exact else "nearly"
        return f"Paragraph repeats {original} {how} (similarity {similarity})."
