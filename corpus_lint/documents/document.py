"""The document: what readers produce and rules read.

Plain data and picklable, so documents can cross process boundaries (``--jobs``) and
distributed engines unchanged. Offsets are code-point indices into ``Document.text`` (the
body that rules check); ``source_map`` places them in the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Hashable, TypeVar

from .sourcemap import Region, SourceMap

T = TypeVar("T")


@dataclass
class Paragraph:
    """A paragraph of a document: ``text`` is ``document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One document to check: a file, or one record of a JSONL corpus.

    ``metadata`` is None when the document carries no metadata at all (no front matter, no
    sidecar, no JSONL fields); ``metadata_lines`` gives the file line of each metadata key
    where it is known, so a malformed value can be pointed at.
    """

    path: str
    text: str
    source_map: SourceMap
    metadata: dict[str, Any] | None = None
    metadata_origin: str | None = None
    metadata_lines: dict[str, int] = field(default_factory=dict)
    record: int | None = None
    record_id: str | None = None
    encoding: str = "utf-8"
    decode_errors: list[tuple[int, str]] = field(default_factory=list)
    undecodable_bytes: int = 0
    likely_encoding: str | None = None
    line_endings: dict[str, int] = field(default_factory=dict)
    binary: bool = False
    front_matter_problem: tuple[int, str] | None = None
    # value of the "corpus-lint-disable" metadata key (front matter, sidecar or JSONL field)
    metadata_suppression: Any = None
    # (start, end) of the suppression comments blanked out of ``text``
    blanked: tuple[tuple[int, int], ...] = ()

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The body's paragraphs, without those that are only suppression comments."""
        from corpus_lint.documents.layout import split_paragraphs

        paragraphs = split_paragraphs(self.text)
        if "corpus-lint:" in self.text:
            from corpus_lint.findings.suppression import is_directive_only

            paragraphs = [p for p in paragraphs if not is_directive_only(p.text)]
            for index, paragraph in enumerate(paragraphs):
                paragraph.index = index
        return paragraphs

    def without_directives(self) -> None:
        """Blank the suppression comments out of ``text`` (offsets unchanged) once they
        are parsed, so that no rule sees a directive line as content."""
        from corpus_lint.findings.suppression import mask_directives

        self.text, self.blanked = mask_directives(self.text)
        self.__dict__.pop("paragraphs", None)
        self.__dict__.pop("_memos", None)

    def content_length(self) -> int:
        """Characters of the body from its first to its last non-space one, without the
        blanked directives: the denominator of fractions of "the document's characters"."""
        text = self.text
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        return max(0, end - start - sum(max(0, min(end, b) - max(start, a))
                                        for a, b in self.blanked))

    def region(self, start: int, end: int) -> Region:
        return self.source_map.region(start, end)

    def memo(self, key: Hashable, factory: Callable[[], T]) -> T:
        """The per-document analysis stored under ``key``, computed by ``factory`` once.

        Rules of one family (or of several) share an analysis this way: the first rule to
        ask computes it, the others read it. Keys are namespaced by their owner, e.g.
        ``("garbling", "analyses")``. Memos live as long as the document and never travel
        to another process.
        """
        memos = self.__dict__.get("_memos")
        if memos is None:  # not setdefault: that built (and dropped) a dict every call
            memos = self.__dict__["_memos"] = {}
        # Not inside "except KeyError": while an exception is being handled, every
        # exception the factory raises and catches internally costs far more (str.translate
        # raises one per unmapped character), which made tokenising twice as slow.
        if key not in memos:
            memos[key] = factory()
        return memos[key]

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("paragraphs", None)
        state.pop("_memos", None)
        return state
