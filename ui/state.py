"""Which corpus the app shows, and loading it once per content rather than once per click.

The corpus comes from ``streamlit run dashboard.py -- --corpus PATH``, else the ``BROADSHEET_CORPUS``
environment variable (for hosts), else the bundled ``seeds/`` folder.  The browser never names a server
path: a visitor of a hosted copy must not be able to read the server's files.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.explore.concordance import matching_sentences
from analysis.explore.slices import Filters, Slice, select
from analysis.ingest.corpus import Corpus, load_corpus, merge_corpora
from analysis.result import Analysis
from analysis.store import cached_analyze, is_built, open_built, open_stored
from ui.filters import clear_filters
from ui.memory import give_back, limit_arenas

limit_arenas()  # once, when the first visitor's script imports this module

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "seeds"
ENV_VAR = "BROADSHEET_CORPUS"
UPLOADS = "uploaded_files"
FILTERS = "active_filters"  # the Filters the sidebar drew this run, for the page that runs after it


def corpus_path(argv: list[str] | None = None) -> Path:
    """The corpus named on the command line (after ``--``) or in the environment, else the seeds."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = known.corpus or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else DEFAULT_CORPUS


def _fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: a cheap stamp that changes when the files do."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@st.cache_resource(max_entries=4, show_spinner="Loading articles…")
def _load(path: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Corpus:
    # Cached as a resource: every session shares one read-only copy instead of a pickled copy per rerun.
    if is_built(path):
        return _built(path, fingerprint)[0]
    return load_corpus(path)


@st.cache_resource(max_entries=2, show_spinner="Opening the stored analysis…")
def _built(path: str, fingerprint: tuple[tuple[str, int, int], ...]) -> tuple[Corpus, Analysis]:
    # A store written by ``python -m analysis build``: its corpus and its analysis come from the same read,
    # so the article texts are held once.
    del fingerprint
    return open_built(path)


def server_corpus() -> Corpus:
    """The server's corpus, loaded once for all sessions until its files change."""
    path = corpus_path()
    return _load(str(path), _fingerprint(path) if path.exists() else ())


@st.cache_resource(max_entries=8, show_spinner="Reading your files…")
def _load_uploads(digest: str, _files: tuple[tuple[str, bytes], ...]) -> Corpus:
    del digest
    return load_corpus(list(_files))


@st.cache_resource(max_entries=4, show_spinner="Adding your articles…")
def _merge(base_key: str, upload_key: str, _base: Corpus, _extra: Corpus) -> Corpus:
    del base_key, upload_key
    return merge_corpora(_base, _extra)


def uploads() -> dict[str, bytes]:
    """This session's uploaded files by name; they never reach another visitor's session."""
    return st.session_state.setdefault(UPLOADS, {})


def upload_digest(files: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.blake2b(files[name]).digest())
    return digest.hexdigest()


def _session_uploads() -> tuple[str, Corpus] | None:
    """The digest of this session's uploads and what they loaded as; None without uploads."""
    files = uploads()
    if not files:
        return None
    digest = upload_digest(files)  # hashes every uploaded byte: once per rerun, not once per caller
    return digest, _load_uploads(digest, tuple(sorted(files.items())))


def uploaded_corpus() -> Corpus | None:
    """What this session's uploads loaded as, with the report on each file, or None without uploads."""
    found = _session_uploads()
    return found[1] if found else None


def current_corpus() -> Corpus:
    """The corpus this session sees: the server's, plus the session's own uploads.

    Caches are keyed by content digests, so a session reaches a merged corpus only by uploading the very
    same files.
    """
    base = server_corpus()
    found = _session_uploads()
    if found is None:
        return base
    digest, extra = found
    return _merge(base.content_hash, digest, base, extra)


class _Analyses:
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
def _analyses() -> _Analyses:
    return _Analyses()


def current_analysis() -> Analysis:
    """The analysis of this session's corpus: from memory, else the Parquet store, else computed once.

    Keyed by the corpus content hash, never by the frame itself (hashing 8,000 texts per rerun is slow).
    While a corpus is analysed the page shows each stage; a second session asking for the same corpus
    waits for the first instead of analysing it again.
    """
    corpus = current_corpus()
    if corpus.store is not None:  # the server's built store, no uploads: its analysis as it was written
        path = corpus_path()
        return _built(str(path), _fingerprint(path))[1]
    key = corpus.content_hash
    registry = _analyses()
    found = registry.get(key)
    if found is not None:
        return found
    with registry.lock(key):
        found = registry.get(key)
        if found is not None:
            return found
        with st.spinner("Opening the stored analysis…", show_time=True):
            found = open_stored(corpus.articles)
        if found is not None:
            registry.put(key, found)
            return found
        n = len(corpus.articles)
        with st.status(f"Analysing {n:,} article{'s' if n != 1 else ''}…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")

            def progress(stage: str, done: int, total: int) -> None:
                bar.progress(done / max(total, 1), text=f"Stage {min(done + 1, total)} of {total}: {stage}")

            found = cached_analyze(corpus.articles, progress=progress)
            status.update(label=f"Analysed {n:,} article{'s' if n != 1 else ''}", state="complete", expanded=False)
        registry.put(key, found)
        return found


def analysis_or_stop() -> Analysis:
    """The current analysis, or an empty state (and the end of the page) when no articles are loaded."""
    if current_corpus().articles.empty:
        st.info("No articles are loaded. Add some on the Data page.")
        st.stop()
    return current_analysis()


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def _slice(key: str, filters_key: str, _analysis: Analysis, _filters: Filters) -> Slice:
    # Shared by sessions that look at the same corpus through the same filters; frames fill in lazily.
    del key, filters_key
    return Slice(_analysis, select(_analysis, _filters), _filters)


def current_slice() -> Slice:
    """The articles the sidebar filters keep, with every frame restricted to them."""
    analysis = current_analysis()
    filters = st.session_state.get(FILTERS, Filters())
    return _slice(current_corpus().content_hash, repr(filters), analysis, filters)


def slice_or_stop() -> Slice:
    """The filtered analysis, or a clear empty state (and the end of the page) when nothing is left."""
    analysis_or_stop()
    chosen = current_slice()
    if chosen.n_articles == 0:
        st.info("No article matches the filters. Loosen or clear them in the sidebar.")
        st.button("Clear filters", on_click=clear_filters, key="clear_empty", icon=":material/filter_alt_off:")
        st.stop()
    return chosen


@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def _term_hits(key: str, term: str, _sentences: pd.DataFrame) -> pd.DataFrame:
    del key
    return matching_sentences(_sentences, term)


def term_hits(term: str) -> pd.DataFrame:
    """Every sentence of the whole corpus that uses ``term``, scanned once per corpus and term (not once
    per filter change); restrict it to a slice with ``isin(slice.doc_ids)``."""
    return _term_hits(current_corpus().content_hash, term.strip().lower(), current_analysis().sentences)


#: Pages computed at once across all sessions (one per core).  Each page run makes short-lived tables
#: (groupings, chart data, Arrow for the browser); with 20 visitors at once on 2 cores, running them all
#: together only multiplies that memory without finishing any sooner.
CONCURRENT_PAGES = 2


@st.cache_resource
def _page_slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(CONCURRENT_PAGES)


@contextmanager
def page_slot() -> Iterator[None]:
    """Hold one of the server's page slots while a page runs (released however the run ends)."""
    slots = _page_slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()
        give_back()
