"""What a rule *does*: ``Rule`` checks one document, ``CorpusRule`` sees a whole run."""
from __future__ import annotations

from typing import Any, ClassVar, Iterable

from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import Region
from corpus_lint.findings.model import Finding, Location, content_fingerprint

from .params import RuleParams
from .spec import RuleSpec


class Rule:
    """A check over one document. Subclasses set ``spec`` and implement ``check``.

    ``params`` are the spec's defaults overridden by configuration; ``settings`` is the
    whole run configuration (for policies such as required metadata fields). Heavy
    imports belong inside ``check`` or a cached helper, not at module level: a pre-commit
    run on one file must start fast.
    """

    spec: ClassVar[RuleSpec]
    handles_binary: ClassVar[bool] = False
    # Content rules analyse the language of the text; they are skipped on documents longer
    # than max-document-chars (a 10 MB single-line dump is not prose). Rules about bytes,
    # encoding and metadata set this to False and always run.
    content_rule: ClassVar[bool] = True
    # Languages the rule can judge (base codes such as "en"); empty: any. The engine skips
    # the rule on a document declared or detected to be in another language
    # (corpus_lint.documents.language); an unknown language does not stop it.
    languages: ClassVar[tuple[str, ...]] = ()
    # The rule sets each finding's level (Q601: every metric check declares its own); a
    # finding left at None gets the rule's configured level, as every other rule's does.
    own_levels: ClassVar[bool] = False

    def __init__(self, params: dict[str, Any] | None = None, settings: Any = None):
        self.params = RuleParams(self.spec.code, {**self.spec.parameters, **(params or {})})
        self.settings = settings

    @property
    def code(self) -> str:
        return self.spec.code

    def params_of(self, code: str) -> RuleParams:
        """Another rule's effective parameters in this run (its defaults under the user's
        configuration), for a rule whose judgement follows that rule's (D103 skips what
        D102 reports); with no run configuration, its catalogue defaults."""
        known = getattr(self.settings, "rule_parameters", {})
        if code in known:
            return RuleParams(code, known[code])
        return RuleParams(code, dict(RuleSpec.from_catalogue(code).parameters))

    def check(self, doc: Document) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def prepare(self) -> None:
        """Load what ``check`` needs (models, word lists) ahead of time.

        The engine calls this in the parent process before it forks workers, so they share
        one copy instead of each loading its own; a single-file run skips it and ``check``
        loads lazily on first use.
        """

    def prepare_documents(self, docs: list[Document]) -> None:
        """Optional: compute ahead, for a batch of documents this rule is about to check,
        what ``check`` computes per document, and leave it in ``doc.memo`` where ``check``
        finds it (corpus_lint.engine.batching).

        For a rule whose per-document work has a large fixed cost (numpy calls on tiny
        arrays): done once for many documents, it costs far less. Only an optimisation:
        ``check`` must give the same findings without it, and the engine ignores a
        failure here. Rules sharing one implementation (a family's base class) are called
        once per batch; a document a rule would skip (language, size) is not passed.
        """

    def finding(self, doc: Document, start: int, end: int, message: str, *,
                related: Iterable[Location] = (), properties: dict[str, Any] | None = None,
                fingerprint_text: str | None = None, fix: Any = None) -> Finding:
        """A finding on ``doc.text[start:end]``; the fingerprint hashes that text by default.
        ``fix`` (a :class:`corpus_lint.fixes.Fix`) repairs it, for a rule whose TOML declares
        ``fix = "safe"`` or ``"unsafe"``."""
        text = doc.text[start:end] if fingerprint_text is None else fingerprint_text
        return Finding(code=self.code, level=self.spec.level, path=doc.path,
                       region=doc.region(start, end), message=message,
                       related=list(related),
                       fingerprint=content_fingerprint(self.code, text[:4096]),
                       properties=dict(properties or {}), record=doc.record, fix=fix)

    def finding_at_line(self, doc: Document, line: int, message: str, *, column: int = 1,
                        fingerprint_text: str = "", properties: dict[str, Any] | None = None,
                        fix: Any = None) -> Finding:
        """A finding on a whole line of the file (front-matter keys, the first line...)."""
        text = doc.source_map.line_text(line)
        region = Region(line, column, line, max(len(text) + 1, column))
        return Finding(code=self.code, level=self.spec.level, path=doc.path, region=region,
                       message=message, properties=dict(properties or {}),
                       fingerprint=content_fingerprint(self.code, fingerprint_text or message),
                       record=doc.record, fix=fix)


class CorpusRule(Rule):
    """A check across all documents of a run (map-reduce, so it works on any engine).

    ``collect(doc)`` runs wherever the document is read (a worker process or a cluster
    node) and returns a small picklable summary; ``add(summary)`` receives the summaries
    in deterministic document order in one place; ``finish()`` yields the findings.
    """

    def collect(self, doc: Document) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def add(self, summary: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def finish(self) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()
