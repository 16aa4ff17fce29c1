"""The built-in catalogue's families (``rules/<family>/family.toml``), registered through
the same ``corpus_lint_families`` hook and entry-point group a third-party plugin uses."""
from __future__ import annotations

from corpus_lint.hookspecs import hookimpl

from .families import Family
from .spec import catalogue_dir


@hookimpl
def corpus_lint_families():
    return [Family.from_file(path) for path in sorted(catalogue_dir().glob("*/family.toml"))]
