"""What ``audit --write-clean`` adds before a run: its options and its configuration
defaults, kept apart from ``clean`` (which imports the readers and the fix passes) so that
building the command line and loading the plugins costs nothing for a plain ``check``."""
from __future__ import annotations

import argparse

from corpus_lint.findings.model import LEVELS
from corpus_lint.hookspecs import hookimpl

SECTION = "clean"
# Later copies of a document (D301), binary files (I103) and empty documents (I104) are
# never worth keeping; anything else is kept (and fixed) unless the configuration says so.
DEFAULTS = {"drop": ["D301", "I103", "I104"], "drop-level": "none"}
MANIFEST = "corpus-lint-manifest.jsonl"


@hookimpl
def corpus_lint_default_config():
    return {SECTION: {"drop": list(DEFAULTS["drop"]), "drop-level": DEFAULTS["drop-level"]}}


def add_options(audit: argparse.ArgumentParser) -> None:
    audit.add_argument("--write-clean", metavar="DIR",
                       help="write the corpus, fixed, without the documents to drop, to DIR "
                            f"(new or empty), with a manifest DIR/{MANIFEST}")
    audit.add_argument("--drop", type=lambda v: [p.strip() for p in v.split(",") if p.strip()],
                       metavar="RULES", help="with --write-clean: drop documents with a "
                       "finding of these rules, prefixes or families left after fixing "
                       f"(default: [tool.corpus-lint.clean] drop, else {','.join(DEFAULTS['drop'])})")
    audit.add_argument("--drop-level", choices=("none", *LEVELS),
                       help="with --write-clean: also drop documents with a finding at or "
                            "above this level left after fixing (default: none)")
    audit.add_argument("--unsafe-fixes", action="store_true",
                       help="with --write-clean: also apply fixes marked unsafe")
