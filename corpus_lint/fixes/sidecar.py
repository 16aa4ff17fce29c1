"""Lifting metadata into a sidecar file (``doc.meta.json|yaml|toml``) when that is where a
document's metadata lives.

The keys are added as text, so the rest of the sidecar keeps its bytes: new lines at the
end of a YAML mapping, at the top of a TOML file (top-level keys must come before any
table), before the closing brace of a JSON object. The result is parsed again and must be
the old metadata plus the new keys, or the fix is not made.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corpus_lint.readers.frontmatter import MetadataError, parse_metadata

FORMATS = {"json": "json", "yaml": "yaml", "yml": "yaml", "toml": "toml"}


class Sidecar:
    """A sidecar being updated: its path, the text it had when read, the text to write."""

    def __init__(self, path: Path):
        from .files import Stamp

        self.path = path
        self.format = FORMATS[path.suffix[1:]]
        self.stamp = Stamp.of(path)
        self.original = path.read_bytes().decode("utf-8")
        self.text = self.original

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def metadata(self) -> dict[str, Any]:
        return parse_metadata(self.text, self.format)

    def with_keys(self, pairs: list[tuple[str, Any]]) -> str | None:
        """The sidecar's text with ``pairs`` added, or None when that cannot be done safely."""
        try:
            old = self.metadata()
        except MetadataError:
            return None
        if any(key in old for key, _ in pairs):
            return None
        text, fmt = self.text, self.format
        if fmt == "yaml":
            lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                            for key, value in pairs)
            new = text + ("\n" if text and not text.endswith("\n") else "") + lines
        elif fmt == "toml":
            new = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
                          for key, value in pairs) + text
        else:
            close = text.rstrip().rfind("}")
            if close == -1:
                return None
            added = "".join(f"{',' if old or index else ''}\n  {json.dumps(key)}: "
                            f"{json.dumps(value, ensure_ascii=False)}"
                            for index, (key, value) in enumerate(pairs))
            new = text[:close].rstrip() + added + "\n" + text[close:]
        try:
            if parse_metadata(new, fmt) != {**old, **dict(pairs)}:
                return None
        except MetadataError:
            return None
        return new
