"""Issue 14, item 14: the README's install commands and the SARIF ``informationUri`` point
at things that exist, and installing raises no setuptools "Package would be ignored"."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import run_cli
from corpus_lint.config import _toml

ROOT = Path(__file__).resolve().parents[1]


def _tags() -> set[str]:
    try:
        out = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout
    except OSError:
        return set()
    return set(out.split())


def test_readme_installs_only_from_what_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # no package-index release: "pip install corpus-lint" (or with extras) cannot work
    assert not re.search(r"pip install\s+\"?corpus-lint(\[|\"|\s|$)", readme, re.M)
    for rev in re.findall(r"^\s*rev:\s*(\S+)", readme, re.M):
        assert rev == "COMMIT" or rev in _tags(), f"rev {rev} is not a tag of this repository"


def test_sarif_information_uri_points_at_something_real(write):
    """The declared project URL, or where this copy was installed from (a git URL, or a
    clone's folder that exists); never a package-index page that does not exist."""
    from importlib import metadata
    from urllib.parse import unquote, urlparse

    root = write({"a.txt": "Hello world.\n"})
    driver = json.loads(run_cli("check", "--no-cache", "--format", "sarif", "a.txt",
                                cwd=root).out)["runs"][0]["tool"]["driver"]
    declared = _toml().loads((ROOT / "pyproject.toml").read_text())["project"].get("urls", {})
    direct = json.loads(metadata.distribution("corpus-lint").read_text("direct_url.json")
                        or "{}").get("url")
    uri = driver.get("informationUri")
    assert "pypi.org" not in (uri or "")
    assert uri in (*declared.values(), direct) or (uri is None and not declared and not direct)
    if uri and uri.startswith("file://"):
        assert Path(unquote(urlparse(uri).path)).exists()


def test_every_importable_folder_of_the_package_is_listed():
    """setuptools warns "Package would be ignored" for a folder inside a package that
    Python could import (an identifier name) and ``packages`` does not list."""
    config = _toml().loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed, folders = set(config["packages"]), config["package-dir"]
    for package, folder in folders.items():
        for path in (ROOT / folder).rglob("*"):
            parts = path.relative_to(ROOT / folder).parts
            if path.is_dir() and all(part.isidentifier() for part in parts) and \
                    "__pycache__" not in parts and not any(p in ("build",) for p in parts):
                name = ".".join((package, *parts))
                if any(name.startswith(other + ".") or name == other
                       for other in folders if other.startswith(package + ".")):
                    continue  # mapped to a folder of its own
                assert name in listed, f"{name} ({path}) is not in [tool.setuptools] packages"
