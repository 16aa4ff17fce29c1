"""JSONL records in reports (issue 14, point 3): every report names the record by its id,
D301/D302 name the original by id, and each record's findings have fingerprints of their
own (GitHub merges results that share one)."""
from __future__ import annotations

import json

from conftest import run_cli

LONG = ("The harbour authority said the new quay would open in the spring after two years of "
        "work, and that ferries to the islands would run every hour from the first of May. ")


def _jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_record_id_in_text_json_and_sarif(write):
    root = write({"n.jsonl": _jsonl({"id": "a-1", "text": "Fine text here."},
                                    {"id": "b 2", "text": "A bell\u0007 rang."})})
    text = run_cli("check", "--no-cache", "--select", "I106", "n.jsonl", cwd=root)
    assert 'n.jsonl:2:' in text.out and 'I106 Record "b 2": ' in text.out
    (finding,) = run_cli("check", "--no-cache", "--format", "json", "--select", "I106",
                         "n.jsonl", cwd=root).json()["findings"]
    assert (finding["record"], finding["record_id"], finding["line"]) == (2, "b 2", 2)
    (result,) = run_cli("check", "--no-cache", "--format", "sarif", "--select", "I106",
                        "n.jsonl", cwd=root).json()["runs"][0]["results"]
    assert result["message"]["text"].startswith('Record "b 2": ')
    assert result["properties"]["recordId"] == "b 2"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_each_record_has_its_own_fingerprint(write):
    records = [{"id": f"r{i}", "text": f"Record number {i} has only text."} for i in range(5)]
    records += [{"text": f"An anonymous record {i}."} for i in range(2)]  # no id: its text
    root = write({"n.jsonl": _jsonl(*records)})
    results = run_cli("check", "--no-cache", "--format", "sarif", "--select", "M101,M102",
                      "n.jsonl", cwd=root).json()["runs"][0]["results"]
    prints = [r["partialFingerprints"]["corpusLint/v1"] for r in results]
    assert len(prints) == 7 and len(set(prints)) == 7


def test_baseline_survives_records_inserted_above(write):
    records = [{"id": f"r{i}", "text": f"Record {i} rang a bell\u0007 once."} for i in range(3)]
    root = write({"n.jsonl": _jsonl(*records)})
    run_cli("check", "--no-cache", "--select", "I106", "--write-baseline", "base.json",
            "n.jsonl", cwd=root)
    (root / "n.jsonl").write_text(_jsonl({"id": "new", "text": "A clean new record."}, *records))
    result = run_cli("check", "--no-cache", "--select", "I106", "--format", "json",
                     "--baseline", "base.json", "n.jsonl", cwd=root)
    assert result.code == 0 and result.json()["summary"]["stale_baseline"] == 0


def test_cross_document_duplicates_name_the_original_by_id(write):
    root = write({"news.jsonl": _jsonl({"id": "orig-7", "text": LONG * 3},
                                       {"id": "copy-9", "text": "Intro line.\n\n" + LONG * 3}),
                  "wire.jsonl": _jsonl({"id": "x", "text": LONG * 3})})
    findings = run_cli("check", "--no-cache", "--cross-document", "--format", "json",
                       "--select", "D301,D302", ".", cwd=root).json()["findings"]
    assert findings, "the copies were not found"
    for finding in findings:
        assert 'news.jsonl record "orig-7" (line 1' in finding["message"], finding["message"]
        assert finding["record_id"] in ("copy-9", "x")
