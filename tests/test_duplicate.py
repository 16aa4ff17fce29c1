"""Duplicate family: copies inside a document (D101-D103), Gopher repetition signals
(D201-D204) and copies across documents (D301-D302)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from corpus_lint.plugins.duplicate import minhash
from corpus_lint.plugins.duplicate.analysis import normalise

HERE = FIXTURES / "duplicate"


def check(*paths, select="D", extra=()):
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", select, *extra,
                     *paths)
    assert result.code in (0, 1), result.err
    return result.json()["findings"]


def lines(findings, code=None):
    return sorted((f["line"], f["code"]) for f in findings if code is None or f["code"] == code)


# -- D101 / D102: paragraphs ------------------------------------------------------------
def test_formatting_only_copy_is_reported_on_the_later_copy_pointing_at_the_first():
    findings = check(HERE / "exact_copy.txt", select="D1")
    assert lines(findings) == [(13, "D101")]  # the repeated byline (line 11) stays out
    finding = findings[0]
    assert [r["line"] for r in finding["related"]] == [7]
    assert "repeats line 7" in finding["message"]
    assert "similarity 100%" in finding["message"]
    assert finding["properties"]["original_line"] == 7


def test_word_for_word_copy_says_so():
    findings = check(FIXTURES / "seeds" / "004_2f0b2f2d91abab17.txt", select="D")
    assert [(f["code"], f["line"], [r["line"] for r in f["related"]]) for f in findings] == \
        [("D101", 13, [6])]
    assert "word for word" in findings[0]["message"]


def test_lightly_edited_copy_is_a_near_duplicate_with_its_similarity():
    findings = check(HERE / "near_copy.txt", select="D1")
    assert lines(findings) == [(9, "D102")]
    finding = findings[0]
    assert finding["related"][0]["line"] == 3
    similarity = finding["properties"]["similarity"]
    assert 0.85 <= similarity < 1.0
    assert f"similarity {similarity:.0%}" in finding["message"]


def test_short_repeated_rows_and_bylines_are_not_duplicates():
    assert check(HERE / "table_rows.txt", select="D") == []


def test_truncated_or_containing_copies_do_not_score_as_identical():
    assert check(HERE / "truncated_copy.txt", select="D1") == []


def test_rows_of_a_templated_list_are_not_near_duplicates():
    assert check(HERE / "template_list.txt", select="D1") == []


def test_template_guard_can_be_turned_off(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.corpus-lint.rules.D102]\ntemplate-neighbours = 0\n")
    target = tmp_path / "list.txt"
    target.write_text((HERE / "template_list.txt").read_text())
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", "D102", target,
                     cwd=tmp_path)
    assert [f["code"] for f in result.json()["findings"]], result.out


def test_one_paragraph_per_line_layout():
    findings = check(HERE / "newline_layout.txt", select="D1")
    assert [(f["line"], f["related"][0]["line"]) for f in findings] == [(4, 2)]


def test_every_later_copy_points_at_the_first(tmp_path):
    paragraph = ("The committee will publish its final report on the future of the regional "
                 "airport before the end of the year, a spokesman said.")
    text = "\n\n".join(["Title", paragraph, "Something else entirely happened later on.",
                        paragraph, paragraph.upper()])
    path = tmp_path / "three.txt"
    path.write_text(text + "\n")
    findings = check(path, select="D101")
    assert [(f["line"], f["related"][0]["line"]) for f in findings] == [(7, 3), (9, 3)]


def test_min_words_parameter_lets_short_paragraphs_in(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.corpus-lint.rules.D101]\nmin-words = 3\n")
    (tmp_path / "a.txt").write_text("Shr 10 cts vs 12 cts\n\nOther line here\n\n"
                                    "Shr 10 cts vs 12 cts\n")
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", "D101",
                     tmp_path / "a.txt", cwd=tmp_path)
    assert [f["line"] for f in result.json()["findings"]] == [5]



def test_a_copy_with_spaces_inside_its_figures_is_an_exact_copy(tmp_path):
    # "a space before every punctuation mark" also splits "0.3%" and "1,943": still the
    # same paragraph, which D101 (not a sentence-by-sentence D103) reports and fixes whole
    original = ("Producer prices rose by 0.3% in January and 1,943 firms took part in the "
                "survey, the department said on Friday.")
    spaced = original.replace(".", " .").replace(",", " ,")
    target = tmp_path / "a.txt"
    target.write_text(f"Prices\n\n{original}\n\nAnalysts had expected a smaller rise.\n\n"
                      f"{spaced}\n")
    assert lines(check(target, select="D1")) == [(7, "D101")]
    # a different figure is not the same paragraph
    target.write_text(f"Prices\n\n{original}\n\nAnalysts had expected a smaller rise.\n\n"
                      f"{original.replace('0.3%', '3.0%')}\n")
    assert "D101" not in [code for _, code in lines(check(target, select="D1"))]

# -- D103: sentences ----------------------------------------------------------------------
def test_repeated_sentence_outside_a_copied_paragraph_but_not_a_quotation():
    findings = check(HERE / "repeated_sentence.txt", select="D1")
    assert lines(findings) == [(7, "D103")]
    assert findings[0]["related"][0]["line"] == 3
    assert findings[0]["column"] > 1  # on the sentence, not the paragraph start


@pytest.mark.parametrize("section", ["D102", "near-duplicate-paragraph"])
def test_sentences_of_a_copy_d102_no_longer_reports_are_d103s(tmp_path, section):
    sentence = ("The harbour board approved the new dredging plan on Tuesday night after "
                "nearly five hours of heated debate among its members.")
    target = tmp_path / "a.txt"
    target.write_text(f"Harbour news\n\n{sentence} Work starts in May.\n\n"
                      f"Other business followed.\n\n{sentence} Work starts in June.\n")
    assert lines(check(target, select="D1")) == [(7, "D102")]
    (tmp_path / "pyproject.toml").write_text(f'[tool.corpus-lint.rules.{section}]\n'
                                             f'threshold = 0.99\n')
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", "D1", target,
                     cwd=tmp_path)
    assert lines(result.json()["findings"]) == [(7, "D103")]


WIRE = ("The Federal Deposit Insurance Corp.\n"
        "(FDIC) said two Texas banks were closed by U.S. bank\n"
        "regulators, making a total of 40 failures of federally insured\n"
        "financial institutions so far this year.\n"
        "    Fourteen of the 40 have been in Texas, which has been hard\n"
        "hit by plummeting oil prices.\n"
        "    The FDIC said it decided to pay off depositors because no\n"
        "other institution wanted to buy the failed bank.\n")


def test_a_lead_repeated_in_wrapped_wire_copy_is_a_copy_run_into_the_paragraph_above(tmp_path):
    """Reuters copy marks paragraphs by indenting all but the first, so a copy of the lead
    runs on inside the paragraph before it: D101 reports it there, not the whole
    paragraph."""
    lead = WIRE.split("    ")[0]
    target = tmp_path / "wire.txt"
    target.write_text(WIRE + lead)
    findings = check(target, select="D1")
    assert lines(findings) == [(9, "D101")] and findings[0]["related"][0]["line"] == 1
    assert findings[0]["end_line"] == 12
    assert "run into the end of this paragraph repeats paragraph at line 1 (word for word" \
        in findings[0]["message"]


def test_a_repeated_sentence_is_one_sentence_across_abbreviations(tmp_path):
    """"Corp." and "U.S." end no sentence: split there, the repeated sentence's parts were
    each under min-words. (Paragraphs of a line each: a copy ends no other paragraph.)"""
    sentence = ("The Federal Deposit Insurance Corp. (FDIC) said two Texas banks were closed "
                "by U.S. Bank Regulators on Friday, making a total of 40 failures of insured "
                "banks this year.")
    target = tmp_path / "wire.txt"
    target.write_text(f"{sentence} Depositors of both banks will be paid in full by the "
                      f"agency over the coming weeks, officials added.\n\nFourteen of the 40 "
                      f"have been in Texas.\n\n{sentence} The FDIC gave no other details "
                      f"about the two institutions or their owners and declined to comment.\n")
    findings = check(target, select="D1")
    assert lines(findings) == [(5, "D103")] and findings[0]["related"][0]["line"] == 1


# The lead of WIRE lightly edited: "also" inserted, "closed" made "shut".
EDITED_LEAD = ("The Federal Deposit Insurance Corp.\n"
               "(FDIC) said two Texas banks were also shut by U.S. bank\n"
               "regulators, making a total of 40 failures of federally insured\n"
               "financial institutions so far this year.\n")


def test_an_edited_copy_run_into_a_later_paragraph_is_a_near_copy(tmp_path):
    """Pasted with no indent, the copy ends the paragraph above it, which is longer than
    the copy by its own text: D102 compares the paragraph's last lines with the lead."""
    target = tmp_path / "wire.txt"
    target.write_text(WIRE + EDITED_LEAD)
    findings = check(target, select="D1")
    assert lines(findings) == [(9, "D102")]  # not also D103: the copy is one finding
    finding = findings[0]
    assert finding["related"][0]["line"] == 1
    assert "run into the end of this paragraph" in finding["message"]
    assert finding["properties"]["run_in"] is True
    assert 0.82 <= finding["properties"]["similarity"] < 1.0
    assert (finding["line"], finding["end_line"]) == (9, 12)  # the copy, not its host


def test_a_run_in_copy_is_fixed_by_dropping_only_the_copy(tmp_path):
    target = tmp_path / "wire.txt"
    target.write_text(WIRE + EDITED_LEAD)
    result = run_cli("fix", "--unsafe-fixes", "--select", "D102", target)
    assert result.code in (0, 1), result.err
    assert target.read_text() == WIRE


def test_an_edited_copy_run_into_its_own_original_is_found(tmp_path):
    """A copy pasted right under its original, with no blank line between, makes one
    paragraph of both: its last lines nearly repeat its first."""
    paragraph = ("The council approved the new budget on Tuesday after a long debate\n"
                 "about road repairs, school funding and the future of the library in\n"
                 "the town centre.\n")
    copy = ("The council approved the budget on Tuesday after a long debate\n"
            "about road repairs, school funding and the future of the old library in\n"
            "the town centre.\n")
    target = tmp_path / "news.txt"
    target.write_text("Budget passed\n\n" + paragraph + copy + "\nThe mayor was pleased.\n")
    findings = check(target, select="D1")
    assert lines(findings) == [(6, "D102")]
    assert findings[0]["related"][0]["line"] == 3
    assert "repeats the text at line 3" in findings[0]["message"]


def test_a_copy_under_a_short_line_is_located_at_the_copy(tmp_path):
    """Pasted under a one-line paragraph, the copy and that line are one paragraph that
    D102 finds as a whole: its last lines are closer to the original, and the finding
    starts at the copy."""
    target = tmp_path / "post.txt"
    target.write_text("Sinus surgery\n\n" + WIRE.split("    ")[0] + "\nI am 42.\n" + EDITED_LEAD)
    findings = check(target, select="D1")
    assert lines(findings) == [(9, "D102")]
    assert findings[0]["properties"]["run_in"] is True


def test_an_exact_copy_of_a_wrapped_paragraph_stays_d101s(tmp_path):
    lead = WIRE.split("    ")[0]
    target = tmp_path / "wire.txt"
    target.write_text(lead + "\nThe regulators gave no other details of the two banks.\n\n"
                      + lead)
    assert lines(check(target, select="D1")) == [(8, "D101")]


def test_a_record_of_one_paragraph_holding_a_copy_of_itself_is_checked(tmp_path):
    """A JSONL record whose text is one block: its lead, edited, pasted under it again."""
    text = WIRE.split("    ")[0] + EDITED_LEAD
    target = tmp_path / "wire.jsonl"
    target.write_text(json.dumps({"id": "r1", "text": text}) + "\n")
    findings = check(target, select="D1")
    assert [(f["code"], f["properties"]["run_in"]) for f in findings] == [("D102", True)]


# WIRE with its indents lost: a story of one block of lines, no mark where a paragraph starts
BLOCK = WIRE.replace("\n    ", "\n")
LEAD, FOURTEEN, PAY_OFF = (WIRE.split("    ")[0], "    " + WIRE.split("    ")[1],
                           "    " + WIRE.split("    ")[2])


@pytest.mark.parametrize("copy, code", [(EDITED_LEAD, "D102"), (WIRE.split("    ")[0], "D101")])
def test_a_copy_pasted_inside_a_block_of_lines_is_found_where_it_is(tmp_path, copy, code):
    """Hard-wrapped text laid out with no break between paragraphs: a copy of the lead
    pasted between two later paragraphs is inside the block, lines of it after the copy.
    D101/D102 report the copy's lines alone, pointing at the lead."""
    text = (LEAD + FOURTEEN + copy + PAY_OFF).replace("\n    ", "\n")
    target = tmp_path / "wire.txt"
    target.write_text(text)
    findings = check(target, select="D1")
    assert lines(findings) == [(7, code)]  # not also D103's repeated sentences
    finding = findings[0]
    assert (finding["line"], finding["end_line"]) == (7, 10)
    assert finding["related"][0]["line"] == 1
    assert "inside this paragraph" in finding["message"]
    assert finding["properties"]["run_in"] is True
    result = run_cli("fix", "--unsafe-fixes", "--select", code, target)
    assert result.code in (0, 1), result.err
    assert target.read_text() == (LEAD + FOURTEEN + PAY_OFF).replace("\n    ", "\n")


def test_a_copy_pasted_with_no_break_after_it_opens_the_next_paragraph(tmp_path):
    """Blank-line layout, the copy pasted above a paragraph with no blank line between
    them: the paragraph's first lines copy the lead; reported there, not the paragraph."""
    paragraphs = [p.replace("    ", "") for p in (LEAD, FOURTEEN, EDITED_LEAD + PAY_OFF)]
    target = tmp_path / "wire.txt"
    target.write_text("\n".join(paragraphs))
    findings = check(target, select="D1")
    assert lines(findings) == [(9, "D102")]
    assert (findings[0]["end_line"], findings[0]["related"][0]["line"]) == (12, 1)
    assert "opening this paragraph" in findings[0]["message"]
    result = run_cli("fix", "--unsafe-fixes", "--select", "D102", target)
    assert result.code in (0, 1), result.err
    assert target.read_text() == "\n".join(paragraphs[:2] + [PAY_OFF.replace("    ", "")])


def test_a_paragraph_opening_like_the_one_above_about_another_subject_is_no_copy(tmp_path):
    """NEWS entries that say the same of two commands: the second opens with another
    subject and goes on, which no pasted copy does."""
    target = tmp_path / "NEWS.txt"
    target.write_text(
        "Bug fixes\n\n"
        "ls no longer tries to automount files, reverting to the behavior\n"
        "before the statx() call was introduced in coreutils-8.32.\n\n"
        "stat no longer tries to automount files by default, reverting to the\n"
        "behavior before the statx() call was introduced in coreutils-8.32.\n"
        "Only `stat --cached=never` will continue to automount files.\n")
    assert lines(check(target, select="D1")) == []


SONG = ("We walked along the river when the summer light was long,\n"
        "and every field was golden and the blackbird had a song.\n"
        "Oh, carry me back to the valley where the morning rivers run,\n"
        "carry me back to the cottage that stands against the sun.\n"
        "The winter came too early and the barley never grew,\n"
        "the mill was closed by autumn and the bailiff's letters too.\n"
        "Oh, carry me back to the valley where the morning rivers run,\n"
        "carry me back to the cottage that stands against the sun.\n"
        "My father left for London and my mother never said\n"
        "a word about the money or the tears she must have shed.\n"
        "Oh, carry me back to the valley where the morning rivers run,\n"
        "carry me back to the cottage that stands against the sun.\n")


def test_a_block_repeating_a_refrain_twice_reports_both_repeats(tmp_path):
    """The block search reports one copy per block; the sentences repeated outside it are
    still D103's (before, a block holding a copy was left out of D103 as a whole)."""
    target = tmp_path / "song.txt"
    target.write_text("The Road Home\n\n" + SONG)
    findings = check(target, select="D1")
    assert lines(findings) == [(9, "D101"), (13, "D103")]
    assert all(f["related"][0]["line"] == 5 for f in findings)


@pytest.mark.parametrize("text", [
    # parallel sentences of one paragraph, written on from the first
    "A full build of dbus, with all regression tests enabled and run, depends on GLib\n"
    "and on its whole test suite. A full build of GLib, with all regression tests\n"
    "enabled and run, depends on dbus and on its whole test suite too, as it happens.\n",
    # items of a list that look alike
    "Changes in this release:\n"
    "* src/net.c (print_getsockopt): print only the integer value of every option\n"
    "  when the length given is larger than the size of an int, as before.\n"
    "* src/net.c (print_setsockopt): print only the integer value of every option\n"
    "  when the length given is larger than the size of an int, as before.\n",
    # entries of a changelog that say the same of two functions
    "\t* array.c (sort_up_value_string): If either arg is not a Node_val,\n"
    "\tcall out to sort_up_value_type instead. If cmp_strings returns zero,\n"
    "\tfall back to sort_up_index_string as a tie-breaker.\n"
    "\t(sort_up_value_number): If either arg is not a Node_val, call out to\n"
    "\tsort_up_value_type instead. If cmp_strings returns zero, fall back\n"
    "\tto sort_up_index_string as a tie-breaker.\n"
    "\t(do_sort_up_value_type): Renamed from sort_up_value_type.\n",
    # two deals stated alike, with their own figures
    "The company said the options can be exercised at 10 dlrs a share until\n"
    "the end of the year, subject to the approval of its shareholders.\n"
    "The second series of options can be exercised at 12 dlrs a share until\n"
    "the end of the year, subject to the approval of its shareholders.\n"
    "The company gave no other details of the two transactions.\n",
])
def test_look_alike_parts_of_one_paragraph_are_no_run_in_copy(tmp_path, text):
    target = tmp_path / "doc.txt"
    target.write_text("Notes\n\n" + text)
    assert lines(check(target, select="D1")) == []


def test_a_signature_repeated_under_itself_is_no_run_in_copy(tmp_path):
    """Mail software that appended the signature twice: an address block of short
    lines, not a paragraph of prose pasted again."""
    signature = ("Mark Gregory Lecturer m.gregory@example.edu PH(03)6603243 FAX(03)6621060\n"
                 "Royal Melbourne Institute of Technology,\n"
                 "Department of Communication and Electronic Engineering,\n"
                 "P.O. Box 2476V, Melbourne, Victoria, 3001. AUSTRALIA.\n")
    target = tmp_path / "post.txt"
    target.write_text("Does anyone know where to get the driver for this card?\n\nThank you\n\n"
                      + signature + "--\n" + signature)
    assert lines(check(target, select="D1")) == []


def test_a_later_report_with_another_reference_is_no_run_in_copy(tmp_path):
    """The same sentence naming another message, a number the first does not state: two
    reports, not a copy (D102 allows one new figure in a re-sent paragraph; a copy run
    into another paragraph, with no break to mark it, none)."""
    first = ("Build failure when LZO is enabled was reported by Arfrever Frehtes Taifersar\n"
             "Arahesis on the development mailing list in message number 3522 of\n"
             "the archive, with a patch.\n")
    later = ("** Make building with LZO compression work again.\n"
             "Build failure when LZO is enabled was reported by Arfrever Frehtes Taifersar\n"
             "Arahesis on the development mailing list in message number 3194 of\n"
             "the archive, with a patch.\n")
    target = tmp_path / "NEWS.txt"
    target.write_text("News\n\n" + first + "\n" + later)
    assert lines(check(target, select="D1")) == []


def test_a_repeated_signature_is_no_repeated_sentence(tmp_path):
    signature = ("-- \nChintan Amin <The University of Illinois Urbana> mail: someone@example.edu\n"
                 "*******SIG UNDER CONSTRUCTION HARD HAT AREA********\n")
    body = ("I had the same problem with my car last winter and the dealer could not find "
            "anything wrong with the brakes at all.\n\n")
    target = tmp_path / "post.txt"
    target.write_text(body + signature + "\n> quoted reply\n\n" + body.replace("car", "van")
                      + signature)
    assert "D103" not in [code for _, code in lines(check(target, select="D1"))]


# -- D201-D204: Gopher signals --------------------------------------------------------------
SPAM = "\n".join(["Best deals on cheap flights to every city in Europe today"] * 4
                 + ["Book now and save up to fifty percent on every single ticket",
                    "Contact us for more information about our offers and prices"]) + "\n"


def test_gopher_line_signal_points_at_the_first_repeat(tmp_path):
    path = tmp_path / "spam.txt"
    path.write_text(SPAM)
    findings = check(path, select="D201")
    assert [(f["line"], f["related"][0]["line"]) for f in findings] == [(2, 1)]
    assert "3 of 6 lines" in findings[0]["message"]


def test_gopher_ngram_signals_fire_on_repetitive_text_and_point_inside_it(tmp_path):
    words = ("cheap pills best price " * 40).split()
    path = tmp_path / "pills.txt"
    path.write_text("Intro line that is not repeated anywhere at all in this text.\n"
                    + " ".join(words) + "\n")
    findings = check(path, select="D203,D204")
    assert {f["code"] for f in findings} == {"D203", "D204"}
    assert all(f["line"] == 2 for f in findings)


def test_gopher_signals_ignore_tables_logs_and_encoded_lines(tmp_path):
    log = "\n".join(f"C:\\GAMES\\FILE{i}.EXE\n   Is cross linked on allocation unit {i}"
                    for i in range(40))
    uu = "\n".join(["MAX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'"] * 40)
    (tmp_path / "log.txt").write_text(log + "\n")
    (tmp_path / "uu.txt").write_text("begin 644 picture.gif\n" + uu + "\nend\n")
    assert check(tmp_path / "log.txt", tmp_path / "uu.txt", select="D") == []


def test_gopher_limits_are_parameters(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.corpus-lint.rules.D203]\nlimits = { "2" = 2.0, "3" = 2.0, "4" = 2.0 }\n')
    words = ("cheap pills best price " * 40).split()
    (tmp_path / "p.txt").write_text(" ".join(words) + "\n")
    result = run_cli("check", "--format", "json", "--jobs", "1", "--select", "D203",
                     tmp_path / "p.txt", cwd=tmp_path)
    assert result.json()["findings"] == []


# -- D301 / D302: across documents ---------------------------------------------------------
ARTICLE = ("The regional water company confirmed on Thursday that it will raise prices by "
           "six percent from April to pay for new treatment works across the valley.")
OTHER = ("Heavy snow closed more than two hundred schools across the region on Monday "
         "morning and officials expect most of them to reopen by Wednesday.")
THIRD = ("A new cycle path linking the two villages will open in the summer after the "
         "council found extra money in its transport budget for the scheme.")


def test_cross_document_copy_points_at_the_first_file(tmp_path):
    (tmp_path / "b.txt").write_text(f"Title B\n\n{OTHER}\n\n{ARTICLE}\n")
    (tmp_path / "a.txt").write_text(f"Title A\n\n{ARTICLE}\n\n{THIRD}\n")
    edited = ARTICLE.replace("Thursday", "Friday")
    own = ("Nothing in this paragraph appears anywhere else: the ferry timetable changes on "
           "the first of June, with two extra crossings on Saturdays and a later last boat.")
    (tmp_path / "c.txt").write_text(f"Title C\n\n{THIRD.upper()}\n\n{own}\n\n{edited}\n")
    findings = check(tmp_path, select="D3", extra=("--cross-document",))
    got = sorted((Path(f["path"]).name, f["line"], Path(f["related"][0]["path"]).name,
                  f["related"][0]["line"], f["properties"]["exact"]) for f in findings)
    assert got == [("b.txt", 5, "a.txt", 3, True),
                   ("c.txt", 3, "a.txt", 5, True),
                   ("c.txt", 7, "a.txt", 3, False)]


def test_whole_document_duplicates_are_reported_once(tmp_path):
    text = f"Title\n\n{ARTICLE}\n\n{OTHER}\n\n{THIRD}\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace("  ", " ").upper())
    findings = check(tmp_path, select="D3", extra=("--cross-document",))
    assert [(f["code"], Path(f["path"]).name, f["line"]) for f in findings] == \
        [("D301", "b.txt", 1)]
    assert "exact duplicate of" in findings[0]["message"]


def test_jsonl_records_point_at_the_earlier_record(tmp_path):
    records = [{"id": 1, "text": f"{ARTICLE}\n\n{OTHER}"},
               {"id": 2, "text": f"{THIRD}"},
               {"id": 3, "text": f"Intro \u00e9\u00e8 \"quoted\"\n\n{OTHER}"}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    findings = check(path, select="D302", extra=("--cross-document",))
    assert len(findings) == 1
    finding = findings[0]
    raw = path.read_text().splitlines()
    assert finding["line"] == 3 and finding["related"][0]["line"] == 1
    # columns point at the paragraph inside the raw JSON line, escapes included
    start = raw[2].index(OTHER[:20]) + 1
    assert finding["column"] == start
    assert finding["related"][0]["column"] == raw[0].index(OTHER[:20]) + 1


def test_cross_document_rules_are_off_without_the_whole_corpus(tmp_path):
    (tmp_path / "a.txt").write_text(f"{ARTICLE}\n")
    (tmp_path / "b.txt").write_text(f"{ARTICLE}\n")
    assert check(tmp_path, select="D3", extra=("--no-cross-document",)) == []
    assert check(tmp_path, select="D3") == []  # check is per-document unless asked


def test_cross_document_results_do_not_depend_on_workers(tmp_path):
    for n in range(6):
        (tmp_path / f"d{n}.txt").write_text(f"Doc {n}\n\n{ARTICLE}\n\n{OTHER if n % 2 else THIRD}\n")
    one = run_cli("audit", "--format", "json", "--jobs", "1", "--select", "D3", tmp_path).json()
    two = run_cli("audit", "--format", "json", "--jobs", "2", "--select", "D3", tmp_path).json()
    assert one["findings"] == two["findings"] and one["findings"]


# -- building blocks ------------------------------------------------------------------------
def test_normalise_folds_case_punctuation_width_and_space():
    assert normalise("  \uff28ello,\u00a0WORLD\u2019s  \u201cbest\u201d!\n") == \
        "hello world s best"


def similarity(a, b) -> float:
    return float(minhash.jaccard_estimates(a, b))


def test_signature_estimates_track_jaccard():
    edited = ARTICLE.replace("Thursday", "Friday").replace("six", "seven")
    sigs = minhash.signatures([normalise(t) for t in (ARTICLE, ARTICLE, edited, OTHER)])
    assert similarity(sigs[0], sigs[1]) == 1.0
    assert 0.6 < similarity(sigs[0], sigs[2]) < 0.95
    assert similarity(sigs[0], sigs[3]) < 0.3
    again = minhash.signatures([normalise(ARTICLE)])
    assert (again[0] == sigs[0]).all()  # deterministic, whatever the batch


def test_lsh_picks_the_earliest_original_in_another_document():
    import numpy as np

    texts = [ARTICLE, OTHER, ARTICLE.replace("six", "seven"), ARTICLE, THIRD]
    owner = np.array([0, 0, 1, 2, 2], dtype=np.int32)
    sigs = minhash.signatures([normalise(t) for t in texts])
    hashes = np.array([minhash.exact_hash(normalise(t)) for t in texts], dtype=np.int64)
    matches = minhash.lsh_matches(sigs, hashes, owner, bands=32, rows=4, threshold=0.7)
    assert matches[3] == (0, 1.0, True)
    assert matches[2][0] == 0 and not matches[2][2]
    assert set(matches) == {2, 3}


@pytest.mark.parametrize("small", [False, True])
def test_the_disk_index_finds_what_the_in_memory_index_finds(monkeypatch, small):
    """Same matches, in row order, whether everything fits one partition or not; copies
    share hash and signature as real copies do, and some rows share a document."""
    import numpy as np

    from corpus_lint.plugins.duplicate import diskindex

    if small:  # many partitions, ranges, chunks and verification steps
        for name, value in (("PARTITION_ENTRIES", 64), ("RANGE_ROWS", 16),
                            ("_CHUNK_ROWS", 32), ("_VERIFY_STEP", 8)):
            monkeypatch.setattr(diskindex, name, value)
    rng = np.random.default_rng(3)
    texts = rng.integers(0, 4, (300, 128), dtype=np.uint8)  # few values: many near pairs
    hashes = rng.integers(0, 300, 400)
    owner = np.sort(rng.integers(0, 100, 400)).astype(np.int32)
    table = diskindex.DiskTable()
    for row, text in enumerate(hashes):
        table.extend([text], texts[text][None, :], int(owner[row]), [(row, 1, row, 2)])
    expected = minhash.lsh_matches(texts[hashes], hashes, owner, bands=32, rows=4,
                                   threshold=0.3)
    got = list(table.matches(32, 0.3))
    assert len(got) > 100 and any(not exact for *_, exact in got)
    assert got == [(j, *expected[j]) for j in sorted(expected)]
    assert table.row(7) == (int(hashes[7]), int(owner[7]), (7, 1, 7, 2))
    table.close()


def test_scripts_without_spaces_are_compared_by_characters(tmp_path):
    first = "市议会周二晚上经过将近五个小时的辩论后批准了港口重建计划，支持者说新码头将带来数百个工作岗位。"
    other = "反对者警告说，疏浚旧航道的费用至少被低估了三分之一，首批合同预计将在春季签订。"
    edited = first.replace("周二", "周三")
    path = tmp_path / "zh.txt"
    path.write_text(f"{first}\n\n{other}\n\n{first}\n\n{edited}\n")
    findings = check(path, select="D1")
    assert [(f["code"], f["line"], f["related"][0]["line"]) for f in findings] == \
        [("D101", 5, 1), ("D102", 7, 1)]
    short = tmp_path / "short.txt"
    short.write_text("图片来源\n\n正文内容在这里，讲述了一个很长的故事。\n\n图片来源\n")
    assert check(short, select="D1") == []


def test_fenced_code_repeats_are_not_prose_duplicates(tmp_path):
    code = "```rust\nfn main() {\n    let total = items.iter().map(|item| item.price * item.count).sum::<u32>();\n}\n```"
    changed = code.replace("u32", "u64")
    prose = ("The compiler now accepts this form in every edition, which removes one of the "
             "most common complaints from new users.")
    path = tmp_path / "post.md"
    path.write_text(f"---\ntitle: x\n---\n{code}\n\n{prose}\n\n{changed}\n\n{code}\n\n{prose}\n")
    findings = check(path, select="D1")
    assert [(f["code"], f["line"]) for f in findings] == [("D101", 24)]


def test_a_table_row_repeated_in_another_table_is_no_prose_duplicate(tmp_path):
    """The same goal listed in two tables is the tables' design; the same words as prose
    are still a repeat."""
    row = ("| [Stabilise the new trait solver](https://example.org/goals/solver.html) "
           "| Jane Doe | compiler, types |")
    prose = ("Stabilise the new trait solver, led by Jane Doe with the compiler and types "
             "teams, is the largest goal of the half year and the one most users will notice.")
    path = tmp_path / "goals.md"
    path.write_text(f"# Goals\n\n| Goal | Contact | Teams |\n| :-- | :-- | :-- |\n{row}\n\n"
                    f"{prose}\n\n| Goal | Contact | Teams |\n| :-- | :-- | :-- |\n{row}\n\n"
                    f"{prose}\n")
    assert [(f["code"], f["line"]) for f in check(path, select="D1")] == [("D101", 13)]


def _document(text: str):
    from corpus_lint.documents.document import Document
    from corpus_lint.documents.sourcemap import TextSourceMap

    return Document(path="a.txt", text=text, source_map=TextSourceMap(text))


def _code(text: str) -> frozenset[int]:
    """The paragraphs every family reads as code (``layout.document_code``)."""
    from corpus_lint.documents.layout import document_code

    return document_code(_document(text))


def test_an_indented_table_is_a_table_whatever_else_the_document_holds():
    """The cheap test before ``fenced_code`` lets every table through, so a table under a
    list item is not compared with or without an HTML tag elsewhere in the document."""
    text = "Intro line here.\n\n  | a | b |\n  | c | d |\n\nEnd.\n"
    for document in (text, text + "\n<br>\n"):
        assert 1 in _code(document)


def test_liquid_code_blocks_are_code():
    """A Jekyll post shows its code between Liquid tags, not Markdown fences: the block is
    code whether its lines follow the tag at once or after blank lines; the prose after
    the closing tag is prose again, and "{% include %}" opens no block."""
    text = ("It offers support for code snippets:\n\n{% highlight ruby %}\ndef hi(name)\n"
            "  puts \"Hi, #{name}\"\nend\n{% endhighlight %}\n\n{%- highlight python linenos -%}"
            "\n\nprint('hi')\n\n{%- endhighlight -%}\n\nSee the docs.\n\n"
            "{% include footer.html %}\n\nThe end.\n")
    paragraphs = _document(text).paragraphs
    code = _code(text)
    assert [p.text.split("\n")[0] for p in paragraphs if p.index not in code] == [
        "It offers support for code snippets:", "See the docs.", "{% include footer.html %}",
        "The end."]


def test_restructuredtext_literal_blocks_are_code():
    """A package's reStructuredText shows its examples as a code directive or after a
    "::", indented: those paragraphs are code (the directive line too), up to the first
    paragraph indented no deeper; a rule of colons opens no block."""
    text = ("List the objects by date:\n\n.. code-block:: python\n\n    import boto3\n"
            "    s3 = boto3.client('s3')\n\n    for key in s3.list('2022-01-05 08:05:37'):\n"
            "        print(key)\n\nOr from the shell::\n\n    $ aws s3 ls\n\n"
            "That is all.\n\n::::::::::::::::\n\n    An indented newsletter line.\n")
    paragraphs = _document(text).paragraphs
    code = _code(text)
    prose = ("List the objects", "Or from the shell", "That is all", ":::", "An indented")
    assert [p.text.startswith(prose) for p in paragraphs if p.index not in code] == [True] * 5
    assert {p.text.split("\n")[0] for p in paragraphs if p.index in code} >= {
        ".. code-block:: python", "import boto3", "$ aws s3 ls"}


def test_a_python_session_is_code_and_a_mail_quote_is_no_table():
    """">>> " with code after it opens a doctest, its output lines included; a reply quoted
    three levels deep (">>> I think") and "|> " quoted lines are text."""
    session = ("Localise first:\n\n>>> loc = eastern.localize(datetime(2002, 10, 27, 6))\n"
               ">>> print(loc.strftime(fmt))\n2002-10-27 06:00:00 EST-0500\n\nThen convert.\n")
    paragraphs = _document(session).paragraphs
    code = _code(session)
    assert [p.text.startswith(("Localise", "Then")) for p in paragraphs if p.index in code] \
        == [False] * len(code) and len(code) >= 1
    assert any("EST-0500" in p.text for p in paragraphs if p.index in code)
    for text in ("Intro.\n\n>>> I think you are right about that\n\nEnd.\n",
                 "Intro.\n\n|> You must be joking.\n|> Ed.\n\nEnd.\n"):
        assert _code(text) == frozenset(), text


def test_repeated_html_comments_are_markup_not_duplicates(tmp_path):
    hint = "<!-- this comment helps to convince the markdown parser to do the right thing -->"
    path = tmp_path / "page.md"
    path.write_text(f"Intro text.\n\n{hint}\n\nSome prose in between here.\n\n{hint}\n")
    assert check(path, select="D") == []


_REPEATED = ("The harbour authority said on Monday that the new container terminal would open "
             "in the spring, two years later than planned, because the dredging of the channel "
             "had taken far longer than the engineers expected and the cranes ordered from "
             "abroad had been delayed by a strike at the factory.")
_OTHERS = ("Shipping companies have complained for months about the queues of vessels waiting "
           "outside the port.",
           "Local fishermen, who use the old quay, welcomed the delay, saying the works had "
           "already driven away much of the catch they depend on.")


def _repeated_paragraph_document(directive: str = "") -> str:
    return "\n\n".join([_REPEATED, _OTHERS[0], directive + _REPEATED, _OTHERS[1]]) + "\n"


def test_one_defect_one_finding(write):
    """Issue 14, item 8: a repeated paragraph is one D101, not also D201/D202/D204 on the
    same span; suppressing the D101 silences all of it; without D101 the signals report."""
    root = write({"a.txt": _repeated_paragraph_document(),
                  "b.txt": _repeated_paragraph_document(
                      "<!-- corpus-lint: disable-next=D101 -->\n")})
    payload = run_cli("check", "--no-cache", "--format", "json", "--select", "duplicate",
                      ".", cwd=root).json()
    assert [(f["path"], f["code"]) for f in payload["findings"]] == [("a.txt", "D101")]
    assert payload["summary"]["suppressed"] == 1
    alone = run_cli("check", "--no-cache", "--format", "json", "--select", "D2", "a.txt",
                    cwd=root).json()
    assert {f["code"] for f in alone["findings"]} >= {"D202", "D204"}


def test_d203_takes_the_most_frequent_ngram_not_one_long_token(tmp_path):
    # datatrove's find_top_duplicate: the most common n-gram; a 240-character token seen
    # once (whose n-grams cover the most characters) must not hide a repeated phrase
    token = "x" * 240
    filler = ("The committee met again on Thursday to discuss the new plan for the "
              "river crossing and the cost of the bridge")
    repeated = "\n".join(["buy cheap pills now online today"] * 15)
    path = tmp_path / "a.txt"
    path.write_text(f"{filler} {token} again.\n{repeated}\n", encoding="utf-8")
    (tmp_path / "corpus-lint.toml").write_text("[rules.D203]\nmin-line-words = 1\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D203",
                     "a.txt", cwd=tmp_path)
    (finding,) = result.json()["findings"]
    assert finding["line"] == 3 and "occurs 15 times" in finding["message"]


def test_thousands_separators_keep_a_number_whole(tmp_path):
    # "45,000" was normalised to "45 000": every figure in a table shared the word "000",
    # and "000 vs" looked like a repeated phrase
    rows = [f"Sales in region {name} rose to {n},000 tonnes vs {n + 7},000 tonnes"
            for name, n in zip("ABCDEFGHIJKLMNOP", range(11, 27))]
    (tmp_path / "a.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D203,D204",
                     "a.txt", cwd=tmp_path)
    assert [f["message"] for f in result.json()["findings"]
            if "000" in f["message"]] == []
    assert normalise("Net 45,000 vs 3.5 dlrs.") == "net 45,000 vs 3.5 dlrs"


def test_a_signature_after_the_delimiter_is_not_a_repeated_phrase(tmp_path):
    body = ("We played the match on Sunday and the new goalkeeper saved two penalties in "
            "the second half, which nobody in the club had expected after the training week.")
    art = "\n".join(["  o o o o o o o o    Jo Bloggs    o o o o o o o o o o"] * 4)
    for name, text in (("sig.txt", f"{body}\n\n--\n{art}\n"), ("art.txt", f"{body}\n\n{art}\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D203,D204",
                     "sig.txt", "art.txt", cwd=tmp_path)
    assert sorted({f["path"] for f in result.json()["findings"]}) == ["art.txt"]


def test_rows_stating_other_figures_are_not_near_copies(tmp_path):
    # a wire story listing bond tranches one per paragraph: the same sentence, other
    # figures (96% alike); a re-sent paragraph keeps its figures and stays a near copy
    tranches = [
        "A tranche of 100 mln dlrs carries a coupon of 7-1/4 pct, is due 1992 "
        "and was priced at 99.85 to yield 7.29 pct, the lead manager said.",
        "A tranche of 100 mln dlrs carries a coupon of 7-3/8 pct, is due 1994 "
        "and was priced at 99.65 to yield 7.41 pct, the lead manager said.",
    ]
    resent = ("A tranche of 100 mln dlrs carries a coupon of 7-1/4 pct, is due 1992 "
              "and was priced at 99.85 to yield 7.29 pct, the lead manager told reporters.")
    (tmp_path / "bonds.txt").write_text("\n\n".join(tranches) + "\n", encoding="utf-8")
    (tmp_path / "resent.txt").write_text(tranches[0] + "\n\n" + resent + "\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D102",
                     "bonds.txt", "resent.txt", cwd=tmp_path)
    assert [(f["path"], f["line"]) for f in result.json()["findings"]] == [("resent.txt", 3)]


def test_a_copy_that_dropped_the_commas_of_its_figures_keeps_its_facts(tmp_path):
    """"800,000" and "800000" are one figure: a copy that lost its commas (figures and
    all) states no other number, and is a near copy."""
    first = ("Control Resource Industries Inc said the company estimates 1986 earnings to "
             "be between 800,000 and 900,000 dlrs, or 22 to 25 cts per share, compared "
             "with 852,000 dlrs, or 33 cts per share, during 1985.")
    target = tmp_path / "wire.txt"
    target.write_text(f"Earnings\n\n{first}\n\nRevenues were not given.\n\n"
                      f"{first.replace(',', '')}\n")
    assert lines(check(target, select="D1")) == [(7, "D102")]

