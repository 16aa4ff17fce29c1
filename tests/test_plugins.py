"""The plugin system: third-party installation, isolation of broken plugins, disabling."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from corpus_lint.pluginhost import load_plugins

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plugins" / "corpus-lint-example"


class _EntryPoint:
    def __init__(self, name, value):
        self.name, self.value, self.dist = name, value, None

    def load(self):
        raise ImportError("No module named 'missing_dependency'")


def test_builtins_are_entry_point_plugins():
    host = load_plugins()
    assert {"readers", "reporters", "metadata", "integrity", "suppression"} <= host.builtin
    assert host.problems == []


def test_broken_plugin_is_reported_in_one_line_and_the_run_goes_on(monkeypatch, write):
    from corpus_lint import pluginhost

    real = pluginhost._entry_points
    monkeypatch.setattr(pluginhost, "_entry_points",
                        lambda: real() + [_EntryPoint("broken", "broken_mod")])
    root = write({"a.txt": "Text that ends properly.\n"})
    result = run_cli("check", "a.txt", cwd=root)
    assert "plugin broken: error: failed to load (broken_mod): ImportError" in result.out
    assert "a.txt:1:1: M101" in result.out
    assert result.code == 1


def test_plugin_raising_in_a_hook_is_isolated(write):
    from corpus_lint.hookspecs import hookimpl

    class Raising:
        @hookimpl
        def corpus_lint_rules(self):
            raise RuntimeError("boom")

    host = load_plugins(extra=(("raising", Raising()),))
    answers = host.collect("corpus_lint_rules")
    assert any(name == "metadata" for name, _ in answers)
    assert [p.message for p in host.problems] == ["corpus_lint_rules failed: RuntimeError: boom"]


def test_disable_plugin_removes_its_rules(write):
    root = write({"a.txt": "Text that ends properly.\n"})
    result = run_cli("check", "--format", "json", "--disable-plugin", "metadata", "a.txt", cwd=root)
    assert result.code == 0 and result.json()["findings"] == []


@pytest.fixture(scope="module")
def example_installed(tmp_path_factory):
    """Install the example plugin for real (pip, into its own target folder)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(EXAMPLE)],
                   check=True, capture_output=True)
    return target


def _run_installed(site: Path, *args, cwd: Path, env_extra=None):
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "corpus_lint", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_example_third_party_plugin_installs_and_runs(example_installed, write):
    root = write({"page.txt": "Lorem ipsum dolor sit amet, consectetur adipiscing.\n"})
    done = _run_installed(example_installed, "check", "page.txt", cwd=root)
    assert "page.txt:1:1: X101 Placeholder text 'Lorem ipsum' left in the document." in done.stdout
    rules = _run_installed(example_installed, "rules", cwd=root).stdout
    assert "\nplaceholder: Template and placeholder text" in rules
    assert "X101   placeholder-text" in rules.split("placeholder: ")[1]


def test_example_plugin_family_is_selectable_and_tagged_in_sarif(example_installed, write):
    root = write({"page.txt": "Lorem ipsum dolor sit amet, consectetur adipiscing.\n"})
    done = _run_installed(example_installed, "check", "--select", "placeholder", "--format",
                          "sarif", "page.txt", cwd=root)
    run = json.loads(done.stdout)["runs"][0]
    (descriptor,) = run["tool"]["driver"]["rules"]
    assert descriptor["id"] == "X101"
    assert descriptor["properties"]["tags"] == ["placeholder"]
    assert [result["ruleId"] for result in run["results"]] == ["X101"]


def test_rule_of_an_unregistered_family_is_reported_and_ignored(write):
    from corpus_lint.hookspecs import hookimpl
    from corpus_lint.rulebook import Rule, RuleSpec

    class Orphan(Rule):
        spec = RuleSpec.from_dict({"code": "Z101", "name": "orphan", "family": "nowhere",
                                   "level": "warning", "summary": "s", "description": "d"},
                                  "test")

        def check(self, doc):
            yield self.finding(doc, 0, 1, "orphan")

    class Plugin:
        @hookimpl
        def corpus_lint_rules(self):
            return [Orphan]

    from corpus_lint.engine.engine import Engine
    from corpus_lint import pluginhost

    real = pluginhost.load_plugins
    engine = Engine.__new__(Engine)
    host = real(extra=(("orphan", Plugin()),))
    engine.host = host
    engine.families = engine._collect_families()
    assert "Z101" not in engine._collect_rules()
    assert any("rule Z101 belongs to family 'nowhere', which no plugin registers" in p.message
               for p in host.problems)


def test_autoload_can_be_turned_off(example_installed, write):
    root = write({"page.txt": "Lorem ipsum dolor sit amet, consectetur adipiscing.\n"})
    done = _run_installed(example_installed, "check", "page.txt", cwd=root,
                          env_extra={"CORPUS_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert "X101" not in done.stdout and "M101" in done.stdout
    done = _run_installed(example_installed, "check", "--disable-plugin", "example", "page.txt",
                          cwd=root)
    assert "X101" not in done.stdout
