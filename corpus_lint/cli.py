"""The command line: ``corpus-lint check | rules | rule CODE``.

Exit codes, as in ruff and sqlfluff: 0 clean, 1 findings at or above ``--fail-on`` (or
input that could not be read), 2 usage or configuration error. User errors are one line
on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence, TextIO

from corpus_lint import __version__
from corpus_lint.config import ConfigError, find_config, read_config_file
from corpus_lint.outputs import atomic_output
from corpus_lint.engine.cache import CACHE_DIR
from corpus_lint.findings.model import LEVELS

# 3: corpus-lint itself failed (a bug): one line on stderr, set CORPUS_LINT_TRACEBACK=1 for more.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpus-lint",
        description="Content-quality and text-integrity linter for text corpora.")
    parser.add_argument("--version", action="version", version=f"corpus-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="files or folders (default: the current folder)")
    common.add_argument("--format", default="text",
                        help="output format: text (default), json, json-lines, sarif, github, "
                             "gitlab (Code Quality), junit, html")
    common.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    common.add_argument("--config", action="append", default=[], metavar="FILE|KEY=VALUE",
                        help="configuration file (default: nearest corpus-lint.toml or "
                             "pyproject.toml with [tool.corpus-lint]), or a TOML 'KEY = VALUE' "
                             "that overrides it, as ruff's (repeatable): "
                             "--config 'rules.D101.min-words = 5'")
    common.add_argument("--select", type=_csv, metavar="RULES",
                        help="comma-separated codes, prefixes, families or names (replaces config)")
    common.add_argument("--extend-select", type=_csv, default=[], metavar="RULES",
                        help="rules to add to those selected (codes, prefixes, families, names)")
    common.add_argument("--ignore", type=_csv, default=[], metavar="RULES",
                        help="rules to leave out, on top of the configuration's ignore")
    common.add_argument("--extend-ignore", type=_csv, default=[], metavar="RULES",
                        help="the same as --ignore (ruff's older name)")
    common.add_argument("--fail-on", choices=LEVELS,
                        help="lowest finding level that fails the run (default: warning)")
    common.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    common.add_argument("--statistics", action="store_true",
                        help="print only a count of findings per rule, as ruff does (errors "
                             "still go to stderr)")
    common.add_argument("--quiet", "-q", action="store_true",
                        help="print only the summary line (errors still go to stderr)")
    common.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: number of cores)")
    common.add_argument("--engine", default="local", metavar="NAME",
                        help="where to run: local (processes on this machine, the default), "
                             "dask (a Dask cluster), or an executor a plugin adds")
    common.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address (default: start a local cluster)")
    common.add_argument("--cross-document", action=argparse.BooleanOptionalAction,
                        default=None,
                        help="run the rules that compare documents with each other (default: "
                             "on in audit, off in check, which is per-document like the hook)")
    common.add_argument("--diff", metavar="REV",
                        help="check only files changed since git revision REV (and untracked)")
    common.add_argument("--baseline", metavar="FILE",
                        help="leave out findings recorded in FILE; report stale entries")
    common.add_argument("--write-baseline", metavar="FILE",
                        help="record the current findings in FILE and exit 0")
    common.add_argument("--follow-links", action="store_true",
                        help="also check files behind symbolic links that lead out of the "
                             "given folders (skipped with a note by default)")
    common.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction,
                        default=None, help="leave out of folder walks what git ignores "
                                           "(default: on, or respect-gitignore in the "
                                           "configuration)")
    common.add_argument("--no-cache", action="store_true",
                        help="do not read or write the result cache")
    common.add_argument("--cache-dir", metavar="DIR",
                        help=f"result cache folder (default: {CACHE_DIR} beside the configuration)")
    common.add_argument("--disable-plugin", action="append", default=[], metavar="NAME",
                        help="do not load plugin NAME (repeatable)")
    common.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text report (default: auto, on a terminal without "
                             "NO_COLOR and outside pre-commit)")
    common.add_argument("--source-root", metavar="DIR",
                        help="SARIF: make file URIs relative to DIR (default: the top level of "
                             "the git repository, else the current folder)")
    common.add_argument("--stdin-filename", metavar="NAME",
                        help="read the document from standard input (also 'PATH' = '-') and "
                             "report it as NAME, whose suffix picks the reader")

    from corpus_lint.fixes.options import add_options as add_clean_options
    from corpus_lint.fixes.command import add_options as add_fix_options

    subparsers = {}
    subparsers["check"] = commands.add_parser(
        "check", parents=[common], help="check files and folders of documents",
        description="Check documents one by one, as a pre-commit hook or a CI step does: "
                    "every finding is listed (cross-document rules are off unless "
                    "--cross-document).")
    add_fix_options(subparsers["check"], switch=True)
    subparsers["fix"] = commands.add_parser(
        "fix", parents=[common], help="fix what can be fixed, in place, and report what is left",
        description="Apply the fixes of the rules that can repair what they find (safe ones; "
                    "unsafe ones with --unsafe-fixes), writing each file atomically, then "
                    "check the fixed files again and report what is left.")
    add_fix_options(subparsers["fix"], switch=False)
    subparsers["audit"] = commands.add_parser(
        "audit", parents=[common],
        help="audit a whole corpus: streaming, progress, per-rule and per-family shares of "
             "documents flagged",
        description="Audit a whole corpus: findings kept on disk as they stream in, a "
                    "progress line, cross-document rules on, and a summary of the share of "
                    "documents flagged per family and per rule instead of every finding.")
    add_clean_options(subparsers["audit"])

    rules = commands.add_parser("rules", help="list the rules",
                                description="List every rule of the loaded families.")
    rules.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default) or json")
    rules.add_argument("--disable-plugin", action="append", default=[], metavar="NAME",
                       help="do not load plugin NAME (repeatable)")
    subparsers["rules"] = rules

    rule = commands.add_parser("rule", help="explain one rule",
                               description="Explain one rule: what it reports, its "
                                           "parameters, examples.")
    rule.add_argument("code", help="rule code or name")
    rule.add_argument("--disable-plugin", action="append", default=[], metavar="NAME",
                      help="do not load plugin NAME (repeatable)")
    subparsers["rule"] = rule
    parser.subparsers = subparsers  # so main() reports an error with the command's usage
    return parser


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("PRE_COMMIT") == "1":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _load_config(values: list[str] | str | None) -> tuple[dict, Path | None]:
    """The configuration file (--config FILE or the nearest one) with the --config
    KEY=VALUE overrides merged over it."""
    from corpus_lint.config_overrides import merge_overrides, split_config_args

    explicit, overrides = split_config_args(values)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        config, source = read_config_file(path), path
    else:
        found = find_config(Path.cwd())
        config, source = (read_config_file(found), found) if found else ({}, None)
    return merge_overrides(config, overrides), source


def _engine(args, **options):
    from corpus_lint.engine.engine import Engine, RunOptions

    config, source = _load_config(getattr(args, "config", None))
    engine = Engine(config, source, RunOptions(disabled_plugins=tuple(args.disable_plugin),
                                               **options))
    for note in engine.settings.notes:
        sys.stderr.write(f"corpus-lint: note: {note}\n")
    return engine


def _print_problems(problems, stream: TextIO) -> None:
    for problem in problems:
        where = problem.path + (f":{problem.line}" if problem.line else "")
        stream.write(f"corpus-lint: {where}: {problem.message}\n")


def cmd_check(args, audit: bool = False) -> int:
    from corpus_lint.stdin import stdin_document, wants_stdin

    if not wants_stdin(args.paths, args.stdin_filename, ["."]):
        _refuse_missing(args.paths)
        return _run_check(args, audit)
    args.jobs, args.no_cache = 1, True  # one small document; a temporary file not worth caching
    with stdin_document(args.stdin_filename) as path:
        args.paths, args.display_as = [str(path)], {str(path): args.stdin_filename or "-"}
        return _run_check(args, audit)


def _refuse_missing(paths: list[str]) -> None:
    """A path that does not exist is a usage error (exit 2), named as it was typed."""
    missing = [path for path in paths if not os.path.lexists(path)]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(map(repr, missing))}")


def _run_check(args, audit: bool) -> int:
    from corpus_lint.engine.run import run_check

    if getattr(args, "fix", False):
        return cmd_fix(args)
    clean = getattr(args, "write_clean", None)
    if clean:
        from corpus_lint.fixes.clean import prepare_folder, write_clean

        prepare_folder(clean)
    from corpus_lint.findings.baseline import Baseline, write_baseline

    engine = _check_engine(args, audit)
    engine.display_as.update(getattr(args, "display_as", {}))
    reporters = engine.reporters()
    if args.format not in reporters:
        raise ConfigError(f"unknown format '{args.format}' (available: "
                          f"{', '.join(sorted(reporters))})")
    baseline = Baseline.load(Path(args.baseline)) if args.baseline else None
    result = run_check(args.paths, engine, only=_changed_only(args), baseline=baseline)
    for note in result.notes:
        sys.stderr.write(f"corpus-lint: note: {note}\n")
    if args.write_baseline:
        count, carried = write_baseline(Path(args.write_baseline), result.findings, baseline)
        _print_problems(result.problems, sys.stderr)
        kept = f", and {carried} kept from {args.baseline}" if baseline is not None else ""
        sys.stderr.write(f"corpus-lint: {count} findings recorded in {args.write_baseline}"
                         f"{kept}\n")
        return EXIT_CLEAN
    failed = result.failed(engine.settings.fail_on)
    # Decided before the report is written, so a closed pipe keeps the verdict.
    args.verdict = EXIT_CLEAN if args.exit_zero or not failed else EXIT_FINDINGS
    _report(args, audit, reporters, result)
    if clean and write_clean(args, engine, result) and not args.exit_zero:
        args.verdict = EXIT_FINDINGS  # a file could not be written to the clean copy
    result.findings.close()
    return args.verdict


def _check_engine(args, audit: bool, **fixing):
    cache_dir = None
    if not args.no_cache:
        cache_dir = args.cache_dir or str(_config_root(args) / CACHE_DIR)
    return _engine(args, select=args.select, extend_select=args.extend_select,
                   ignore=args.ignore + args.extend_ignore, fail_on=args.fail_on, jobs=args.jobs,
                   cross_document=audit if args.cross_document is None else args.cross_document,
                   excerpts=args.format == "text" and not audit, engine=args.engine,
                   scheduler=args.scheduler, spill=audit, progress=audit,
                   cache_dir=cache_dir, follow_links=args.follow_links,
                   respect_gitignore=args.respect_gitignore, **fixing)


def _changed_only(args) -> set[str] | None:
    """With --diff REV: the files changed since REV (absolute paths); else None (all)."""
    if args.diff is None:
        return None
    from corpus_lint.discovery.gitdiff import changed_files

    if not args.diff.strip():
        raise ConfigError("--diff needs a revision (a branch, tag or commit)")
    return changed_files(args.diff)


def _report(args, audit: bool, reporters, result) -> None:
    """The report in --format, to --output (written whole) or stdout, and what goes to
    stderr beside it: problems, the audit summary, where the report went."""
    options = {"statistics": args.statistics or audit, "quiet": args.quiet,
               "color": _use_color(args.color, None if args.output else sys.stdout),
               "summary_only": audit and args.format == "text", "source_root": args.source_root}
    reporter = reporters[args.format](result, options)
    if args.output:
        with atomic_output(Path(args.output)) as stream:
            reporter.render(stream)
    else:
        reporter.render(sys.stdout)
    for note in getattr(reporter, "notes", ()):  # e.g. SARIF results left out by its cap
        sys.stderr.write(f"corpus-lint: {note}\n")
    if args.output or args.format != "text" or args.quiet or args.statistics:
        _print_problems(result.problems, sys.stderr)
    if audit and (args.output or args.format != "text"):
        reporters["text"](result, {"statistics": True, "summary_only": True,
                                   "problems": False}).render(sys.stderr)  # printed above
    if args.output:
        sys.stderr.write(f"corpus-lint: {len(result.findings)} findings in {result.documents} "
                         f"documents written to {args.output}\n")


def _config_root(args) -> Path:
    from corpus_lint.config_overrides import split_config_args

    explicit, _ = split_config_args(getattr(args, "config", None))
    if explicit:
        return Path(explicit).resolve().parent
    found = find_config(Path.cwd())
    return found.resolve().parent if found else Path.cwd()


def cmd_rules(args) -> int:
    engine = _engine(args)
    rank = {name: index for index, name in enumerate(engine.families)}
    specs = sorted((cls.spec for cls in engine.rule_classes.values()),
                   key=lambda spec: (rank[spec.family], spec.code))
    if args.format == "json":
        import json

        json.dump([{"code": s.code, "name": s.name, "family": s.family, "level": s.level,
                    "summary": s.summary, "enabled": s.enabled, "scope": s.scope,
                    "parameters": s.parameters, "fix": s.fix} for s in specs], sys.stdout, indent=2,
                  default=str)
        sys.stdout.write("\n")
    else:
        family = None
        for spec in specs:
            if spec.family != family:
                family = spec.family
                sys.stdout.write(f"{'' if spec is specs[0] else chr(10)}{family}: "
                                 f"{engine.families[family].description}\n")
            flags = ("" if spec.enabled else "  (off by default)") + (
                f"  [fix: {spec.fix}]" if spec.fix else "")
            sys.stdout.write(f"  {spec.code:<6} {spec.name:<34} {spec.level:<8} "
                             f"{spec.summary}{flags}\n")
    _print_problems(engine.host.problems, sys.stderr)
    return EXIT_CLEAN


def cmd_rule(args) -> int:
    engine = _engine(args)
    code = engine.index.code_of(args.code, "rule")
    spec = engine.rule_classes[code].spec
    out = sys.stdout
    out.write(f"{spec.code} {spec.name}\n\nFamily: {spec.family}    Default level: {spec.level}"
              f"    Scope: {spec.scope}{'' if spec.enabled else '    Off by default'}\n\n")
    out.write(f"{spec.summary}\n\n{spec.description}\n")
    if spec.fix:
        how = ("applied by `corpus-lint fix` and `check --fix`" if spec.fix == "safe" else
               "applied only with --unsafe-fixes: it may change what the text says")
        out.write(f"\nFix: {spec.fix} ({how}). {spec.fix_doc}\n")
    if spec.parameters:
        out.write("\nParameters ([tool.corpus-lint.rules." + spec.code + "]):\n")
        for key, value in spec.parameters.items():
            doc = spec.parameter_docs.get(key, "")
            out.write(f"  {key} = {value!r}" + (f"\n      {doc}" if doc else "") + "\n")
    for kind in ("fail", "pass"):
        for example in spec.examples.get(kind, [])[:2]:
            files = example.get("files") or {example.get("path", "example.txt"): example["content"]}
            label = "Reported" if kind == "fail" else "Not reported"
            for name, content in files.items():
                out.write(f"\n{label} ({name}):\n")
                for line in content.rstrip("\n").split("\n")[:12]:
                    out.write(f"    {line}\n")
    return EXIT_CLEAN


def cmd_fix(args) -> int:
    from corpus_lint.fixes.command import cmd_fix as run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    from corpus_lint.startup import single_threaded_numerics

    single_threaded_numerics()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # argparse would print the top-level usage; the command's is the useful one
        command = parser.subparsers.get(args.command) or parser
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler = {"check": cmd_check, "audit": lambda a: cmd_check(a, audit=True),
               "fix": cmd_fix, "rules": cmd_rules, "rule": cmd_rule}[args.command]
    try:
        return handler(args)
    except ConfigError as exc:
        sys.stderr.write(f"corpus-lint: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("corpus-lint: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (| head): the verdict stands, nothing more to say.
        _silence_stdout()
        return getattr(args, "verdict", EXIT_USAGE)
    except Exception as exc:  # a bug in corpus-lint or a plugin the engine did not contain
        if os.environ.get("CORPUS_LINT_TRACEBACK"):
            raise
        sys.stderr.write(f"corpus-lint: internal error: {type(exc).__name__}: {exc} (please "
                         f"report it; CORPUS_LINT_TRACEBACK=1 shows where)\n")
        return EXIT_INTERNAL


def entry() -> None:
    """The ``corpus-lint`` command (and ``python -m corpus_lint``): ``main`` then a fast exit."""
    from corpus_lint.startup import exit_without_teardown, fewer_collections

    fewer_collections()
    exit_without_teardown(main())


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
