"""What the command does before anything heavy is imported (start-up, issue 17)."""
from __future__ import annotations

import os
import sys

# numpy's BLAS starts a thread per core on import (30-50 ms of a one-file run) for matrix
# products corpus-lint never computes: its arrays are searched, counted and summed. Workers
# inherit the setting; a user's own value is kept.
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_numerics() -> None:
    """One BLAS thread, unless the user set a count or numpy is already loaded."""
    if "numpy" in sys.modules:
        return
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
