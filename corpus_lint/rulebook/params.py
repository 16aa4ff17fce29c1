"""A rule's parameters: how each is declared (``ParameterSpec``, from the rule's TOML) and
the effective values a rule reads (``RuleParams``: catalogue defaults under configuration).

A value is checked when the configuration is loaded, against the type of its default and
the declared range, so ``min-words = nan`` or a negative threshold is a configuration error
(exit 2) and never a crash or a hang deep inside a rule.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

_RANGE_KEYS = ("min", "max", "key-min", "key-max", "choices")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "list",
            dict: "table"}.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class ParameterSpec:
    """``name = { default = ..., doc = "...", min = ..., max = ... }`` in a rule's TOML.

    The type is the default's; ``min``/``max`` bound a number, or each value of a table;
    ``key-min``/``key-max`` bound the integer keys of a table (n-gram sizes, say);
    ``choices`` lists the only values allowed.
    """

    default: Any
    doc: str = ""
    min: float | None = None
    max: float | None = None
    key_min: int | None = None
    key_max: int | None = None
    choices: tuple | None = None

    @classmethod
    def from_toml(cls, value: Any) -> "ParameterSpec":
        if not (isinstance(value, dict) and "default" in value):
            return cls(value)
        unknown = set(value) - {"default", "doc", *_RANGE_KEYS}
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
        choices = value.get("choices")
        return cls(value["default"], value.get("doc", ""), value.get("min"), value.get("max"),
                   value.get("key-min"), value.get("key-max"),
                   tuple(choices) if choices is not None else None)

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable (None when it is)."""
        default = self.default
        if default is None:
            return None
        if self.choices is not None and value not in self.choices:
            return f"should be one of {', '.join(map(str, self.choices))}"
        if _is_number(default):
            return self._number_problem(value, integer=isinstance(default, int))
        if not isinstance(value, type(default)):
            return f"should be a {_type_name(default)}"
        if isinstance(default, list):
            return self._list_problem(value)
        if isinstance(default, dict):
            return self._table_problem(value)
        return None

    def _number_problem(self, value: Any, integer: bool) -> str | None:
        if integer and not (isinstance(value, int) and not isinstance(value, bool)):
            return "should be an integer"
        if not _is_number(value) or not math.isfinite(value):
            return "should be a finite number"
        if self.min is not None and value < self.min:
            return f"should be at least {self.min}"
        if self.max is not None and value > self.max:
            return f"should be at most {self.max}"
        return None

    def _list_problem(self, value: list) -> str | None:
        kind = type(self.default[0]) if self.default else str
        if not all(isinstance(item, kind) for item in value):
            return f"should be a list of {_type_name(kind())}s"
        return None

    def _table_problem(self, value: dict) -> str | None:
        sample = next(iter(self.default.values()), None)
        for key, item in value.items():
            if self.key_min is not None or self.key_max is not None:
                if not str(key).isdecimal():  # isdigit() takes "²", which int() refuses
                    return f"key '{key}' should be a whole number"
                if (self.key_min is not None and int(key) < self.key_min) or \
                        (self.key_max is not None and int(key) > self.key_max):
                    return f"key '{key}' should be between {self.key_min} and {self.key_max}"
            if sample is not None and _is_number(sample):
                reason = self._number_problem(item, integer=isinstance(sample, int))
                if reason:
                    return f"'{key}' {reason}"
        return None


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
        if default:
            raise TypeError(f"rule {self.code}: params.get('{key}', default): defaults belong "
                            f"in the rule's TOML file; read params['{key}']")
        return self[key]
