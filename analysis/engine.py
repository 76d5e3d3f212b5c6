"""Where the per-partition work runs: in this process, on this machine's cores, or (later) on a cluster.

The pipeline hands a runner a function and one argument tuple per partition; the runner returns the
results in partition order and reports each partition done.  The functions are plain top-level functions
of picklable frames, so the same work runs in a joblib worker process or a Dask worker unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from joblib import Parallel, delayed

from analysis.config import ENGINE, EngineConfig

R = TypeVar("R")
Done = Callable[[int], None]


class Runner(Protocol):
    """Runs ``fn(*task)`` for each task; results in task order; ``done(n)`` after each of them."""

    def map(self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None) -> list[R]: ...


class InProcess:
    """Every task in the calling process, one after the other (a small corpus: workers cost ~1 s to start)."""

    def map(self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None) -> list[R]:
        out = []
        for n, task in enumerate(tasks, start=1):
            out.append(fn(*task))
            if done:
                done(n)
        return out


class LocalProcesses:
    """The tasks on ``n_jobs`` worker processes of this machine (joblib's reusable loky pool)."""

    def __init__(self, n_jobs: int) -> None:
        self.n_jobs = n_jobs

    def map(self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None) -> list[R]:
        if len(tasks) <= 1 or self.n_jobs <= 1:
            return InProcess().map(fn, tasks, done)
        out = []
        results = Parallel(n_jobs=self.n_jobs, return_as="generator")(delayed(fn)(*task) for task in tasks)
        for n, result in enumerate(results, start=1):
            out.append(result)
            if done:
                done(n)
        return out


def local_runner(total_chars: int, engine: EngineConfig = ENGINE) -> Runner:
    """Worker processes for a corpus worth them (``engine.parallel_chars`` of text), else this process."""
    return LocalProcesses(engine.n_jobs) if total_chars > engine.parallel_chars else InProcess()
