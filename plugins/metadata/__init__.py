"""Metadata family: missing, malformed or misplaced document metadata.

Proper metadata is front matter, a sidecar file or JSONL record fields. A plain-text file
without any of them has no metadata, whatever its first lines say; header lines written
into the body (``From:``/``Subject:``, `` date 2017-06-21 ...``) are reported as fused
metadata, because downstream tools read them as article text.

Policy (``[tool.corpus-lint.metadata]``): ``required`` fields (default title and date),
``per-file-required`` to change them by glob, and ``field-aliases`` naming the keys that
count as each field (``headline`` for title, ``published`` for date, ...).

Modules: ``policy`` (the policy, field aliases and look-ups every rule shares), ``dates``
(reading dates from values and dated paths), ``presence`` (M101 no metadata, M108 broken
front matter), ``fields`` (M102 required fields, M103/M104 dates, M106 language, M107 URL,
M109 placeholders, M110 text fields that hold lists), ``fused`` (M105 metadata fused into
the body text).
"""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .fields import (FutureDate, InvalidDate, InvalidLanguage, InvalidUrl, MissingField,
                     NonTextValue, PlaceholderValue)
from .fused import FusedMetadata
from .presence import FrontMatterError, NoMetadata


@hookimpl
def corpus_lint_rules():
    return [NoMetadata, MissingField, InvalidDate, FutureDate, FusedMetadata, InvalidLanguage,
            InvalidUrl, FrontMatterError, PlaceholderValue, NonTextValue]


@hookimpl
def corpus_lint_default_config():
    return {"metadata": {"required": ["title", "date"], "per-file-required": {},
                         "field-aliases": {}}}
