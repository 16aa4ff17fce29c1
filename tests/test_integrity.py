"""Integrity family: bytes and encodings (I101-I103, I109), characters (I105-I108, I111),
size (I104, I112) and truncation (I110), beyond the rule examples."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from corpus_lint.plugins.integrity.characters import first_badness

PROSE = "The committee said the findings would be discussed with the ministers"


def findings(root, *paths, select="integrity"):
    result = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1",
                     "--select", select, *paths, cwd=root)
    assert result.code in (0, 1), result.err
    return result.json()["findings"]


def where(found):
    return [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in found]


def only(root, path, code):
    (finding,) = [f for f in findings(root, path) if f["code"] == code]
    return finding


# I101 undecodable-bytes, I102 not-utf8, I103 binary-file, I109 line-endings


def test_undecodable_bytes_point_at_the_first_bad_byte_and_count_all(write):
    root = write({"a.txt": "ok\nLe caf\u00e9 ferm\u00e9.\n".encode("latin-1")})
    (finding,) = findings(root, "a.txt")
    assert where([finding]) == [("I101", 2, 7, 2, 8)]
    assert "(byte 0xE9); 2 undecodable bytes in the file; it looks like Windows-1252" \
        in finding["message"]
    assert finding["properties"] == {"undecodable_bytes": 2}


def test_one_undecodable_byte_is_singular(write):
    root = write({"a.txt": "Le caf\u00e9.\n".encode("latin-1")})
    (finding,) = findings(root, "a.txt")
    assert "; 1 undecodable byte in the file;" in finding["message"]


def test_utf8_cut_in_a_character_at_the_end(write):
    root = write({"a.txt": b"abc\xe2\x80"})
    (finding,) = findings(root, "a.txt")
    assert (finding["code"], finding["line"], finding["column"]) == ("I101", 1, 4)
    assert "unexpected end of data (bytes 0xE2 0x80)" in finding["message"]


def test_replacement_characters_are_left_to_i101_when_bytes_did_not_decode(write):
    root = write({"a.txt": "caf\u00e9 ".encode("latin-1") + "\ufffd ok.\n".encode("utf-8"),
                  "b.txt": "caf\ufffd \ufffd ok.\n"})
    assert [f["code"] for f in findings(root, "a.txt")] == ["I101"]
    (finding,) = findings(root, "b.txt")
    assert where([finding]) == [("I108", 1, 4, 1, 5)]
    assert finding["message"].startswith("Replacement character U+FFFD (2 in the document)")


@pytest.mark.parametrize("data,what", [
    ("A note.\n".encode("utf-8-sig"), "UTF-8 with a byte-order mark"),
    (b"\xff\xfe" + "A note.\n".encode("utf-16-le"), "UTF-16-LE, not UTF-8"),
])
def test_byte_order_marks_name_the_encoding(write, data, what):
    root = write({"a.txt": data})
    assert [(f["code"], f["message"]) for f in findings(root, "a.txt")] == [
        ("I102", f"File is {what}; it was decoded from its byte-order mark.")]


def test_a_stray_nul_in_a_long_text_is_a_control_character_not_a_binary_file(write):
    prose = "A line of ordinary prose that a corrupted copy of the corpus carried.\n" * 20
    root = write({"a.txt": prose + "Here a NUL\x00 slipped into the text.\n" + prose})
    assert [(f["code"], f["line"]) for f in findings(root, "a.txt")] == [("I106", 21)]


def test_a_form_feed_between_pages_is_a_page_break_one_inside_a_line_is_reported(write):
    """RFCs and GNU's NEWS files put a form feed on a line of its own between pages or
    sections; inside a line of text it is a stray control character."""
    page = PROSE + ".\n\n"
    root = write({"pages.txt": page + "\x0c\n" + page + "\x0cSection two\n\n" + page + "\x0c",
                  "stray.txt": page + "The total was\x0cforty.\n"})
    assert findings(root, "pages.txt") == []
    assert [(f["code"], f["line"]) for f in findings(root, "stray.txt")] == [("I106", 3)]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_utf16(write, encoding):
    """A NUL beside every character: UTF-16 saved without its mark, decoded and checked
    (its cut last paragraph is found), not a binary file."""
    text = ("A UTF-16 file saved without its mark by an old editor.\n\n" * 4
            + "The committee said the findings would be discussed with the")
    root = write({"a.txt": text.encode(encoding)})
    assert [(f["code"], f["message"]) for f in findings(root, "a.txt")] == [
        ("I102", f"File is {encoding.upper()}, not UTF-8; it was decoded from the NUL byte "
                 "beside each of its characters (it has no byte-order mark)."),
        ("I110", "Document looks cut off mid-sentence: it ends on the word 'the'.")]


def test_small_16_bit_numbers_are_binary_not_utf16(write):
    numbers = bytes(b for n in range(3000) for b in ((n * 7919) % 97 + 1, 0))
    root = write({"a.txt": numbers})
    assert [f["code"] for f in findings(root, "a.txt")] == ["I103"]


def test_binary_file_is_reported_and_not_checked_further(write):
    root = write({"a.txt": b"\x00\x01\x02PNG\x00\x00\x07 ends with ("})
    assert [(f["code"], f["line"], f["message"]) for f in findings(root, "a.txt")] == [
        ("I103", 1, "File is binary (NUL or control bytes), not text; it was not checked "
                    "further.")]


@pytest.mark.parametrize("data,message", [
    (b"a\rb\rc\r", "Non-LF line endings (3 CR)."),
    (b"a\r\nb\nc\r\n", "Mixed line endings (2 CRLF, 1 LF)."),
    (b"a\r\nb\rc", "Mixed line endings (1 CR, 1 CRLF)."),
    (b"a\nb\n", None),
    (b"a\r\nb\r\n", None),  # CRLF throughout: a consistent Windows file
])
def test_line_endings_are_counted_by_kind(write, data, message):
    root = write({"a.txt": data})
    assert [f["message"] for f in findings(root, "a.txt", select="I109")] == \
        ([message] if message else [])


def test_crlf_throughout_is_reported_when_not_allowed(write):
    root = write({"a.txt": b"a\r\nb\r\n",
                  "corpus-lint.toml": "[rules.I109]\nallow-crlf = false\n"})
    assert [f["message"] for f in findings(root, "a.txt", select="I109")] == \
        ["Non-LF line endings (2 CRLF)."]


# I104 empty-document, I112 oversized-document


def test_empty_body_after_front_matter_and_empty_record(write):
    root = write({"a.md": "---\ntitle: T\ndate: 2020-01-01\n---\n",
                  "b.txt": " \n\t\n",
                  "r.jsonl": json.dumps({"text": "A."}) + "\n" + json.dumps({"text": ""}) + "\n"})
    found = findings(root, ".", select="I104")
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        ("a.md", 5, "Document body is empty."),
        ("b.txt", 1, "Document body is only whitespace."),
        ("r.jsonl", 2, "Document body is empty.")]


def test_broken_front_matter_is_not_an_empty_body(write):
    root = write({"a.md": "---\ntitle: [unclosed\n---\n"})
    assert [f["code"] for f in findings(root, "a.md", select="I104,M108")] == ["M108"]


def test_oversized_document_still_gets_integrity_and_metadata_rules(write):
    root = write({"corpus-lint.toml": "max-document-chars = 50\n",
                  "a.txt": "A very long document\u0007 that keeps going well past the limit.\n"})
    found = findings(root, "a.txt", select="I112,I106,M101")
    assert sorted(f["code"] for f in found) == ["I106", "I112", "M101"]
    (oversized,) = [f for f in found if f["code"] == "I112"]
    assert oversized["message"].startswith(
        "Document has 60 characters, more than max-document-chars (50):")


# I105 mojibake, I106 control-characters, I107 invisible-characters, I111 html-entities


def test_mojibake_is_reported_in_the_paragraph_that_has_it(write):
    root = write({"a.txt": "Le café est fermé.\n\nThe mayorâ€™s office welcomed it.\n"})
    (finding,) = findings(root, "a.txt", select="I105")
    assert (finding["line"], finding["column"]) == (3, 10)
    assert finding["message"].startswith("Mojibake: 'â€' in 'The mayorâ€™s office ' looks like "
                                         "UTF-8 decoded with a legacy encoding")


def test_accented_text_and_what_ftfy_would_not_repair_are_not_mojibake(write):
    root = write({"a.txt": "Le café est fermé. Ãrbol? Déjà vu, naïve façade.\n",
                  "b.txt": "A dose of 5 µÂ was given.\n"})  # looks bad, but fix_encoding keeps it
    assert findings(root, ".", select="I105") == []


_MOJIBAKE_CHARS = "".join(sorted(set("".join(MOJIBAKE_CATEGORIES.values())) - {"-"}))


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Z.,!\n\t" + "ÃÂâ€™œ£´©ГўВЂβ×²√±" + _MOJIBAKE_CHARS),
               max_size=60))
def test_badness_searched_around_non_ascii_is_the_whole_search(text):
    """first_badness (windows around non-ASCII runs) finds what BADNESS_RE.search finds: its
    alternatives each need a non-ASCII character and match at most 7 characters."""
    expected, found = BADNESS_RE.search(text), first_badness(BADNESS_RE, text)
    assert (found and (found.span(), found.group())) == (expected and (expected.span(),
                                                                       expected.group()))


def test_badness_pattern_is_ftfys_without_importing_the_package():
    code = ("import sys\n"
            "from corpus_lint.plugins.integrity.characters import badness_pattern\n"
            "found = badness_pattern()\n"
            "print('ftfy' in sys.modules)\n"
            "from ftfy.badness import BADNESS_RE\n"
            "print((found.pattern, found.flags) == (BADNESS_RE.pattern, BADNESS_RE.flags))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_badness_windows_far_apart_and_close_together():
    for text in ("x" * 40 + "Ã©" + "y" * 40 + "Â£", "£" + " " * 12 + "£ abc â€™", "ГўВЂВ.a",
                 "prose " * 20 + "caf\u00e9 " + "words " * 3 + "Ã " + "end"):
        expected = BADNESS_RE.search(text)
        found = first_badness(BADNESS_RE, text)
        assert expected and found.span() == expected.span()
    assert first_badness(BADNESS_RE, "plain ascii only") is None


def test_control_characters_first_position_and_count(write):
    root = write({"a.txt": "Tab\tis fine.\nBell\u0007 and C1\u0096 and DEL\u007f.\n"})
    (finding,) = findings(root, "a.txt", select="I106")
    assert where([finding]) == [("I106", 2, 5, 2, 6)]
    assert finding["message"] == "Control character U+0007 in the text (3 in the document)."


def test_invisible_characters_name_the_character_and_skip_a_leading_bom(write):
    root = write({"r.jsonl": json.dumps({"text": "\ufeffHello \u200b there."}) + "\n"
                             + json.dumps({"text": "\ufeffHello."}) + "\n",
                  "bidi.txt": "Price: \u202e001$ today.\n",
                  "emoji.txt": "A family \U0001F468\u200d\U0001F469\u200d\U0001F467 here.\n"})
    found = findings(root, ".", select="I107")
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        ("bidi.txt", 1, "Invisible character U+202E RIGHT-TO-LEFT OVERRIDE (1 in the document)."),
        ("r.jsonl", 1, "Invisible character U+200B ZERO WIDTH SPACE (2 in the document).")]


def test_byte_order_mark_inside_the_text(write):
    root = write({"a.txt": "Joined\ufefftext.\n"})
    (finding,) = findings(root, "a.txt", select="I107")
    assert (finding["column"], finding["message"]) == (
        7, "Invisible character U+FEFF BYTE ORDER MARK (1 in the document).")


def test_html_entities_first_one_decoded_and_counted(write):
    root = write({"a.txt": "Fish & chips, AT&T;\nThe caf&#xE9; &amp; the bar&hellip;\n"})
    (finding,) = findings(root, "a.txt", select="I111")
    assert where([finding]) == [("I111", 2, 8, 2, 14)]
    assert finding["message"] == ("HTML entity '&#xE9;' (for 'é') left undecoded in plain "
                                  "text (3 in the document).")


def test_character_references_in_markdown_are_markup_not_defects(write):
    text = "The caf&#233; &mdash; and <b>&quot;the bar&quot;</b> &lt;main&gt;\n"
    root = write({"a.md": text, "b.markdown": text, "c.txt": text})
    assert [f["path"] for f in findings(root, ".", select="I111")] == ["c.txt"]


def test_unknown_named_entities_and_bare_ampersands_are_not_reported(write):
    root = write({"a.txt": "Fish & chips &foo; R&D; &#1 and &x;\n"})
    assert findings(root, "a.txt", select="I111") == []


# I110 truncated-document


@pytest.mark.parametrize("ending,reason,word", [
    (" of", "it ends on the word 'of'", "of"),
    (" and the", "it ends on the word 'the'", "the"),
    (", said he", "it ends on the word 'he'", "he"),
    (",", "it ends on ','", "ministers,"),
    (" negotia-", "it ends on 'negotia-'", "negotia-"),
    (" (as agreed in", "it ends on the word 'in'", "in"),
    (" (as agreed last week", "a parenthesis opened in the last sentence is never closed",
     "week"),
])
def test_cut_off_reasons_and_position_of_the_last_word(write, ending, reason, word):
    text = PROSE + ending
    root = write({"a.txt": "Title\n\n" + text + "\n"})
    (finding,) = findings(root, "a.txt", select="I110")
    assert (finding["line"], finding["column"], finding["end_column"]) == (
        3, text.rindex(word) + 1, len(text) + 1)
    assert finding["message"] == f"Document looks cut off mid-sentence: {reason}."


@pytest.mark.parametrize("last", [
    PROSE + " in May",                                   # a capitalised word ends a date line
    PROSE + " (as agreed). Then they left (at noon).",   # the parenthesis was closed
    "Total 12,30 45,10 77,25 13,50 99,90 18,00 22,75 31,40 rest,",  # not prose
    "Short last line of",                                # fewer than min-words words
    "Officials (from three ministries met. They discussed the budget at length today",
    # a signature's drawing and a sign-off between dashes
    "Thanks to all who wrote in with the answer to my question about the\n"
    "  \\(o/  |  the network folks\n   J o H n   S m I t H  \\______|",
    "Thanks to all who wrote in with the answer to my question about it\n"
    "-)(- All things that are, are lights -)(-",
    "Thanks to all who wrote in with the answer to my question about it\n"
    "Department of Physics           -Jo Smith-",
])
def test_endings_that_are_not_cut_off(write, last):
    root = write({"a.txt": "A first paragraph that ends well.\n\n" + last + "\n"})
    assert findings(root, "a.txt", select="I110") == []


STORY = ("Minister resigns\n\n"
         "The minister resigned on Monday after a week of pressure over the budget.\n\n"
         "Her deputy will take over until a new appointment is made next month.\n\n"
         "Opposition leaders said the resignation was long overdue and called for an inquiry.\n\n")


def test_a_last_paragraph_cut_after_a_whole_word_where_the_others_end_sentences(write):
    """A cut between two words leaves no dangling word; the document's own paragraphs
    all end with a stop, and its last one does not."""
    last = ("The committee met again on Tuesday. It said the findings would be discussed with "
            "the ministers before the summer")
    root = write({"a.txt": STORY + last + "\n"})
    (finding,) = findings(root, "a.txt", select="I110")
    assert finding["message"] == ("Document looks cut off mid-sentence: it ends without a full "
                                  "stop, unlike the 3 paragraphs before it.")
    assert (finding["line"], finding["column"]) == (9, last.rindex("summer") + 1)


def test_a_closing_note_of_one_short_sentence_without_a_stop_is_not_judged(write):
    """A note under a story ("Halo 2 is out on 9 November in the UK", an author's line) is
    written without a stop as often as a cut leaves one short sentence: not judged. Six
    BBC articles end so; a cut in a longer last paragraph still is."""
    notes = ["Halo 2 is out on 9 November in the US and 11 November in the UK",
             "Simon Perry is the editor of the Digital Lifestyles website, which covers the "
             "impact of technology on media"]
    for name, last in zip("ab", notes):
        root = write({f"{name}.txt": STORY + last + "\n"})
        assert findings(root, f"{name}.txt", select="I110") == []


@pytest.mark.parametrize("last", [
    "The committee said the findings would be discussed with the ministers. REUTER",
    "The committee said the findings would be discussed with the ministers\n Reuter",
    "when i was a kid at school this was the game, them was the days ! LOL",
    "Good ideas are not adopted automatically, they must be driven\n  -- Admiral Hyman G. Rickover",
    "Martin Banschbach, Ph.D.\nGraduate degree in Biochemistry and Nutrition from VPI\n"
    "and developer of a course on human nutrition for medical students",
    "Posted by: Lulaine  November 07, 2012 at 10:59 AM",
])
def test_an_ending_without_a_stop_that_is_a_sign_off_a_chat_or_a_signature(write, last):
    root = write({"a.txt": STORY + last + "\n"})
    assert findings(root, "a.txt", select="I110") == []


def test_no_house_style_no_judgement(write):
    """Paragraphs that end however they like (a list, notes): a last one without a stop
    says nothing."""
    notes = "".join(f"Item {n} of the list of things to bring to the meeting on Monday\n\n"
                    for n in range(4))
    root = write({"a.txt": notes + "The committee said the findings would be discussed later\n"})
    assert findings(root, "a.txt", select="I110") == []
    signed = STORY.replace("Opposition", "--\nOpposition")
    root = write({"b.txt": signed + "The committee said the findings would be discussed later\n"})
    assert findings(root, "b.txt", select="I110") == []


def test_a_separator_line_above_the_last_sentence_is_not_a_drawing(write):
    root = write({"a.txt": PROSE + "\n--------\nThe question is whether the tree falls or\n"})
    assert [f["message"] for f in findings(root, "a.txt", select="I110")] == [
        "Document looks cut off mid-sentence: it ends on the word 'or'."]


def test_min_words_comes_from_config(write):
    root = write({"a.txt": "Short last line of\n"})
    assert findings(root, "a.txt", select="I110") == []
    (root / "corpus-lint.toml").write_text("[rules.I110]\nmin-words = 4\n")
    assert [f["code"] for f in findings(root, "a.txt", select="I110")] == ["I110"]
