"""A progress line on a terminal: units done, documents, rate. Silent anywhere else."""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = (hasattr(self.stream, "isatty") and self.stream.isatty()
                       and os.environ.get("PRE_COMMIT") != "1" and not os.environ.get("CI"))
        self.enabled = enabled
        self.total = total
        self.done = self.documents = 0
        self.started = self.shown = time.monotonic()

    def update(self, documents: int) -> None:
        self.done += 1
        self.documents += documents
        now = time.monotonic()
        if self.enabled and (now - self.shown > 0.1 or self.done == self.total):
            self.shown = now
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            rate = self.documents / max(now - self.started, 1e-6)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"units, {self.documents} documents, {rate:,.0f} docs/s ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
