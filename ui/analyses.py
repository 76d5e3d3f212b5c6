"""The analysis of the corpus a session sees: from memory, else the Parquet store, else computed once
— with the stages shown to the visitor who waits for them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from analysis.ingest.corpus import Corpus
from analysis.progress import WEIGHTS, Tracker, describe_eta
from analysis.result import Analysis
from analysis.store import CannotAppend, cached_analyze, cached_extend, check_appendable, open_stored
from ui.session import current_corpus, server_of_run, server_stamp, uploaded_corpus
from ui.source import built_analysis


class Registry:
    """Analyses by corpus hash, the four most recent kept, one lock per corpus.

    Not ``st.cache_resource`` on the analysing function itself: the first visitor must see the stages
    go by (``st.status``), and a cached function's elements would be replayed on every later hit.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.items: OrderedDict[str, Analysis] = OrderedDict()
        self.locks: dict[str, threading.Lock] = {}
        self.guard = threading.Lock()

    def get(self, key: str) -> Analysis | None:
        with self.guard:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def lock(self, key: str) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(key, threading.Lock())

    def put(self, key: str, analysis: Analysis) -> None:
        with self.guard:
            self.items[key] = analysis
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                old, _ = self.items.popitem(last=False)
                self.locks.pop(old, None)


@st.cache_resource
def _registry() -> Registry:
    return Registry()


def current_analysis() -> Analysis:
    """The analysis of this session's corpus: from memory, else the Parquet store, else computed once.

    Keyed by the corpus's content hash — every column as loaded, so a corrected date is a new key — never
    by the frame itself (hashing 8,000 texts per rerun is slow).  While a corpus is analysed the page shows
    each stage; a second session asking for the same corpus waits for the first instead of analysing it
    again.  A session's uploads *grow* the server's analysis (:func:`analysis.append.extend`): only the
    uploaded articles are analysed, and the server corpus's topics keep their ids, labels and colours, so
    a link shared from the server's view means the same with the uploads added.
    """
    corpus = current_corpus()
    if corpus.store is not None:  # the server's built store, no uploads: its analysis as it was written
        return built_analysis(server_stamp())
    if uploaded_corpus() is not None and not server_of_run().articles.empty:
        return _grown(corpus)
    return _analysis_of(corpus)


def _server_analysis() -> Analysis:
    server = server_of_run()
    return built_analysis(server_stamp()) if server.store is not None else _analysis_of(server)


def _grown(corpus: Corpus) -> Analysis:
    """The server's analysis grown by this session's uploads (stored, so a second visit reopens it)."""
    found = _registry().get(corpus.content_hash)
    if found is not None:
        return found
    base = _server_analysis()
    n = int((~corpus.articles["doc_id"].isin(base.articles["doc_id"])).sum())
    if n == 0:  # the uploads are all articles the server has already: its analysis as it is
        return base
    try:
        check_appendable(base, corpus.articles)
    except CannotAppend:  # a built store from other code: analyse the merged corpus afresh instead
        return _analysis_of(corpus)

    def grow() -> Analysis:
        with _shown(f"Adding {n:,} article{'s' if n != 1 else ''} to the analysis…") as progress:
            return cached_extend(base, corpus.articles, progress=progress)

    return _once(corpus.content_hash, grow)


def _analysis_of(corpus: Corpus) -> Analysis:
    def analyse() -> Analysis:
        with st.spinner("Opening the stored analysis…", show_time=True):
            found = open_stored(corpus.articles)
        if found is not None:
            return found
        n = len(corpus.articles)
        with _shown(f"Analysing {n:,} article{'s' if n != 1 else ''}…") as progress:
            return cached_analyze(corpus.articles, progress=progress)

    return _once(corpus.content_hash, analyse)


def _once(key: str, compute: Callable[[], Analysis]) -> Analysis:
    """The registry's analysis under ``key``, else ``compute()`` — once: a second session asking for the
    same key waits for the first instead of computing it again.  (``compute`` must not ask for ``key``
    itself: the lock is not re-entrant.)"""
    registry = _registry()
    found = registry.get(key)
    if found is not None:
        return found
    with registry.lock(key):
        found = registry.get(key)
        if found is None:
            found = compute()
            registry.put(key, found)
        return found


@contextmanager
def _shown(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A status box with one progress bar (share done, stage, time left) and a line per stage; yields
    the progress callback the analysis reports to."""
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        stages = st.empty()
        tracker = Tracker()

        def progress(stage: str, done: int, total: int) -> None:
            tracker.update(stage, done, total)
            left = describe_eta(tracker.eta())
            bar.progress(tracker.fraction, text=f"{tracker.fraction:.0%} · {stage} · {left}".rstrip(" ·"))
            stages.markdown(stage_lines(tracker))

        yield progress
        status.update(label=label.replace("Analysing", "Analysed").replace("Adding", "Added").rstrip("…"),
                      state="complete", expanded=False)  # fmt: skip


def stage_lines(tracker: Tracker) -> str:
    """Each stage of the build as a line: done, under way (with its share) or waiting — so the visitor
    sees what the wait is made of, not only one bar."""
    lines = []
    for name in WEIGHTS:
        share = tracker.done.get(name)
        if share is None:
            lines.append(f"- :gray[{name}: waiting]")
        elif share >= 1:
            lines.append(f"- :green[:material/check:] {name}")
        else:
            lines.append(f"- **{name}**: {share:.0%}")
    return "\n".join(lines)


def analysis_or_stop() -> Analysis:
    """The current analysis, or an empty state (and the end of the page) when no articles are loaded."""
    if current_corpus().articles.empty:
        st.info("No articles are loaded. Add some on the Data page.")
        st.stop()
    return current_analysis()
