"""The rulebook's contracts: parameters only from the catalogue, families as data."""
from __future__ import annotations

import pytest

from conftest import run_cli
from corpus_lint.rulebook import Family, Rule, RuleSpec, SpecError, UndeclaredParameter

SPEC = RuleSpec.from_dict({"code": "Z900", "name": "probe", "family": "integrity",
                           "level": "note", "summary": "s", "description": "d",
                           "parameters": {"limit": {"default": 3, "doc": "a limit"}}}, "test")


class Probe(Rule):
    spec = SPEC


def test_params_are_the_catalogue_defaults_overridden_by_configuration():
    assert Probe().params["limit"] == 3
    assert Probe({"limit": 5}).params["limit"] == 5


def test_reading_an_undeclared_parameter_fails_loudly():
    rule = Probe()
    with pytest.raises(UndeclaredParameter, match="rule Z900 reads parameter 'threshold'"):
        rule.params["threshold"]
    with pytest.raises(UndeclaredParameter):
        rule.params.get("threshold")


def test_a_fallback_literal_is_refused_even_for_a_declared_parameter():
    with pytest.raises(TypeError, match="defaults belong in the rule's TOML file"):
        Probe().params.get("limit", 10)


def test_family_is_validated_data():
    family = Family.from_dict({"name": "my-family", "description": "What it finds.",
                               "colour": "#123abc"}, "f.toml")
    assert (family.tag, family.rank) == ("my-family", 100)
    with pytest.raises(SpecError, match="colour"):
        Family.from_dict({"name": "x", "description": "d", "colour": "red"}, "f.toml")
    with pytest.raises(SpecError, match="unknown key"):
        Family.from_dict({"name": "x", "description": "d", "colour": "#000000", "color": 1},
                         "f.toml")


def test_builtin_families_are_registered_in_their_order():
    from corpus_lint.engine.engine import Engine, RunOptions

    engine = Engine({}, None, RunOptions())
    assert list(engine.families) == ["duplicate", "garbling", "comment-spam", "metadata",
                                     "integrity", "quality"]
    assert {cls.spec.family for cls in engine.rule_classes.values()} <= set(engine.families)


def test_old_jsonl_section_still_works_with_a_deprecation_note(write):
    root = write({"corpus-lint.toml": '[jsonl]\ntext-field = "body"\n',
                  "c.jsonl": '{"id": "r1", "body": "A record of text."}\n'})
    result = run_cli("check", "--select", "M101", "--format", "json", "c.jsonl", cwd=root)
    assert "note: " in result.err and "section 'jsonl' is deprecated; rename it to 'records'" \
        in result.err
    assert result.json()["problems"] == []  # the body field was found through the old name
    both = write({"corpus-lint.toml": '[jsonl]\ntext-field = "a"\n[records]\ntext-field = "b"\n'})
    assert run_cli("check", "c.jsonl", cwd=both).code == 2
