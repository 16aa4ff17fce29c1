"""Plain text and Markdown files: front matter at the top, or a sidecar metadata file."""
from __future__ import annotations

import os
from typing import Any

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.findings.model import Problem

from .base import SUPPRESSION_KEY, Reader, describe_os_error, mib
from corpus_lint.readers.decoding import decode
from corpus_lint.readers.frontmatter import FrontMatter, find_sidecar, read_sidecar, split_front_matter


def _apply_metadata(doc_args: dict[str, Any], front: FrontMatter | None) -> None:
    if front is None:
        return
    doc_args["metadata"] = front.metadata
    doc_args["metadata_origin"] = front.origin
    doc_args["metadata_lines"] = front.key_lines
    doc_args["front_matter_problem"] = front.problem


# Markdown files, where HTML markup and character references are the format's own: the
# extensions static-site generators read as Markdown (Jekyll's default "markdown_ext" and
# ".mdown"), so that a site's posts are all checked, not only its ".md" ones
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mkdown", ".mdown")


class TextReader(Reader):
    """``.txt`` and Markdown (``MARKDOWN_SUFFIXES``): front matter at the top or a sidecar
    file."""

    suffixes = (".txt", *MARKDOWN_SUFFIXES)

    def read(self, path, display, settings):
        try:
            size = os.path.getsize(path)
            limit = settings.max_record_bytes
            if size > limit:
                yield Problem(display, f"file too large to check ({mib(size)} > "
                                       f"max-record-bytes {mib(limit)}); skipped")
                return
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            yield Problem(display, describe_os_error(exc))
            return
        yield self.document(data, path, display)

    def document(self, data: bytes, path, display: str) -> Document:
        """The document of a file's bytes (``path`` finds its sidecar); fixes re-read the
        text they changed through here, so a fixed file is checked exactly as it will be read."""
        decoded = decode(data)
        text = decoded.text
        args: dict[str, Any] = {}
        front = split_front_matter(text) if not decoded.binary else None
        body_start = 0
        if front is not None:
            body_start = front.body_start
            _apply_metadata(args, front)
        sidecar = find_sidecar(path)
        if sidecar is not None and (front is None or front.metadata is None):
            _apply_metadata(args, read_sidecar(sidecar))
        if args.get("metadata") and SUPPRESSION_KEY in args["metadata"]:
            args["metadata"] = dict(args["metadata"])
            args["metadata_suppression"] = args["metadata"].pop(SUPPRESSION_KEY)
        return Document(
            path=display, text=text[body_start:], source_map=TextSourceMap(text, body_start),
            encoding=decoded.encoding + (" with BOM" if decoded.bom else ""),
            decode_errors=[(offset - body_start, what) for offset, what in decoded.errors],
            undecodable_bytes=decoded.undecodable_bytes, line_endings=decoded.line_endings,
            binary=decoded.binary, likely_encoding=decoded.likely_encoding, **args)
