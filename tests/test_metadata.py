"""Metadata family: policy and aliases (M101, M102), dates (M103, M104), fused headers (M105),
language tags (M106), URLs (M107) and broken front matter (M108), beyond the rule examples."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import run_cli


def findings(root, *paths, select="metadata"):
    result = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1",
                     "--select", select, *paths, cwd=root)
    assert result.code in (0, 1), result.err
    return [(f["code"], f["line"], f["column"], f["message"]) for f in result.json()["findings"]]


def front_matter(*lines: str, body: str = "Body text.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


# M101 no-metadata, M102 missing-required-field


def test_record_with_only_text_is_reported_on_its_own_line(write):
    root = write({"r.jsonl": jsonl({"text": "A", "title": "T", "date": "2020-01-01"},
                                   {"text": "B"})})
    ((code, line, _, message),) = findings(root, "r.jsonl")
    assert (code, line) == ("M101", 2)
    assert "record has only its text field" in message and "required: title, date" in message


def test_no_metadata_message_follows_the_required_policy(write):
    root = write({"corpus-lint.toml": "[metadata]\nrequired = []\n", "a.txt": "Body.\n"})
    ((code, _, _, message),) = findings(root, "a.txt")
    assert code == "M101" and message.endswith("required: none required.")


def test_per_file_required_replaces_the_fields_for_its_glob(write):
    root = write({"corpus-lint.toml": "[metadata.per-file-required]\n'news/*' = ['source']\n",
                  "news/a.txt": "Body.\n", "blog/b.txt": "Body.\n"})
    ((_, _, _, news),) = findings(root, "news/a.txt")
    ((_, _, _, blog),) = findings(root, "blog/b.txt")
    assert news.endswith("required: source.") and blog.endswith("required: title, date.")


def test_aliases_count_as_the_field(write):
    root = write({"a.md": front_matter("headline: Budget day", "published: 2020-01-01")})
    assert findings(root, "a.md") == []


def test_configured_aliases_replace_the_built_in_ones(write):
    root = write({"corpus-lint.toml": "[metadata.field-aliases]\ntitle = ['heading']\n",
                  "a.md": front_matter("title: Budget day", "date: 2020-01-01"),
                  "b.md": front_matter("heading: Budget day", "date: 2020-01-01")})
    found = findings(root, "a.md", "b.md")
    assert [(code, line) for code, line, _, _ in found] == [("M102", 1)]
    assert found[0][3] == "Required metadata missing or empty in front-matter: title."


def test_empty_field_is_named_with_its_key(write):
    root = write({"a.md": front_matter("headline: ''", "date: 2020-01-01")})
    ((code, _, _, message),) = findings(root, "a.md")
    assert code == "M102" and "title (empty 'headline')" in message
    root = write({"b.md": front_matter("Headline: ''", "Date: 2020-01-01")})
    ((code, _, _, message),) = findings(root, "b.md")
    assert code == "M102" and "title (empty 'Headline')" in message


def test_dated_permalink_stands_in_for_the_date(write):
    root = write({"a.md": front_matter("title: T", "permalink: /blog/2019-12-09-release/"),
                  "b.md": front_matter("title: T", "permalink: /blog/release/")})
    assert [(code, message) for code, _, _, message in findings(root, "a.md", "b.md")] == [
        ("M102", "Required metadata missing or empty in front-matter: date.")]


def test_nested_datatrove_metadata_counts_and_sidecar_is_named(write):
    root = write({
        "r.jsonl": jsonl({"text": "A", "metadata": {"title": "T", "date": "2020-01-01"}}),
        "s.txt": "Body.\n", "s.meta.json": json.dumps({"title": "T"}),
    })
    ((code, _, _, message),) = findings(root, "r.jsonl", "s.txt")
    assert code == "M102" and "in sidecar s.meta.json: date." in message


def test_metadata_nested_under_meta_counts(write):
    """RedPajama, SlimPajama and the Pile nest a record's fields under "meta"."""
    root = write({"r.jsonl": jsonl(
        {"text": "A", "meta": {"title": "T", "timestamp": "2019-04-25T12:57:54"}},
        {"text": "B", "meta": {"title": "T", "timestamp": "2019-13-45T12:57:54"}},
        {"text": "C", "meta": {"redpajama_set_name": "RedPajamaC4"}})})
    assert [(code, line) for code, line, _, _ in findings(root, "r.jsonl")] == [
        ("M103", 2), ("M102", 3)]


# M103 invalid-date


@pytest.mark.parametrize("value", [
    "2019-03-03", "2019-03-03T10:32:00Z", "March 3, 2019", "Mar 3rd 2019 10:32 pm",
    "Sunday, 3rd of March, 2019", "3 March 2019", "2019/03/03", "03/03/2019", "12/31/2019",
    "Sun, 03 Mar 2019 10:32:00 +0000", "2019-03-03 10:32:00 PST", "2019-03-03 10:32",
    # reduced precision (ISO 8601, W3C-DTF, Dublin Core): a year, a month of a year
    "2019", "2019-03", "March 2019", "Mar. 2019",
    # a log's or a database's day-month-year, a CMS's time after a dash or a bar, a Unix
    # time written as a string (scraped JSON's "timestamp": "1551600000")
    "03-Mar-2019", "3/Mar/2019", "Sunday, March 3, 2019 - 10:32", "3 March 2019 | 10:32",
    "March 3, 2019 at 4:50 pm", "1551600000", "1551600000000",
    # a zone's sign is no separator
    "March 3, 2019 -0500", "2019/03/03 -0800",
])
def test_date_forms_that_parse(write, value):
    root = write({"a.md": front_matter("title: T", f"date: '{value}'")})
    assert findings(root, "a.md", select="M103") == []


@pytest.mark.parametrize("value", ["TBD", "yesterday", "2017-13-45", "31/31/2019",
                                   "March 3, 2019 or so", "February 30, 2019",
                                   "2019-02-30 10:32 PST", "2019-03-03 or so",
                                   "2019-03-03 25:61:00", "March 3, 2019 10:75 pm",
                                   "2019-13", "0999", "Smarch 2019", "March 20199",
                                   "32-Mar-2019", "March 3, 2019 - the end", "9999999999",
                                   "0000000000"])
def test_date_forms_that_do_not_parse(write, value):
    root = write({"a.md": front_matter("title: T", f"date: '{value}'")})
    ((code, line, _, message),) = findings(root, "a.md", select="M103")
    assert (code, line) == ("M103", 3)
    assert message == f"Date 'date' does not parse as a date: {value!r}."


def test_a_yaml_year_is_a_year_not_a_unix_time(write):
    """YAML reads ``date: 2019`` as an integer: the year 2019, not 2019 seconds after 1970
    (so 2099 lies in the future)."""
    root = write({"a.md": front_matter("title: T", "date: 2019"),
                  "b.md": front_matter("title: T", "date: 2099")})
    assert findings(root, "a.md", "b.md", select="M103,M104") == [
        ("M104", 3, 1, "Date 'date' lies in the future: 2099-01-01.")]


def test_every_date_alias_is_judged_on_its_own_line(write):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", "published: soon")})
    assert findings(root, "a.md", select="M103") == [
        ("M103", 4, 1, "Date 'published' does not parse as a date: 'soon'.")]


def test_a_yes_no_switch_under_a_date_alias_is_no_date(write):
    """Jekyll's ``published: false`` unpublishes a post: neither a malformed date nor a
    date that is there. Under the field's own name a yes/no is still a malformed date."""
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", "published: false"),
                  "b.md": front_matter("title: T", "published: true"),
                  "c.md": front_matter("title: T", "date: true")})
    assert findings(root, "a.md") == []
    assert findings(root, "b.md") == [
        ("M102", 1, 1, "Required metadata missing or empty in front-matter: date.")]
    assert findings(root, "c.md") == [
        ("M103", 3, 1, "Date 'date' does not parse as a date: True.")]


def test_dates_a_site_generator_fills_in_at_build_time(write):
    """Eleventy's ``date: Last Modified`` and ``git Created`` are dates it reads from the
    file system or git; Hugo reads ``publishDate`` as the date."""
    root = write({"a.md": front_matter("title: T", "date: Last Modified"),
                  "b.md": front_matter("title: T", "date: git Created"),
                  "c.md": front_matter("title: T", "publishDate: 2019-03-03"),
                  "d.md": front_matter("title: T", "date: Last Tuesday")})
    assert findings(root, "a.md") == findings(root, "b.md") == findings(root, "c.md") == []
    assert [code for code, *_ in findings(root, "d.md")] == ["M103"]


def test_unix_times_are_dates(write):
    root = write({"r.jsonl": jsonl({"text": "A", "title": "T", "date": 1551600000},
                                   {"text": "B", "title": "T", "date": 1551600000000},
                                   {"text": "C", "title": "T", "date": -5})})
    assert [(code, line) for code, line, _, _ in findings(root, "r.jsonl")] == [("M103", 3)]


def test_a_post_file_named_for_its_date_has_a_date(write):
    """Jekyll, Hugo and Pelican read a post's date from a name like 2015-03-14-slug.md."""
    root = write({"_posts/2015-03-14-welcome.md": front_matter("title: T"),
                  "_posts/2015-02-30-typo.md": front_matter("title: T"),
                  "_posts/welcome-2015-03-14.md": front_matter("title: T"),
                  "2015-03-14-notes/a.md": front_matter("title: T")})
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "M102,M103", ".",
                     cwd=root)
    assert sorted((f["path"], f["code"], f["line"]) for f in result.json()["findings"]) == [
        ("2015-03-14-notes/a.md", "M102", 1),
        ("_posts/2015-02-30-typo.md", "M103", 1),  # a date is given, an impossible one
        ("_posts/welcome-2015-03-14.md", "M102", 1)]


def test_a_date_key_overrides_the_file_names_date(write):
    """The front matter's date is the post's date: an impossible one in the name is unused."""
    root = write({"_posts/2015-02-30-typo.md": front_matter("title: T", "date: 2015-03-01")})
    assert findings(root, "_posts/2015-02-30-typo.md") == []


def test_a_date_key_left_empty_is_reported_though_the_file_name_has_a_date(write):
    """Jekyll stops on ``date:`` with no value ("does not have a valid date in the YAML front
    matter"): the name's date stands in only when the metadata has no date key at all."""
    root = write({"_posts/2015-03-14-a.md": front_matter("title: T", "date:"),
                  "_posts/2015-03-14-b.md": front_matter("title: T", 'date: ""'),
                  "_posts/2015-03-14-c.md": front_matter("title: T")})
    for name in ("a", "b"):
        assert findings(root, f"_posts/2015-03-14-{name}.md") == [
            ("M102", 1, 1, "Required metadata missing or empty in front-matter: date "
                           "(empty 'date').")]
    assert findings(root, "_posts/2015-03-14-c.md") == []


def test_keys_are_read_in_any_case(write):
    """Pelican writes "Title:" and "Date:"; Hugo reads keys in any case."""
    root = write({"a.md": front_matter("Title: T", "DATE: 2020-01-01"),
                  "b.md": front_matter("Title: T", "Date: 2019-02-30"),
                  "c.md": front_matter("Title: T", "Slug: news/2019/02/30/budget")})
    assert findings(root, "a.md") == []
    assert findings(root, "b.md", select="M103") == [
        ("M103", 3, 1, "Date 'Date' does not parse as a date: '2019-02-30'.")]
    assert [(code, line) for code, line, _, _ in findings(root, "c.md", select="M103")] == [
        ("M103", 3)]


def test_impossible_dated_path(write):
    root = write({"a.md": front_matter("title: T", "slug: news/2019/02/30/budget")})
    assert findings(root, "a.md", select="M103") == [
        ("M103", 3, 1, "Date in 'slug' is impossible: 'news/2019/02/30/budget' (2019-02-30).")]


# M104 future-date


def test_future_date_tolerance_comes_from_config(write):
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    root = write({"soon.md": front_matter("title: T", f"date: {soon}"),
                  "tomorrow.md": front_matter("title: T", f"date: {tomorrow}")})
    assert findings(root, ".", select="M104") == [
        ("M104", 3, 1, f"Date 'date' lies in the future: {soon}.")]
    (root / "corpus-lint.toml").write_text("[rules.M104]\ntolerance-days = 5\n")
    assert findings(root, ".", select="M104") == []


def test_future_date_in_a_record_points_at_the_record(write):
    root = write({"r.jsonl": jsonl({"text": "A", "title": "T", "date": "2020-01-01"},
                                   {"text": "B", "title": "T", "published": "March 1, 2999"},
                                   {"text": "C", "title": "T", "date": "01/02/2999"})})
    assert findings(root, "r.jsonl", select="M104") == [
        ("M104", 2, 1, "Date 'published' lies in the future: 2999-03-01."),
        ("M104", 3, 1, "Date 'date' lies in the future: 2999-02-01.")]  # day/month first


# M105 metadata-in-body


def test_mail_headers_span_the_block_with_continuation_lines(write):
    root = write({"m.txt": "From: someone@example.com\nSubject: Re: car batteries\n"
                           "  and chargers\nFrom: again\n\nI replaced mine last winter.\n"})
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "M105", "m.txt",
                     cwd=root)
    (finding,) = result.json()["findings"]
    assert (finding["line"], finding["column"], finding["end_line"]) == (1, 1, 4)
    assert finding["message"].startswith("Mail/news header lines in the body (From:, Subject:):")


def test_front_matter_that_lost_its_fences_is_reported_from_its_first_line(write):
    """A converter or an editor dropped the "---" lines: the block is metadata in the body,
    reported from "layout:", not from the "title:" under it."""
    body = "\nYou will find this post in your posts folder. Edit it and build the site.\n"
    root = write({
        "yaml.md": 'layout: post\ntitle: "Welcome"\ndate: 2015-11-10 16:00:00 -0500\n' + body,
        "toml.md": 'title = "Welcome"\nslug = "welcome"\n' + body,
        "notes.txt": "Note: the figures are provisional.\nUpdate: the council replied.\n" + body,
        "product.txt": "Name: Desk lamp\nPrice: 25 pounds\n" + body,
        "usenet.txt": "Article: 41686 of sci.electronics\nNewsgroups: sci.electronics\n"
                      "From: jo@example.com (Jo Kim)\nSubject: Food dehydrators\n" + body,
    })
    found = {path: (line, message) for path in ("yaml.md", "toml.md", "notes.txt",
                                                 "product.txt", "usenet.txt")
             for _, line, _, message in findings(root, path, select="M105")}
    assert found["yaml.md"] == (1, "Front-matter lines without their fences in the body "
                                   "(layout:, title:, date:): put them between '---' lines "
                                   "at the top, or in a sidecar.")
    assert found["toml.md"][0] == 1
    assert found["usenet.txt"][0] == 1 and found["usenet.txt"][1].startswith("Mail/news header")
    assert "notes.txt" not in found and "product.txt" not in found


def test_an_emphasised_dateline_and_a_tags_line_are_fused_fields(write):
    root = write({"a.md": front_matter("layout: post", body="# Welcome\n\n*Posted on "
                                       "November 10, 2015*\n\nThe post itself.\n"),
                  "b.md": front_matter("title: T", "date: 2020-01-01",
                                       body="Tags: budget, council\n\nThe post itself.\n")})
    assert [(line, message.split(";")[0]) for _, line, _, message in
            findings(root, "a.md", "b.md", select="M105")] == [
        (6, "Metadata fused into the body text: 'Posted' = 'November 10, 2015'"),
        (5, "Metadata fused into the body text: 'Tags' = 'budget, council'")]


def test_one_header_line_is_not_a_mail_block(write):
    root = write({"m.txt": "Subject: car batteries\n\nI replaced mine last winter.\n"})
    assert findings(root, "m.txt", select="M105") == []


def test_fused_field_position_after_front_matter_and_indentation(write):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01",
                                       body="\n   Title: The budget, explained\nBody.\n")})
    assert findings(root, "a.md", select="M105") == [
        ("M105", 6, 4, "Metadata fused into the body text: 'Title' = 'The budget, explained'; "
                       "move it to front matter or a sidecar.")]


def test_fused_field_only_in_the_first_three_text_lines(write):
    late = "First line.\nSecond line.\nThird line.\ndate: 2017-06-21 too late\n"
    early = "First line.\nSecond line.\ndate: 2017-06-21 in time\n"
    root = write({"late.txt": late, "early.txt": early})
    assert [(line, column) for _, line, column, _ in
            findings(root, "late.txt", "early.txt", select="M105")] == [(3, 1)]


def test_a_git_log_is_no_document_with_fused_metadata(write):
    """Every entry of a `git log` carries its Author and Date: the first one's are no
    header fused into the document; the same lines without the commit line still are."""
    entry = ("Author: Jo Kim <jo@example.org>\nDate:   Fri Jun 6 18:28:28 2014 -0700\n\n"
             "    Release 1.0.9\n")
    root = write({"log.txt": "commit 0dfab4253e26d5c6e5f058126eb5e9f7a7732ae8\n" + entry,
                  "fused.txt": entry})
    assert findings(root, "log.txt", select="M105") == []
    assert [code for code, *_ in findings(root, "fused.txt", select="M105")] == ["M105"]


def test_written_dates_fused_under_the_title(write):
    """Extracted web articles keep their stamp line: "Posted September 28th, 2012"."""
    body = "The council approved the budget on Tuesday after a long debate.\n"
    root = write({
        "posted.txt": "Budget approved\nPosted September 28th, 2012\n\n" + body,
        "published.txt": "Budget approved\nPublished on: Wednesday, 19 September 2012\n" + body,
        "prose.txt": "Budget approved\nPosted to every household in September, the plan...\n"})
    assert [(path[:-4], message.split(";")[0]) for path in ("posted.txt", "published.txt",
            "prose.txt") for _, _, _, message in findings(root, path, select="M105")] == [
        ("posted", "Metadata fused into the body text: 'Posted' = 'September 28th, 2012'"),
        ("published", "Metadata fused into the body text: 'Published' = "
                      "'Wednesday, 19 September 2012'")]


@pytest.mark.parametrize("line,shown", [
    ("By Jo Kim | March 3, 2019", "'date' = 'March 3, 2019', 'author' = 'Jo Kim'"),
    ("by Jo on July 7, 2012", "'date' = 'July 7, 2012', 'author' = 'Jo'"),
    ("By Jo Kim Thu., Aug. 9 2012 at 1:00 PM", "'date' = 'Aug. 9 2012', 'author' = 'Jo Kim'"),
    ("Posted by admin on 3 March 2019 at 10:32", "'Posted' = '3 March 2019', 'author' = 'admin'"),
    ("Modified on August 22, 2012 by Sue Waters",
     "'Modified' = 'August 22, 2012', 'author' = 'Sue Waters'"),
    ("Last updated: 2019-03-03", "'Last updated' = '2019-03-03'"),
    # a stamp word between the name and the date; a post's sections before its date
    ("by Jo Kim Published Nov. 7, 2012 8:42 am Updated Nov. 7, 2012 2:01 pm",
     "'date' = 'Nov. 7, 2012', 'author' = 'Jo Kim'"),
    ("By Jo Kim posted Aug 9th 2012 4:00PM", "'date' = 'Aug 9th 2012', 'author' = 'Jo Kim'"),
    ("Posted in News, Wildlife August 9th, 2012 By Jo Kim 1 Comment",
     "'date' = 'August 9th, 2012', 'author' = 'Jo Kim', 'sections' = 'News, Wildlife'"),
    ("Posted in Wildlife 2012-08-09", "'date' = '2012-08-09', 'sections' = 'Wildlife'"),
    ("Written by Jo Kim on 3 March 2019", "'Written' = '3 March 2019', 'author' = 'Jo Kim'"),
    ("Published 12:30 GMT, 3 March 2019", "'Published' = '3 March 2019'"),
    ("updated 09:40 pm EDT, Fri October 26, 2012", "'updated' = 'Fri October 26, 2012'"),
    ("By Jo Kim and Sam Lee | March 3, 2019",
     "'date' = 'March 3, 2019', 'author' = 'Jo Kim and Sam Lee'"),
    # an extracted page's header split over two lines: the byline, then the date alone
    ("By Jo Kim\nMarch 3, 2019", "'date' = 'March 3, 2019', 'author' = 'Jo Kim'"),
    ("By Nadia Rahman, Local Democracy Reporter\n27 February 2024, 16:40",
     "'date' = '27 February 2024', 'author' = 'Nadia Rahman'"),
    ("by  Jo Kim\nPosted Aug 9th 2012 2:15PM", "'date' = 'Aug 9th 2012', 'author' = 'Jo Kim'"),
    ("*By Jo Kim*\n*Thursday, 3 March 2019 10:32 GMT*",
     "'date' = '3 March 2019', 'author' = 'Jo Kim'"),
])
def test_bylines_and_stamps_with_a_date_under_the_title(write, line, shown):
    body = "The council approved the budget on Tuesday after a long debate.\n"
    root = write({"a.txt": f"Budget approved\n{line}\n\n{body}"})
    ((code, row, _, message),) = findings(root, "a.txt", select="M105")
    assert (code, row, message.split("; move")[0]) == (
        "M105", 2, f"Metadata fused into the body text: {shown}")


@pytest.mark.parametrize("lines", [
    "By the end of the year\nMarch 3, 2019 was long gone.",  # a sentence, not a date line
    "By Jo Kim\nThe council met on March 3, 2019.",
    "By Jo Kim\n\nMarch 3, 2019",  # not on the next line
    "Jo Kim\nMarch 3, 2019",  # no "by": a name and a date may be a letter's signature
])
def test_lines_that_only_look_like_a_split_byline_are_not_fused_metadata(write, lines):
    root = write({"a.txt": f"Budget approved\n{lines}\n"})
    assert findings(root, "a.txt", select="M105") == []


@pytest.mark.parametrize("line", [
    "By the end of March 3, 2019 the council had approved the budget.",
    "by then, March 3, 2019 was long gone",
    "Updated figures for 2019 show a rise.",
    "Posted in haste on March 3, 2019, the letter never arrived.",
    "By Jo Kim's count, published March 3, 2019, the herons were back.",
    "Written by hand on March 3, 2019, the letter was never sent.",
])
def test_sentences_that_open_like_a_byline_are_prose(write, line):
    root = write({"a.txt": f"Budget approved\n{line}\n"})
    assert findings(root, "a.txt", select="M105") == []


def test_a_byline_is_not_lifted_without_its_name(write):
    """Lifting the date alone would drop the author from the text: no fix is made."""
    byline = front_matter("title: T", body="By Jo Kim | March 3, 2019\nBody.\n")
    filed = front_matter("title: T", body="Posted in News 2019-03-03\nBody.\n")
    root = write({"a.md": byline, "c.md": filed,
                  "b.md": front_matter("title: T", body="Last updated: 2019-03-03\nBody.\n")})
    run_cli("fix", "--select", "M105", "a.md", "b.md", "c.md", cwd=root)
    assert (root / "a.md").read_text(encoding="utf-8") == byline
    assert (root / "c.md").read_text(encoding="utf-8") == filed  # nor the sections
    assert (root / "b.md").read_text(encoding="utf-8") == (
        '---\ntitle: T\nupdated: "2019-03-03"\n---\nBody.\n')


def test_max_lines_limits_where_headers_are_looked_for(write):
    root = write({"m.txt": "\n\n\nFrom: a\nSubject: b\n\nBody.\n"})
    assert [line for _, line, _, _ in findings(root, "m.txt", select="M105")] == [4]
    (root / "corpus-lint.toml").write_text("[rules.M105]\nmax-lines = 3\n")
    assert findings(root, "m.txt", select="M105") == []


def test_unclosed_front_matter_is_left_to_m108(write):
    root = write({"a.md": "---\nFrom: a\nSubject: b\n\nBody.\n"})
    assert [code for code, _, _, _ in findings(root, "a.md")] == ["M108"]


# M106 invalid-language-tag


@pytest.mark.parametrize("value", ["en", "en-GB", "zh-Hant", "en_US"])
def test_valid_language_tags(write, value):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", f"lang: {value}")})
    assert findings(root, "a.md") == []


@pytest.mark.parametrize("value,shown", [("English", "'English'"), ("xx", "'xx'"),
                                         ("5", "5"), ("[en, fr]", "['en', 'fr']")])
def test_invalid_language_values(write, value, shown):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", f"locale: {value}")})
    assert findings(root, "a.md") == [
        ("M106", 4, 1, f"Language 'locale' is not a valid BCP 47 tag: {shown}.")]


# M107 invalid-url


@pytest.mark.parametrize("line,what", [
    ("url: www.example.com/a", "scheme"), ("link: /news/a.html", "scheme"),
    ("source_url: https://", "host"), ("canonical_url: https://exa mple.com/a", "host"),
    ("source: www.example.com", "scheme"), ("url: mailto:someone@example.com", "scheme"),
])
def test_urls_without_scheme_or_host(write, line, what):
    key = line.split(":")[0]
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", line)})
    ((code, row, _, message),) = findings(root, "a.md")
    assert (code, row) == ("M107", 4)
    assert message.startswith(f"URL '{key}' has no valid {what}: ")


@pytest.mark.parametrize("line", ["url: https://example.com/a", "url: file:///srv/a.html",
                                  "source: Example News", "url: ftp://example.com/a.txt"])
def test_valid_urls_and_plain_sources(write, line):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", line)})
    assert findings(root, "a.md") == []


# M108 broken-front-matter


def test_invalid_toml_front_matter_points_at_the_bad_line(write):
    root = write({"a.md": '+++\ntitle = "T"\ndate = 2019-02-30\n+++\nBody.\n'})
    ((code, line, _, message),) = findings(root, "a.md")
    assert (code, line) == ("M108", 3)
    assert message[0].isupper() and "TOML" in message and message.endswith(".")


# M108 broken-front-matter: a key given twice


def test_a_key_given_twice_is_reported_and_the_last_value_read(write):
    """YAML readers keep the last of two values silently; the metadata is still used."""
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", "date: 2030-13-01",
                                       body="Title: fused\n\nBody.\n"),
                  "b.md": front_matter("title: T", "date: 2020-01-01", "author:",
                                       "  name: A", "  name: B")})
    assert findings(root, "a.md", select="M") == [
        ("M103", 4, 1, "Date 'date' does not parse as a date: '2030-13-01'."),
        ("M108", 4, 1, "Front matter: key 'date' is given twice (lines 3 and 4); the last "
                       "value is the one read."),
        ("M105", 6, 1, "Metadata fused into the body text: 'Title' = 'fused'; move it to "
                       "front matter or a sidecar.")]
    assert findings(root, "b.md") == [
        ("M108", 6, 1, "Front matter: key 'name' is given twice (lines 5 and 6); the last "
                       "value is the one read.")]


def test_a_key_given_twice_in_a_sidecar(write):
    root = write({"a.txt": "Body text.\n",
                  "a.txt.meta.json": '{"title": "T", "date": "2020-01-01", "title": "U"}',
                  "b.txt": "Body text.\n",
                  "b.txt.meta.yaml": "title: T\ndate: 2020-01-01\n"})
    assert findings(root, "a.txt", "b.txt") == [
        ("M108", 1, 1, "Sidecar a.txt.meta.json: key 'title' is given twice; the last value "
                       "is the one read.")]


def test_an_empty_body_under_front_matter_with_a_repeated_key_is_still_empty(write):
    root = write({"a.md": front_matter("title: T", "title: T", "date: 2020-01-01", body="")})
    assert sorted(code for code, *_ in findings(root, "a.md", select="M108,I104")) == [
        "I104", "M108"]


# M109 placeholder-value


@pytest.mark.parametrize("line", [
    'title: "{{ page.title }}"', "title: ${TITLE}", "title: '<%= title %>'", "title: null-ish {{x}}",
    "author: undefined", "author: 'null'", "author: '[object Object]'", "source: N/A",
    "title: Untitled", "title: untitled document", "title: TODO", "title: '[[title]]'",
    "title: '%TITLE%'", "title: Lorem ipsum dolor sit amet",
])
def test_placeholders_in_text_fields(write, line):
    root = write({"a.md": front_matter("date: 2020-01-01", line)})
    ((code, row, _, message),) = findings(root, "a.md", select="M109")
    assert (code, row) == ("M109", 3)
    assert message.startswith(f"Field '{line.split(':')[0]}' holds a placeholder, not a value: ")


@pytest.mark.parametrize("line", [
    "title: None of the Above", "title: The Null Hypothesis", "title: Todo lists that work",
    "author: Nan Goldin", "title: Untitled (Blue), 1952, sold", "source: Example News",
    "title: Price in ${currency", "title: 100% true",
])
def test_values_that_only_contain_such_words(write, line):
    root = write({"a.md": front_matter("date: 2020-01-01", line)})
    assert findings(root, "a.md", select="M109") == []


def test_placeholder_fields_come_from_the_rule_parameter(write):
    root = write({"a.md": front_matter("title: T", "date: 2020-01-01", "language: undefined",
                                       "author: undefined"),
                  "pyproject.toml": '[tool.corpus-lint.rules.M109]\nfields = ["language"]\n'})
    assert [(code, row) for code, row, _, _ in findings(root, "a.md", select="M109")] == [
        ("M109", 4)]


# M110 non-text-value


def test_a_scrapers_list_of_titles_is_reported_with_the_value_to_keep(write):
    """Scrapy without TakeFirst writes every field as a list: the title is a list of one."""
    root = write({"a.jsonl": jsonl(
        {"title": ["Counting herons"], "date": "2020-01-01", "text": "Body."},
        {"title": ["Herons", "Herons | Field Notes"], "date": "2020-01-01", "text": "Body."},
        {"title": {"en": "Herons"}, "date": "2020-01-01", "text": "Body."},
        {"title": True, "date": "2020-01-01", "text": "Body."},
        {"title": "Counting herons", "date": "2020-01-01", "text": "Body."})})
    assert [(code, row, message) for code, row, _, message in findings(
        root, "a.jsonl", select="M110")] == [
        ("M110", 1, "Field 'title' holds a list, not text: ['Counting herons']; keep its one "
                    "value: 'Counting herons'."),
        ("M110", 2, "Field 'title' holds a list, not text: ['Herons', 'Herons | Field Notes']."),
        ("M110", 3, "Field 'title' holds a table, not text: {'en': 'Herons'}."),
        ("M110", 4, "Field 'title' holds a yes/no, not text: True.")]


def test_a_number_is_a_title_and_lists_belong_in_other_fields(write):
    root = write({"a.md": front_matter("title: 1984", "author: [Ann Lee, Bo Chen]",
                                       "date: 2020-01-01"),
                  "b.md": front_matter("title: B", "author: [Ann Lee, Bo Chen]",
                                       "date: 2020-01-01"),
                  "pyproject.toml": '[tool.corpus-lint.rules.M110]\nfields = ["author"]\n'})
    assert [(code, row) for code, row, _, _ in findings(root, "a.md", "b.md",
                                                        select="M110")] == [
        ("M110", 3), ("M110", 3)]
    (root / "pyproject.toml").unlink()
    assert findings(root, "a.md", "b.md", select="M110") == []


# JSON front matter (Hugo's "{" ... "}")


def test_json_front_matter_is_read_with_its_key_lines(write):
    text = ('{\n  "title": "Budget approved",\n  "date": "2019-02-30",\n'
            '  "params": {"date": "nested"}\n}\n\nThe council approved the budget.\n')
    root = write({"a.md": text})
    assert findings(root, "a.md") == [
        ("M103", 3, 1, "Date 'date' does not parse as a date: '2019-02-30'.")]
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D,G,C", "a.md",
                     cwd=root)
    assert result.code == 0  # the body alone is judged, not the JSON


def test_broken_json_front_matter_is_reported_where_it_breaks(write):
    root = write({"a.md": '{\n  "title": "T",\n  "date": "2019-03-03",\n}\nBody.\n',
                  "b.md": '{{< figure src="x.png" >}}\n\nBody.\n'})
    ((code, line, _, message),) = findings(root, "a.md", select="M108")
    assert (code, line) == ("M108", 4)
    assert message.startswith("Front matter: invalid JSON: Expecting property name")
    assert [code for code, *_ in findings(root, "b.md")] == ["M101"]  # a shortcode, not JSON


def test_json_front_matter_past_the_size_cap_is_refused_and_a_break_is_placed(write):
    root = write({"big.md": '{\n  "title": "' + "x" * 300_000 + '"\n}\nBody.\n',
                  "broken.md": '{\n  "title": "T",\n}\n' + "Body text. " * 40_000})
    assert findings(root, "big.md", select="M108") == [
        ("M108", 1, 1, "Front matter: metadata block larger than 256 KiB.")]
    assert [(code, line) for code, line, _, _ in findings(root, "broken.md", select="M108")] == [
        ("M108", 3)]


@pytest.mark.parametrize("suffix", [".mkd", ".mkdn", ".mkdown", ".mdown"])
def test_posts_in_jekylls_other_markdown_extensions_are_checked(write, suffix):
    """A static site's posts are all checked, whatever Markdown extension each has: its
    front matter read, its date taken from the file name."""
    root = write({f"_posts/2015-03-01-no-title{suffix}":
                  "---\nlayout: post\n---\nA post without a title, and with enough words.\n"})
    (code, line, _, message), = findings(root, ".")
    assert (code, line) == ("M102", 1)
    assert "title" in message and "date" not in message
