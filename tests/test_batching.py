"""Documents prepared in batches (``Rule.prepare_documents``, engine/batching.py): the same
findings as a document-by-document run, whatever the batch size, the cache or a failing
preparation; a rule is handed only the documents it checks, across work units."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from corpus_lint.engine import batching
from corpus_lint.plugins.garbling import analysis
from corpus_lint.plugins.garbling.analysis import GarblingRule

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def corpus(tmp_path):
    """Garbled, clean, foreign and seed documents, one file each."""
    for folder in ("garbling", "seeds", "language"):
        for path in sorted((FIXTURES / folder).iterdir()):
            shutil.copy(path, tmp_path / f"{folder}-{path.name}")
    return tmp_path


def _sarif(root: Path, *extra: str) -> str:
    result = run_cli("check", "--format", "sarif", "--jobs", "1", "--select", "garbling",
                     *extra, ".", cwd=root)
    assert "Traceback" not in result.err
    return result.out


def _unbatched(monkeypatch) -> None:
    monkeypatch.setattr(batching, "preparers", lambda rules: [])


def test_batches_give_the_findings_of_a_document_by_document_run(corpus, monkeypatch):
    batched = _sarif(corpus, "--no-cache")
    assert '"G10' in batched  # the fixtures do have garbling findings
    monkeypatch.setattr(batching, "BATCH_DOCUMENTS", 3)  # batches end inside the folder
    assert _sarif(corpus, "--no-cache") == batched
    _unbatched(monkeypatch)
    assert _sarif(corpus, "--no-cache") == batched


def test_cached_units_keep_their_place_among_batched_ones(corpus, monkeypatch):
    expected = _sarif(corpus, "--no-cache")
    monkeypatch.setattr(batching, "BATCH_DOCUMENTS", 2)
    assert _sarif(corpus) == expected  # fills the cache
    (corpus / "garbling-clean.txt").write_text("A new clean note, long enough to be judged "
                                               "as prose by the family, ends here.\n")
    _unbatched(monkeypatch)
    changed = _sarif(corpus, "--no-cache")
    monkeypatch.undo()
    monkeypatch.setattr(batching, "BATCH_DOCUMENTS", 2)
    assert _sarif(corpus) == changed  # one unit checked again, the others from the cache


def test_a_rule_gets_the_documents_it_checks_across_units(corpus, monkeypatch):
    seen: list[list[str]] = []
    real = GarblingRule.prepare_documents

    def spy(self, docs):
        seen.append([Path(doc.path).name for doc in docs])
        real(self, docs)

    monkeypatch.setattr(GarblingRule, "prepare_documents", spy)
    monkeypatch.setattr(batching, "BATCH_DOCUMENTS", 4)
    _sarif(corpus, "--no-cache")
    assert len(seen) > 1 and max(len(batch) for batch in seen) > 1  # several files at once
    names = [name for batch in seen for name in batch]
    assert len(names) == len(set(names))  # once per batch, not once per garbling rule
    assert "garbling-garbled.txt" in names
    # the engine skips English-only rules on French and German text: so does preparation
    assert not any(name.startswith(("language-fr", "language-de")) for name in names)


def test_a_failing_preparation_changes_nothing(corpus, monkeypatch):
    expected = _sarif(corpus, "--no-cache")

    def broken(self, docs):
        raise RuntimeError("bug in a plugin's preparation")

    monkeypatch.setattr(GarblingRule, "prepare_documents", broken)
    assert _sarif(corpus, "--no-cache") == expected


def test_documents_analysed_together_are_analysed_as_alone():
    texts = [path.read_text(encoding="utf-8") for path in sorted(
        (FIXTURES / "garbling").iterdir())]
    paragraphs = [[p for p in text.split("\n\n") if analysis._is_prose(p)] for text in texts]
    together = analysis.analyse_documents(paragraphs)
    for alone, batched in zip((analysis.analyse_many(p) for p in paragraphs), together):
        assert len(alone) == len(batched)
        for a, b in zip(alone, batched):
            assert (a.score, a.features, a.index, a.lm_sequence, a.constructions) == (
                b.score, b.features, b.index, b.lm_sequence, b.constructions)
            assert [(n, list(map(float, v))) for n, v in a.high_orders] == [
                (n, list(map(float, v))) for n, v in b.high_orders]
