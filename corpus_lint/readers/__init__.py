"""Readers: files to documents. One module per format; ``base`` holds what they share.

Registered through the ``corpus_lint_readers`` hook like a plugin's readers; a reader for
a new format is one module here (or in a plugin) and one line below.
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .base import RECORD_DEFAULTS, RECORDS_SECTION
from .jsonl import JsonlReader
from .parquet import ParquetReader
from .text import TextReader


@hookimpl
def corpus_lint_readers():
    return [TextReader(), JsonlReader(), ParquetReader()]


@hookimpl
def corpus_lint_default_config():
    return {RECORDS_SECTION: dict(RECORD_DEFAULTS)}
