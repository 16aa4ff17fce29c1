"""An example corpus-lint plugin: flags placeholder text (lorem ipsum) left in documents.

Copy this package to start a plugin of your own: a rule class, its catalogue entry as a
TOML file beside it (code, name, family, level, parameters, examples), a family of its own
(``family.toml``; a plugin may also put its rules in a built-in family), and the hooks
that hand them to corpus-lint.
"""
from __future__ import annotations

import re
from pathlib import Path

from corpus_lint.hookspecs import hookimpl
from corpus_lint.rulebook import Family, Rule, RuleSpec

PLACEHOLDER = re.compile(r"\blorem ipsum\b|\bdolor sit amet\b", re.IGNORECASE)


class PlaceholderText(Rule):
    spec = RuleSpec.from_file(Path(__file__).with_name("X101.toml"))

    def check(self, doc):
        for paragraph in doc.paragraphs:
            match = PLACEHOLDER.search(paragraph.text)
            if match:
                start = paragraph.start + match.start()
                yield self.finding(doc, start, paragraph.start + match.end(),
                                   f"Placeholder text {match.group(0)!r} left in the document.")


@hookimpl
def corpus_lint_families():
    return [Family.from_file(Path(__file__).with_name("family.toml"))]


@hookimpl
def corpus_lint_rules():
    return [PlaceholderText]
