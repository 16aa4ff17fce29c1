"""Issue 14, item 10: configuration values out of type or range, and metadata field names
that no document could ever carry, are one-line errors with exit 2."""
from __future__ import annotations

import pytest

from conftest import run_cli
from corpus_lint.rulebook import RuleSpec, catalogue_files


@pytest.mark.parametrize("config,expected", [
    ('[rules.D101]\nmin-words = -5\n', "'min-words' should be at least 1"),
    ('[rules.D102]\nthreshold = 7.5\n', "'threshold' should be at most 1"),
    ('[rules.D101]\nmin-words = 2.5\n', "'min-words' should be an integer"),
    ('[metadata]\nrequired = ["titel"]\n', "unknown field 'titel' (did you mean 'title'?"),
    ('[metadata]\nper-file-required = { "*.txt" = ["dte"] }\n', "did you mean 'date'?"),
])
def test_bad_values_are_one_line_errors(write, config, expected):
    root = write({"a.txt": "Hello world.\n", "corpus-lint.toml": config})
    result = run_cli("check", "--no-cache", "a.txt", cwd=root)
    assert result.code == 2
    assert expected in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert "a int" not in result.err


def test_a_custom_required_field_is_declared_in_field_aliases(write):
    root = write({"a.md": "---\ntitle: T\ndate: 2020-01-01\n---\nHello world.\n",
                  "corpus-lint.toml": '[metadata]\nrequired = ["title", "category"]\n'
                                      'field-aliases = { category = ["category", "section"] }\n'})
    result = run_cli("check", "--no-cache", "--format", "json", "a.md", cwd=root)
    assert result.code == 1
    assert [f["code"] for f in result.json()["findings"]] == ["M102"]
    assert "category" in result.json()["findings"][0]["message"]


def test_every_numeric_parameter_declares_its_lower_bound():
    for path in catalogue_files():
        spec = RuleSpec.from_file(path)
        for key, parameter in spec.parameter_specs.items():
            if isinstance(parameter.default, (int, float)) and \
                    not isinstance(parameter.default, bool):
                assert parameter.min is not None or parameter.choices, (spec.code, key)
