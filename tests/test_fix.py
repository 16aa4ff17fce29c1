"""corpus-lint fix / check --fix: what each fixable rule repairs, on the seeds and on small
documents of our own, and the options (--print-diff, --unsafe-fixes, --select)."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS, run_cli


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("labels.jsonl"))
    return folder


def _lines(path):
    return path.read_text(encoding="utf-8").split("\n")


def test_fix_repairs_the_seeds_and_changes_nothing_else(seeds):
    before = {p.name: _lines(p) for p in seeds.iterdir()}
    result = run_cli("fix", "--no-cache", seeds)
    assert "fixed 3 findings (C101 x1, D101 x1, M105 x1)" in result.err
    after = {p.name: _lines(p) for p in seeds.iterdir()}
    seed1, seed3, seed4 = (sorted(before)[i] for i in (1, 3, 4))
    assert after[sorted(before)[0]] == before[sorted(before)[0]]
    assert after[sorted(before)[2]] == before[sorted(before)[2]]
    # 004: line 13 (a copy of line 6) is gone, every other line kept
    assert after[seed4] == before[seed4][:12] + before[seed4][13:]
    # 003: cut from line 31 to the end; lines 1-29 as they were
    assert after[seed3][:29] == before[seed3][:29] and len(after[seed3]) == 30
    assert after[seed3][29] == ""
    # 001: the date is in front matter, the first line keeps its text
    assert after[seed1][:3] == ["---", 'date: "2017-06-21"', "---"]
    assert after[seed1][3] == before[seed1][0].replace(" date 2017-06-21 ", "")
    assert after[seed1][4:] == before[seed1][1:]
    again = run_cli("check", "--no-cache", "--format", "json", seeds)
    assert not [f for f in again.json()["findings"] if f["code"] in ("D101", "C101", "M105")]


def test_print_diff_changes_nothing_and_exits_1(seeds):
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    result = run_cli("fix", "--print-diff", "--select", "D101", seeds)
    assert result.code == 1
    assert result.out.startswith("--- a/") and "\n-The coalition" in result.out
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before
    clean = run_cli("check", "--fix", "--print-diff", "--select", "garbling", seeds)
    assert clean.code == 0 and clean.out == ""


def test_check_fix_honours_select(seeds):
    result = run_cli("check", "--fix", "--select", "D101", "--no-cache", seeds)
    assert "fixed 1 finding (D101 x1)" in result.err
    assert result.code == 0  # nothing left among the selected rules
    text = (seeds / "003_c107aad6377cee1e.txt").read_text(encoding="utf-8")
    assert "Ron Wheeler" in text  # C101 was not selected: its section stays


NEAR = ("The council approved the new budget for the coming year after a long debate about "
        "road repairs and schools.")


def test_unsafe_fixes_only_on_request(tmp_path):
    doc = tmp_path / "a.txt"
    original = (f"{NEAR}\n\nA second paragraph says something else entirely, about the weather "
                f"in the valley this week.\n\n{NEAR.replace('long', 'lengthy')}\n")
    doc.write_text(original, encoding="utf-8")
    held = run_cli("fix", "--select", "D102", doc)
    assert "1 unsafe fix not applied" in held.err and doc.read_text(encoding="utf-8") == original
    run_cli("fix", "--select", "D102", "--unsafe-fixes", doc)
    assert doc.read_text(encoding="utf-8") == original[:original.rindex("\n\n") + 1]



def test_a_line_under_a_blank_line_goes_with_the_break_after_it(tmp_path):
    # one paragraph a line: the copy opens a block; the blank line above it stays, so the
    # next line does not join the paragraph before the block
    doc = tmp_path / "a.txt"
    doc.write_text(f"{NEAR}\n\n  {NEAR}\n  A second line of this block, about something else "
                   "entirely.\n\nThe end.\n", encoding="utf-8")
    run_cli("fix", "--select", "D101", doc)
    assert doc.read_text(encoding="utf-8") == (
        f"{NEAR}\n\n  A second line of this block, about something else entirely.\n\n"
        "The end.\n")

SENTENCE = "Heavy snow closed two hundred schools across the region on Monday."
WRAPPED = "Parents were told to check the\ncouncil website for news.\n"


@pytest.mark.parametrize("later, fixed", [
    # mid-line, between sentences that stay: one space left between them
    (f"Parents were told to check the website. {SENTENCE} Most schools reopen on Wednesday.",
     "Parents were told to check the website. Most schools reopen on Wednesday."),
    # closing the paragraph: the blanks before and after it go
    (f"Parents were told to check the website. {SENTENCE}  ",
     "Parents were told to check the website."),
    # a sentence that is not repeated stays between two that are
    (f"{SENTENCE} Parents were told to check the website. {SENTENCE.upper()}",
     "Parents were told to check the website."),
    # in hard-wrapped prose: opening a line, the next sentence moves up and the break stays
    (f"{WRAPPED}{SENTENCE} Most schools\nreopen on Wednesday.",
     f"{WRAPPED}Most schools\nreopen on Wednesday."),
    # a whole line goes with one line break, in the middle or at the end
    (f"{WRAPPED}{SENTENCE}\nMost schools will reopen on\nWednesday.",
     f"{WRAPPED}Most schools will reopen on\nWednesday."),
    (f"Parents were told to check the\ncouncil website for the latest news\nabout it.\n"
     f"{SENTENCE}",
     "Parents were told to check the\ncouncil website for the latest news\nabout it."),
])
def test_repeated_sentence_fix_keeps_the_text_around_it(tmp_path, later, fixed):
    (tmp_path / "pyproject.toml").write_text("[tool.corpus-lint.rules.D103]\nmin-words = 8\n")
    doc = tmp_path / "a.txt"
    head = f"Storm closes schools\n\n{SENTENCE} Roads were blocked.\n\n"
    tail = "\n\nThe end of the story, in one more line.\n"
    doc.write_text(f"{head}{later}{tail}", encoding="utf-8")
    held = run_cli("fix", "--select", "D103", doc, cwd=tmp_path)
    assert "1 unsafe fix not applied" in held.err
    result = run_cli("fix", "--select", "D103", "--unsafe-fixes", doc, cwd=tmp_path)
    assert "fixed 1 finding (D103 x1)" in result.err and result.code == 0
    assert doc.read_text(encoding="utf-8") == f"{head}{fixed}{tail}"


def test_a_paragraph_of_repeated_sentences_goes_whole(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.corpus-lint.rules.D103]\nmin-words = 8\n")
    doc = tmp_path / "a.txt"
    other = "Parents were told to check the council website for updates on the closures."
    head = f"Storm closes schools\n\n{SENTENCE} More snow is due.\n\n{other}\n\n"
    doc.write_text(f"{head}{other} {SENTENCE}\n\nThe end of the story.\n", encoding="utf-8")
    run_cli("fix", "--select", "D103", "--unsafe-fixes", doc, cwd=tmp_path)
    assert doc.read_text(encoding="utf-8") == f"{head}The end of the story.\n"

def test_integrity_fixes_keep_crlf_where_untouched(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_bytes("Caf\u00c3\u00a9 au lait\u200b is a drink\x07.\r\n\r\nSecond line.\r\n"
                    .encode("utf-8"))
    run_cli("fix", "--select", "I105,I106,I107", doc)
    assert doc.read_bytes() == "Café au lait is a drink.\r\n\r\nSecond line.\r\n".encode("utf-8")
    run_cli("fix", "--select", "I109", "--config", "rules.I109.allow-crlf = false", doc)
    assert doc.read_bytes() == "Café au lait is a drink.\n\nSecond line.\n".encode("utf-8")


def test_mail_headers_move_into_existing_front_matter(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("---\ntitle: Old news\n---\nFrom: someone@example.org\n"
                   "Date: 1993-04-05\nLines: 12\n\nThe message body starts here and goes on.\n",
                   encoding="utf-8")
    run_cli("fix", "--select", "M105", doc)
    assert doc.read_text(encoding="utf-8") == (
        '---\ntitle: Old news\nauthor: "someone@example.org"\ndate: "1993-04-05"\n'
        'lines: "12"\n---\nThe message body starts here and goes on.\n')


@pytest.mark.parametrize("original", [
    "---\ndate: 2020-01-01\n---\n date 2017-06-21 The story begins.\n",  # the key exists
    '{\n  "title": "T"\n}\n date 2017-06-21 The story begins.\n',  # JSON: no key lines added
])
def test_metadata_that_exists_or_cannot_be_written_is_left(tmp_path, original):
    doc = tmp_path / "a.md"
    doc.write_text(original, encoding="utf-8")
    run_cli("fix", "--select", "M105", doc)
    assert doc.read_text(encoding="utf-8") == original


def test_jsonl_record_fix_lifts_a_field(tmp_path):
    shard = tmp_path / "a.jsonl"
    shard.write_text(json.dumps({"id": "x", "text": " date 2017-06-21 The story begins."}) + "\n",
                     encoding="utf-8")
    run_cli("fix", "--select", "M105", shard)
    assert json.loads(shard.read_text(encoding="utf-8")) == {
        "id": "x", "text": "The story begins.", "date": "2017-06-21"}


def test_rule_command_says_how_a_rule_fixes():
    assert "Fix: safe" in run_cli("rule", "D101").out
    assert "Fix: unsafe" in run_cli("rule", "D102").out
    assert "Fix:" not in run_cli("rule", "G101").out


def _plugin_rules():
    import re

    from corpus_lint.fixes import Edit, Fix
    from corpus_lint.hookspecs import hookimpl
    from corpus_lint.rulebook import Rule, RuleSpec

    def make_spec(code, fix):
        return RuleSpec.from_dict({"code": code, "name": f"spelling-{code.lower()}",
                                   "family": "integrity", "level": "warning", "fix": fix,
                                   "summary": "s", "description": "d"}, "test")

    class Colour(Rule):
        spec = make_spec("X901", "safe")

        def check(self, doc):
            edits = tuple(Edit(m.start(), m.end(), "color") for m in re.finditer("colour", doc.text))
            if edits:
                yield self.finding(doc, edits[0].start, edits[0].end, "British spelling",
                                   fix=Fix(edits))

    class Broken(Rule):
        spec = make_spec("X902", "safe")

        def check(self, doc):
            yield self.finding(doc, 0, 1, "always", fix=Fix((Edit(0, 10 ** 6),)))

    class Plugin:
        @hookimpl
        def corpus_lint_rules(self):
            return [Colour, Broken]

    return Plugin()


def _install(monkeypatch, name, plugin):
    """Load ``plugin`` beside the built-in ones for this test."""
    from corpus_lint import pluginhost
    from corpus_lint.engine import engine

    real = pluginhost.load_plugins
    monkeypatch.setattr(engine, "load_plugins",
                        lambda disabled=(): real(disabled, extra=((name, plugin),)))


def test_a_plugin_rule_fixes_through_the_api(tmp_path, monkeypatch):
    _install(monkeypatch, "spelling", _plugin_rules())
    doc = tmp_path / "a.txt"
    doc.write_text("The colour of the sky, the colour of the sea.\n", encoding="utf-8")
    result = run_cli("fix", "--select", "X901,X902", "--jobs", "1", doc)
    assert doc.read_text(encoding="utf-8") == "The color of the sky, the color of the sea.\n"
    assert "rule X902 returned an invalid fix" in result.out + result.err
    assert "lies outside the text" in result.out + result.err


def test_control_characters_keep_words_apart_and_overstrikes_readable(tmp_path):
    doc = tmp_path / "a.txt"
    prose = "A line of ordinary prose, long enough that a few controls are not binary.\n" * 3
    doc.write_text(prose + "It is from\x1cif it is not. _\bA_\bd_\bv text\x07.\n",
                   encoding="utf-8")
    run_cli("fix", "--select", "I106", doc)
    assert doc.read_text(encoding="utf-8") == prose + "It is from if it is not. Adv text.\n"


@pytest.mark.parametrize("name, content, expected", [
    ("a.meta.json", '{\n  "title": "T"\n}\n', '{\n  "title": "T",\n  "date": "2017-06-21"\n}\n'),
    ("a.meta.yaml", "title: T\n", 'title: T\ndate: "2017-06-21"\n'),
    ("a.meta.toml", 'title = "T"\n', 'date = "2017-06-21"\ntitle = "T"\n'),
])
def test_metadata_goes_into_the_sidecar_where_it_lives(tmp_path, name, content, expected):
    doc = tmp_path / "a.txt"
    doc.write_text(" date 2017-06-21 The story begins here.\n", encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run_cli("fix", "--select", "M105,M102", "--jobs", "1", doc)
    assert doc.read_text(encoding="utf-8") == "The story begins here.\n"
    assert (tmp_path / name).read_text(encoding="utf-8") == expected
    assert "M102" not in result.out  # the re-check sees the sidecar as written


def test_write_clean_copies_sidecars(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(" date 2017-06-21 The story begins here.\n", encoding="utf-8")
    (corpus / "a.meta.yaml").write_text("title: T\n", encoding="utf-8")
    run_cli("audit", "--no-cache", "--write-clean", tmp_path / "clean", ".", cwd=corpus)
    assert (tmp_path / "clean" / "a.txt").read_text(encoding="utf-8") == "The story begins here.\n"
    assert (tmp_path / "clean" / "a.meta.yaml").read_text(encoding="utf-8") == \
        'title: T\ndate: "2017-06-21"\n'
    assert (corpus / "a.meta.yaml").read_text(encoding="utf-8") == "title: T\n"


def test_a_suppressed_finding_is_not_fixed(tmp_path):
    doc = tmp_path / "a.md"
    original = (f"{NEAR}\n\n<!-- corpus-lint: disable-next=D101 -->\n{NEAR}\n\n"
                f"Another paragraph, different from the others in every way.\n\n{NEAR}\n")
    doc.write_text(original, encoding="utf-8")
    run_cli("fix", "--select", "D101", doc)
    assert doc.read_text(encoding="utf-8") == (
        f"{NEAR}\n\n<!-- corpus-lint: disable-next=D101 -->\n{NEAR}\n\n"
        f"Another paragraph, different from the others in every way.\n")


def _tail_cutter():
    from corpus_lint.fixes import Edit, Fix
    from corpus_lint.hookspecs import hookimpl
    from corpus_lint.rulebook import Rule, RuleSpec

    class LastParagraph(Rule):
        """Reports the last paragraph of any document of two or more: cutting it exposes a
        new last paragraph, as cutting a comment section can expose a tail that reads like
        another one."""
        spec = RuleSpec.from_dict({"code": "X903", "name": "tail", "family": "integrity",
                                   "level": "warning", "fix": "safe", "summary": "s",
                                   "description": "d"}, "test")

        def check(self, doc):
            if len(doc.paragraphs) > 1:
                last, before = doc.paragraphs[-1], doc.paragraphs[-2]
                yield self.finding(doc, last.start, last.end, "tail",
                                   fix=Fix((Edit(before.end, last.end, ""),)))

    class Plugin:
        @hookimpl
        def corpus_lint_rules(self):
            return [LastParagraph]

    return Plugin()


def test_a_finding_that_a_fix_brings_about_is_reported_not_fixed(tmp_path, monkeypatch):
    _install(monkeypatch, "tail", _tail_cutter())
    doc = tmp_path / "a.txt"
    doc.write_text("One.\n\nTwo.\n\nThree.\n\nFour.\n", encoding="utf-8")
    result = run_cli("fix", "--select", "X903", "--jobs", "1", "--format", "json", doc)
    assert doc.read_text(encoding="utf-8") == "One.\n\nTwo.\n\nThree.\n"
    assert [f["line"] for f in result.json()["findings"]] == [5]  # what a second fix would do
