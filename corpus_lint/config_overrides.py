"""``--config``: a configuration file, or ``KEY = VALUE`` overrides as ruff takes them.

An argument that names an existing file is the configuration file (at most one); any other
argument holding ``=`` is TOML (``rules.D101.min-words = 5``, ``select = ["D1"]``) merged
over the file's settings, later ones winning, and then validated like the file itself.
"""
from __future__ import annotations

import os
from typing import Any

from corpus_lint.config import ConfigError, _toml


def split_config_args(values: list[str] | str | None) -> tuple[str | None, list[dict]]:
    """(the configuration file or None, the parsed overrides in order)."""
    if values is None:
        return None, []
    if isinstance(values, str):
        values = [values]
    files, overrides = [], []
    for value in values:
        if "=" in value and not os.path.isfile(value):
            overrides.append(_parse(value))
        else:
            files.append(value)
    if len(files) > 1:
        raise ConfigError(f"--config names more than one configuration file: "
                          f"{', '.join(files)}")
    return (files[0] if files else None), overrides


def _parse(value: str) -> dict[str, Any]:
    try:
        return _toml().loads(value)
    except _toml().TOMLDecodeError as exc:
        raise ConfigError(f"--config {value!r}: neither a file nor a TOML 'KEY = VALUE' "
                          f"({exc})") from None


def merge_overrides(config: dict[str, Any], overrides: list[dict]) -> dict[str, Any]:
    """``config`` with each override merged in: tables key by key, other values replaced."""
    merged = dict(config)
    for override in overrides:
        merged = _merge(merged, override)
    return merged


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result
