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
from corpus_lint.rulebook import RuleSpec

from .policy import MetadataRule

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


class FusedMetadata(MetadataRule):
    spec = RuleSpec.from_catalogue("M105")

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.text.strip() or doc.front_matter_problem is not None:
            return  # an unclosed front-matter block is M108's to report
        head, offsets = _head(doc.text, int(self.params["max-lines"]))
        first = next((i for i, line in enumerate(head) if line.strip()), None)
        if first is None:
            return
        headers = _mail_headers(head, first)
        if len(headers) >= 2:
            names = ", ".join(dict.fromkeys(name + ":" for _, name in headers))
            last = headers[-1][0]
            yield self.finding(doc, offsets[headers[0][0]], offsets[last] + len(head[last]),
                               f"Mail/news header lines in the body ({names}): move them to "
                               "front matter or a sidecar.")
            return
        fused = _fused_field(head, offsets, first)
        if fused:
            start, end, key, value = fused
            yield self.finding(doc, start, end,
                               f"Metadata fused into the body text: '{key}' = "
                               f"{value[:60]!r}; move it to front matter or a sidecar.")


def _head(text: str, max_lines: int) -> tuple[list[str], list[int]]:
    """The first ``max_lines`` lines (within 4,000 characters) and their start offsets."""
    head = text[:4000].split("\n")[:max_lines]
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


def _fused_field(head: list[str], offsets: list[int],
                 first: int) -> tuple[int, int, str, str] | None:
    """(start, end, key, value) of a field glued to one of the first three text lines."""
    for index in range(first, min(len(head), first + 3)):
        line = head[index]
        stripped = line.lstrip()
        match = FUSED_FIELD.match(stripped)
        if match:
            start = offsets[index] + len(line) - len(stripped)
            return (start, start + match.end(), match.group("key") or match.group("key2"),
                    match.group("value") or match.group("value2"))
    return None
