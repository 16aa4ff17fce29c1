"""Field rules: required fields present (M102) and values well-formed: dates (M103), dates
not in the future (M104), language tags (M106), URLs (M107), no placeholders (M109), text
where text belongs (M110)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Iterable

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import RuleSpec

from .dates import date_or_none, dated_path, file_name_date, is_build_time_date, to_date
from .policy import MetadataRule, flat_metadata, shown


class MissingField(MetadataRule):
    spec = RuleSpec.from_catalogue("M102")

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.metadata is None:
            return
        meta = flat_metadata(doc)
        missing = []
        for field in self.required(doc):
            key, _ = self.lookup(meta, field)
            if key is not None:
                continue
            present = [key for key, _ in self.present(meta, field, self.aliases(field))]
            # a post's path or file name dates it when its metadata has no date key; a date
            # key left empty is still a defect (Jekyll stops on it: "does not have a valid
            # date in the YAML front matter")
            if not present and field == "date" and (dated_path(meta) or file_name_date(doc)):
                continue
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
        for key, value in self.values(doc, "date"):
            if to_date(value) is None and not is_build_time_date(value):
                yield self.at_key(doc, key, value,
                                  f"Date '{key}' does not parse as a date: {shown(value)}.")
        dated = dated_path(flat_metadata(doc)) if doc.metadata else None
        if dated:
            key, value, (year, month, day) = dated
            if date_or_none(year, month, day) is None:
                yield self.at_key(doc, key, value,
                                  f"Date in '{key}' is impossible: {value!r} "
                                  f"({year:04d}-{month:02d}-{day:02d}).")
        elif doc.metadata is not None and self.lookup(flat_metadata(doc), "date")[0] is None:
            named = file_name_date(doc)  # the post's date when its metadata has none
            if named and date_or_none(*named) is None:
                year, month, day = named
                yield self.finding_at_line(
                    doc, self.line_of(doc, None),
                    f"Date in the file name is impossible: {year:04d}-{month:02d}-{day:02d}.",
                    fingerprint_text=f"{year:04d}-{month:02d}-{day:02d}")


class FutureDate(MetadataRule):
    spec = RuleSpec.from_catalogue("M104")

    def check(self, doc: Document) -> Iterable[Finding]:
        for key, value in self.values(doc, "date"):
            parsed = to_date(value)
            if parsed is not None and parsed > self.latest_accepted():
                yield self.at_key(doc, key, parsed,
                                  f"Date '{key}' lies in the future: {parsed.isoformat()}.")

    def latest_accepted(self) -> dt.date:
        """Today plus the tolerance for time zones."""
        return dt.date.today() + dt.timedelta(days=int(self.params["tolerance-days"]))


class InvalidLanguage(MetadataRule):
    spec = RuleSpec.from_catalogue("M106")

    def check(self, doc: Document) -> Iterable[Finding]:
        for key, value in self.values(doc, "language"):
            if not isinstance(value, str) or not _valid_language_tag(value.strip()):
                yield self.at_key(doc, key, value,
                                  f"Language '{key}' is not a valid BCP 47 tag: {shown(value)}.")


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
        for key, value in self.values(doc, "url", also=("source",)):
            if not isinstance(value, str):
                continue
            value = value.strip()
            if key == "source" and "://" not in value and not value.startswith("www."):
                continue  # a source may be a name ("Example News") rather than a URL
            if not _valid_url(value):
                what = "scheme" if not value.split("://")[0] or "://" not in value else "host"
                yield self.at_key(doc, key, value,
                                  f"URL '{key}' has no valid {what}: {value[:100]!r}.")


def _valid_url(value: str) -> bool:
    """An absolute URL: a known scheme, a host (but for file:) and no space."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https", "ftp", "ftps", "file") and \
        (bool(parts.netloc) or parts.scheme == "file") and " " not in value


# Template syntax left unrendered, anywhere in a value: Liquid/Jinja/Hugo, JavaScript and
# shell interpolation, ERB/EJS.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|<%.*?%>")
# Whole values that stand for no value: a missing value printed as text by some language,
# unrendered marker forms, and stubs.
_PLACEHOLDER = re.compile(
    r"(?:null|undefined|none|nil|nan|n/a|\[object object\]|\[\[[^\]]*\]\]|%[a-z_]+%|"
    r"__[a-z_]+__|untitled(?: (?:document|post|page|article))?|new post|your title here|"
    r"title here|todo|tbd|tba|fixme|xxx+|lorem ipsum\b.*)", re.I)


class PlaceholderValue(MetadataRule):
    spec = RuleSpec.from_catalogue("M109")

    def check(self, doc: Document) -> Iterable[Finding]:
        for field in self.params["fields"]:
            for key, value in self.values(doc, field):
                if isinstance(value, str) and _is_placeholder(value.strip()):
                    yield self.at_key(doc, key, value,
                                      f"Field '{key}' holds a placeholder, not a value: "
                                      f"{value.strip()[:100]!r}.")


def _is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(value) or _TEMPLATE.search(value))


class NonTextValue(MetadataRule):
    spec = RuleSpec.from_catalogue("M110")

    def check(self, doc: Document) -> Iterable[Finding]:
        for field in self.params["fields"]:
            for key, value in self.values(doc, field):
                what = _not_text(value)
                if what is None:
                    continue
                keep = (f"; keep its one value: {value[0].strip()!r}"
                        if isinstance(value, list) and len(value) == 1
                        and isinstance(value[0], str) else "")
                yield self.at_key(doc, key, value,
                                  f"Field '{key}' holds {what}, not text: "
                                  f"{shown(value)[:100]}{keep}.")


def _not_text(value) -> str | None:
    """What a value is when it is not one piece of text (a number counts as text: YAML reads
    ``title: 1984`` as one), else None."""
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "a yes/no"
    return None
