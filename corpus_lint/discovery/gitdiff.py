"""``--diff REV``: the files that changed since a git revision (plus untracked ones)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from corpus_lint.config import ConfigError


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ConfigError(f"--diff needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise ConfigError(f"--diff: git {args[0]}: {message}")
    return done.stdout


def changed_files(revision: str, cwd: Path | None = None) -> set[str]:
    """Absolute paths of files added, copied, modified or renamed since ``revision``."""
    cwd = Path(cwd or Path.cwd())
    top = Path(_git(cwd, "rev-parse", "--show-toplevel").strip())
    _git(cwd, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    names = _git(top, "diff", "--name-only", "-z", "--diff-filter=ACMRT", revision, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {os.path.normpath(top / name) for name in names if name}
