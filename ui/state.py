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
from pathlib import Path

import streamlit as st

from analysis.corpus import Corpus, load_corpus, merge_corpora
from analysis.result import Analysis
from analysis.store import cached_analyze

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "seeds"
ENV_VAR = "BROADSHEET_CORPUS"
UPLOADS = "uploaded_files"


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
    del fingerprint  # part of the cache key only
    return load_corpus(path)


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


@st.cache_resource(max_entries=4, show_spinner="Analysing articles…")
def _analyse(key: str, _corpus: Corpus) -> Analysis:
    # Keyed by the corpus content hash, never by the frame itself (hashing 8,000 texts per rerun is slow).
    del key
    return cached_analyze(_corpus.articles)


def current_analysis() -> Analysis:
    """The analysis of this session's corpus: from memory, else the Parquet store, else computed once."""
    corpus = current_corpus()
    return _analyse(corpus.content_hash, corpus)


def analysis_or_stop() -> Analysis:
    """The current analysis, or an empty state (and the end of the page) when no articles are loaded."""
    if current_corpus().articles.empty:
        st.info("No articles are loaded. Add some on the Data page.")
        st.stop()
    return current_analysis()
