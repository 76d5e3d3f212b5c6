"""The analysis of the corpus a session sees: from memory, else the Parquet store, else computed once
— with the stages shown to the visitor who waits for them.

A large corpus is analysed in a thread of its own (:class:`Build`), not in the page's run: every visitor
who asks for it watches the same progress, and the Overview is drawn from the build's first pass
(``analyze(ready=…)``: tone, keywords and topics, about a third of the way) while the entities and quotes
are still being found — then drawn again, whole, when the build is done.

Every analysis a page holds is a lean read of its store (``lean=True``), as a built store's is: the long
texts stay on disk and are read for the rows a page shows, so the article text is held once (by the
corpus), not again by the analysis and its quotes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st

from analysis.ingest.corpus import Corpus
from analysis.progress import GROW_WEIGHTS, Tracker, describe_eta, describe_progress
from analysis.result import Analysis
from analysis.store import CannotAppend, cached_analyze, cached_extend, check_appendable, open_stored
from ui.keys import ENTITY, RUN_ANALYSIS
from ui.session import current_corpus, server_of_run, server_stamp, uploaded_corpus
from ui.source import built_analysis

_LOG = logging.getLogger(__name__)


def _background_chars(default: int = 10_000_000) -> int:
    """``BROADSHEET_BACKGROUND_CHARS`` from the environment (a host's setting), else ``default``."""
    value = os.environ.get("BROADSHEET_BACKGROUND_CHARS", "").strip()
    if not value:
        return default
    try:
        chars = int(value)
    except ValueError:
        chars = -1
    if chars < 0:
        _LOG.warning("BROADSHEET_BACKGROUND_CHARS=%r is not a count of characters (0 or more): %d used", value, default)
        return default
    return chars


#: Characters of text from which a corpus is analysed in a thread of its own, the Overview drawn from the
#: first pass: about 1,700 news articles, 20 s of analysis or more.  Below it (the seed, BBC's 2,225 short
#: articles, a few uploads) the page's own run analyses it while it shows the stages.
BACKGROUND_CHARS = _background_chars()
#: How often a page waiting for a build redraws its progress, in seconds.
POLL_S = 0.5


@dataclass
class Build:
    """One corpus analysed in a thread: its progress, the first pass's preview, then the analysis (or
    the error that stopped it).  The thread writes, the pages read; each field is set once."""

    label: str
    tracker: Tracker = field(default_factory=Tracker)
    preview: Analysis | None = None
    result: Analysis | None = None
    #: What stopped the build, as a message: the exception itself would hold the build's frames (the
    #: corpus, the partial tables) for as long as the failed build is remembered.
    error: str | None = None
    #: Set when the build has ended, either way: a page waiting for it wakes at once, not at its next poll.
    ended: threading.Event = field(default_factory=threading.Event)

    def ready(self, preview: Analysis) -> None:
        preview.__dict__["build"] = self  # so the page drawn from it can follow the rest of the build
        self.preview = preview

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None


class Registry:
    """Analyses by corpus hash, the four most recent kept, one lock per corpus.

    Not ``st.cache_resource`` on the analysing function itself: the first visitor must see the stages
    go by (``st.status``), and a cached function's elements would be replayed on every later hit.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.items: OrderedDict[str, Analysis] = OrderedDict()
        self.locks: dict[str, threading.Lock] = {}
        self.builds: dict[str, Build] = {}
        self.guard = threading.Lock()

    def get(self, key: str) -> Analysis | None:
        """The analysis kept under ``key`` — unless its store was removed from under it (a cleaned temporary
        folder): a lean analysis reads its text from there, so it is dropped, to be opened or made again."""
        with self.guard:
            found = self.items.get(key)
            if found is None:
                return None
            if _vanished(found):
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return found

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

    def build(self, key: str, start: Callable[[], Build]) -> Build:
        """The build of ``key`` under way (or failed), else a new one from ``start()``."""
        with self.guard:
            if key not in self.builds:
                self.builds[key] = start()
            return self.builds[key]

    def finish(self, key: str, build: Build) -> None:
        """A build has ended: its analysis joins the others (a failed build stays, for its error)."""
        if build.result is not None:
            self.put(key, build.result)
            with self.guard:
                self.builds.pop(key, None)

    def forget_failed(self, key: str) -> None:
        """Drop a failed build, so that the next visit starts again."""
        with self.guard:
            found = self.builds.get(key)
            if found is not None and found.error is not None:
                del self.builds[key]


def _vanished(analysis: Analysis) -> bool:
    """Whether ``analysis`` was read lean from a store that is no longer there."""
    home = analysis.home
    return home is not None and analysis.text_on_demand and not (home / "articles.parquet").is_file()


@st.cache_resource
def _registry() -> Registry:
    return Registry()


def current_analysis(preview: bool = False) -> Analysis:
    """The analysis of this session's corpus: from memory, else the Parquet store, else computed once.

    ``preview``: the page can draw from a build's first pass (tone, keywords, topics; entities, quotes and
    entity sentiment empty, ``meta["preview"]`` true) while the build goes on — granted unless the URL
    filters by an entity, which only the whole analysis can select.

    Keyed by the corpus's content hash — every column as loaded, so a corrected date is a new key — never
    by the frame itself (hashing 8,000 texts per rerun is slow).  While a corpus is analysed the page shows
    each stage; a second session asking for the same corpus waits for the first instead of analysing it
    again.  A session's uploads *grow* the server's analysis (:func:`analysis.append.extend`): only the
    uploaded articles are analysed, and the server corpus's topics keep their ids, labels and colours, so
    a link shared from the server's view means the same with the uploads added.

    Resolved once per run (until :func:`ui.session.end_run`): the sidebar and the page draw from the same
    object even when a build finishes between them.
    """
    held = st.session_state.get(RUN_ANALYSIS)
    if held is not None and (preview or not held.meta.get("preview")):
        return held
    analysis = st.session_state[RUN_ANALYSIS] = _resolved(preview)
    return analysis


def _resolved(preview: bool) -> Analysis:
    corpus = current_corpus()
    if corpus.store is not None:  # the server's built store, no uploads: its analysis as it was written
        return built_analysis(server_stamp())
    if uploaded_corpus() is not None and not server_of_run().articles.empty:
        return _grown(corpus)
    return _analysis_of(corpus, preview and not st.query_params.get(ENTITY))


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
        with _shown(f"Adding {n:,} article{'s' if n != 1 else ''} to the analysis…", GROW_WEIGHTS) as progress:
            return cached_extend(base, corpus.articles, progress=progress, lean=True)

    return _once(corpus.content_hash, grow)


def _analysis_of(corpus: Corpus, preview: bool = False) -> Analysis:
    if int(corpus.articles["text"].str.len().sum()) >= BACKGROUND_CHARS:
        return _built_in_background(corpus, preview)

    registry = _registry()
    if corpus.content_hash in registry.builds:  # begun at the server's start (ui/start_up.py): followed
        return _built_in_background(corpus, preview=False)

    def analyse() -> Analysis:
        if corpus.content_hash in registry.builds:  # begun at the server's start while this run waited
            return _built_in_background(corpus, preview=False)
        with st.spinner("Opening the stored analysis…", show_time=True):
            found = open_stored(corpus.articles, lean=True)
        if found is not None:
            return found
        with _shown(_analysing(corpus)) as progress:
            return cached_analyze(corpus.articles, progress=progress, lean=True)

    return _once(corpus.content_hash, analyse)


def _analysing(corpus: Corpus) -> str:
    n = len(corpus.articles)
    return f"Analysing {n:,} article{'s' if n != 1 else ''}…"


def begin_analysis(corpus: Corpus) -> None:
    """As the server starts (:mod:`ui.start_up`): open ``corpus``'s stored analysis, else start its analysis
    in a thread of its own, which a visitor's run then follows instead of beginning it.  Nothing is done
    where the analysis is in memory, under way, or being made by a visitor's run."""
    key, registry = corpus.content_hash, _registry()
    with registry.lock(key):  # a visitor's run analysing it holds this lock: wait for it, then nothing to do
        if registry.get(key) is not None or key in registry.builds:
            return
        found = open_stored(corpus.articles, lean=True)
        if found is not None:
            registry.put(key, found)
        else:
            registry.build(key, lambda: _started(key, corpus, _analysing(corpus)))


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


def _built_in_background(corpus: Corpus, preview: bool) -> Analysis:
    """A large corpus's analysis: opened from its store, else built in a thread of its own while this
    page shows the build's progress — and returns as soon as there is something to draw (the preview,
    where the page can use one; else the whole analysis)."""
    key, registry = corpus.content_hash, _registry()
    found = registry.get(key)
    if found is not None:
        return found
    if key not in registry.builds:
        with registry.lock(key):  # visitors at once open one copy of the store, not one each
            found = registry.get(key)
            if found is None and key not in registry.builds:
                with st.spinner("Opening the stored analysis…", show_time=True):
                    found = open_stored(corpus.articles, lean=True)
                    if found is not None:  # kept before the spinner's end, which a rerun may interrupt
                        registry.put(key, found)
        if found is not None:
            return found
    build = registry.build(key, lambda: _started(key, corpus, _analysing(corpus)))
    if build.error is not None:
        _failed(key, build)
    if build.result is None and not (preview and build.preview is not None):
        _watched(build, lambda: build.finished or (preview and build.preview is not None))
    # Read once: the thread may end the build (and let go of its preview) between two reads.
    result, first_pass = build.result, build.preview
    if result is not None:
        return result
    if build.error is not None or first_pass is None:
        _failed(key, build)
    return first_pass


def _started(key: str, corpus: Corpus, label: str) -> Build:
    """A new build of ``corpus``, its thread started (it outlives the page run that started it)."""
    build = Build(label)
    articles = corpus.articles

    def work() -> None:
        try:
            build.result = cached_analyze(articles, progress=build.tracker.update, ready=build.ready, lean=True)
            build.preview = None  # pages read the result first; the preview's frames can go
        except BaseException as error:  # shown to the visitor, who can start it again
            _LOG.exception("the analysis of %s stopped", key)  # the traceback for the host, in the log
            build.error = f"{type(error).__name__}: {error}"  # first: a page that finds no preview sees why
            build.preview = None
        _registry().finish(key, build)
        build.ended.set()

    threading.Thread(target=work, name=f"broadsheet-build-{key[:8]}", daemon=True).start()
    return build


def _failed(key: str, build: Build) -> None:
    """The build's error, said plainly, with a way to start it again; ends the page."""
    st.error(f"The analysis stopped: {build.error}", icon=":material/error:")
    st.button("Analyse again", on_click=_registry().forget_failed, args=(key,), icon=":material/refresh:")
    st.stop()


def _watched(build: Build, until: Callable[[], bool]) -> None:
    """The build's progress box, redrawn every :data:`POLL_S` until ``until()``; then left collapsed — or
    taken away where the page goes on from the preview (its notice says what is still to come)."""
    holder = st.empty()
    with holder.container(), st.status(build.label, expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        stages = st.empty()
        while not until():
            _draw_progress(build.tracker, bar, stages)
            build.ended.wait(POLL_S)
        _draw_progress(build.tracker, bar, stages)
        if build.error is not None:
            status.update(label=build.label.replace("Analysing", "Could not analyse").rstrip("…"), state="error")
            return
        status.update(label=build.label.replace("Analysing", "Analysed").rstrip("…"), state="complete", expanded=False)
    if build.result is None:
        holder.empty()


def build_notice(analysis: Analysis) -> None:
    """On a page drawn from a build's preview: what is still to come, followed until the build is done
    — then the whole app runs again, drawn from the whole analysis.  Nothing for a finished analysis."""
    build: Build | None = analysis.__dict__.get("build")
    if build is None or not analysis.meta.get("preview"):
        return

    @st.fragment(run_every=1.0)
    def follow() -> None:
        if build.finished:
            st.rerun(scope="app")
        tracker = build.tracker
        left = describe_eta(tracker.eta())
        st.info(
            f"Entities, quotes and their sentiment are still being found ({tracker.fraction:.0%} of the "
            f"analysis done{', ' + left if left else ''}). This page fills them in when they are ready; "
            "the other pages wait for them.",
            icon=":material/hourglass_top:",
        )

    follow()


def _draw_progress(tracker: Tracker, bar, stages) -> None:
    bar.progress(tracker.fraction, text=describe_progress(tracker))
    stages.markdown(stage_lines(tracker))


@contextmanager
def _shown(label: str, weights: dict[str, float] | None = None) -> Iterator[Callable[[str, int, int], None]]:
    """A status box with one progress bar (share done, stage, time left) and a line per stage; yields
    the progress callback the analysis reports to."""
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        stages = st.empty()
        tracker = Tracker(weights)

        def progress(stage: str, done: int, total: int) -> None:
            tracker.update(stage, done, total)
            _draw_progress(tracker, bar, stages)

        yield progress
        status.update(label=label.replace("Analysing", "Analysed").replace("Adding", "Added").rstrip("…"),
                      state="complete", expanded=False)  # fmt: skip


def stage_lines(tracker: Tracker) -> str:
    """Each stage of the build as a line: done, under way (with its share) or waiting — so the visitor
    sees what the wait is made of, not only one bar."""
    lines = []
    for name in tracker.weights:
        share = tracker.done.get(name)
        if share is None:
            lines.append(f"- :gray[{name}: waiting]")
        elif share >= 1:
            lines.append(f"- :green[:material/check:] {name}")
        else:
            lines.append(f"- **{name}**: {share:.0%}")
    return "\n".join(lines)


def analysis_or_stop(preview: bool = False) -> Analysis:
    """The current analysis (``preview``: see :func:`current_analysis`), or an empty state (and the end
    of the page) when no articles are loaded."""
    if current_corpus().articles.empty:
        st.info("No articles are loaded. Add some on the Data page.")
        st.stop()
    return current_analysis(preview)
