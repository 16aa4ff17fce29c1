"""Hook specifications: the whole contract between corpus-lint and its plugins.

A plugin is a module (or object) with functions marked ``@corpus_lint.hookimpl`` named
after the specifications below, published through the ``corpus_lint`` entry-point group:

    [project.entry-points.corpus_lint]
    my-rules = "my_package.my_module"

The built-in readers, rules and reporters are registered the same way, so everything a
built-in can do, a third-party plugin can do too. Each hook is called once per run and
each plugin's answer is collected separately, so one broken plugin is reported and skipped
while the others go on.
"""
from __future__ import annotations

import pluggy

PROJECT_NAME = "corpus_lint"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def corpus_lint_readers():
    """Return a list of readers (:class:`corpus_lint.readers.Reader` instances).

    A reader declares the file suffixes it accepts (``suffixes``, e.g. ``(".jsonl.gz",)``)
    and turns one file into documents with ``read(path, display_path, settings)``, a
    generator of :class:`corpus_lint.model.Document` and, for parts it cannot read,
    :class:`corpus_lint.model.Problem`. The longest matching suffix wins; among equal
    suffixes, the plugin registered last wins, so a plugin can replace a built-in reader.
    """


@hookspec
def corpus_lint_rules():
    """Return a list of rule classes (subclasses of :class:`corpus_lint.rulebook.Rule`).

    Each class carries its catalogue entry in ``spec`` (code, name, family, level,
    parameters, documentation, examples); see ``RuleSpec.from_file``. Codes must be unique
    across all plugins. A rule whose ``scope`` is ``"corpus"`` subclasses
    :class:`corpus_lint.rulebook.CorpusRule` and sees every document of a run.
    """


@hookspec
def corpus_lint_reporters():
    """Return a mapping of output format name to reporter class.

    A reporter class (or factory) is called with ``(result, options)`` and renders a
    :class:`corpus_lint.runner.RunResult` with ``render(stream)``; see
    :class:`corpus_lint.reporters.Reporter`. Selected with ``--format NAME``.
    """


@hookspec
def corpus_lint_default_config():
    """Return a mapping of configuration sections this plugin owns, with their defaults.

    For example ``{"metadata": {"required": ["title", "date"]}}``. User configuration is
    merged over these defaults; a key that neither the engine nor any plugin declares is
    reported as a configuration error, so typos never pass silently.
    """
