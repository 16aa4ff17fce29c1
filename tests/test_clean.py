"""audit --write-clean: the corpus fixed, documents not worth keeping left out, and a
manifest whose counts are the audit's."""
from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

from conftest import run_cli

PARA = "The council approved the new budget for the coming year after a long debate."
OTHER = "A second paragraph says something else entirely, about the weather this week."
FERRY = ("The ferry service to the islands resumed on Friday after engineers replaced a "
         "damaged ramp, the operator said in a statement to passengers.")
STORY = ("Flooding closed the main road into the town on Tuesday, and the council said repairs "
         "would take a week. Residents were told to use the northern bypass until then.")


def _corpus(root):
    (root / "news").mkdir(parents=True)
    (root / "news" / "a.txt").write_text(f"{PARA}\n\n{OTHER}\n\n{PARA}\n", encoding="utf-8")
    (root / "news" / "b.txt").write_text(f"{STORY}\n", encoding="utf-8")
    (root / "news" / "c.txt").write_text(f"{STORY}\n", encoding="utf-8")  # a copy of b: D301
    records = [{"id": "r1", "text": OTHER, "lang": "en"},
               {"id": "r2", "text": f"{FERRY}\u200b"},
               {"id": "r3", "text": STORY},
               {"id": "r4", "text": ""},
               {"id": "r5", "no_text": 1}]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (root / "shard.jsonl").write_text(lines + "not json\n", encoding="utf-8")
    with gzip.open(root / "shard2.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(lines)


def _manifest(folder):
    with open(folder / "corpus-lint-manifest.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_write_clean_fixes_drops_and_counts_like_the_audit(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    out = tmp_path / "clean"
    audit = run_cli("audit", "--no-cache", "--format", "json", "--write-clean", out, ".",
                    cwd=corpus)
    assert "clean corpus written to" in audit.err, audit.err
    report = audit.json()
    entries = [e for e in _manifest(out) if e["id"] is not None]
    assert len(entries) == report["summary"]["documents"]
    by_rule = Counter(code for e in entries for code in e["rules"])
    audited = Counter(code for code, _ in {(f["code"], (f["path"], f.get("record")))
                                           for f in report["findings"]})
    assert by_rule == audited
    actions = {(e["path"], e["record"]): e["action"] for e in entries}
    assert actions[("news/a.txt", None)] == "fixed"
    assert actions[("news/b.txt", None)] == "kept"
    assert actions[("news/c.txt", None)] == "dropped"  # D301, dropped by default
    assert actions[("shard.jsonl", 2)] == "fixed"
    assert actions[("shard.jsonl", 4)] == "dropped"  # I104 empty document
    assert (out / "news" / "a.txt").read_text(encoding="utf-8") == f"{PARA}\n\n{OTHER}\n"
    assert not (out / "news" / "c.txt").exists()
    shard = (out / "shard.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in shard] == ["r1", "r2", "r5"]  # r3 copies b.txt (D301)
    assert json.loads(shard[1])["text"] == FERRY  # the invisible character is gone
    unreadable = [e for e in _manifest(out) if e["id"] is None]
    assert unreadable == [{"id": None, "path": "shard.jsonl", "record": 6, "action": "dropped",
                           "rules": [], "fixed": [], "dropped-by": ["unreadable"]}]
    with gzip.open(out / "shard2.jsonl.gz", "rt", encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    # the same records as shard.jsonl: later copies (D301) and the empty one go; r1 is
    # too short for D301, r5 is not a document and is carried over
    assert ids == ["r1", "r5"]


def test_drop_by_family_and_level(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    out = tmp_path / "clean"
    run_cli("audit", "--no-cache", "--write-clean", out, "--drop", "metadata", "--drop-level",
            "error", ".", cwd=corpus)
    entries = [e for e in _manifest(out) if e["id"] is not None]
    # every text file lacks metadata (M101); the records have metadata fields
    for entry in entries:
        if entry["path"].endswith(".txt"):
            assert entry["action"] == "dropped" and "M101" in entry["dropped-by"]
    assert not list((out / "news").glob("*.txt")) if (out / "news").exists() else True


def test_write_clean_needs_an_empty_folder(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "x").write_text("x")
    result = run_cli("audit", "--write-clean", tmp_path / "clean", ".", cwd=corpus)
    assert result.code == 2 and "new or empty folder" in result.err


def test_write_clean_with_dask_matches_local(tmp_path):
    pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    run_cli("audit", "--no-cache", "--write-clean", tmp_path / "local", ".", cwd=corpus)
    run_cli("audit", "--no-cache", "--engine", "dask", "--jobs", "1", "--write-clean",
            tmp_path / "dask", ".", cwd=corpus)
    assert _manifest(tmp_path / "dask") == _manifest(tmp_path / "local")
    for path in (tmp_path / "local").rglob("*"):
        if path.is_file():
            assert (tmp_path / "dask" / path.relative_to(tmp_path / "local")).read_bytes() \
                == path.read_bytes()
