"""The first acceptance test: the five seed documents (copied from shared/seeds).

Each family's expectations from EXPECTED.md: what must be reported where, and what must
stay clean. Families not built yet are checked for silence only.
"""
from __future__ import annotations

import json

import pytest

from conftest import SEEDS, run_cli

LABELS = [json.loads(line) for line in (SEEDS / "labels.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def seed_findings():
    result = run_cli("check", "--format", "json", "--jobs", "1", SEEDS / "000_823aa7be86210dff.txt",
                     *sorted(SEEDS.glob("00[1-4]_*.txt")))
    assert result.code == 1, result.err
    by_file: dict[str, list[dict]] = {}
    for finding in result.json()["findings"]:
        by_file.setdefault(finding["path"].rsplit("/", 1)[-1], []).append(finding)
    return by_file


@pytest.mark.parametrize("label", [l for l in LABELS if l["positive"]],
                         ids=lambda l: f"{l['file'][:3]}-{l['family']}")
def test_positive_labels_are_found_where_expected(seed_findings, label):
    found = [f for f in seed_findings.get(label["file"], []) if f["family"] == label["family"]]
    starts = {f["line"] for f in found}
    for line in label["lines"]:
        assert line in starts, f"{label['family']} not reported at line {line}: {found}"
    for line in label.get("clean_lines", []):
        assert line not in starts, f"{label['family']} false alarm at clean line {line}"
    for copy, original in (label.get("related") or {}).items():
        finding = next(f for f in found if f["line"] == int(copy))
        assert [r["line"] for r in finding["related"]] == [original]


@pytest.mark.parametrize("label", [l for l in LABELS if not l["positive"]],
                         ids=lambda l: f"{l['file'][:3]}-{l['family']}")
def test_negative_labels_stay_clean(seed_findings, label):
    found = [f for f in seed_findings.get(label["file"], []) if f["family"] == label["family"]]
    assert found == []


def test_seed_001_fused_date_points_at_the_exact_column(seed_findings):
    fused = [f for f in seed_findings["001_0763b8460c461a7d.txt"] if f["code"] == "M105"]
    assert [(f["line"], f["column"]) for f in fused] == [(1, 2)]
