"""The command ends without the interpreter's teardown (start-up, issue 17): the report
still reaches a pipe whole, the exit code is the verdict's, and exit handlers run."""
from __future__ import annotations

import json
import subprocess
import sys


def test_report_and_exit_code_survive_the_fast_exit(tmp_path):
    for number in range(30):  # a report larger than a pipe's buffer
        (tmp_path / f"doc{number}.txt").write_text("ok.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "corpus_lint", "check", "--no-cache",
                           "--jobs", "1", "--format", "json", "--select", "M101", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["summary"]["files"] == 30


def test_exit_handlers_run(tmp_path):
    marker = tmp_path / "ran"
    code = ("import atexit, pathlib; from corpus_lint.startup import exit_without_teardown; "
            f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes'); "
            "print('out', end=''); exit_without_teardown(3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout, marker.read_text()) == (3, "out", "yes")
