"""Which corpus the server shows, and reading it once per content of its files rather than once per click.

The corpus comes from ``streamlit run dashboard.py -- --corpus PATH``, else the ``BROADSHEET_CORPUS``
environment variable (for hosts), else the bundled ``seeds/`` folder.  The browser never names a server
path: a visitor of a hosted copy must not be able to read the server's files.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.ingest.corpus import Corpus, load_corpus
from analysis.progress import Progress
from analysis.result import ANALYSIS_ARTICLE_COLUMNS, Analysis, single_chunks
from analysis.store import is_built, open_built
from ui.loading import LoadFailed, loaded, start_load

ROOT = Path(__file__).resolve().parents[1]
_LOG = logging.getLogger(__name__)
DEFAULT_CORPUS = ROOT / "seeds"
ENV_VAR = "BROADSHEET_CORPUS"
Fingerprint = tuple[tuple[str, int, int], ...]


def corpus_path(argv: list[str] | None = None) -> Path:
    """The corpus named on the command line (after ``--``) or in the environment, else the seeds."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = known.corpus or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else DEFAULT_CORPUS


def fingerprint(path: Path) -> Fingerprint:
    """Names, sizes and modification times: a cheap stamp that changes when the files do."""
    if not path.exists():
        return ()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def stamp_key(stamp: Fingerprint) -> str:
    """A short key for ``stamp``: a built store is some 300 files, and Streamlit hashes a cached function's
    arguments on every call — the stamp itself took a fifth of a second per page run."""
    return hashlib.sha256(repr(stamp).encode()).hexdigest()


def _reader(path: str) -> Callable[[Progress], Corpus]:
    """The load of the files at ``path``, reporting its progress to the callback it is given."""
    return lambda report: load_corpus(path, progress=report)


def _load_key(path: str, stamp: Fingerprint) -> str:
    """The key of the load of ``path`` in the load registry: its files as they are now."""
    return f"{path}\0{stamp_key(stamp)}"


def _load(path: str, stamp: Fingerprint) -> Corpus:
    if is_built(path):
        return _built(path, stamp)[0]
    # Loaded once for every session, in a thread of its own (ui/loading.py): one read-only copy shared,
    # and a click during the load does not start it again.
    try:
        return loaded(_load_key(path, stamp), _reader(path))
    except LoadFailed as failed:  # said plainly, with a way to try again (the failed load is forgotten)
        st.error(f"The server's articles could not be loaded: {failed.__cause__ or failed}", icon=":material/error:")
        st.button("Load again", icon=":material/refresh:")
        st.stop()
        raise  # st.stop() outside a script run (bare mode) returns


def server_is_built() -> bool:
    """Whether the server's corpus is a built store (opened as it is) rather than files to analyse."""
    return is_built(str(corpus_path()))


def start_server_load(then: Callable[[Corpus], None]) -> None:
    """Start the server's load at start-up (:mod:`ui.start_up`): the load a visitor's run would start, in
    the same registry, so that run finds it under way; its thread hands the corpus to ``then`` (which
    starts the analysis) before the load counts as done, so whoever sees the corpus sees that too.  A
    failure of ``then`` is logged and loses nothing else: the visitor's run starts the analysis itself."""
    path = str(corpus_path())
    read = _reader(path)

    def load_then(report: Progress) -> Corpus:
        corpus = read(report)
        try:
            then(corpus)
        except Exception:
            _LOG.exception("the analysis of the server's corpus could not be started with the server")
        return corpus

    start_load(_load_key(path, fingerprint(Path(path))), load_then)


def open_server_store() -> None:
    """Open the server's built store (corpus and analysis, kept for every session) at start-up."""
    path = corpus_path()
    _built(str(path), fingerprint(path))


def _built(path: str, stamp: Fingerprint) -> tuple[Corpus, Analysis]:
    return _built_keyed(path, stamp_key(stamp))


@st.cache_resource(max_entries=2, show_spinner="Opening the stored analysis…")
def _built_keyed(path: str, key: str) -> tuple[Corpus, Analysis]:
    # A store written by ``python -m analysis build``: its corpus and its analysis come from the same lean
    # read, which leaves the article text (and the build's own tables) on disk to be read on demand.
    del key
    return open_built(path, lean=True)


@st.cache_resource(max_entries=1, show_spinner="Reading the articles' text…")
def _with_text(path: str, key: str) -> Corpus:
    # Only a visitor's upload needs the server's articles whole: they are merged and analysed together.
    stored = pd.read_parquet(Path(path) / "articles.parquet")
    added = [c for c in ANALYSIS_ARTICLE_COLUMNS if c in stored.columns]
    return dataclasses.replace(_built_keyed(path, key)[0], articles=single_chunks(stored.drop(columns=added)))


def server_corpus() -> tuple[Corpus, Fingerprint]:
    """The server's corpus, loaded once for all sessions until its files change, with the files' stamp."""
    path = corpus_path()
    stamp = fingerprint(path)
    return _load(str(path), stamp), stamp


def with_text(corpus: Corpus, stamp: Fingerprint) -> Corpus:
    """``corpus`` (the server's) with its articles' text, which a lean store leaves on disk: what a merge
    with a visitor's uploads needs.  The same articles frame as a full read, so the same content hash."""
    if corpus.store is None or "text" in corpus.articles.columns:
        return corpus
    return _with_text(str(corpus_path()), stamp_key(stamp))


def built_analysis(stamp: Fingerprint) -> Analysis:
    """The analysis of the server's built store (when :func:`server_corpus` is one), read with its corpus."""
    return _built(str(corpus_path()), stamp)[1]
