"""``--format json-lines``: one JSON object per finding and line, as ruff's, for tools that
stream (``jq -c``, log shippers). Input and plugin errors go to stderr as with json."""
from __future__ import annotations

import json
from typing import TextIO

from . import Reporter
from .json import finding_dict


class JsonLinesReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        specs = self.result.specs
        for finding in self.result.findings:
            stream.write(json.dumps(finding_dict(finding, specs.get(finding.code)),
                                    ensure_ascii=False, default=str) + "\n")
