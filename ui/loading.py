"""The server's corpus loaded in a thread of its own, its progress drawn by whichever page runs meanwhile.

A large corpus takes seconds to read and clean (AllSides 8k: about 7 s here).  Loading it in the script
run itself would tie the load to that run: a click, a page switch or a closed tab ends a Streamlit run at
its next drawing call, and the load — drawing its bar — would end with it, to start again from nothing.
So the load runs in a thread, kept in a registry by the files' stamp; a run only watches it, and the run
after an interrupted one finds it still going (or done).  A second visitor arriving meanwhile watches the
same load rather than a blank page.  :mod:`analysis` stays free of Streamlit: the thread reports to a
:class:`~analysis.progress.Tracker`, and the watching run draws from it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from analysis.ingest.corpus import Corpus
from analysis.progress import LOAD_WEIGHTS, Tracker, describe_eta

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


class Loads:
    """Loads by key, the :attr:`size` most recent kept (a corpus whose files changed has a new key)."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.items: OrderedDict[str, Load] = OrderedDict()
        self.guard = threading.Lock()

    def start(self, key: str, load: Callable[[Tracker], Corpus]) -> Load:
        """The load of ``key``: the one under way or done, else ``load(tracker)`` started in a thread."""
        with self.guard:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
            job = self.items[key] = Load()
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        threading.Thread(target=self._run, args=(key, job, load), name="broadsheet-load", daemon=True).start()
        return job

    def _run(self, key: str, job: Load, load: Callable[[Tracker], Corpus]) -> None:
        try:
            job.corpus = load(job.tracker)
        except BaseException as exc:  # handed to the watching run; the next visit loads again
            job.error = exc
            with self.guard:
                if self.items.get(key) is job:
                    del self.items[key]
        finally:
            job.done.set()


@st.cache_resource
def _loads() -> Loads:
    return Loads()


def loaded(key: str, load: Callable[[Tracker], Corpus]) -> Corpus:
    """The corpus of ``key``, loaded once for every session (``load`` is given the tracker to report to);
    while it loads, this run draws its bar — share done, stage and time left — and takes it away after."""
    job = _loads().start(key, load)
    if not job.done.wait(POLL_S):
        slot = st.empty()
        while not job.done.wait(POLL_S):
            draw(slot, job.tracker)
        slot.empty()
    if job.error is not None:
        raise job.error
    assert job.corpus is not None  # set before done, where there is no error
    return job.corpus


def draw(slot, tracker: Tracker) -> None:
    """The load's bar in ``slot``."""
    left = describe_eta(tracker.eta())
    text = f"Loading the articles: {tracker.fraction:.0%} · {tracker.stage} · {left}".rstrip(" ·")
    slot.progress(tracker.fraction, text=text)
