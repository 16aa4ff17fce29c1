"""Loading plugins: entry points of group ``corpus_lint``, each in isolation.

Like sqlfluff's plugin host and pytest's autoloading: every entry point is loaded in its
own try/except, so a plugin that fails to import is reported in one line and the run goes
on. Built-ins are the entry points of the corpus-lint distribution itself; setting
``CORPUS_LINT_DISABLE_PLUGIN_AUTOLOAD`` loads only those.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import pluggy

from . import hookspecs
from corpus_lint.findings.model import Problem
from corpus_lint.plugincache import entry_points

if TYPE_CHECKING:  # pragma: no cover
    from importlib import metadata as importlib_metadata

ENTRY_POINT_GROUP = "corpus_lint"
AUTOLOAD_ENV = "CORPUS_LINT_DISABLE_PLUGIN_AUTOLOAD"
DISTRIBUTION = "corpus-lint"


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


@dataclass
class PluginHost:
    manager: pluggy.PluginManager
    problems: list[Problem] = field(default_factory=list)
    builtin: set[str] = field(default_factory=set)

    def collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call one hook on every plugin separately: [(plugin name, answer)], errors reported."""
        hook = getattr(self.manager.hook, hook_name)
        answers = []
        # get_hookimpls() lists implementations in registration order (pluggy calls them in
        # reverse): built-ins first, so on a clash (a rule code, a family) the built-in wins.
        for impl in hook.get_hookimpls():
            try:
                answer = impl.function()
            except Exception as exc:  # a broken plugin must not stop the run
                self.problems.append(Problem(f"plugin {impl.plugin_name}",
                                             f"{hook_name} failed: {type(exc).__name__}: {exc}",
                                             kind="plugin"))
                continue
            if answer is not None:
                answers.append((impl.plugin_name, answer))
        return answers


def _entry_points() -> list[importlib_metadata.EntryPoint]:
    """Entry points of the group, built-ins first, one per name (a built-in's name wins);
    resolved once per set of installed distributions (``plugincache``)."""
    found = entry_points(ENTRY_POINT_GROUP)
    return sorted(found, key=lambda ep: (not _is_builtin(ep), ep.name))


def _is_builtin(entry_point: importlib_metadata.EntryPoint) -> bool:
    dist = getattr(entry_point, "dist", None)
    return dist is not None and _normalise(dist.name) == DISTRIBUTION


def load_plugins(disabled: tuple[str, ...] = (),
                 extra: tuple[tuple[str, object], ...] = (),
                 load: Callable[[importlib_metadata.EntryPoint], object] | None = None) -> PluginHost:
    """Register built-in and (unless disabled) third-party plugins.

    ``extra`` registers in-process plugin objects (tests, embedding applications).
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    autoload = not os.environ.get(AUTOLOAD_ENV)
    skip = {_normalise(name) for name in disabled}
    names: set[str] = set()
    for entry_point in _entry_points():
        builtin = _is_builtin(entry_point)
        if not builtin and not autoload:
            continue
        if _normalise(entry_point.name) in skip:
            continue
        if entry_point.name in names:  # the same name twice: a plugin shadowing another
            if builtin:
                continue  # corpus-lint found twice on the path: one copy is enough
            host.problems.append(Problem(f"plugin {entry_point.name}",
                                         f"the name is taken by another plugin; "
                                         f"{entry_point.value} ignored", kind="plugin"))
            continue
        names.add(entry_point.name)
        try:
            plugin = (load or (lambda ep: ep.load()))(entry_point)
            manager.register(plugin, name=entry_point.name)
        except Exception as exc:  # ImportError, SyntaxError, anything a plugin module raises
            host.problems.append(Problem(f"plugin {entry_point.name}",
                                         f"failed to load ({entry_point.value}): "
                                         f"{type(exc).__name__}: {exc}", kind="plugin"))
            continue
        if builtin:
            host.builtin.add(entry_point.name)
    for name, plugin in extra:
        if _normalise(name) not in skip:
            manager.register(plugin, name=name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        host.problems.append(Problem(f"plugin {getattr(exc, 'plugin_name', '?')}",
                                     f"unknown hook: {exc}", kind="plugin"))
    return host
