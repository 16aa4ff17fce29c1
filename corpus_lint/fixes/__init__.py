"""Fixes: repairing what a rule found, in place or into a clean copy of the corpus.

A rule that can repair its finding declares ``fix = "safe"`` or ``"unsafe"`` in its TOML
(as ruff's applicability) and attaches a :class:`Fix` to the finding: text edits with
exact offsets into ``Document.text``, and metadata to lift into front matter or a record
field. The engine here applies non-overlapping fixes pass after pass until nothing changes
(with a bound), and writes files atomically, never over a file changed since it was read.

- ``model``: ``Edit``, ``Fix``, choosing non-conflicting fixes and applying edits;
- ``passes``: the pass loop over one document;
- ``textfiles`` / ``records`` / ``sidecar``: what a fix means for a text file, a JSONL
  record and a sidecar metadata file;
- ``files``: atomic writes that keep the mode, refusing files changed on disk;
- ``runner``: one work unit in fix mode (the engine calls it); ``clean``: ``audit --write-clean``.
"""
from __future__ import annotations

from .model import Edit, Fix

__all__ = ["Edit", "Fix"]
