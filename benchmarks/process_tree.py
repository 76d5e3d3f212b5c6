"""The memory of a process and every process it started, read from ``/proc`` while they run.

A build or a server is more than one process: the engine's workers do the per-article work, and a
figure of the main process alone (``ru_maxrss``) leaves them out.  Nor can their peaks be read after the
fact: ``RUSAGE_CHILDREN`` counts a worker's size at the moment it was forked, and a worker that has
exited has no ``/proc`` entry left.  So the tree is sampled while it runs: each process's own high-water
mark (``VmHWM``, kept by the kernel between samples), and the whole tree's resident memory at one moment,
summed — as RSS (pages shared between processes counted in each) and as PSS (each shared page split
between its sharers, so the sum is what the tree takes from the machine).
"""

from __future__ import annotations

import threading
from pathlib import Path


def status_kb(pid: int, field: str) -> int:
    """A ``/proc/PID/status`` field in kB (``VmRSS``, ``VmHWM``), 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    """The process's proportional set size in kB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, and by those, and so on."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # gone between the listing and this read
        return []
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [g for c in found for g in descendants(c)]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants now, summed, in MB."""
    return sum(status_kb(p, "VmRSS") for p in [pid, *descendants(pid)]) / 1024


class TreeSampler:
    """Samples ``pid``'s process tree every ``every`` seconds in a thread (a context manager).

    ``rss_mb`` / ``pss_mb``: the largest sum over the tree seen at one sample; ``high_water_mb``: each
    process's own peak (``VmHWM``), by pid, as last read while it lived.
    """

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.rss_mb = self.pss_mb = 0.0
        self.high_water_mb: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        pids = [self.pid, *descendants(self.pid)]
        rss = pss = 0
        for p in pids:
            rss += status_kb(p, "VmRSS")
            pss += pss_kb(p)
            high = status_kb(p, "VmHWM") / 1024
            if high:
                self.high_water_mb[p] = max(self.high_water_mb.get(p, 0.0), high)
        self.rss_mb, self.pss_mb = max(self.rss_mb, rss / 1024), max(self.pss_mb, pss / 1024)

    @property
    def largest_child_mb(self) -> float:
        """The largest peak of any process but ``pid`` itself (0 if it started none)."""
        return max((mb for p, mb in self.high_water_mb.items() if p != self.pid), default=0.0)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
