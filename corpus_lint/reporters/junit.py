"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
Azure, CircleCI). One test suite per checked file with findings, one failed test case per
finding (its class is the file, its name the rule and place); an input or plugin error is a
test case in error. A clean run is one passing test case, so the report is never empty.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import TextIO
from xml.etree import ElementTree as ET

from corpus_lint.findings.display import printable

from . import Reporter

_NOT_XML = re.compile("[\ufffe\uffff]")  # code points XML 1.0 cannot carry (controls are escaped)


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", printable(value))


class JunitReporter(Reporter):
    def render(self, stream: TextIO) -> None:
        result = self.result
        root = ET.Element("testsuites", name="corpus-lint",
                          tests=str(max(1, len(result.findings) + len(result.problems))),
                          failures=str(len(result.findings)), errors=str(len(result.problems)),
                          time=f"{result.elapsed:.3f}")
        by_path = defaultdict(list)
        for finding in result.findings:
            by_path[finding.path].append(finding)
        for path, findings in by_path.items():
            suite = ET.SubElement(root, "testsuite", name=_text(path), tests=str(len(findings)),
                                  failures=str(len(findings)), errors="0")
            for finding in findings:
                self.failure(suite, finding)
        if result.problems:
            suite = ET.SubElement(root, "testsuite", name="corpus-lint errors",
                                  tests=str(len(result.problems)), failures="0",
                                  errors=str(len(result.problems)))
            for problem in result.problems:
                where = problem.path + (f":{problem.line}" if problem.line else "")
                case = ET.SubElement(suite, "testcase", classname=_text(problem.path),
                                     name=_text(where))
                ET.SubElement(case, "error", message=_text(problem.message), type=problem.kind)
        if not result.findings and not result.problems:
            suite = ET.SubElement(root, "testsuite", name="corpus-lint", tests="1",
                                  failures="0", errors="0")
            ET.SubElement(suite, "testcase", classname="corpus-lint",
                          name=f"all checks passed: {result.documents} documents in {result.files} files")
        ET.indent(root)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(ET.tostring(root, encoding="unicode"))
        stream.write("\n")

    def failure(self, suite: ET.Element, finding) -> None:
        region = finding.region
        where = f"{region.start_line}:{region.start_column}"
        spec = self.result.specs.get(finding.code)
        rule = f"{finding.code} {spec.name}" if spec else finding.code
        case = ET.SubElement(suite, "testcase", classname=_text(finding.path),
                             name=f"{rule} at {where}", file=_text(finding.path),
                             line=str(region.start_line))
        element = ET.SubElement(case, "failure", message=_text(finding.message),
                                type=finding.level)
        element.text = f"{_text(finding.path)}:{where}: {finding.code} {_text(finding.message)}"
