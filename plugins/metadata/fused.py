"""M105: metadata fused into the body text.

Header lines a scraper or converter left at the top of the text (``From:``/``Subject:``,
`` date 2017-06-21 ...``) are read as article text downstream, so they are reported at the
exact place they start.
"""
from __future__ import annotations

import re
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.fixes.model import Edit, Fix, delete_block
from corpus_lint.rulebook import RuleSpec

from .dates import WRITTEN_DATE, WRITTEN_DATE_ALONE
from .policy import FIELD_ALIASES, MetadataRule

# Fused metadata: mail/news header lines, and "date 2017-06-21 ..." glued to the first line.
MAIL_HEADERS = re.compile(
    r"^(From|Subject|Date|Organi[sz]ation|Lines|Newsgroups|Message-ID|Reply-To|To|Cc|Sender|"
    r"Keywords|Summary|Distribution|Path|Xref|References|NNTP-Posting-Host|Article-I\.D\.|"
    r"Expires|Followup-To|In-Reply-To|X-[\w-]+|Content-Type|MIME-Version):[ \t]", re.I)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_DATE_VALUE = rf"{_ISO_DATE}|{_NUMERIC_DATE}|{WRITTEN_DATE}"
_DATE_ALONE = rf"{_ISO_DATE}|{_NUMERIC_DATE}|{WRITTEN_DATE_ALONE}"  # no weekday before it
# A name in a byline: one to four capitalised words ("Jo Kim", "J. R. Smith", "admin")
# (not a weekday after it: "By Jo Kim Thu., Aug. 9 2012")
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
_NAME = (r"(?:(?-i:[A-Z])[\w.'-]*|admin|staff)"
         rf"(?:\s+(?!{_WEEKDAY}\w*\b)(?-i:[A-Z])[\w.'-]*){{0,3}}")
# Writers of one piece: "Jo Kim and Sam Lee", "Jo Kim & Sam Lee"
_NAMES = rf"{_NAME}(?:\s+(?:and|&)\s+{_NAME}){{0,2}}"
_AT_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?"
_STAMP_WORD = r"(?:published|posted|updated)\b"
# What may open a date under a byline: a stamp word, a weekday ("Published on: Wed., ")
_DATE_OPENING = rf"(?:{_STAMP_WORD}(?:\s+on)?\s*:?\s*)?(?:{_WEEKDAY}\w*\.?,?\s+)?"
# A zone's abbreviation after a time ("12:30 GMT")
_ZONE = r"(?:\s+(?-i:[A-Z]{2,4}))?"
# A time before the date, and its zone: "Published 12:30 GMT, 3 March 2019"
_TIME_FIRST = rf"(?:\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?{_ZONE},?\s+)?"
# The sections a post is filed under: capitalised names ("News, Wildlife", "Tips & Tricks")
_SECTIONS = (r"(?-i:[A-Z])[\w'’-]*(?:(?:,?\s+|\s*[&|/]\s*)(?-i:[A-Z])[\w'’-]*){0,7}?")
FUSED_FIELD = re.compile(
    # "Date: 2017-06-21", "Posted September 28th, 2012", "Last updated: 2019-03-03",
    # "Posted by Jo Kim on 3 March 2019"
    # "Written by Jo Kim on 3 March 2019", "Published 12:30 GMT, 3 March 2019"
    rf"^(?P<key>date|dated|published|posted|written|(?:last\s+)?(?:updated|modified)|"
    rf"publication date)(?:\s+by\s+(?P<by>{_NAMES}))?(?:\s+on)?\s*[:=]?\s*{_TIME_FIRST}"
    rf"(?P<value>{_DATE_VALUE})\b{_AT_TIME}(?:\s+by\s+(?P<by2>{_NAMES}))?"
    # "By Jo Kim | March 3, 2019", "By Jo Kim, 3 March 2019", "by Jo Kim Published Nov. 7,
    # 2012 8:42 am"
    rf"|^by\s+(?P<byline>{_NAMES})(?:\s*(?:[|,\u2022\u00b7]|\s[-\u2013\u2014]|\s+on\b)\s*"
    rf"|\s+(?={_WEEKDAY}|{_STAMP_WORD})){_DATE_OPENING}(?P<value3>{_DATE_VALUE})\b{_AT_TIME}"
    # "Posted in News, Wildlife August 9th, 2012 By Jo Kim": the post's sections, its date
    rf"|^posted\s+in\s+(?P<sections>{_SECTIONS}),?\s+"
    rf"(?P<value4>{_DATE_ALONE})\b{_AT_TIME}"
    rf"(?:\s+by\s+(?P<by3>{_NAMES}))?"
    r"|^(?P<key2>title|headline|source|author|url|language|lang|tags|categories|category|"
    r"keywords)\s*[:=]\s*(?P<value2>\S.*)",
    re.I)
# A byline on a line of its own, a role after it maybe ("By Nadia Rahman, Local Democracy
# Reporter"), and the article's date alone on the next line ("27 February 2024, 16:40"):
# an extracted news page's header, split over two lines
BYLINE_ALONE = re.compile(rf"^by\s+(?P<byline>{_NAMES})(?:\s*[,|]\s*[\w'’&. -]{{1,60}})?\s*$",
                          re.I)
DATE_ALONE_LINE = re.compile(
    rf"^{_DATE_OPENING}(?P<value>{_DATE_ALONE})\b{_AT_TIME}{_ZONE}\s*$", re.I)
# A line of front matter: a key, ":" or "=", a value ("layout: post", 'title = "Hello"')
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z_][\w-]{0,30})[ \t]*[:=][ \t]*\S")
# Front-matter keys that only a site generator writes (with the fields' aliases, see
# ``_unfenced_front_matter``)
_GENERATOR_KEYS = frozenset({"layout", "permalink", "slug", "draft", "tags", "categories",
                             "category", "keywords", "description", "summary", "excerpt",
                             "aliases", "path", "template", "weight", "type"})
# the keys of the metadata fields (under any of their default aliases)
_FIELD_KEYS = frozenset(alias.lower() for aliases in FIELD_ALIASES.values() for alias in aliases)
# Markdown emphasis around a dateline: "*Posted on November 10, 2015*", "_By Jo Kim | ..._"
_EMPHASIS = "*_"


# The first line of a `git log` entry ("commit 0dfab42...", maybe "(tag: v1.0)" after it)
_GIT_LOG_ENTRY = re.compile(r"commit [0-9a-f]{7,40}\b")


class FusedMetadata(MetadataRule):
    spec = RuleSpec.from_catalogue("M105")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.text or doc.text.isspace() or (
                doc.front_matter_problem is not None and doc.metadata is None):
            return  # an unclosed front-matter block is M108's to report
        head, offsets = _head(doc.text, int(self.params["max-lines"]))
        first = next((i for i, line in enumerate(head) if line.strip()), None)
        if first is None or _GIT_LOG_ENTRY.match(head[first]):
            return  # a git log: every entry has its Author and Date, none is the document's
        headers = _mail_headers(head, first)
        block = _unfenced_front_matter(head, first) if len(headers) < 2 else None
        if block:
            last, keys, mail = block
            start, end = offsets[first], offsets[last] + len(head[last])
            listed = ", ".join(dict.fromkeys(key + ":" for key in keys))
            yield self.finding(doc, start, end, (
                f"Mail/news header lines in the body ({listed}): move them to front matter "
                "or a sidecar." if mail else
                f"Front-matter lines without their fences in the body ({listed}): put them "
                "between '---' lines at the top, or in a sidecar."))
            return
        if len(headers) >= 2:
            names = ", ".join(dict.fromkeys(name + ":" for _, name in headers))
            last = headers[-1][0]
            start, end = offsets[headers[0][0]], offsets[last] + len(head[last])
            yield self.finding(doc, start, end,
                               f"Mail/news header lines in the body ({names}): move them to "
                               "front matter or a sidecar.",
                               fix=_lift_headers(doc, head, offsets, headers, end))
            return
        fused = _fused_field(head, offsets, first)
        if fused:
            start, end, key, value, author, sections = fused
            shown = (f"'{key}' = {value[:60]!r}" + (f", 'author' = {author!r}" if author else "")
                     + (f", 'sections' = {sections[:60]!r}" if sections else ""))
            # a byline's name or a post's sections are left to a person: lifting only the
            # date would lose them
            yield self.finding(doc, start, end,
                               f"Metadata fused into the body text: {shown}; move it to "
                               "front matter or a sidecar.",
                               fix=None if author or sections
                               else _lift_field(doc, start, end, key, value))


def _head(text: str, max_lines: int) -> tuple[list[str], list[int]]:
    """The first ``max_lines`` lines (within 4,000 characters) and their start offsets."""
    head = text[:4000].split("\n", max_lines)[:max_lines]
    offsets, position = [], 0
    for line in head:
        offsets.append(position)
        position += len(line) + 1
    return head, offsets


def _mail_headers(head: list[str], first: int) -> list[tuple[int, str]]:
    """(line index, name) of the header lines in the block that starts at line ``first``."""
    headers = []
    for index in range(first, len(head)):
        if not head[index].strip():
            break
        match = MAIL_HEADERS.match(head[index])
        if match:
            headers.append((index, match.group(1)))
        elif not head[index][:1].isspace():  # header continuation lines are indented
            break
    return headers


def _unfenced_front_matter(head: list[str], first: int
                           ) -> tuple[int, list[str], bool] | None:
    """(last line index, keys, whether two of its lines are mail headers) of a block of
    two or more "key: value" lines opening the text, one of them a metadata field
    (``_FIELD_KEYS``) and one a field or a key only a site generator writes: a
    front-matter block that lost its "---" lines (a converter's or an editor's doing); or
    with two mail headers after a line that is not one (a news reader's "Article: 41686 of
    sci.electronics" above them). None for anything else, such as a document opening with
    "Note: ..." then "Update: ..."."""
    keys: list[str] = []
    last = first
    for index in range(first, len(head)):
        match = _KEY_VALUE.match(head[index])
        if match is None:
            break
        keys.append(match.group("key"))
        last = index
    lowered = [key.lower() for key in keys]
    mail = sum(1 for line in head[first:last + 1] if MAIL_HEADERS.match(line)) >= 2
    if len(keys) < 2 or not mail and (
            not any(key in _FIELD_KEYS for key in lowered)
            or sum(key in _FIELD_KEYS or key in _GENERATOR_KEYS for key in lowered) < 2):
        return None
    return last, keys, mail


def _fused_field(head: list[str], offsets: list[int], first: int
                 ) -> tuple[int, int, str, str, str | None, str | None] | None:
    """(start, end, key, value, the byline's name or None, the sections a post is filed
    under or None) of a field glued to one of the first three text lines, or of a byline
    line there with the date alone on the line after it."""
    for index in range(first, min(len(head), first + 3)):
        line = head[index]
        stripped = line.lstrip().lstrip(_EMPHASIS)
        match = FUSED_FIELD.match(stripped)
        byline = None if match else BYLINE_ALONE.match(stripped.rstrip(_EMPHASIS))
        dated = DATE_ALONE_LINE.match(head[index + 1].strip().strip(_EMPHASIS)) \
            if byline and index + 1 < len(head) else None
        if dated:
            start = offsets[index] + len(line) - len(stripped)
            return (start, offsets[index + 1] + len(head[index + 1].rstrip()), "date",
                    dated.group("value"), byline.group("byline"), None)
        if match:
            start = offsets[index] + len(line) - len(stripped)
            key = " ".join((match.group("key") or match.group("key2") or "date").split())
            return (start, start + match.end(), key,
                    match.group("value") or match.group("value2") or match.group("value3")
                    or match.group("value4"),
                    match.group("by") or match.group("by2") or match.group("byline")
                    or match.group("by3"), match.group("sections"))
    return None


# Where a lifted field goes: the names the metadata rules know, else the header's own name.
_KEY_FOR = {"dated": "date", "published": "date", "posted": "date", "publication date": "date",
            "written": "date",
            "headline": "title", "lang": "language", "subject": "title", "from": "author",
            "organization": "source", "organisation": "source", "last updated": "updated",
            "last modified": "modified"}


def _lift(doc: Document, pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...] | None:
    """The (key, value) pairs to add to the metadata, or None when the fix would lose or
    overwrite something: a key the document already has, a date the rules cannot read."""
    from .dates import to_date

    known = {str(key).lower() for key in (doc.metadata or {})}
    lifted: dict[str, str] = {}
    for name, value in pairs:
        key = _KEY_FOR.get(name.lower(), name.lower())
        value = value.strip()
        if key in known or key in lifted or not value:
            return None
        if key == "date" and to_date(value) is None:
            return None
        lifted[key] = value
    return tuple(lifted.items())


def _lift_field(doc: Document, start: int, end: int, key: str, value: str) -> Fix | None:
    """Move ``date 2017-06-21`` (glued to a text line) or a ``title: ...`` line to metadata."""
    metadata = _lift(doc, [(key, value)])
    if metadata is None:
        return None
    text = doc.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if not text[end:line_end].strip():  # the field is the whole line
        return Fix((delete_block(text, start, line_end),), metadata,
                   description=f"move '{key}' to metadata")
    after = end
    while after < line_end and text[after] in " \t:;,-|":
        after += 1
    return Fix((Edit(line_start, after),), metadata, description=f"move '{key}' to metadata")


def _lift_headers(doc: Document, head: list[str], offsets: list[int],
                  headers: list[tuple[int, str]], end: int) -> Fix | None:
    """Move a block of mail/news header lines to metadata, continuation lines joined."""
    first, last = headers[0][0], headers[-1][0]
    pairs: list[tuple[str, str]] = []
    for index in range(first, last + 1):
        line = head[index]
        match = MAIL_HEADERS.match(line)
        if match:
            pairs.append((match.group(1), line[match.end():]))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + " " + line.strip())
    metadata = _lift(doc, pairs)
    if metadata is None:
        return None
    return Fix((delete_block(doc.text, offsets[first], end),), metadata,
               description="move the header lines to metadata")
