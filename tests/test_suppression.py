"""Inline and metadata suppressions, and the report of suppressions that match nothing."""
from __future__ import annotations

from conftest import run_cli

HEAD = "---\ntitle: T\ndate: 2020-01-01\n---\n"
BAD = "The minister\u0007 resigned on Tuesday."


def codes_and_lines(root, *args):
    payload = run_cli("check", "--format", "json", *args, ".", cwd=root).json()
    return [(f["code"], f["line"]) for f in payload["findings"]], payload["summary"]["suppressed"]


def test_disable_and_enable_form_a_range(write):
    root = write({"a.md": HEAD + f"Clean.\n\n<!-- corpus-lint: disable=I106 -->\n\n{BAD}\n\n"
                                 f"<!-- corpus-lint: enable=I106 -->\n\nClean line here.\n"})
    assert codes_and_lines(root) == ([], 1)
    root = write({"a.md": HEAD + f"<!-- corpus-lint: disable=I106 -->\nClean.\n\n"
                                 f"<!-- corpus-lint: enable=I106 -->\n\n{BAD}\n"})
    assert codes_and_lines(root) == ([("I900", 5), ("I106", 10)], 0)


def test_disable_next_covers_only_the_next_paragraph(write):
    root = write({"a.md": HEAD + f"<!-- corpus-lint: disable-next=control-characters -->\n{BAD}\n"})
    found, suppressed = codes_and_lines(root)
    assert found == [] and suppressed == 1
    root = write({"a.md": HEAD + f"<!-- corpus-lint: disable-next=I106 -->\nClean.\n\n{BAD}\n"})
    found, _ = codes_and_lines(root)
    assert ("I106", 8) in found and ("I900", 5) in found


def test_front_matter_key_and_jsonl_field_suppress_the_document(write):
    root = write({
        "a.md": "---\ntitle: T\ndate: 2020-01-01\ncorpus-lint-disable: [integrity]\n---\n" + BAD + "\n",
        "c.jsonl": '{"text": "%s", "title": "T", "date": "2020-01-01", '
                   '"corpus-lint-disable": "I106"}\n' % BAD.replace("\u0007", "\\u0007"),
    })
    found, suppressed = codes_and_lines(root)
    assert found == [] and suppressed == 2


def test_unused_and_unknown_suppressions_are_reported(write):
    root = write({"a.md": HEAD + "<!-- corpus-lint: disable=I106,Q999 -->\nClean text here.\n"})
    payload = run_cli("check", "--format", "json", ".", cwd=root).json()
    messages = sorted(f["message"] for f in payload["findings"] if f["code"] == "I900")
    assert messages == ["Suppression of 'I106' suppresses nothing.",
                        "Suppression of 'Q999' names no known rule."]


def test_suppression_of_a_rule_that_did_not_run_is_not_judged(write):
    root = write({"a.md": HEAD + "<!-- corpus-lint: disable=I106 -->\nClean text here.\n"})
    found, _ = codes_and_lines(root, "--ignore", "I106")
    assert found == []


def test_directives_shown_in_a_code_block_are_examples(write):
    root = write({"a.md": HEAD + "Write this:\n\n```markdown\n<!-- corpus-lint: disable=I106 -->\n"
                                 "```\n\n" + BAD + "\n"})
    assert codes_and_lines(root) == ([("I106", 11)], 0)


def _examples_with_a_blank_line():
    from corpus_lint.rulebook import RuleSpec, catalogue_files

    for path in catalogue_files():
        spec = RuleSpec.from_file(path)
        for number, example in enumerate(spec.examples.get("fail", []), start=1):
            content = example.get("content", "")
            if "\n\n" in content.strip() and "config" not in example and "encoding" not in example:
                yield spec, number, example


def test_a_directive_line_reads_as_a_blank_line_to_every_rule(tmp_path):
    """Issue 14, item 9: a directive is never content. Each rule's fail examples, with a
    blank line replaced by a directive, give the same findings (but I900) at the same places."""
    changed = []
    for spec, number, example in _examples_with_a_blank_line():
        name = example.get("path", "example.txt")
        content = example["content"]
        for label, text in (("plain", content), ("directive", content.replace(
                "\n\n", "\n<!-- corpus-lint: enable=I106 -->\n", 1))):
            folder = tmp_path / f"{spec.code}-{number}-{label}"
            folder.mkdir()
            (folder / name).write_text(text, encoding="utf-8")
        found = []
        for label in ("plain", "directive"):
            payload = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1",
                              "--extend-select", spec.code, name,
                              cwd=tmp_path / f"{spec.code}-{number}-{label}").json()
            found.append([(f["code"], f["line"], f["column"], f["message"])
                          for f in payload["findings"] if f["code"] != "I900"])
        if found[0] != found[1]:
            changed.append((spec.code, number, found))
    assert not changed, changed
