"""Families: the groups rules belong to, declared as data and registered through a hook.

A family is a ``family.toml`` (name, description, colour, tag, rank) that a plugin hands
to the engine from ``corpus_lint_families``. The five built-ins register exactly like a
third-party family does, so a plugin can add a sixth without touching corpus-lint. A
rule's ``family`` must name a registered family.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .spec import SpecError, load_toml

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Where a family is listed among others (reports, `corpus-lint rules`) unless it says.
DEFAULT_RANK = 100


@dataclass(frozen=True)
class Family:
    name: str  # kebab-case; also a selector in --select, --ignore and suppressions
    description: str
    colour: str  # "#rrggbb": the family's colour in the HTML report
    tag: str  # what SARIF's rule descriptors carry in properties.tags
    rank: int = DEFAULT_RANK  # families are listed by rank, then name

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str) -> "Family":
        unknown = sorted(set(data) - {"name", "description", "colour", "tag", "rank"})
        if unknown:
            raise SpecError(f"{origin}: unknown key(s) {', '.join(unknown)}")
        name = data.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise SpecError(f"{origin}: 'name' missing or not kebab-case")
        description = data.get("description")
        if not isinstance(description, str) or not description.strip():
            raise SpecError(f"{origin}: 'description' missing")
        colour = data.get("colour")
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise SpecError(f"{origin}: 'colour' missing or not #rrggbb")
        tag = data.get("tag", name)
        rank = data.get("rank", DEFAULT_RANK)
        if not isinstance(tag, str) or not isinstance(rank, int):
            raise SpecError(f"{origin}: 'tag' must be a string and 'rank' an integer")
        return cls(name, " ".join(description.split()), colour, tag, rank)

    @classmethod
    def from_file(cls, path: Path) -> "Family":
        return cls.from_dict(load_toml(path), str(path))

    def sort_key(self) -> tuple[int, str]:
        return (self.rank, self.name)
