"""Fixing a text or Markdown file: edits on the body, metadata into front matter.

Rules see ``Document.text``, where every line ending is LF (see ``readers.decoding``);
the file may have CRLF or CR. ``TextFile`` keeps the file's own text and maps each offset
through the CRLFs before it, so bytes a fix does not touch are written back as they were.
"""
from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import Any

from corpus_lint.documents.document import Document
from corpus_lint.readers.decoding import decode
from corpus_lint.readers.frontmatter import find_sidecar

from .model import Edit, Fix, apply_edits
from .sidecar import Sidecar


class Unfixable(Exception):
    """The file cannot be rewritten without losing something; it is checked, not fixed."""


class TextFile:
    """The current state of a text file being fixed (a ``passes.Target``)."""

    def __init__(self, reader, path, display: str, data: bytes):
        decoded = decode(data)
        if decoded.binary:
            raise Unfixable("binary file")
        if decoded.undecodable_bytes:
            raise Unfixable(f"bytes that are not {decoded.encoding}; a rewrite would lose them")
        self.reader, self.path, self.display = reader, path, display
        self.encoding = decoded.encoding
        self.bom = "\ufeff".encode(self.encoding) if decoded.bom else b""
        self.raw = data[len(self.bom):].decode(self.encoding)
        if self.data() != data:
            raise Unfixable(f"its {self.encoding} text does not encode back to the same bytes")
        self.original = self.raw
        self.sidecar: Sidecar | None = None  # set when a fix lifts metadata into it

    def data(self) -> bytes:
        return self.bom + self.raw.encode(self.encoding, "surrogatepass")

    @property
    def changed(self) -> bool:
        return self.raw != self.original

    def document(self) -> Document:
        doc = self.reader.document(self.data(), self.path, self.display)
        if self.sidecar is not None and self.sidecar.changed:
            doc.metadata = self.sidecar.metadata()  # as the sidecar will be written
        return doc

    def refusal(self, doc: Document, fix: Fix) -> str | None:
        if not fix.metadata:
            return None
        if doc.front_matter_problem:
            return "the front matter is broken"
        if doc.metadata_origin == "front-matter" and doc.source_map.full_text.startswith("{"):
            return "the front matter is JSON"  # (keys are added as lines of YAML or TOML)
        if str(doc.metadata_origin).startswith("sidecar"):
            sidecar = self._sidecar()
            if sidecar is None or sidecar.with_keys(list(fix.metadata)) is None:
                return "the sidecar cannot take the keys"
            return None
        known = {str(key).lower() for key in doc.metadata or {}}
        if any(key.lower() in known for key, _ in fix.metadata):
            return "the metadata key exists"
        return None

    def apply(self, doc: Document, fixes: list[Fix]) -> None:
        """Apply the chosen fixes: body edits, then metadata, then line endings."""
        base = doc.source_map.base
        crlf = _crlf_positions(self.raw)
        newline = "\r\n" if len(crlf) > self.raw.count("\n") - len(crlf) else "\n"

        def raw_offset(offset: int) -> int:
            return offset + bisect.bisect_left(crlf, offset)

        edits = [Edit(raw_offset(base + e.start), raw_offset(base + e.end),
                      e.replacement.replace("\n", newline))
                 for fix in fixes for e in fix.edits]
        metadata = [pair for fix in fixes for pair in fix.metadata]
        if metadata and str(doc.metadata_origin).startswith("sidecar"):
            sidecar = self._sidecar()
            updated = sidecar.with_keys(metadata) if sidecar is not None else None
            if updated is None:
                raise Unfixable("the sidecar changed its mind")  # refusal() said it could
            sidecar.text = updated
        elif metadata:
            edits.append(self._front_matter_edit(doc, metadata, newline, raw_offset))
        self.raw = apply_edits(self.raw, edits)
        if any(fix.newlines for fix in fixes):
            self.raw = self.raw.replace("\r\n", "\n").replace("\r", "\n")

    def _sidecar(self) -> "Sidecar | None":
        """The document's sidecar, read once (None when it cannot be read as UTF-8)."""
        if self.sidecar is None:
            found = find_sidecar(Path(self.path))
            try:
                self.sidecar = Sidecar(found) if found is not None else None
            except (OSError, UnicodeDecodeError):
                return None
        return self.sidecar

    def _front_matter_edit(self, doc: Document, metadata: list[tuple[str, Any]], newline: str,
                           raw_offset) -> Edit:
        """Lines added before the closing delimiter of the front matter, or a new YAML block
        at the top of the file."""
        full = doc.source_map.full_text
        base = doc.source_map.base
        if doc.metadata_origin != "front-matter" or base == 0:
            lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}{newline}"
                            for key, value in metadata)
            return Edit(0, 0, f"---{newline}{lines}---{newline}")
        separator = " = " if full.startswith("+++") else ": "
        lines = "".join(f"{key}{separator}{json.dumps(value, ensure_ascii=False)}{newline}"
                        for key, value in metadata)
        end = base - 1 if full[base - 1:base] == "\n" else base
        closing = full.rfind("\n", 0, end) + 1
        return Edit(raw_offset(closing), raw_offset(closing), lines)


def _crlf_positions(raw: str) -> list[int]:
    """Offsets, in the LF-only text, of each line feed that is a CRLF in the file."""
    positions = []
    found = raw.find("\r\n")
    while found != -1:
        positions.append(found - len(positions))
        found = raw.find("\r\n", found + 2)
    return positions
