"""The server's corpus loaded in a thread of its own, its progress drawn by whichever page runs meanwhile.

A large corpus takes seconds to read and clean (AllSides 8k: about 7 s here).  Loading it in the script
run itself would tie the load to that run: a click, a page switch or a closed tab ends a Streamlit run at
its next drawing call, and the load — drawing its bar — would end with it, to start again from nothing.
So the load runs in a thread, kept in a registry by the files' stamp; a run only watches it, and the run
after an interrupted one finds it still going (or done).  A second visitor arriving meanwhile watches the
same load rather than a blank page.  :mod:`analysis` stays free of Streamlit: the thread reports to a
:class:`~analysis.progress.Tracker`, and the watching run draws from it.

One load runs at a time (each holds the raw files and their cleaned copy: 0.6 GB for two AllSides 8k
loads at once), and a load pushed out of the registry — its files changed again meanwhile — stops at its
next progress report rather than running on for nobody.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from analysis.ingest.corpus import Corpus
from analysis.progress import LOAD_WEIGHTS, Progress, Tracker, describe_progress

#: One load at a time, across every registry (``st.cache_resource.clear()`` makes a new one).
_ONE_AT_A_TIME = threading.Lock()

#: Seconds between two redraws of the bar; also how long a load may take before a bar is drawn at all
#: (the seed's load ends well before it, and draws nothing).
POLL_S = 0.25


@dataclass
class Load:
    """One load under way or done.  The thread sets ``corpus`` or ``error`` once, then ``done``."""

    tracker: Tracker = field(default_factory=lambda: Tracker(LOAD_WEIGHTS))
    done: threading.Event = field(default_factory=threading.Event)
    corpus: Corpus | None = None
    error: BaseException | None = None
    #: Set when the registry lets the load go: it stops at its next report.
    dropped: bool = False

    def report(self, stage: str, done: int, total: int) -> None:
        """The load's progress callback: the tracker told, or the load ended where nobody waits for it."""
        if self.dropped:
            raise LoadDropped(DROPPED)
        self.tracker.update(stage, done, total)


DROPPED = "the files changed while they were being read; the next run of the page reads them again"


class LoadDropped(Exception):
    """A load the registry let go before it ended."""


class LoadFailed(RuntimeError):
    """The server's articles could not be loaded; the cause is chained.  A new exception for each run
    that watched the load: one exception raised in every session would collect all their frames."""


class Loads:
    """Loads by key, the :attr:`size` most recent kept (a corpus whose files changed has a new key)."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.items: OrderedDict[str, Load] = OrderedDict()
        self.guard = threading.Lock()

    def start(self, key: str, load: Callable[[Progress], Corpus]) -> Load:
        """The load of ``key``: the one under way or done, else ``load(report)`` started in a thread."""
        with self.guard:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
            job = self.items[key] = Load()
            while len(self.items) > self.size:
                _, old = self.items.popitem(last=False)
                old.dropped = True
        try:
            threading.Thread(target=self._run, args=(key, job, load), name="broadsheet-load", daemon=True).start()
        except BaseException:  # no thread (the system's limit): no job left that nobody runs
            self._forget(key, job)
            raise
        return job

    def _run(self, key: str, job: Load, load: Callable[[Progress], Corpus]) -> None:
        try:
            with _ONE_AT_A_TIME:
                if job.dropped:
                    raise LoadDropped(DROPPED)
                job.corpus = load(job.report)
        except BaseException as exc:  # handed to the watching run; the next visit loads again
            job.error = exc
            self._forget(key, job)
        finally:
            job.done.set()

    def _forget(self, key: str, job: Load) -> None:
        with self.guard:
            if self.items.get(key) is job:
                del self.items[key]


@st.cache_resource
def _loads() -> Loads:
    return Loads()


def start_load(key: str, load: Callable[[Progress], Corpus]) -> Load:
    """The load of ``key`` under way or done, else ``load`` started in its thread (``load`` is given the
    callback to report to) — without waiting for it."""
    return _loads().start(key, load)


def loaded(key: str, load: Callable[[Progress], Corpus]) -> Corpus:
    """The corpus of ``key``, loaded once for every session (see :func:`start_load`); while it loads,
    this run draws its bar — share done, stage and time left — and takes it away after."""
    job = start_load(key, load)
    if not job.done.wait(POLL_S):
        slot = st.empty()
        while not job.done.wait(POLL_S):
            draw(slot, job.tracker)
        slot.empty()
    if job.error is not None:
        raise LoadFailed(f"the articles could not be loaded: {job.error}") from job.error
    assert job.corpus is not None  # set before done, where there is no error
    return job.corpus


def draw(slot, tracker: Tracker) -> None:
    """The load's bar in ``slot``."""
    slot.progress(tracker.fraction, text=f"Loading the articles: {describe_progress(tracker)}")
