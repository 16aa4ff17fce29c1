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
def corpus_lint_families():
    """Return a list of families (:class:`corpus_lint.rulebook.Family`), usually read from
    a ``family.toml`` with ``Family.from_file``: name, description, colour, tag, rank.

    Every rule's ``family`` must be registered by some plugin; a rule of an unknown family
    is reported and ignored. The built-in catalogue's five register through this hook too.
    """


@hookspec
def corpus_lint_readers():
    """Return a list of readers (:class:`corpus_lint.readers.base.Reader` instances).

    A reader declares the file suffixes it accepts (``suffixes``, e.g. ``(".jsonl.gz",)``)
    and turns one file into documents with ``read(path, display_path, settings)``, a
    generator of :class:`corpus_lint.documents.document.Document` and, for parts it cannot
    read, :class:`corpus_lint.findings.model.Problem`. The longest matching suffix wins;
    among equal suffixes, the plugin registered last wins, so a plugin can replace a
    built-in reader. A reader of records (one document per record) subclasses
    :class:`corpus_lint.readers.base.RecordReader`, which handles the text, id and
    suppression fields of ``[tool.corpus-lint.records]``.

    Sharding protocol: ``split_ranges(path, chunk_bytes=None)`` returns the file's work
    units as ``(start, end or None, first_line)`` triples (default: one, the whole file),
    and ``read(path, display_path, settings, start, end, first_line)`` reads one of them;
    ``ranges_are_bytes`` says whether start and end are byte offsets (JSONL) or the
    reader's own units (Parquet row groups). Units must cover the file without overlap, in
    order, so that findings come out in file order whatever the number of workers.
    """


@hookspec
def corpus_lint_executors():
    """Return a mapping of engine name to executor class, chosen with ``--engine NAME``.

    An executor (:class:`corpus_lint.engine.executors.Executor`) is built with no
    arguments and checks work units with ``map(engine, units)``, yielding one
    ``FileResult`` per unit, in unit order. A remote worker rebuilds the engine from
    ``engine.blueprint`` (see ``check_unit_with``).
    """


@hookspec
def corpus_lint_rules():
    """Return a list of rule classes (subclasses of :class:`corpus_lint.rulebook.Rule`).

    Each class carries its catalogue entry in ``spec`` (code, name, family, level,
    parameters, documentation, examples); see ``RuleSpec.from_file``. Codes must be unique
    across all plugins. A rule whose ``scope`` is ``"corpus"`` subclasses
    :class:`corpus_lint.rulebook.CorpusRule` and sees every document of a run.

    Fixes: a rule whose spec declares ``fix = "safe"`` or ``"unsafe"`` attaches a
    :class:`corpus_lint.fixes.Fix` to its findings (``Rule.finding(..., fix=Fix(edits))``):
    a list of :class:`corpus_lint.fixes.Edit` (start, end, replacement) with offsets into
    ``Document.text``, metadata to lift, or line endings to normalise. ``corpus-lint fix``
    applies them without overlaps, in passes, and writes files atomically; a fix from a rule
    that does not declare one is ignored.
    """


@hookspec
def corpus_lint_reporters():
    """Return a mapping of output format name to reporter class.

    A reporter class (or factory) is called with ``(result, options)`` and renders a
    :class:`corpus_lint.engine.run.RunResult` with ``render(stream)``; see
    :class:`corpus_lint.reporters.Reporter`. Selected with ``--format NAME``.
    """


@hookspec
def corpus_lint_default_config():
    """Return a mapping of configuration sections this plugin owns, with their defaults.

    For example ``{"metadata": {"required": ["title", "date"]}}``. User configuration is
    merged over these defaults; a key that neither the engine nor any plugin declares is
    reported as a configuration error, so typos never pass silently.
    """
