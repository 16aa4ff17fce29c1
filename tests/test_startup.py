"""Issue 14, item 15: what a one-file check (a pre-commit run) loads. Timing is for
benchmarks/bench_startup.py; this checks the cause: no heavy module the check can do
without is imported (numpy: tests/test_garbling_lm.py, once the user cache holds the
decoded language model)."""
from __future__ import annotations

import subprocess
import sys


PROBE = """
import sys
from corpus_lint.cli import main
code = main(["check", "--no-cache", "--no-cross-document", "--quiet", sys.argv[1]])
print(sorted(m for m in ("pyarrow", "dask", "datasketch", "pandas", "ftfy", "rapidfuzz",
                         "numpy", "tomllib", "tempfile", "importlib.resources")
             if m in sys.modules))
"""


def test_a_one_file_check_imports_no_engine_it_does_not_use(tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("The council approved its budget on Thursday after a four-hour "
                        "debate about the cost of the new bridge and the schools.\n\n" * 3
                        + "The vote was close, and the members who opposed it said that "
                        "they would ask the auditors to look again at the figures for the "
                        "road repairs, the libraries, the swimming pools, the parks and the "
                        "care homes before the next meeting of the full council in "
                        "March, when the budget for the following year is due.\n")
    # ^ too unlike the first paragraph in length to be compared (no rapidfuzz needed)
    for _ in range(2):  # the second run: the user cache holds what the first derived
        out = subprocess.run([sys.executable, "-c", PROBE, str(document)], capture_output=True,
                             text=True, cwd=tmp_path, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
