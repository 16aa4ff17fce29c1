"""Machine-readable findings as one JSON object (stable keys, sorted findings)."""
from __future__ import annotations

import json
from typing import Any, TextIO

from corpus_lint.findings.display import printable

from . import Reporter


def finding_dict(finding, spec) -> dict[str, Any]:
    region = finding.region
    return {
        "code": finding.code,
        "name": spec.name if spec else None,
        "family": spec.family if spec else None,
        "level": finding.level,
        "path": printable(finding.path),
        "record": finding.record,  # the record's line (JSONL) or row (Parquet)
        "record_id": None if finding.record_id is None else printable(finding.record_id),
        "line": region.start_line,
        "column": region.start_column,
        "end_line": region.end_line,
        "end_column": region.end_column,
        "message": printable(finding.message),
        "related": [{"path": printable(loc.path), "line": loc.region.start_line,
                     "column": loc.region.start_column, "end_line": loc.region.end_line,
                     "end_column": loc.region.end_column, "message": printable(loc.message)}
                    for loc in finding.related],
        "fingerprint": finding.fingerprint,
        "properties": finding.properties,
    }


class JsonReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        result = self.result
        payload = {
            "tool": {"name": "corpus-lint", "version": result.version},
            "summary": {"files": result.files, "documents": result.documents,
                        "findings": len(result.findings), "suppressed": result.suppressed,
                        "problems": len(result.problems), "baselined": result.baselined,
                        "stale_baseline": len(result.stale_baseline)},
            "findings": [finding_dict(f, result.specs.get(f.code)) for f in result.findings],
            "problems": [{"path": printable(p.path), "line": p.line, "kind": p.kind,
                          "message": printable(p.message)}
                         for p in result.problems],
            "stale_baseline": [{"code": code, "path": printable(path), "fingerprint": fingerprint,
                                "count": count}
                               for code, path, fingerprint, count in result.stale_baseline],
        }
        json.dump(payload, stream, indent=2, ensure_ascii=False, default=str)
        stream.write("\n")
