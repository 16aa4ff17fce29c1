"""Baselines: adopt corpus-lint on a corpus that already has findings (like detekt's).

An entry is (rule code, path, content fingerprint) with a count, never a line number, so
editing other parts of a file does not revive old findings. With ``--baseline`` the
findings that match an entry are left out of the report and the exit code; entries that no
longer match anything, in a file and rule the run checked, are reported as stale (by path
and rule) so the baseline can be shrunk.
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


def write_baseline(path: Path, findings: Iterable[Finding],
                   kept: "Baseline | None" = None) -> tuple[int, int]:
    """Record ``findings`` in ``path``, plus, when a baseline was in use, its entries that
    still hold (matched in this run, or about files or rules the run did not check), so the
    next run with the new file leaves out both. Returns (findings, entries carried over)."""
    counts = Counter(_key(finding) for finding in findings)
    carried = kept.still_valid() if kept is not None else Counter()
    counts.update(carried)
    entries = [{"code": code, "path": file, "fingerprint": fingerprint, "count": count}
               for (code, file, fingerprint), count in sorted(counts.items())]
    with atomic_output(Path(path), "baseline") as stream:
        stream.write(json.dumps({"format": FORMAT, "entries": entries}, indent=1) + "\n")
    return sum(counts.values()) - sum(carried.values()), sum(carried.values())


class Baseline:
    """The entries of a baseline file, used up as findings match them."""

    def __init__(self, counts: Counter):
        self.remaining = Counter(counts)
        self.used: Counter = Counter()
        self.matched = 0
        self.checked: set[str] | None = None  # files the run checked; None: not known yet
        self.rules: set[str] = set()  # rules the run ran

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
            self.used[key] += 1
            self.matched += 1
            return False
        return True

    def run_covered(self, checked: Iterable[str], rules: Iterable[str]) -> None:
        """Say which files were checked (and read) and which rules ran: only entries of
        those can be found stale (``--diff`` checks a few files, ``check`` no
        cross-document rules)."""
        self.checked, self.rules = set(checked), set(rules)

    def _verifiable(self, code: str, path: str) -> bool:
        return self.checked is not None and path in self.checked and code in self.rules

    def stale(self) -> list[tuple[str, str, str, int]]:
        """(code, path, fingerprint, count) of the entries whose file and rule the run
        checked and whose finding is gone."""
        return sorted((code, path, fingerprint, count)
                      for (code, path, fingerprint), count in self.remaining.items()
                      if count > 0 and self._verifiable(code, path))

    def still_valid(self) -> Counter:
        """The entries a rewritten baseline keeps: those matched, and those the run could
        not verify."""
        kept = Counter(self.used)
        kept.update({key: count for key, count in self.remaining.items()
                     if count > 0 and not self._verifiable(key[0], key[1])})
        return kept
