"""A document on standard input (``check -``, ``--stdin-filename NAME``), as ruff and
sqlfluff read one from an editor.

The text is saved to a temporary file named like NAME, so the reader is the one NAME's
suffix picks (``.txt`` without a name); findings show NAME (``-`` without one), and
``per-file-ignores`` match NAME.
"""
from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def wants_stdin(paths: list[str], stdin_filename: str | None, default: list[str]) -> bool:
    """Whether the command line asks for standard input; '-' among other paths is an error."""
    from corpus_lint.config import ConfigError

    if "-" in paths:
        if len(paths) > 1:
            raise ConfigError("'-' (standard input) cannot be combined with other paths")
        return True
    return stdin_filename is not None and paths == default


@contextmanager
def stdin_document(name: str | None) -> Iterator[Path]:
    """Standard input saved to a temporary file named like ``name``; removed afterwards."""
    import tempfile  # not for a run over files (start-up)

    folder = Path(tempfile.mkdtemp(prefix="corpus-lint-stdin-"))
    try:
        path = folder / (Path(name).name if name else "stdin.txt")
        with open(path, "wb") as handle:
            shutil.copyfileobj(getattr(sys.stdin, "buffer", None) or _encoded(sys.stdin), handle)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _encoded:
    """A text stream read as UTF-8 bytes (tests replace sys.stdin with a StringIO)."""

    def __init__(self, stream):
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size).encode("utf-8", "surrogateescape")
