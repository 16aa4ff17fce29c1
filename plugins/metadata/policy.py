"""The ``[metadata]`` policy and the field look-ups every metadata rule shares.

A field (title, date, ...) counts as present under any of its aliases; the policy names the
required fields, per glob if need be, and may replace a field's aliases.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from corpus_lint.documents.document import Document
from corpus_lint.findings.model import Finding
from corpus_lint.rulebook import Rule

# Keys that count as each field unless [metadata] field-aliases replaces them.
FIELD_ALIASES = {
    "title": ["title", "headline", "name"],
    "date": ["date", "published", "published_at", "publish_date", "publishDate", "pubdate",
             "date_published", "datePublished", "dateCreated", "created", "created_at",
             "timestamp", "datetime"],
    "source": ["source", "publisher", "site", "site_name", "url", "source_url", "domain"],
    "author": ["author", "authors", "byline", "creator"],
    "language": ["language", "lang", "locale", "inLanguage"],
    "url": ["url", "source_url", "canonical_url", "link"],
}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return not value
    return False


def is_flag(field: str, alias: str, value: Any) -> bool:
    """A yes/no under another field's name is a switch, not that field's value: Jekyll's
    ``published: false`` keeps a post unpublished and says nothing of its date. Under the
    field's own name (``date: true``) it stays a malformed value."""
    return isinstance(value, bool) and alias.lower() != field.lower()


def shown(value: Any, form: Callable[[Any], str] = repr) -> str:
    """``form(value)`` (repr for a message, str for a fingerprint), but an integer past 64
    bits by its size: YAML and TOML read hexadecimal of any length, and Python refuses to
    print one past 4,300 decimal digits, even inside a list."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"a {value.bit_length()}-bit integer"
    try:
        return form(value)
    except ValueError:  # such an integer inside a list or mapping
        return "a value holding an integer too long to print"


# Keys under which corpus formats nest a record's metadata: datatrove's and Dolma's
# "metadata", RedPajama's, SlimPajama's and the Pile's "meta".
NESTED_KEYS = ("metadata", "meta")


def flat_metadata(doc: Document) -> dict[str, Any]:
    """Metadata with a nested ``metadata`` or ``meta`` object (``NESTED_KEYS``) merged in; a
    key at the top wins."""
    return doc.memo(("metadata", "flat"), lambda: _flatten(doc.metadata))


def metadata_key(meta: dict[str, Any], name: str) -> str | None:
    """The key of ``meta`` that is ``name``, in any case: "Title" and "DATE" are the title
    and the date (Hugo reads keys so, Pelican writes them capitalised); the exact spelling
    first. None when there is none."""
    if name in meta:
        return name
    lower = name.lower()
    return next((key for key in meta if isinstance(key, str) and key.lower() == lower), None)


def _flatten(metadata: dict[str, Any] | None) -> dict[str, Any]:
    meta = dict(metadata or {})
    for name in NESTED_KEYS:
        nested = meta.get(name)
        if isinstance(nested, dict):
            for key, value in nested.items():
                meta.setdefault(shown(key, str), value)
    return meta


def check_policy(policy: dict[str, Any], origin: str) -> None:
    """Refuse a required field that no alias table knows (``titel``): it could never be
    found, so every document would be reported. A custom field is declared in
    ``field-aliases`` (``category = ["category", "section"]``)."""
    import difflib

    from corpus_lint.config import ConfigError

    known = sorted({*FIELD_ALIASES, *policy["field-aliases"]})
    lists = [("required", policy["required"])] + [
        (f"per-file-required.'{glob}'", fields)
        for glob, fields in policy["per-file-required"].items()]
    for where, fields in lists:
        for field in fields if isinstance(fields, list) else [fields]:
            if field in known:
                continue
            close = difflib.get_close_matches(str(field), known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{origin}: [metadata] {where}: unknown field '{field}' ({hint}"
                              f"known: {', '.join(known)}; declare a field of your own in "
                              f"field-aliases)")


class MetadataRule(Rule):
    """Shared policy look-ups for the metadata rules."""

    content_rule = False

    def __init__(self, params: dict[str, Any] | None = None, settings: Any = None):
        super().__init__(params, settings)
        if settings is not None:
            source = getattr(settings, "source", None)
            check_policy(self.policy(), str(source) if source else "configuration")

    def policy(self) -> dict[str, Any]:
        return self.settings.section("metadata")

    def aliases(self, field: str) -> list[str]:
        return list(self.policy()["field-aliases"].get(field, FIELD_ALIASES.get(field, [field])))

    def required(self, doc: Document) -> list[str]:
        policy = self.policy()
        fields = list(policy["required"])
        for override in self.settings.matching(policy["per-file-required"], doc.path):
            fields = list(override)
        return fields

    def lookup(self, meta: dict[str, Any], field: str) -> tuple[str | None, Any]:
        """(key, value) of the first non-empty alias of ``field``."""
        return next(((key, value) for key, value in self.present(meta, field, self.aliases(field))
                     if not is_empty(value)), (None, None))

    def values(self, doc: Document, field: str,
               also: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
        """(key, value) of every non-empty alias of ``field`` (then ``also``) in the metadata."""
        if not doc.metadata:
            return
        keys = self.aliases(field)
        if also:
            keys = list(dict.fromkeys(keys + list(also)))
        for key, value in self.present(flat_metadata(doc), field, keys):
            if not is_empty(value):
                yield key, value

    @staticmethod
    def present(meta: dict[str, Any], field: str, aliases: list[str]
                ) -> Iterator[tuple[str, Any]]:
        """(key, value) of each of ``aliases`` the metadata holds, in any case, empty or not;
        a yes/no switch under another field's name is not there (``is_flag``)."""
        for alias in aliases:
            key = metadata_key(meta, alias)
            if key is not None and not is_flag(field, key, meta[key]):
                yield key, meta[key]

    def line_of(self, doc: Document, key: str | None) -> int:
        if key and key in doc.metadata_lines:
            return doc.metadata_lines[key]
        return doc.source_map.locate(0)[0] if doc.record else 1

    def at_key(self, doc: Document, key: str, value: Any, message: str) -> Finding:
        """A finding on the line of metadata ``key``, fingerprinted by key and value."""
        return self.finding_at_line(doc, self.line_of(doc, key), message,
                                    fingerprint_text=f"{key}={shown(value, str)}")
