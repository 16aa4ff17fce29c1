"""Line-level markers of a comment thread: each short line may be a timestamp ("2 years ago",
"March 3, 2019 at 10:32 pm", a name beside a date), a signature ("Marisol says:", "Posted by:
Ade | ..."), a widget line ("Reply", "Like · Reply · 12 · 2y"), a heading ("Comments (14)"),
page furniture ("Related posts"), or a commenter's name standing alone. Quoted mail, mail
headers and hard-wrapped prose are never markers."""
from __future__ import annotations

import re

from corpus_lint.documents.sentences import ends_sentence
from corpus_lint.lazyre import lazy

from .lexicon import Markers, fast_tokens
from .lines import FUNCTION_WORDS, QUOTED, Line

# marker kinds with their weight as evidence for a comment head
W_HEADER, W_SIGNATURE, W_STAMP, W_UI, W_DATE, W_DATE_NAME = 2.5, 3.0, 2.5, 1.5, 1.2, 2.0
W_TIME_ONLY = 1.5  # "10:32" alone: live blogs and fixture lists have them too
# A review's rating ("4 out of 5 stars"): with its date under it, a customer review's head
# (as strong as a stamp); alone, a critic's verdict or a buyer's guide's, weak
W_RATING = 1.5

# (not the day of a date written "11. Jul, 2012")
BULLET = re.compile(r"^(?:[•·●○◦▪■\-–—*>]+|\d{1,4}[.)]|#\d{1,4})\s+"
                    r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d)", re.I)
_SENTENCE_END = frozenset(".!?;:,\"”’)")
_NAME_TOKEN = re.compile(r"^[\w@.&'’()-]{1,30}$", re.U)
_INITIAL_LAST = re.compile(r"^[A-Z]\w+\s+(?:[A-Z]\.\s*){1,2}$").match  # "Sandra K.", "Jo A. B."
# a name with its handle or place in brackets: "Ori Yonay (EatDaPoison)", "Jane (Leeds)";
# not a count ("Total Comments (1465)")
_BRACKETED_LAST = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s+\((?=[^)]*[^\W\d_])[\w@.'’-]{2,30}\)$").match
_WIDGET_SPLIT = lazy(r"\s*[|·•]\s*")  # (compiled when a line holds a separator)
# a count or an age in a widget line ("Like · Reply · 12 · 2y")
_COUNTER = re.compile(r"^(?:\d+[kKm]?|\d+\s*(?:[smhdwy]|min|mins|hr|hrs|yr|yrs|mo|wk)\.?)$")
_NOISE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?|(?<=\s)[ap]\.?m\.?(?=\s|$)|"
                    r"\(#?\d+\)|<[^<>\s]+@[^<>\s]+>|\s[|·•]\s|\*|(?:https?://|www\.)\S+", re.I)
_LIST_NUMBER = re.compile(r"^(?:\d{1,4}[.)]?|#\d{1,4})\s+")
# A version number (maybe a pre-release's "b2", "rc1" after it): one with a "v" ("v0.11.15")
# or a package revision ("1.3.12-9"), one before a dated parenthesis ("1.43 (May 17, 2016)"),
# three parts or more that are no date ("1.46.6", "0.6.32", "2.1.14": a date with a year of
# two digits writes day and month with two, "11.06.12"), or two parts
# opening the line ("23.0"); or a line opening with "Version", or "Release(d)" anywhere
# ("OpenLDAP 2.5.12 Release (2022/05/04)"). Beside a date it makes the line a release's
# heading in a changelog or NEWS file, not a comment's head.
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_PRE = r"(?:[-.]?(?:a|b|c|rc|alpha|beta|dev|post|pre)\d*)?"
_VERSION = re.compile(rf"(?<![\w.])(?:v\d+(?:\.\d+)+|\d+(?:\.\d+){{2,}}-\d"
                      rf"|\d+(?:\.\d+)+(?={_PRE}\s+\([^()]*\d{{4}})"
                      rf"|(?!(?:\d\d\.\d\d\.\d\d|{_DAY}\.{_DAY}\.\d{{4}})(?![\w.]))"
                      rf"\d+(?:\.\d+){{2,}})"
                      rf"{_PRE}(?![\w.])"
                      r"|^(?:\d+\.\d+(?![\d.])(?!\s*[ap]\.?m\b)|version\b)"
                      r"|\brelease[ds]?\b", re.I)
# The head or sign-off of a change-log entry: a date opening the line and an address in angle
# brackets closing it ("2022-10-07  Jo Kim  <jo@example.org>", GNU's; without the address,
# an ISO date set apart from the name by a tab or two spaces), or the address
# then a mail date with its numeric zone ("-- Jo Kim <jo@example.org>  Sat, 02 Nov 1996
# 14:47:42 -0800", Debian's). A comment widget shows no commenter's address in either way.
_ENTRY_HEAD = re.compile(r"^\d{4}-\d\d-\d\d(?:\t|  )\s*[^\s\d]"
                         r"|^(?:\d{4}-\d\d-\d\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)[^<>]*"
                         r"<[^<>\s]+@[^<>\s]+>$|<[^<>\s]+@[^<>\s]+>\s+\S.*\s[+-]\d{4}$", re.I)
# a diff's file header: the file, a tab, its date ("--- xcmap.c\t1993/04/28 07:09:03")
_DIFF_HEAD = re.compile(r"^(?:-{3}|\+{3}|\*{3}) \S+\t")
# a gap between two cells (not the spaces round a separator: "thecrus8r  •  15 minutes ago")
_CELL_GAP = re.compile(r"[^\s|·•/,:–—-](?:\t|  )\s*(?=[^\s|·•/,:–—-])")
# words that go with a timestamp rather than with the commenter's name
_STAMP_WORDS = re.compile(r"(?<!\S)(?:at|on|@|by|from|in|posted|added|updated|edited|commented|"
                          r"replied|said|wrote|says|writes|#\d+|no\.?\s*\d+)(?!\S)", re.I)


CLOSES_A_COMMENT = "closes a comment"  # a widget row under the comment's text
NOT_A_COMMENT = "not a comment"  # a trackback, a header, the comment form's own text


def classify(markers: Markers, line: Line) -> None:
    """Set the structural kind and weight of one line (only short lines can be markers)."""
    text = line.text
    if len(text) > 140 or line.nw > 16 or line.cont or text.startswith(QUOTED):
        return  # (quoted text)
    if text.startswith(("# ", "##")):  # a Markdown heading: a comments heading or none
        heading = text.lstrip("#").strip()
        if markers.header and heading and markers.header.search(heading) \
                and not (markers.not_comment and markers.not_comment.search(heading)):
            line.kind, line.weight = "header", W_HEADER
        return
    bullet = BULLET.match(text)
    line.bullet = bool(bullet)
    body = text[bullet.end():] if bullet else text
    low = body.lower().strip(" .:|·•-–—()[]")
    if markers.not_comment and markers.not_comment.search(body):
        low = ""
        line.note(NOT_A_COMMENT)
    if markers.chrome and markers.chrome.search(body):
        line.chrome = True
        return
    nw = line.ntokens
    if _widget(markers, low):
        line.kind, line.weight = "interface", W_UI
        if markers.relative:
            _aged_widget(markers, line, low)
    elif not low:
        pass
    elif markers.header and nw <= 14 and markers.header.search(body):
        line.kind, line.weight = "header", W_HEADER
    elif markers.rating and markers.rating.search(body):
        line.kind, line.weight = "rating", W_RATING
    elif not table_row(body):
        line.kind, line.weight = _signed_or_stamped(markers, line, body, nw)


def _aged_widget(markers: Markers, line: Line, low: str) -> None:
    """A widget row that also gives the comment's age ("Like · Reply · 2y", "Reply · 3
    hours ago") dates one comment as a timestamp does: a stamp's weight, timed. With
    nothing but buttons, counters and the age (no commenter's name, as in "jo 3 hours ago |
    next"), it is the comment's footer, under its text."""
    parts = [part for part in _WIDGET_SPLIT.split(low) if part]
    ages = [markers.relative.search(part) for part in parts]
    if not any(ages):
        return
    line.weight, line.timed = W_STAMP, True
    if all(part in markers.interface or _COUNTER.match(part)
           or age is not None and age.group(0) == part for part, age in zip(parts, ages)):
        line.note(CLOSES_A_COMMENT)


def table_row(text: str) -> bool:
    """Cells set apart by tabs or runs of spaces, twice or more ("May 2     Montreal
    1:05pm", "Angola      514      24.09.92"): a row of a table or a listing, whose dates
    and names head no comment."""
    return ("\t" in text or "  " in text) and len(_CELL_GAP.findall(text)) >= 2


def _widget(markers: Markers, low: str) -> bool:
    """Buttons and counters of a comment widget, alone or in a row ("Like · Reply · 12")."""
    if "|" not in low and "·" not in low and "•" not in low:  # one part: no split needed
        if low in markers.interface:
            return bool(low)
        word, _, count = low.rpartition(" ")  # a button with its count: "Recommend 12"
        return bool(word) and word in markers.interface and bool(_COUNTER.match(count))
    parts = [part for part in _WIDGET_SPLIT.split(low) if part]
    interface = markers.interface
    return bool(parts) and all(part in interface for part in parts) or len(parts) >= 2 and any(
        part in interface for part in parts) and all(
        part in interface or _COUNTER.match(part)
        or (markers.relative and markers.relative.search(part)) for part in parts)


def _signed_or_stamped(markers: Markers, line: Line, body: str, nw: int) -> tuple[str, float]:
    """A signature or a timestamp (with a name beside it), judged on what the timestamps
    leave of the line; ("", 0.0) for anything else."""
    if markers.stamp and markers.stamp.search(body):  # (their union: most lines have none)
        has_time = bool(markers.time and markers.time.search(body))
        has_date = bool(markers.date and markers.date.search(body))
        relative = bool(markers.relative and markers.relative.search(body))
    else:
        has_time = has_date = relative = False
    line.timed = has_time or relative
    line.dated = has_date
    stamped = has_time or has_date or relative
    if stamped and (_VERSION.search(body) or _ENTRY_HEAD.search(body)
                    or _DIFF_HEAD.match(line.text)):
        return "", 0.0  # a release's heading ("1.6.1 Release - Mar 7, 2010"), dated as comments are
    core = _strip_stamps(markers, body) if stamped else body
    core_words = _core_words(core, line, nw)
    if core and core_words <= 10 and (
            (markers.signature and markers.signature.search(core))
            or (stamped and markers.stamped_signature and markers.stamped_signature.search(core)
                and _signer(core))):
        return "signature", W_SIGNATURE
    if (has_time and has_date or relative) and core_words <= 6 and nw <= 16 \
            and (not core_words or _namey(core)):
        return "stamp", W_STAMP
    if has_time and core_words <= 3 and nw <= 8 and (not core_words or _name_like(core)):
        return "stamp", W_TIME_ONLY
    if has_date and core_words <= 5 and nw <= 12:
        # a date with a name beside it ("April 9, 2016  Renske") signs a comment
        if core_words and _name_like(core):
            return "stamp", W_DATE_NAME
        return "date", W_DATE
    return "", 0.0


def _core_words(core: str, line: Line, nw: int) -> int:
    """The words of ``core`` that are not runs of dashes. The whole line without a dash
    has its ``nw`` tokens, counted already (most short lines: no split again)."""
    if core is line.text and "-" not in core:
        return nw
    return sum(1 for t in fast_tokens(core) if t.strip("-"))


def _strip_stamps(markers: Markers, text: str) -> str:
    core = markers.stamp.sub(" ", text) if markers.stamp else text
    core = _NOISE.sub(" ", core)
    core = " ".join(core.split())
    core = re.sub(r"\b(?:at|on|@|posted|updated|edited)\s*(?=[\s|/·•,–—-]*$)", " ", core, flags=re.I)
    return core.strip(" \t|/·•,–—-:()[]#~")  # ("~ Jo (May 3, 2016)": a tilde signs too)


def _name_like(core: str) -> bool:
    """A commenter's name or handle: a few capitalised words, or one token."""
    core = _LIST_NUMBER.sub("", core).strip(" -–—:,")
    tokens = [t for t in core.split() if t not in ("-", "–", "—", "|", "@", "&")]
    if not 1 <= len(tokens) <= 5 or not core[0].isalnum() or core[-1] in ".!?":
        return False
    if len(tokens) == 1:
        return True
    return all(t[0].isupper() or t[0].isdigit() or t in ("@", "&", "-", "|", "de", "van", "von")
               for t in tokens)


def _namey(core: str) -> bool:
    """What is left beside a timestamp could be a name ("jo @ H&Kfarms", "tomas varga"),
    not the rest of a sentence ("compared with none a year ago")."""
    core = _STAMP_WORDS.sub(" ", re.sub(r"\([^()]*\)?", " ", core)).strip(" -–—|,")
    tokens = core.split()
    if "," in core:  # a name and where the reader lives ("Sandra, Leeds, United Kingdom")
        parts = [part.strip() for part in core.split(",")]
        return len(tokens) <= 6 and 2 <= len(parts) <= 4 and all(
            part and all(map(_capitalised_word, part.split())) for part in parts)
    if len(tokens) > 6 or (tokens and tokens[-1][-1] in ".!?;" and not _INITIAL_LAST(core)):
        return False  # (a sentence's end, not a surname's initial: "Daniel K. • 2 years ago")
    if tokens and not any(ch.isalpha() for ch in core):
        return False
    if len(tokens) >= 2 and tokens[0] == "The" and all(map(_capitalised_word, tokens[1:])):
        tokens = tokens[1:]  # a handle in title case ("The Young Bigmouth says:")
    return len(tokens) <= 1 or not any(t.lower() in FUNCTION_WORDS for t in tokens)


def _capitalised_word(token: str) -> bool:
    """A word of a name or a place: a capital, then letters, digits, . ' - _ ("Mike_T",
    "St.", "O'Neill"); not a header's "Date:" nor a quote marker "KK>"."""
    return token[0].isupper() and all(ch.isalnum() or ch in "._'’-" for ch in token)


def _signer(core: str) -> bool:
    """A timestamped signature names someone: "by Nell on ...", "Ossie wrote on ..."; not
    "For the period ended ..., it said" nor "... from March 18"."""
    low = core.lower()
    if low.startswith(("by ", "from ")):
        rest = core.split(None, 1)[1] if " " in core else ""
        return any(t[:1].isalpha() for t in rest.split()[:2])
    return _namey(core.rstrip(" .:"))


def ends_a_sentence(text: str) -> bool:
    """A stop, "!" or "?" ends ``text`` ("priceless.", "Great post!"), not the initial of a
    name ("Sandra K.")."""
    return ends_sentence(text) and not _INITIAL_LAST(text.strip())


def is_name_line(line: Line) -> bool:
    """A short standalone line that could be a commenter's name or handle."""
    text = line.text
    if line.kind or line.chrome or line.cont or len(text) > 40:
        return False
    body = BULLET.sub("", text) if line.bullet else text
    tokens = body.split()
    if not 1 <= len(tokens) <= 4 or body[-1] in _SENTENCE_END and not (
            _INITIAL_LAST(body) or _BRACKETED_LAST(body)):
        return False  # (a stop ends a sentence, or the initial of a name: "Sandra K.")
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if len(tokens) > 1 and not all(t[0].isupper() or not t[0].isalpha() for t in tokens):
        return False
    if len(tokens) > 1 and any(t.lower() in FUNCTION_WORDS for t in tokens):
        return False  # a heading ("Notes From The Field"), not a name
    if table_row(body):
        return False  # a table's row ("Jly    1415      SEP     6")
    return any(ch.isalpha() for ch in body) and not _VERSION.search(body)  # not "3.4 Oct-23-2022"
