"""The corpus this run shows: the server's, plus the session's own uploads — resolved once per run.

Resolving it walks the corpus folder (a stamp of every file) and hashes every uploaded byte; pages and
the sidebar ask for it several times per run, so the entry point calls :func:`begin_run` first and the
answer is kept for the rest of that run.
"""

from __future__ import annotations

import streamlit as st

from analysis.ingest.corpus import Corpus
from ui.keys import RUN_ANALYSIS, RUN_CORPUS
from ui.source import Fingerprint, server_corpus, with_text
from ui.uploads import session_uploads, with_uploads


class RunCorpus:
    """What :func:`current_corpus` resolved for one run."""

    def __init__(self) -> None:
        self.server, self.stamp = server_corpus()
        found = session_uploads()
        self.uploaded: Corpus | None = found[1] if found else None
        self.corpus = self.server if found is None else with_uploads(with_text(self.server, self.stamp), found)


def begin_run() -> None:
    """Forget the last run's corpus and analysis: the files or the uploads may have changed since, and
    a build may have finished."""
    st.session_state.pop(RUN_CORPUS, None)
    st.session_state.pop(RUN_ANALYSIS, None)


def end_run() -> None:
    """Let go of this run's analysis (the registry keeps what is worth keeping; an idle session must not
    hold a preview, or an analysis the registry has let go)."""
    st.session_state.pop(RUN_ANALYSIS, None)


def _run() -> RunCorpus:
    found = st.session_state.get(RUN_CORPUS)
    if found is None:
        found = st.session_state[RUN_CORPUS] = RunCorpus()
    return found


def current_corpus() -> Corpus:
    """The corpus this session sees: the server's, plus the session's own uploads.

    Caches are keyed by content digests, so a session reaches a merged corpus only by uploading the very
    same files.
    """
    return _run().corpus


def uploaded_corpus() -> Corpus | None:
    """What this session's uploads loaded as, with the report on each file, or None without uploads."""
    return _run().uploaded


def server_of_run() -> Corpus:
    """The server's corpus as read this run (without the session's uploads)."""
    return _run().server


def server_stamp() -> Fingerprint:
    """The stamp of the server's corpus files as read this run."""
    return _run().stamp
