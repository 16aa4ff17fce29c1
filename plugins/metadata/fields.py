"""Metadata family: missing, malformed or misplaced document metadata.

Proper metadata is front matter, a sidecar file or JSONL record fields. A plain-text file
without any of them has no metadata, whatever its first lines say; header lines written
into the body (``From:``/``Subject:``, `` date 2017-06-21 ...``) are reported as fused
metadata, because downstream tools read them as article text.

Policy (``[tool.corpus-lint.metadata]``): ``required`` fields (default title and date),
``per-file-required`` to change them by glob, and ``field-aliases`` naming the keys that
count as each field (``headline`` for title, ``published`` for date, ...).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Iterable

from corpus_lint.hookspecs import hookimpl
from corpus_lint.model import Document, Finding
from corpus_lint.rulebook import Rule, RuleSpec

FIELD_ALIASES = {
    "title": ["title", "headline", "name"],
    "date": ["date", "published", "published_at", "publish_date", "pubdate", "date_published",
             "datePublished", "created", "created_at", "timestamp", "datetime"],
    "source": ["source", "publisher", "site", "site_name", "url", "source_url", "domain"],
    "author": ["author", "authors", "byline", "creator"],
    "language": ["language", "lang", "locale", "inLanguage"],
    "url": ["url", "source_url", "canonical_url", "link"],
}
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
_MONTH = r"(?P<month>%s)\.?" % "|".join(sorted(MONTHS, key=len, reverse=True))
_WRITTEN_DATES = [
    # March 3, 2019 / Mar 3rd 2019 (optionally with a weekday and a time after it)
    re.compile(rf"^(?:\w+,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    # 3 March 2019 / Sunday, 3rd of March, 2019
    re.compile(rf"^(?:\w+,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    # 2019/03/03, 2019.03.03
    re.compile(r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})\b"),
]
_NUMERIC_DMY = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})$")
_TIME_TAIL = re.compile(r"^(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|Z)?$",
                        re.I)

# Fused metadata: mail/news header lines, and "date 2017-06-21 ..." glued to the first line.
MAIL_HEADERS = re.compile(
    r"^(From|Subject|Date|Organi[sz]ation|Lines|Newsgroups|Message-ID|Reply-To|To|Cc|Sender|"
    r"Keywords|Summary|Distribution|Path|Xref|References|NNTP-Posting-Host|Article-I\.D\.|"
    r"Expires|Followup-To|In-Reply-To|X-[\w-]+|Content-Type|MIME-Version):[ \t]", re.I)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
FUSED_FIELD = re.compile(
    rf"^(?P<key>date|dated|published|posted|updated|publication date)\s*[:=]?\s*"
    rf"(?P<value>{_ISO_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b"
    r"|^(?P<key2>title|headline|source|author|url|language|lang)\s*[:=]\s*(?P<value2>\S.*)",
    re.I)


def parse_date(value: Any) -> dt.date | None:
    """A date from a metadata value: date objects, ISO 8601, RFC 2822, written forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # Unix time in seconds or milliseconds, within a plausible range.
        seconds = value / 1000 if value > 10**11 else value
        if 0 < seconds < 4_102_444_800:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _parse_written(text: str) -> dt.date | None:
    for pattern in _WRITTEN_DATES:
        match = pattern.match(text)
        if match and _TIME_TAIL.match(text[match.end():].strip(" ,")):
            month = match.group("month")
            month = int(month) if month.isdigit() else MONTHS[month.lower()]
            try:
                return dt.date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                return None
    match = _NUMERIC_DMY.match(text)
    if match:
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        for day, month in ((a, b), (b, a)):  # day/month or month/day: either valid will do
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
        return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def to_date(value: Any) -> dt.date | None:
    parsed = parse_date(value)
    if parsed is None and isinstance(value, str):
        parsed = _parse_written(value.strip())
    return parsed


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return not value
    return False


def flat_metadata(doc: Document) -> dict[str, Any]:
    """Metadata with a nested ``metadata`` object (datatrove's JSONL layout) merged in."""
    meta = dict(doc.metadata or {})
    nested = meta.get("metadata")
    if isinstance(nested, dict):
        for key, value in nested.items():
            meta.setdefault(str(key), value)
    return meta


class MetadataRule(Rule):
    """Shared policy look-ups for the metadata rules."""

    content_rule = False

    def policy(self) -> dict[str, Any]:
        return self.settings.section("metadata") if self.settings is not None else {}

    def aliases(self, field: str) -> list[str]:
        return list(self.policy().get("field-aliases", {}).get(field, FIELD_ALIASES.get(field, [field])))

    def required(self, doc: Document) -> list[str]:
        policy = self.policy()
        fields = list(policy.get("required", ["title", "date"]))
        if self.settings is not None:
            for override in self.settings.matching(policy.get("per-file-required", {}), doc.path):
                fields = list(override)
        return fields

    def lookup(self, meta: dict[str, Any], field: str) -> tuple[str | None, Any]:
        """(key, value) of the first non-empty alias of ``field``."""
        for key in self.aliases(field):
            if key in meta and not is_empty(meta[key]):
                return key, meta[key]
        return None, None

    def line_of(self, doc: Document, key: str | None) -> int:
        if key and key in doc.metadata_lines:
            return doc.metadata_lines[key]
        return doc.source_map.locate(0)[0] if doc.record else 1

    def dated_path(self, meta: dict[str, Any]) -> tuple[str, str, re.Match] | None:
        for key in DATED_PATH_KEYS:
            value = meta.get(key)
            if isinstance(value, str):
                match = _DATED_PATH.search(value.strip())
                if match:
                    return key, value, match
        return None


class NoMetadata(MetadataRule):
    spec = RuleSpec.from_catalogue("M101")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.metadata is not None or doc.front_matter_problem is not None:
            return
        fields = ", ".join(self.required(doc)) or "none required"
        kind = "record has only its text field" if doc.record else \
            "no front matter, sidecar file or record fields"
        yield self.finding_at_line(doc, self.line_of(doc, None),
                                   f"Document has no metadata ({kind}); required: {fields}.",
                                   fingerprint_text=doc.text[:200])


class MissingField(MetadataRule):
    spec = RuleSpec.from_catalogue("M102")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.metadata is None:
            return
        meta = flat_metadata(doc)
        missing = []
        for field in self.required(doc):
            key, _ = self.lookup(meta, field)
            if key is None and field == "date" and self.dated_path(meta):
                continue
            if key is None:
                present = [k for k in self.aliases(field) if k in meta]
                missing.append(f"{field} (empty '{present[0]}')" if present else field)
        if missing:
            where = doc.metadata_origin or "metadata"
            yield self.finding_at_line(
                doc, self.line_of(doc, None),
                f"Required metadata missing or empty in {where}: {', '.join(missing)}.",
                fingerprint_text=",".join(missing))


class InvalidDate(MetadataRule):
    spec = RuleSpec.from_catalogue("M103")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.metadata:
            return
        meta = flat_metadata(doc)
        for key in self.aliases("date"):
            value = meta.get(key)
            if is_empty(value) or to_date(value) is not None:
                continue
            yield self.finding_at_line(doc, self.line_of(doc, key),
                                       f"Date '{key}' does not parse as a date: {value!r}.",
                                       fingerprint_text=f"{key}={value}")
        dated = self.dated_path(meta)
        if dated:
            key, value, match = dated
            year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
            try:
                dt.date(year, month, day)
            except ValueError:
                yield self.finding_at_line(doc, self.line_of(doc, key),
                                           f"Date in '{key}' is impossible: {value!r} "
                                           f"({year:04d}-{month:02d}-{day:02d}).",
                                           fingerprint_text=f"{key}={value}")


class FutureDate(MetadataRule):
    spec = RuleSpec.from_catalogue("M104")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.metadata:
            return
        meta = flat_metadata(doc)
        today = dt.date.today()
        limit = today + dt.timedelta(days=int(self.params["tolerance-days"]))
        for key in self.aliases("date"):
            parsed = to_date(meta.get(key)) if not is_empty(meta.get(key)) else None
            if parsed is not None and parsed > limit:
                yield self.finding_at_line(doc, self.line_of(doc, key),
                                           f"Date '{key}' lies in the future: {parsed.isoformat()}.",
                                           fingerprint_text=f"{key}={parsed}")


class FusedMetadata(MetadataRule):
    spec = RuleSpec.from_catalogue("M105")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if not text.strip() or doc.front_matter_problem is not None:
            return  # an unclosed front-matter block is M108's to report
        head = text[:4000].split("\n")[: int(self.params["max-lines"])]
        offsets, position = [], 0
        for line in head:
            offsets.append(position)
            position += len(line) + 1
        first = next((i for i, line in enumerate(head) if line.strip()), None)
        if first is None:
            return
        headers = []
        for index in range(first, len(head)):
            if not head[index].strip():
                break
            match = MAIL_HEADERS.match(head[index])
            if match:
                headers.append((index, match.group(1)))
            elif not head[index][:1].isspace():  # header continuation lines are indented
                break
        if len(headers) >= 2:
            index = headers[0][0]
            names = ", ".join(dict.fromkeys(name + ":" for _, name in headers))
            end = offsets[headers[-1][0]] + len(head[headers[-1][0]])
            yield self.finding(doc, offsets[index], end,
                               f"Mail/news header lines in the body ({names}): move them to "
                               "front matter or a sidecar.")
            return
        for index in range(first, min(len(head), first + 3)):
            line = head[index]
            stripped = line.lstrip()
            match = FUSED_FIELD.match(stripped)
            if match:
                key = match.group("key") or match.group("key2")
                value = match.group("value") or match.group("value2")
                start = offsets[index] + len(line) - len(stripped)
                yield self.finding(doc, start, start + match.end(),
                                   f"Metadata fused into the body text: '{key}' = "
                                   f"{value[:60]!r}; move it to front matter or a sidecar.")
                return


class InvalidLanguage(MetadataRule):
    spec = RuleSpec.from_catalogue("M106")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.metadata:
            return
        meta = flat_metadata(doc)
        for key in self.aliases("language"):
            value = meta.get(key)
            if is_empty(value):
                continue
            if not isinstance(value, str) or not _valid_language_tag(value.strip()):
                yield self.finding_at_line(doc, self.line_of(doc, key),
                                           f"Language '{key}' is not a valid BCP 47 tag: {value!r}.",
                                           fingerprint_text=f"{key}={value}")


@lru_cache(maxsize=1024)
def _valid_language_tag(tag: str) -> bool:
    import langcodes

    try:
        return bool(langcodes.tag_is_valid(tag.replace("_", "-")))
    except Exception:  # langcodes raises on some malformed input instead of answering
        return False


class InvalidUrl(MetadataRule):
    spec = RuleSpec.from_catalogue("M107")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.metadata:
            return
        from urllib.parse import urlsplit

        meta = flat_metadata(doc)
        keys = list(dict.fromkeys(self.aliases("url") + ["source"]))
        for key in keys:
            value = meta.get(key)
            if is_empty(value) or not isinstance(value, str):
                continue
            value = value.strip()
            looks_like_url = key != "source" or "://" in value or value.startswith("www.")
            if not looks_like_url:
                continue
            try:
                parts = urlsplit(value)
                ok = parts.scheme in ("http", "https", "ftp", "ftps", "file") and \
                    (bool(parts.netloc) or parts.scheme == "file") and " " not in value
            except ValueError:
                ok = False
            if not ok:
                what = "scheme" if not value.split("://")[0] or "://" not in value else "host"
                yield self.finding_at_line(doc, self.line_of(doc, key),
                                           f"URL '{key}' has no valid {what}: {value[:100]!r}.",
                                           fingerprint_text=f"{key}={value}")


class FrontMatterError(MetadataRule):
    spec = RuleSpec.from_catalogue("M108")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.front_matter_problem is None:
            return
        line, message = doc.front_matter_problem
        yield self.finding_at_line(doc, line, message[0].upper() + message[1:] + ".",
                                   fingerprint_text=message)


@hookimpl
def corpus_lint_rules():
    return [NoMetadata, MissingField, InvalidDate, FutureDate, FusedMetadata, InvalidLanguage,
            InvalidUrl, FrontMatterError]


@hookimpl
def corpus_lint_default_config():
    return {"metadata": {"required": ["title", "date"], "per-file-required": {},
                         "field-aliases": {}}}
