"""Validate corpus-lint's SARIF with Microsoft's SARIF multitool and GitHub's rules.

    python scripts/validate_sarif.py [--multitool PATH] [--corpus DIR]

Builds a git repository in a temporary folder with the corpus (default: examples/corpus)
in a subfolder, then validates (``validate --rule-kind "Sarif;Ghas"``) the SARIF of
  1. ``check --cross-document .`` run from a subfolder of the repository, and
  2. ``check`` of one JSONL file (records with ids, so messages name them);
and prints every error and warning. Exit 1 if there is any. Without --multitool it
installs ``@microsoft/sarif-multitool`` with npm into ``.sarif-multitool/`` (about 100 MB,
a self-contained .NET build, so it stays out of .ci/run).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PACKAGE = "@microsoft/sarif-multitool"


def multitool(explicit: str | None) -> Path:
    """The multitool's own executable (the npm wrapper loses the quotes of "Sarif;Ghas")."""
    if explicit:
        return Path(explicit)
    prefix = HERE / ".sarif-multitool"
    binary = prefix / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    if not binary.exists():
        subprocess.run(["npm", "install", "--silent", "--prefix", str(prefix), PACKAGE],
                       check=True)
    return binary


def lint(args: list[str], cwd: Path, output: Path) -> None:
    command = [sys.executable, "-m", "corpus_lint", "check", "--no-cache", "--format", "sarif",
               "--output", str(output), *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"corpus-lint failed ({done.returncode}): {done.stderr}")


def validate(tool: Path, sarif: Path, work: Path) -> Counter:
    """Counts of the validator's results by level; errors and warnings are printed."""
    report = work / (sarif.stem + ".validation.sarif")
    subprocess.run([str(tool), "validate", "--rule-kind", "Sarif;Ghas", "--level",
                    "Error;Warning;Note", "--output", str(report), str(sarif)],
                   check=True, capture_output=True, text=True)
    results = json.loads(report.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    levels = Counter(result.get("level", "warning") for result in results)
    for result in results:
        if result.get("level", "warning") in ("error", "warning"):
            print(f"  {result['level']} {result['ruleId']}: {result['message']}")
    notes = Counter(result["ruleId"] for result in results if result.get("level") == "note")
    print(f"{sarif.name}: {levels['error']} errors, {levels['warning']} warnings, "
          f"{levels['note']} notes ({', '.join(f'{k} x{v}' for k, v in sorted(notes.items()))})")
    return levels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--multitool", help="path of Sarif.Multitool (default: install it)")
    parser.add_argument("--corpus", default=str(HERE / "examples" / "corpus"))
    args = parser.parse_args()
    tool = multitool(args.multitool)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        repo = work / "repo"
        shutil.copytree(args.corpus, repo / "data" / "corpus")
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        records = "".join(json.dumps({"id": f"wire-{n}", "title": "T", "date": "2024-01-02",
                                      "text": text}) + "\n" for n, text in enumerate(
            ["A clean record about the harbour.", "A bell\u0007 rang [twice] in [a](1) hall.",
             "A clean record about the harbour."]))
        (repo / "data" / "records.jsonl").write_text(records, encoding="utf-8")
        subfolder, jsonl = work / "subfolder.sarif", work / "jsonl.sarif"
        lint(["--cross-document", "."], repo / "data" / "corpus", subfolder)
        lint(["--cross-document", "data/records.jsonl"], repo, jsonl)
        totals = validate(tool, subfolder, work) + validate(tool, jsonl, work)
        uris = {location["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(subfolder.read_text())["runs"][0]["results"]
                for location in result["locations"]}
        print(f"subfolder run: URIs {sorted(uris)[:3]}... (relative to the repository root)")
        mapped = all(uri.startswith("data/corpus/") for uri in uris)
    return 1 if totals["error"] or totals["warning"] or not mapped else 0


if __name__ == "__main__":
    sys.exit(main())
