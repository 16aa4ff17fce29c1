"""What the reader saw in the bytes: undecodable sequences (I101), a byte-order mark other
than none (I102), a binary file (I103), line endings other than LF (I109)."""
from __future__ import annotations

from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.fixes.model import Fix
from corpus_lint.rulebook import RuleSpec

from .base import IntegrityRule


class UndecodableBytes(IntegrityRule):
    spec = RuleSpec.from_catalogue("I101")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.decode_errors:
            return
        offset, what = doc.decode_errors[0]
        offset = max(offset, 0)
        count = doc.undecodable_bytes
        guess = f"; it looks like {doc.likely_encoding}" if doc.likely_encoding else ""
        yield self.finding(doc, offset, offset + 1,
                           f"Undecodable {doc.encoding.split()[0].upper()} here: {what}; "
                           f"{count} undecodable byte{'s' if count != 1 else ''} in the file"
                           f"{guess}. They were read as U+FFFD.",
                           fingerprint_text=what, properties={"undecodable_bytes": count})


class NotUtf8(IntegrityRule):
    spec = RuleSpec.from_catalogue("I102")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.encoding == "utf-8" or doc.record is not None:
            return
        name = doc.encoding.split()[0].upper()
        what = "UTF-8 with a byte-order mark" if name == "UTF-8" else f"{name}, not UTF-8"
        how = "its byte-order mark" if doc.encoding.endswith("BOM") or name == "UTF-8" else \
            "the NUL byte beside each of its characters (it has no byte-order mark)"
        yield self.finding_at_line(doc, 1, f"File is {what}; it was decoded from {how}.",
                                   fingerprint_text=doc.encoding)


class BinaryFile(IntegrityRule):
    spec = RuleSpec.from_catalogue("I103")
    handles_binary = True

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.binary:
            yield self.finding_at_line(doc, 1, "File is binary (NUL or control bytes), not text; "
                                               "it was not checked further.",
                                       fingerprint_text="binary")


class LineEndings(IntegrityRule):
    spec = RuleSpec.from_catalogue("I109")

    def check(self, doc: Document) -> Iterable[Finding]:
        endings = {kind: n for kind, n in doc.line_endings.items() if n}
        if not endings or set(endings) == {"lf"} \
                or set(endings) == {"crlf"} and self.params["allow-crlf"]:
            return  # (CRLF throughout: a consistent Windows text file, not a defect)
        parts = ", ".join(f"{n} {kind.upper()}" for kind, n in sorted(endings.items()))
        mixed = "Mixed" if len(endings) > 1 else "Non-LF"
        yield self.finding_at_line(doc, 1, f"{mixed} line endings ({parts}).",
                                   fingerprint_text=parts,
                                   fix=Fix(newlines=True, description="use LF line endings"))
