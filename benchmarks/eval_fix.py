"""What `corpus-lint fix` does to a labelled evaluation set: findings fixed, whether a
re-check finds them gone, whether new findings appear, and whether every clean line of
every document is still there.

    python benchmarks/eval_fix.py EVAL_FAMILY_DIR --score ../shared/tools/score.py
        [--select FAMILY] [--unsafe-fixes]

Works on a copy (EVAL_FAMILY_DIR is not touched). Steps: check (SARIF) -> score; fix
(--select, default: the set's family) -> check again -> score. "New findings" are findings
of a rule in a file beyond the number that rule had in that file before (fingerprints
cannot tell: some hash the opening text, which a fix may change). "Clean lines kept":
each labelled clean line's text must still be in its document, in the same order (lines
a fix removes shift the others, so numbers cannot be compared).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def corpus_lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corpus_lint", *args], cwd=cwd,
                          capture_output=True, text=True)


def findings(sarif: Path) -> list[tuple[str, str, str, int, int]]:
    """(file, rule, fingerprint, start line, end line) of every result."""
    data = json.loads(sarif.read_text(encoding="utf-8"))
    found = []
    for run in data["runs"]:
        for result in run["results"]:
            where = result["locations"][0]["physicalLocation"]
            found.append((where["artifactLocation"]["uri"], result["ruleId"],
                          next(iter(result.get("partialFingerprints", {}).values()), ""),
                          where["region"]["startLine"],
                          where["region"].get("endLine", where["region"]["startLine"])))
    return found


def score(scorer: Path, sarif: Path, labels: Path) -> dict:
    done = subprocess.run([sys.executable, str(scorer), str(sarif), str(labels), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def clean_lines_kept(before: dict[str, list[str]], after_root: Path, labels: Path
                     ) -> tuple[int, int, dict[str, list[int]]]:
    """(clean lines kept, clean lines labelled, {file: clean line numbers lost})."""
    kept = total = 0
    lost: dict[str, list[int]] = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        numbers = [n for n in label.get("clean_lines", []) if n - 1 < len(before[label["file"]])]
        wanted = [before[label["file"]][n - 1] for n in numbers]
        after = (after_root / label["file"]).read_text(encoding="utf-8").split("\n")
        position = 0
        missing = 0
        for number, text in zip(numbers, wanted):  # a subsequence, in order
            start = position
            while position < len(after) and after[position] != text:
                position += 1
            if position == len(after):
                missing += 1
                lost.setdefault(label["file"], []).append(number)
                position = start
                continue
            position += 1
        total += len(wanted)
        kept += len(wanted) - missing
    return kept, total, lost


def fixed_codes(summary: str) -> set[str]:
    """Rule codes in fix's 'fixed N findings (D101 x2, ...)' line."""
    import re

    return set(re.findall(r"\b([A-Z]+[0-9]{3}) x[0-9]+", summary))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--score", type=Path, required=True, help="the scorer, score.py")
    parser.add_argument("--select", help="rules to fix (default: the set's family)")
    parser.add_argument("--unsafe-fixes", action="store_true")
    args = parser.parse_args()
    family = args.eval_dir.resolve().name
    labels = args.eval_dir / "labels.jsonl"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(args.eval_dir / "docs", work / "docs")
        before_text = {f"docs/{p.name}": p.read_text(encoding="utf-8").split("\n")
                       for p in (work / "docs").iterdir()}
        corpus_lint("check", "--no-cache", "--format", "sarif", "-o", "before.sarif", "docs",
                    cwd=work)
        started = time.perf_counter()
        fix = corpus_lint("fix", "--no-cache", "--select", args.select or family,
                          *(["--unsafe-fixes"] if args.unsafe_fixes else []), "docs", cwd=work)
        elapsed = time.perf_counter() - started
        corpus_lint("check", "--no-cache", "--format", "sarif", "-o", "after.sarif", "docs",
                    cwd=work)
        before, after = findings(work / "before.sarif"), findings(work / "after.sarif")
        per_file_before = Counter((f, r) for f, r, *_ in before)
        per_file_after = Counter((f, r) for f, r, *_ in after)
        new = Counter()
        for (name, rule), count in per_file_after.items():
            new[rule] += max(0, count - per_file_before[(name, rule)])
        summary = [line for line in fix.stderr.splitlines() if "fixed" in line]
        print(f"fix --select {args.select or family}"
              f"{' --unsafe-fixes' if args.unsafe_fixes else ''} on {args.eval_dir} "
              f"({elapsed:.1f} s)")
        print("  " + (summary[-1] if summary else fix.stderr.strip()[-300:]))
        count_before, count_after = Counter(r for _, r, *_ in before), Counter(r for _, r, *_ in after)
        print("  findings per rule, before -> after (new after the fix):")
        for rule in sorted(set(count_before) | set(count_after)):
            print(f"    {rule:<6} {count_before[rule]:>5} -> {count_after[rule]:>5}"
                  f"{f'  ({new[rule]} new)' if new[rule] else ''}")
        scores = (
            score(args.score, work / "before.sarif", labels),
            score(args.score, work / "after.sarif", labels))
        for label, table in zip(("before", "after"), scores):
            row = table.get(family, {})
            print(f"  score {label:<6} {family}: recall {row.get('recall', 0):.3f}  "
                  f"TP {row.get('tp')} FN {row.get('fn')} FP {row.get('fp')}")
        kept, total, lost = clean_lines_kept(before_text, work, labels)
        fixed_spans = [(f, s, e) for f, r, _, s, e in before if r in fixed_codes(fix.stderr)]
        inside = sum(1 for name, numbers in lost.items() for n in numbers
                     if any(f == name and s <= n <= e for f, s, e in fixed_spans))
        print(f"  clean lines kept: {kept}/{total}; documents with a clean line lost: {len(lost)}"
              + (f" ({', '.join(sorted(lost)[:5])}{' ...' if len(lost) > 5 else ''}); of the "
                 f"{total - kept} lost, {inside} lay inside a span the fixed rules reported"
                 if lost else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
