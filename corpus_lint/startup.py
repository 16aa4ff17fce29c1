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


# The cyclic garbage collector starts a young-generation pass every 700 net new container
# objects (tuples, lists, instances). A batch of documents being checked holds hundreds of
# thousands of them alive in its analyses (engine/batching.py), so every pass walks them
# and promotes them, and the older generations' passes walk them again (1,056 young, 96
# middle and 8 full passes over BBC news; 18, 1 and 0 with this setting, and the whole run
# 15% less CPU). Objects in reference cycles are still collected, after 100,000 net new
# objects instead of 700 (a few MiB at most).
COLLECT_EVERY = 100_000


def fewer_collections() -> None:
    """Let the cyclic garbage collector run less often, for this process and its forked
    workers (never more often than it already does)."""
    import gc

    threshold, *older = gc.get_threshold()
    if 0 < threshold < COLLECT_EVERY:
        gc.set_threshold(COLLECT_EVERY, *older)


def exit_without_teardown(code: int) -> None:
    """End the command with ``code`` without the interpreter's teardown.

    Freeing every module's objects at exit (the word lists, models and compiled regexes the
    rules loaded) costs 60-80 ms of a one-file run, 15-20% of what a pre-commit user waits.
    The exit handlers still run (multiprocessing's, temporary folders') and the streams are
    flushed; if a thread other than the main one is still alive (a Dask client), the normal
    exit joins it; under a profiler or a tracer (cProfile, coverage) the normal exit lets
    it write its results.
    """
    import atexit

    threading = sys.modules.get("threading")
    if (threading is not None and threading.active_count() > 1) or sys.getprofile() \
            or sys.gettrace():
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: the verdict stands
            pass
    os._exit(code)
