"""Every rule's pass and fail examples from its catalogue file, run through the real CLI.

Like sqlfluff's YAML rule fixtures and pylint's good/bad examples: the documentation is
the test. A fail example must produce at least one finding of its rule; a pass example none.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from corpus_lint.rulebook import RuleSpec, catalogue_dir

SPECS = sorted((RuleSpec.from_file(path) for path in catalogue_dir().glob("*.toml")),
               key=lambda spec: spec.code)
CASES = [(spec, kind, number, example)
         for spec in SPECS for kind in ("fail", "pass")
         for number, example in enumerate(spec.examples.get(kind, []), start=1)]


def _write_example(folder: Path, example: dict) -> list[Path]:
    files = example.get("files") or {example.get("path", "example.txt"): example["content"]}
    written = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode(example.get("encoding", "utf-8")))
        written.append(path)
    return written


def test_every_rule_has_both_kinds_of_example():
    for spec in SPECS:
        assert spec.examples.get("fail") and spec.examples.get("pass"), spec.code


@pytest.mark.parametrize("spec,kind,number,example", CASES,
                         ids=[f"{s.code}-{k}{n}" for s, k, n, _ in CASES])
def test_rule_example(tmp_path, spec, kind, number, example):
    paths = _write_example(tmp_path, example)
    corpus = ("--cross-document",) if spec.scope == "corpus" else ()
    result = run_cli("check", "--format", "json", "--jobs", "1", "--extend-select", spec.code,
                     *corpus, *paths, cwd=tmp_path)
    assert result.code in (0, 1), result.err
    codes = [f["code"] for f in result.json()["findings"]]
    if kind == "fail":
        assert spec.code in codes, f"{spec.code} not reported on its fail example {number}"
    else:
        assert spec.code not in codes, f"{spec.code} reported on its pass example {number}"
