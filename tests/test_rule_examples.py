"""Every rule's pass and fail examples from its catalogue file, run through the real CLI.

Like sqlfluff's YAML rule fixtures and ruff's snapshots: the documentation is the test. A
fail example states where its rule must report (``expect = ["LINE:COLUMN", ...]``, with
``PATH:`` in front for a multi-file example): exactly those findings of the rule, no more.
A pass example must produce none. Either may carry a ``config`` table, written as the
example folder's ``corpus-lint.toml`` (same keys as ``[tool.corpus-lint]``).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from corpus_lint.rulebook import RuleSpec, catalogue_files

SPECS = [RuleSpec.from_file(path) for path in catalogue_files()]
CASES = [(spec, kind, number, example)
         for spec in SPECS for kind in ("fail", "pass")
         for number, example in enumerate(spec.examples.get(kind, []), start=1)]


def _toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _write_example(folder: Path, example: dict) -> list[Path]:
    files = example.get("files") or {example.get("path", "example.txt"): example["content"]}
    written = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode(example.get("encoding", "utf-8")))
        written.append(path)
    if "config" in example:
        (folder / "corpus-lint.toml").write_text(
            "\n".join(f'"{key}" = {_toml_value(value)}'
                      for key, value in example["config"].items()) + "\n", encoding="utf-8")
    return written


def _where(finding: dict, multi_file: bool) -> str:
    place = f"{finding['line']}:{finding['column']}"
    return f"{finding['path']}:{place}" if multi_file else place


def test_every_rule_has_both_kinds_of_example():
    for spec in SPECS:
        assert spec.examples.get("fail") and spec.examples.get("pass"), spec.code


def test_every_fail_example_states_where_it_is_reported():
    for spec in SPECS:
        for number, example in enumerate(spec.examples.get("fail", []), start=1):
            assert example.get("expect"), f"{spec.code} fail example {number} has no 'expect'"


@pytest.mark.parametrize("spec,kind,number,example", CASES,
                         ids=[f"{s.code}-{k}{n}" for s, k, n, _ in CASES])
def test_rule_example(tmp_path, spec, kind, number, example):
    paths = _write_example(tmp_path, example)
    corpus = ("--cross-document",) if spec.scope == "corpus" else ()
    result = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1",
                     "--extend-select", spec.code, *corpus, *paths, cwd=tmp_path)
    assert result.code in (0, 1), result.err
    payload = result.json()
    # A rule that crashes (an undeclared parameter, say) is a plugin problem, never a pass.
    crashes = [p["message"] for p in payload["problems"] if p["kind"] == "plugin"]
    assert not crashes, crashes
    multi_file = len(paths) > 1
    found = [_where(f, multi_file) for f in payload["findings"] if f["code"] == spec.code]
    if kind == "fail":
        assert found == list(example["expect"]), \
            f"{spec.code} fail example {number}: reported at {found}, expected {example['expect']}"
    else:
        assert not found, f"{spec.code} reported on its pass example {number} at {found}"
