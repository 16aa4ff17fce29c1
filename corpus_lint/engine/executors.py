"""Executors: where work units are checked. Each yields results in unit order.

Executors are classes registered through the ``corpus_lint_executors`` hook and chosen by
``--engine NAME``; the built-ins:

- ``local``: in this process (one job) or a pool of forked worker processes.
- ``dask``: a Dask distributed cluster: a ``LocalCluster`` started for the run, or an
  existing scheduler (``--scheduler tcp://host:8786``) whose workers have corpus-lint and
  the same plugins installed. Dask was chosen over Ray because it installs from PyPI as
  pure Python, starts a local cluster in seconds on a CI runner, and scales to real
  clusters unchanged (Kubernetes, YARN, HPC job queues through dask-jobqueue).

Workers build their own ``Engine`` from the run's blueprint (configuration and options),
once per process, so a run on a cluster uses exactly the rules and settings of a local
run, and gives the same findings in the same order.
"""
from __future__ import annotations

import functools
import os

from collections import deque
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from corpus_lint.hookspecs import hookimpl

if TYPE_CHECKING:  # pragma: no cover
    from corpus_lint.discovery.units import WorkUnit

    from .engine import Engine, FileResult

_ENGINES_BY_BLUEPRINT: dict[bytes, "Engine"] = {}
_FORKED_ENGINE: "Engine | None" = None


def _engine_for(blueprint: Any) -> "Engine":
    """This process's engine for a blueprint (built once; reused for every unit)."""
    import pickle

    from .engine import Engine

    key = pickle.dumps(blueprint)
    engine = _ENGINES_BY_BLUEPRINT.get(key)
    if engine is None:
        engine = _ENGINES_BY_BLUEPRINT[key] = Engine(*blueprint)
    return engine


def check_unit_with(blueprint: Any, unit: "WorkUnit") -> "FileResult":
    """Entry point on a remote worker."""
    return _engine_for(blueprint).check_unit(unit)


def _check_in_forked_worker(units: list["WorkUnit"], size: int = 0) -> list["FileResult"]:
    """A batch's results (``size``: its bytes of input, for ``_WORKER_RELEASE``)."""
    assert _FORKED_ENGINE is not None
    from .batching import check_units

    results = list(check_units(_FORKED_ENGINE, units))
    _WORKER_RELEASE.after(size)
    return results


class _Release:
    """Calls ``_release_memory`` once per CHUNK_TARGET_BYTES of input checked (or whose
    results were stored), not after every batch: the batches at the end of a run are small
    (``_batches``), and each release costs 5-7 ms plus the page faults of handing the
    trimmed pages back (over BBC with --jobs 2, 17 releases took ~0.06 s of each worker)."""

    def __init__(self):
        self.pending = 0

    def after(self, size: int) -> None:
        self.pending += size
        if self.pending >= CHUNK_TARGET_BYTES:
            self.pending = 0
            _release_memory()


_WORKER_RELEASE = _Release()  # a forked worker's own copy


def _release_memory() -> None:
    """Between a worker's batches (and in the parent between results): free the batch's
    garbage held in reference cycles (the collector runs rarely, ``fewer_collections``)
    and hand the freed pages back to the system (glibc keeps them otherwise). Over
    news.jsonl this kept each audit worker 15-30 MiB smaller, for a few ms a batch of
    about a MiB of text."""
    import gc

    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, None on other C libraries."""
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _init_spawned_worker(blueprint: Any) -> None:
    from corpus_lint.startup import fewer_collections

    global _FORKED_ENGINE
    fewer_collections()  # a worker is a batch job like the command (startup.py)
    if _FORKED_ENGINE is None:  # forked workers inherit the parent's engine
        _FORKED_ENGINE = _engine_for(blueprint)


SCHEDULER_TIMEOUT = "10s"  # how long to try an unreachable --scheduler before saying so

# Units handed to a worker at a time: enough to make the hand-over cheap next to the work,
# few enough that every worker gets at least eight batches (so none idles at the end).
CHUNK_TARGET_BYTES = 1024 * 1024  # no more than a unit (units.CHUNK_BYTES): see there


def _unit_bytes(unit: "WorkUnit") -> int:
    """A unit's bytes of input, estimated (a reader unit that is not a byte range counts
    as CHUNK_TARGET_BYTES)."""
    if unit.end is not None and unit.byte_range:
        return unit.end - unit.start
    try:
        return os.path.getsize(unit.path) if unit.whole_file else CHUNK_TARGET_BYTES
    except OSError:
        return 0


def _chunksize(sizes: list[int], jobs: int) -> int:
    """Units a batch takes, given each unit's bytes (``_unit_bytes``)."""
    average = max(sum(sizes) / max(len(sizes), 1), 1)
    return max(1, min(len(sizes) // (jobs * 8), int(CHUNK_TARGET_BYTES / average)))


def _batches(units: list["WorkUnit"], jobs: int) -> list[tuple[list["WorkUnit"], int]]:
    """(units, bytes) batches of ``_chunksize`` units, smaller towards the end: no batch
    takes more than a ``jobs``-th of the units left (guided self-scheduling), so the
    workers finish within a small batch of each other. With equal batches one worker
    idled while the other checked the last one (BBC, --jobs 2: 0.09-0.11 s of 2.8)."""
    sizes = [_unit_bytes(unit) for unit in units]
    chunksize = _chunksize(sizes, jobs)
    batches, start = [], 0
    while start < len(units):
        end = start + min(chunksize, -(-(len(units) - start) // jobs))
        batches.append((units[start:end], sum(sizes[start:end])))
        start = end
    return batches


class Executor:
    """Checks work units somewhere and yields their results in unit order."""

    def map(self, engine: "Engine", units: Iterable["WorkUnit"]) -> Iterator["FileResult"]:
        raise NotImplementedError  # pragma: no cover - interface


class LocalExecutor(Executor):
    """This process for one job, else a pool of worker processes (forked where possible)."""

    def map(self, engine, units):
        return local_map(engine, units, engine.options.jobs)


class DaskExecutor(Executor):
    """A Dask cluster: ``--scheduler`` names an existing one, else one is started locally."""

    def map(self, engine, units):
        return dask_map(engine, units, engine.options.jobs, engine.options.scheduler)


@hookimpl
def corpus_lint_executors():
    return {"local": LocalExecutor, "dask": DaskExecutor}


# Starting a pool costs a fixed amount (forking, loading every rule's data in the parent,
# sending results back): with 2 workers it was 5-15% slower than one process up to 116 KiB
# of news text and 18% faster from 491 KiB (benchmarks/bench_jobs.py); below 256 KiB of
# input, --jobs N checks in this process.
PARALLEL_FROM_BYTES = 256 << 10


def _small_input(units: list["WorkUnit"]) -> bool:
    """Whether ``units`` hold less text than forking workers pays for."""
    total = 0
    for unit in units:
        if not unit.byte_range:
            return False  # row groups of a Parquet file: no byte size at hand, assume large
        try:
            size = os.stat(unit.path).st_size if unit.end is None else unit.end
        except OSError:
            size = 0  # reported when the unit is read
        total += size - unit.start
        if total >= PARALLEL_FROM_BYTES:
            return False
    return True


def local_map(engine: "Engine", units: Iterable["WorkUnit"], jobs: int) -> Iterator["FileResult"]:
    units = list(units)
    jobs = max(1, min(jobs, len(units)))
    if jobs > 1 and _small_input(units):
        jobs = 1
    if jobs == 1:
        from .batching import check_units

        yield from check_units(engine, units)
        return
    import multiprocessing

    global _FORKED_ENGINE
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if context.get_start_method() == "fork":
        import gc

        engine.prepare_rules()  # loaded once here, shared copy-on-write by every worker
        if any(rule.languages for rule in engine.rules.values()):
            from corpus_lint.documents import language

            # the detector's profiles too: else each worker loads its own (7-10 MiB) on
            # its first document that is not plainly English
            language.prepare()
        # Keep the collector of each worker off the inherited heap (models, word lists):
        # scanning it costs time and copies the shared pages.
        gc.freeze()
        _FORKED_ENGINE = engine
    else:
        _FORKED_ENGINE = None
    try:
        yield from _pool_map(context, engine, _batches(units, jobs), jobs)
    finally:
        _FORKED_ENGINE = None
        if context.get_start_method() == "fork":
            import gc

            gc.unfreeze()


def _new_pool(context, engine: "Engine", jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_spawned_worker,
                               initargs=(engine.blueprint,))


def _pool_map(context, engine: "Engine", batches: list[tuple[list["WorkUnit"], int]],
              jobs: int) -> Iterator["FileResult"]:
    """Batches on a process pool, a bounded window in flight, results in order.

    A worker that dies (a signal, the kernel's OOM killer) breaks the whole pool: the
    batches in flight are then checked again one unit at a time, each in a fresh process,
    so the unit that kills its worker is reported by name and the others keep their
    results; a new pool takes the rest.
    """
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(context, engine, jobs)
    release = _Release()  # here too: the batches' results are then in the store
    pending: deque = deque()
    position = 0
    try:
        while position < len(batches) or pending:
            while position < len(batches) and len(pending) < 2 * jobs:
                batch, size = batches[position]
                try:
                    future = pool.submit(_check_in_forked_worker, batch, size)
                except BrokenProcessPool:
                    break  # a worker died: a batch in flight says which, below
                pending.append((batch, size, future))
                position += 1
            if not pending:  # broken with nothing in flight: a new pool for the rest
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(context, engine, jobs)
                continue
            batch, size, future = pending.popleft()
            try:
                yield from future.result()
                release.after(size)
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                suspects = [unit for unit in batch] + [u for b, _, _ in pending for u in b]
                pending.clear()
                yield from (_check_alone(context, engine, unit) for unit in suspects)
                pool = _new_pool(context, engine, jobs)
            except Exception as exc:  # the batch's results could not come back
                yield from (_failed(unit, exc) for unit in batch)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_alone(context, engine: "Engine", unit: "WorkUnit") -> "FileResult":
    from concurrent.futures.process import BrokenProcessPool

    with _new_pool(context, engine, 1) as pool:
        try:
            (result,) = pool.submit(_check_in_forked_worker, [unit]).result()
            return result
        except BrokenProcessPool:
            from corpus_lint.findings.model import Problem

            from .engine import FileResult

            return FileResult(unit.display, problems=[Problem(
                unit.display, "the worker process checking this file died (killed by a "
                              "signal, or out of memory); skipped", kind="plugin")])
        except Exception as exc:
            return _failed(unit, exc)


def _failed(unit: "WorkUnit", exc: Exception) -> "FileResult":
    from corpus_lint.findings.model import Problem

    from .engine import FileResult

    return FileResult(unit.display, problems=[Problem(
        unit.display, f"could not be checked: {type(exc).__name__}: {exc}", kind="plugin")])


def dask_map(engine: "Engine", units: Iterable["WorkUnit"], jobs: int,
             scheduler: str | None = None) -> Iterator["FileResult"]:
    """Submit units to Dask with a bounded window of futures; yield results in order."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from corpus_lint.config import ConfigError

        raise ConfigError("--engine dask needs Dask: pip install 'corpus-lint[dask]'") from None
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            from corpus_lint.config import ConfigError

            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError(f"--scheduler {scheduler}: cannot connect to a Dask scheduler: "
                              f"{reason}") from None
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        window = 4 * workers
        blueprint = client.scatter(engine.blueprint, broadcast=True)
        pending: deque = deque()
        for unit in units:
            pending.append(client.submit(check_unit_with, blueprint, unit, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
