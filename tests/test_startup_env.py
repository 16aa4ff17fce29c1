"""One BLAS thread for corpus-lint's small arrays, unless the user chose a count."""
from __future__ import annotations

import sys

from corpus_lint.startup import single_threaded_numerics


def test_thread_counts_default_to_one_and_keep_the_users(monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.delitem(sys.modules, "numpy", raising=False)
    single_threaded_numerics()
    import os

    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "3"
