"""Fixing is safe to run on a corpus: fixes never overlap, files are replaced whole with
their mode, a file changed on disk is left alone, JSONL keeps every other byte and the
record order, and SIGKILL at any moment leaves each file as it was or as fixed."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time

from conftest import run_cli
from corpus_lint.fixes import runner
from corpus_lint.fixes.model import Edit, Fix, apply_edits, choose

PARA = "The council approved the new budget for the coming year after a long debate."
OTHER = "A second paragraph says something else entirely, about the weather this week."


def test_overlapping_fixes_wait_for_the_next_pass():
    first = Fix((Edit(0, 10),))
    overlapping = Fix((Edit(5, 12, "x"),))
    touching = Fix((Edit(10, 12),))
    insertion_inside = Fix((Edit(3, 3, "y"),))
    assert choose([first, overlapping, touching, insertion_inside]) == [first, touching]
    assert apply_edits("0123456789abcdef", [Edit(10, 12), Edit(0, 10), Edit(16, 16, "!")]) \
        == "cdef!"


def test_a_fix_with_overlapping_or_outside_edits_is_refused():
    assert Fix((Edit(0, 5), Edit(3, 8))).problem(10) == "its edits overlap each other"
    assert "outside" in Fix((Edit(5, 20),)).problem(10)
    assert Fix((Edit(0, 5), Edit(5, 8))).problem(10) is None


def test_conflicting_fixes_settle_in_passes(tmp_path):
    # D101 deletes the copy, I107 the invisible characters in it and before it: they
    # overlap, so one waits a pass; the result is the same as applying them one by one.
    doc = tmp_path / "a.txt"
    doc.write_text(f"{PARA}\u200b\n\n{OTHER}\n\n{PARA}\u200b\n", encoding="utf-8")
    result = run_cli("fix", "--select", "D101,I107", doc)
    assert doc.read_text(encoding="utf-8") == f"{PARA}\n\n{OTHER}\n"
    assert "remain" in result.err and result.code == 0


def test_write_keeps_mode_and_leaves_no_temporary(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(f"{PARA}\n\n{PARA}\n", encoding="utf-8")
    os.chmod(doc, 0o640)
    run_cli("fix", "--select", "D101", doc)
    assert doc.read_text(encoding="utf-8") == f"{PARA}\n"
    assert os.stat(doc).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_a_file_changed_on_disk_is_left_alone_and_reported(tmp_path, monkeypatch):
    doc = tmp_path / "a.txt"
    doc.write_text(f"{PARA}\n\n{PARA}\n", encoding="utf-8")

    def someone_writes(path):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("An editor added this line.\n")

    monkeypatch.setattr(runner, "BEFORE_RENAME", someone_writes)
    result = run_cli("fix", "--select", "D101", "--jobs", "1", doc)
    assert doc.read_text(encoding="utf-8") == f"{PARA}\n\n{PARA}\nAn editor added this line.\n"
    assert "changed on disk while it was being fixed; left as it was" in result.out
    assert "fixed 0 findings" in result.err
    assert result.code == 1
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def _records():
    return [
        {"id": "a", "text": f"{PARA}\n\n{OTHER}\n\n{PARA}", "url": "https://e.org/a",
         "score": 0.5, "tags": ["x", {"y": None}]},
        {"meta": {"lang": "en"}, "text": f"{OTHER}\u200b", "id": "b"},
        {"id": "c", "text": OTHER, "n": 12345678901234567890},
        {"id": "d", "no_text": True},
        {"id": "e", "text": " date 2017-06-21 " + OTHER, "é": "ü"},
    ]


def _check_shard(lines_before: list[str], lines_after: list[str]) -> None:
    assert len(lines_after) == len(lines_before)
    for old, new in zip(lines_before, lines_after):
        before, after = json.loads(old), json.loads(new)
        assert before.get("id") == after.get("id")  # same order
        lifted = {k: v for k, v in after.items() if k not in before}
        assert lifted in ({}, {"date": "2017-06-21"})
        assert {k: v for k, v in after.items() if k != "text" and k not in lifted} == \
            {k: v for k, v in before.items() if k != "text"}
        assert list(after)[:len(before)] == list(before)  # field order kept
        if after.get("text") == before.get("text") and not lifted:
            assert new == old  # an untouched record keeps its bytes
    texts = [json.loads(line).get("text") for line in lines_after]
    assert texts[0] == f"{PARA}\n\n{OTHER}\n" and texts[1] == OTHER and texts[4] == OTHER


def test_jsonl_rewritten_record_by_record(tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in _records()]
    lines[2] = lines[2].replace(": ", ":  ")  # odd spacing an untouched record keeps
    shard = tmp_path / "a.jsonl"
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_cli("fix", shard)
    after = shard.read_text(encoding="utf-8").split("\n")
    assert after[-1] == ""
    _check_shard(lines, after[:-1])


def test_jsonl_gz_rewritten_record_by_record(tmp_path):
    lines = [json.dumps(r) for r in _records()]
    shard = tmp_path / "a.jsonl.gz"
    with gzip.open(shard, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    run_cli("fix", shard)
    with gzip.open(shard, "rt", encoding="utf-8") as handle:
        after = handle.read().split("\n")
    _check_shard(lines, after[:-1])


def test_sigkill_leaves_each_file_as_it_was_or_fixed(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    originals = {}
    for number in range(300):
        text = f"Story {number}. {PARA}\n\n{OTHER} ({number})\n\nStory {number}. {PARA}\n"
        (folder / f"{number:03}.txt").write_text(text, encoding="utf-8")
        originals[f"{number:03}.txt"] = text
    fixed = {name: text[:text.rindex("\n\n") + 1] for name, text in originals.items()}
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus_lint", "fix", "--select", "D101", "--jobs", "1",
         "--no-cache", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (folder / "000.txt").read_text(encoding="utf-8") == fixed["000.txt"]:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    states = {"as was": 0, "fixed": 0}
    for name in originals:
        text = (folder / name).read_text(encoding="utf-8")
        assert text in (originals[name], fixed[name]), name
        states["fixed" if text == fixed[name] else "as was"] += 1
    assert states["fixed"] >= 1
    leftovers = [n for n in os.listdir(folder) if not n.endswith(".txt")]
    assert all(n.endswith(".corpus-lint-fix") for n in leftovers)
