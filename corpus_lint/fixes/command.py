"""``corpus-lint fix PATH...`` and ``check --fix``: the command-line side of fixing.

``--print-diff`` shows the fixes as a unified diff and changes nothing (exit 1 when there
would be changes, as ``ruff --diff``); it is not called ``--diff`` because ``check --diff
REV`` already limits a check to the files changed since a git revision.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter


def add_options(parser: argparse.ArgumentParser, switch: bool) -> None:
    """The fix options of ``fix`` (``switch`` False) and ``check`` (with ``--fix``)."""
    if switch:
        parser.add_argument("--fix", action="store_true",
                            help="fix what the rules can fix safely, then report what is left")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also apply fixes marked unsafe (they may change meaning, "
                             "e.g. D102 drops a copy that differs from the original)")
    parser.add_argument("--print-diff", action="store_true",
                        help="print the fixes as a unified diff and change nothing "
                             "(exit 1 when there would be changes)")


def cmd_fix(args) -> int:
    from corpus_lint import cli
    from corpus_lint.engine.run import run_check
    from corpus_lint.findings.baseline import Baseline

    args.no_cache = True  # fixed files change under the cache's keys
    engine = cli._check_engine(args, False, fix="unsafe" if args.unsafe_fixes else "safe",
                               fix_diff=args.print_diff)
    reporters = engine.reporters()
    if args.format not in reporters:
        raise cli.ConfigError(f"unknown format '{args.format}' (available: "
                              f"{', '.join(sorted(reporters))})")
    baseline = Baseline.load(cli.Path(args.baseline)) if args.baseline else None
    result = run_check(args.paths, engine, only=cli._changed_only(args), baseline=baseline)
    for note in result.notes:
        sys.stderr.write(f"corpus-lint: note: {note}\n")
    if args.print_diff:
        for diff in result.diffs:
            sys.stdout.write(diff)
        cli._print_problems(result.problems, sys.stderr)
        sys.stderr.write(f"corpus-lint: {summary(result.fixed, would=True)}\n")
        result.findings.close()
        return cli.EXIT_FINDINGS if result.diffs or result.problems else cli.EXIT_CLEAN
    failed = result.failed(engine.settings.fail_on)
    args.verdict = cli.EXIT_CLEAN if args.exit_zero or not failed else cli.EXIT_FINDINGS
    cli._report(args, False, reporters, result)
    sys.stderr.write(f"corpus-lint: {summary(result.fixed)}; {len(result.findings)} "
                     f"finding{'s' if len(result.findings) != 1 else ''} remain\n")
    result.findings.close()
    return args.verdict


def summary(fixed: list[tuple], would: bool = False) -> str:
    """'fixed 5 findings (D101 x2, C101 x3) in 4 documents of 3 files; 1 unsafe fix not
    applied (--unsafe-fixes)'."""
    codes = Counter(code for _, _, applied, _ in fixed for code in applied)
    documents = sum(1 for _, _, applied, _ in fixed if applied)
    files = len({path for path, _, applied, _ in fixed if applied})
    held = sum(count for _, _, _, count in fixed)
    total = sum(codes.values())
    text = (f"{'would fix' if would else 'fixed'} {total} finding{'s' if total != 1 else ''}")
    if total:
        text += (" (" + ", ".join(f"{code} x{n}" for code, n in sorted(codes.items()))
                 + f") in {documents} document{'s' if documents != 1 else ''} of {files} "
                   f"file{'s' if files != 1 else ''}")
    if held:
        text += (f"; {held} unsafe fix{'es' if held != 1 else ''} not applied "
                 f"(--unsafe-fixes applies {'them' if held != 1 else 'it'})")
    return text
