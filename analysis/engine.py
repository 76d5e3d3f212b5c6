"""Where the per-partition work runs: in this process, on this machine's cores, or on a Dask cluster.

The pipeline hands a runner a function and one argument tuple per partition; the runner returns the
results in partition order and reports each partition done.  The functions are plain top-level functions
of picklable frames, so the same work runs in a joblib worker process or a Dask worker unchanged — which
is why the engine is no part of the store key: it changes where the work runs, never what it computes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from joblib import Parallel, delayed

from analysis.config import ENGINE, EngineConfig

if TYPE_CHECKING:
    from distributed import Client

R = TypeVar("R")
Done = Callable[[int], None]
#: ``keep(i, result)``: what of task ``i``'s result the runner holds, called in task order — by the local
#: runners as each result comes back, by the Dask runner once every task is done, fetching one result at
#: a time — so that a large result can be written away instead of held in this process.
Keep = Callable[[int, Any], Any]


class Tasks(Sequence[tuple]):
    """``count`` tasks whose arguments are made only when the runner takes them (``make(i)``).

    joblib takes a few tasks ahead of the workers, so the partitions' frames exist a few at a time in this
    process instead of all at once before the first one runs.  Each is made afresh when asked for again.
    """

    def __init__(self, count: int, make: Callable[[int], tuple]) -> None:
        self.count, self.make = count, make

    def __len__(self) -> int:
        return self.count

    @overload
    def __getitem__(self, index: int) -> tuple: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple]: ...
    def __getitem__(self, index: int | slice) -> tuple | list[tuple]:
        if isinstance(index, slice):
            return [self.make(i) for i in range(self.count)[index]]
        return self.make(range(self.count)[index])

    def __iter__(self) -> Iterator[tuple]:
        return (self.make(i) for i in range(self.count))


class Runner(Protocol):
    """Runs ``fn(*task)`` for each task; results (or what ``keep`` makes of them) in task order; ``done(n)``
    after each of them."""

    def map(
        self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None, keep: Keep | None = None
    ) -> list: ...


class InProcess:
    """Every task in the calling process, one after the other (a small corpus: workers cost ~1 s to start)."""

    shares_files = True  # a task may be handed files of this machine to read
    copies_tasks = False  # its tasks' arguments never leave this process

    def map(
        self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None, keep: Keep | None = None
    ) -> list:
        out = []
        for n, task in enumerate(tasks, start=1):
            result = fn(*task)
            out.append(keep(n - 1, result) if keep else result)
            if done:
                done(n)
        return out


def stop_workers() -> None:
    """End this process's pool of worker processes now, if it has one (joblib's reusable loky pool).

    Idle workers otherwise outlive a stopped server by loky's idle timeout (five minutes), some 300 MB
    each after a build: on a small host a restarted server would start beside them."""
    from joblib.externals.loky import reusable_executor  # the pool joblib's Parallel and LocalProcesses share

    executor = getattr(reusable_executor, "_executor", None)  # not made just to be stopped
    if executor is not None:
        executor.shutdown(wait=True, kill_workers=True)  # wait: the process may end right after


class LocalProcesses:
    """The tasks on ``n_jobs`` worker processes of this machine (joblib's reusable loky pool)."""

    shares_files = True

    def __init__(self, n_jobs: int) -> None:
        self.n_jobs = n_jobs

    @property
    def copies_tasks(self) -> bool:
        """Whether a task's arguments are pickled to another process (with one job, they run here)."""
        return self.n_jobs > 1

    def map(
        self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None, keep: Keep | None = None
    ) -> list:
        if len(tasks) <= 1 or self.n_jobs <= 1:
            return InProcess().map(fn, tasks, done, keep)
        out = []
        results = Parallel(n_jobs=self.n_jobs, return_as="generator", pre_dispatch="n_jobs")(
            delayed(fn)(*task) for task in tasks
        )
        for n, result in enumerate(results, start=1):  # the generator gives them in task order
            out.append(keep(n - 1, result) if keep else result)
            if done:
                done(n)
        return out


def local_runner(total_chars: int, engine: EngineConfig = ENGINE) -> Runner:
    """Worker processes for a corpus worth them (``engine.parallel_chars`` of text), else this process."""
    return LocalProcesses(engine.n_jobs) if total_chars > engine.parallel_chars else InProcess()


class EngineUnavailable(RuntimeError):
    """An engine was asked for whose optional dependencies are not installed."""


def _star(fn: Callable[..., R], args: tuple) -> R:
    """``fn(*args)``: a task's arguments travel to the worker as one scattered tuple."""
    return fn(*args)


class DaskRunner:
    """The tasks on a ``dask.distributed`` cluster: an existing one (``scheduler="tcp://HOST:PORT"``), or a
    :class:`~distributed.LocalCluster` on 127.0.0.1 started on first use (``n_workers`` worker processes of
    ``threads_per_worker`` threads each: the stages are pure Python, so threads would share one core).
    ``timeout``: seconds to wait for an existing scheduler before giving up.

    Each task's arguments are scattered to the cluster first and the function submitted on them, so a
    partition's texts travel once, as data, not inside the task graph.  Progress is reported as tasks
    complete (in any order); results come back in task order.  Use it as a context manager, or call
    :meth:`close`: a cluster this runner started is shut down with it, an existing one is only left.

    The workers must import the same ``analysis`` package (on a remote cluster: install the project there
    at the same commit), or the store would come from other code than its key says.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        n_workers: int = 2,
        threads_per_worker: int = 1,
        processes: bool = True,
        timeout: float = 30.0,
        **cluster_options: Any,
    ) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailable(
                "the dask engine needs dask.distributed, which is not installed: "
                'pip install -e ".[dask]" (or pip install "dask[distributed]")'
            ) from exc
        self.scheduler = scheduler
        self.timeout = timeout
        self.cluster_options = {
            "n_workers": n_workers,
            "threads_per_worker": threads_per_worker,
            "processes": processes,
            **cluster_options,
        }
        self._client: Client | None = None
        self._cluster: Any = None

    @property
    def shares_files(self) -> bool:
        """Whether the workers see this machine's files: those of a local cluster do; those of an existing
        cluster are sent the data itself."""
        return not self.scheduler

    @property
    def copies_tasks(self) -> bool:
        """Whether a task's arguments travel to another process: a cluster's worker processes, not a local
        cluster of threads in this one."""
        return bool(self.scheduler) or bool(self.cluster_options["processes"])

    @property
    def client(self) -> Client:
        """The client, connecting (or starting the local cluster) on first use."""
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout=self.timeout)
                except OSError as exc:  # distributed's "Timed out trying to connect", refused, bad host
                    raise EngineUnavailable(f"no Dask scheduler reachable at {self.scheduler}: {exc}") from exc
            else:
                # Worker processes talk over TCP on the loopback only; threads in this process need no
                # address at all (Dask connects them in memory).
                loopback = {"host": "127.0.0.1"} if self.cluster_options["processes"] else {}
                options = {**loopback, "dashboard_address": None, **self.cluster_options}
                self._cluster = LocalCluster(**options)
                self._client = Client(self._cluster)
        return self._client

    def map(
        self, fn: Callable[..., R], tasks: Sequence[tuple], done: Done | None = None, keep: Keep | None = None
    ) -> list:
        from distributed import as_completed

        if not tasks:
            return []
        client = self.client
        # One scattered tuple per task (hash=False: two equal partitions are still two pieces of data),
        # one task at a time, so this process holds one partition's arguments, not every partition's.
        args = [client.scatter([tuple(task)], hash=False)[0] for task in tasks]
        futures = [client.submit(_star, fn, a, pure=False) for a in args]
        try:
            for n, _ in enumerate(as_completed(futures), start=1):
                if done:
                    done(n)
            if keep is None:
                return client.gather(futures)  # in task order; raises the first task's error, if any failed
            out = []
            for i, future in enumerate(futures):  # one result at a time in this process, in task order
                out.append(keep(i, future.result()))
            return out
        finally:
            client.cancel([*futures, *args])  # released at once: the cluster holds no partition after this

    def close(self) -> None:
        """Disconnect; shut down the cluster if this runner started it."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
