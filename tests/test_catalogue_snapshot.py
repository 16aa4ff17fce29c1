"""The parsed snapshot of the built-in catalogue: the same data tomllib reads from every
file, and parsed again when a file of the catalogue changes."""
from __future__ import annotations

import json
import os
import tomllib

from corpus_lint.rulebook.snapshot import snapshot, snapshot_index
from corpus_lint.rulebook.spec import _parse_toml, catalogue_dir, catalogue_files, load_toml


def test_snapshot_data_equals_every_catalogue_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_LINT_CACHE_HOME", str(tmp_path))
    root = catalogue_dir()
    texts = snapshot.__wrapped__(root, _parse_toml)
    assert texts is not None and len(texts) == len(list(root.glob("*/*.toml")))
    assert list(tmp_path.glob("catalogue-*.json"))  # written for the next run
    for path in root.glob("*/*.toml"):
        with open(path, "rb") as handle:
            expected = tomllib.load(handle)
        assert json.loads(texts[str(path)]) == expected
        assert load_toml(path) == expected
    index = snapshot_index(root, _parse_toml)
    assert [index[p.name] for p in catalogue_files()] == [[p] for p in catalogue_files()]


def test_a_changed_file_is_parsed_again(tmp_path, own_user_cache):
    family = tmp_path / "rules" / "demo"
    family.mkdir(parents=True)
    rule = family / "X101.toml"
    rule.write_text('code = "X101"\nsummary = "first"\n')
    root = tmp_path / "rules"
    assert json.loads(snapshot.__wrapped__(root, _parse_toml)[str(rule)])["summary"] == "first"
    rule.write_text('code = "X101"\nsummary = "second one"\n')
    os.utime(rule, ns=(1, 1))
    assert json.loads(snapshot.__wrapped__(root, _parse_toml)[str(rule)])["summary"] == \
        "second one"


def test_a_date_or_a_broken_file_means_no_snapshot(tmp_path, own_user_cache):
    family = tmp_path / "rules" / "demo"
    family.mkdir(parents=True)
    (family / "X101.toml").write_text("when = 2024-01-01\n")
    assert snapshot.__wrapped__(tmp_path / "rules", _parse_toml) is None
    (family / "X101.toml").write_text("broken = \n")
    assert snapshot.__wrapped__(tmp_path / "rules", _parse_toml) is None
