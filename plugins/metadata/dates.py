"""Reading dates from metadata values and from dated paths (M102, M103, M104).

Values come as date objects, Unix times, ISO 8601, RFC 2822 mail dates or written forms
("March 3, 2019"); a path or permalink may start with the date instead of a date field. A
year or a month alone ("2017", "2017-06", "June 2017") is a date of reduced precision (ISO
8601, W3C-DTF, Dublin Core, EDTF level 0), read as its first day.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .policy import metadata_key

# Keys whose value may start with the date (Zola's path, Jekyll-style permalinks).
DATED_PATH_KEYS = ("path", "permalink", "slug")
# A YYYY/MM/DD run of path segments anywhere ("inside-rust/2019/12/09/slug"), or a
# YYYY-MM-DD- prefix of a segment ("blog/2019-12-09-slug").
_DATED_PATH = re.compile(r"(?:^|/)(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?:[/-]|$)")

MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))  # longest first: "march", not "mar"
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_WRITTEN_DATES = [
    # March 3, 2019 / Mar 3rd 2019 (optionally with a weekday and a time after it)
    re.compile(rf"^(?:\w+,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    # 3 March 2019 / Sunday, 3rd of March, 2019 / 25-Apr-2019 (logs, databases)
    re.compile(rf"^(?:\w+,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|[-/])"
               rf"{_MONTH}(?:,?\s+|[-/])(?P<year>\d{{4}})\b", re.I),
    # 2019/03/03, 2019.03.03, and ISO dates with what fromisoformat refuses after them
    # ("2016-01-07 12:00:00 PST": a zone's abbreviation, as Ruby and so Jekyll read it)
    re.compile(r"^(?P<year>\d{4})([/.-])(?P<month>\d{1,2})\2(?P<day>\d{1,2})\b"),
]
# The written forms above as one pattern without groups, to find inside other patterns
# ("Posted September 28th, 2012"): "4 March 2021", "March 4th, 2021", a weekday before or not.
_ANY_MONTH = rf"(?:{_MONTH_NAMES})\.?"
WRITTEN_DATE_ALONE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_ANY_MONTH},?\s+\d{{4}}"
                      rf"|{_ANY_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")  # no weekday
WRITTEN_DATE = rf"(?:[A-Za-z]+,?\s+)?{WRITTEN_DATE_ALONE}"
_LATEST_UNIX_TIME = 4_102_444_800  # 2100-01-01
# A year or a month of a year alone (reduced precision), and the years taken for one.
_YEAR_MONTH = re.compile(rf"^(?P<year>\d{{4}})(?:-(?P<number>0[1-9]|1[0-2]))?$"
                         rf"|^{_MONTH},?\s+(?P<named_year>\d{{4}})$", re.I)
_YEARS = range(1000, 3000)
_NUMERIC_DMY = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})$")
# A time of day after a date (a possible one: "25:61" is a typo, not a time), then a zone.
_TIME_TAIL = re.compile(r"^(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?"
                        r"\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|Z)?$", re.I)


# Dates a site generator fills in when it builds: Eleventy's "Last Modified", "Created" and
# their "git ..." forms take the file's or its first commit's time. Not malformed, and not
# a date the file itself tells.
_BUILD_TIME_DATES = frozenset({"last modified", "created", "git last modified", "git created"})


def is_build_time_date(value: Any) -> bool:
    return isinstance(value, str) and " ".join(value.lower().split()) in _BUILD_TIME_DATES


def to_date(value: Any) -> dt.date | None:
    """The date a metadata value stands for, or None when it does not parse."""
    parsed = parse_date(value)
    if parsed is None and isinstance(value, str):
        parsed = _parse_written(value.strip())
    return parsed


def parse_date(value: Any) -> dt.date | None:
    """A date from a metadata value: date objects, Unix times (numbers, or strings of 10 or
    13 digits: seconds or milliseconds, as scraped JSON gives them), ISO 8601."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value in _YEARS:  # YAML's "date: 2017": a year, not a time
        return dt.date(value, 1, 1)
    if isinstance(value, (int, float)):
        return _unix_date(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if text.isdigit() and len(text) in (10, 13):  # a Unix time written as a string
        return _unix_date(int(text))
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _unix_date(value: int | float) -> dt.date | None:
    """Unix time in seconds or milliseconds, within a plausible range (to 2100). The range is
    checked before dividing: YAML and TOML read hexadecimal integers of any length, and one
    past a float's range makes the division raise instead of answering "not a date"."""
    if not 0 < value < _LATEST_UNIX_TIME * 1000:
        return None
    seconds = value / 1000 if value > 10**11 else value
    if seconds < _LATEST_UNIX_TIME:
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
    return None


def _time_after(tail: str) -> str:
    """What follows a written date, without the separator before its time ("Thursday, April
    25, 2019 - 12:57", "3 March 2019 | 10:32", "March 3, 2019 at 4:50 pm"); a zone's sign
    stays ("March 3, 2019 -0500")."""
    tail = tail.strip(" ,")
    separator = _TIME_SEPARATOR.match(tail)
    return tail[separator.end():] if separator else tail


_TIME_SEPARATOR = re.compile(r"(?:[-–—|@]|at)\s+", re.I)


def _parse_written(text: str) -> dt.date | None:
    match = _YEAR_MONTH.match(text)
    if match:
        year = int(match.group("year") or match.group("named_year"))
        month = match.group("number") or match.group("month")
        month = 1 if month is None else int(month) if month.isdigit() else MONTHS[month.lower()]
        return date_or_none(year, month, 1) if year in _YEARS else None
    for pattern in _WRITTEN_DATES:
        match = pattern.match(text)
        if match and _TIME_TAIL.match(_time_after(text[match.end():])):
            month = match.group("month")
            month = int(month) if month.isdigit() else MONTHS[month.lower()]
            return date_or_none(int(match.group("year")), month, int(match.group("day")))
    match = _NUMERIC_DMY.match(text)
    if match:
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        # day/month or month/day: either valid will do
        return date_or_none(year, b, a) or date_or_none(year, a, b)
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A post's file named for its date, "2015-03-14-welcome.md": Jekyll, Hugo, Pelican and
# Eleventy read the date from it when the front matter has none.
_DATED_FILE_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-.")


def dated_file_name(path: str) -> tuple[int, int, int] | None:
    """(year, month, day) that a file's own name starts with, possible or not (a name
    "2019-02-30-post.md" gives its post a date, an impossible one)."""
    match = _DATED_FILE_NAME.match(path.replace("\\", "/").rpartition("/")[2])
    return tuple(map(int, match.groups())) if match else None


def file_name_date(doc) -> tuple[int, int, int] | None:
    """``dated_file_name`` of a document's own file (a JSONL record has none: its path is
    the corpus file's)."""
    return dated_file_name(doc.path) if doc.record is None else None


def dated_path(meta: dict[str, Any]) -> tuple[str, str, tuple[int, int, int]] | None:
    """(key, value, (year, month, day)) of the first path-like key that starts dated."""
    for name in DATED_PATH_KEYS:
        key = metadata_key(meta, name)
        value = meta.get(key) if key is not None else None
        if isinstance(value, str):
            match = _DATED_PATH.search(value.strip())
            if match:
                return key, value, (int(match.group(1)), int(match.group(3)),
                                    int(match.group(4)))
    return None
