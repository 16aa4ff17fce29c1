"""A rule's effective parameters: its catalogue defaults, overridden by configuration."""
from __future__ import annotations

from typing import Any


class UndeclaredParameter(KeyError):
    """A rule read a parameter its catalogue entry does not declare (a bug in the rule)."""

    def __str__(self) -> str:
        return str(self.args[0])


class RuleParams(dict):
    """A rule's effective parameters: catalogue defaults overridden by configuration.

    Reading a key the catalogue entry does not declare raises instead of falling back to a
    literal, so a default lives in exactly one place, the rule's TOML file.
    """

    def __init__(self, code: str, values: dict[str, Any]):
        super().__init__(values)
        self.code = code

    def __missing__(self, key: str):
        raise UndeclaredParameter(f"rule {self.code} reads parameter '{key}', which its "
                                  f"catalogue entry does not declare")

    def get(self, key: str, *default: Any) -> Any:
        if default and key not in self:  # TRANSITION: made strict once the families are split
            return default[0]
        return self[key]
