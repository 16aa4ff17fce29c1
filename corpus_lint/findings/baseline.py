"""Baselines: adopt corpus-lint on a corpus that already has findings (like detekt's).

An entry is (rule code, path, content fingerprint) with a count, never a line number, so
editing other parts of a file does not revive old findings. With ``--baseline`` the
findings that match an entry are left out of the report and the exit code; entries that no
longer match anything are reported as stale so the baseline can be shrunk.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from corpus_lint.config import ConfigError
from corpus_lint.outputs import atomic_output
from corpus_lint.findings.model import Finding

FORMAT = "corpus-lint-baseline/1"


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.code, finding.path, finding.fingerprint)


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    counts = Counter(_key(finding) for finding in findings)
    entries = [{"code": code, "path": file, "fingerprint": fingerprint, "count": count}
               for (code, file, fingerprint), count in sorted(counts.items())]
    with atomic_output(Path(path), "baseline") as stream:
        stream.write(json.dumps({"format": FORMAT, "entries": entries}, indent=1) + "\n")
    return sum(counts.values())


class Baseline:
    def __init__(self, counts: Counter):
        self.remaining = Counter(counts)
        self.matched = 0

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            counts = Counter({(e["code"], e["path"], e["fingerprint"]): int(e["count"])
                              for e in data["entries"]})
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise ConfigError(f"{path}: invalid baseline: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{path}: invalid baseline: nested too deeply") from None
        return cls(counts)

    def keep(self, finding: Finding) -> bool:
        """False (and the entry used up) when the finding is in the baseline."""
        key = _key(finding)
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            self.matched += 1
            return False
        return True

    def stale(self) -> list[tuple[str, str, str, int]]:
        return sorted((code, path, fingerprint, count)
                      for (code, path, fingerprint), count in self.remaining.items() if count > 0)
