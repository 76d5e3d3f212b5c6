"""A visitor's own files: kept in that session only, read once per content, merged into the server's corpus."""

from __future__ import annotations

import hashlib

import streamlit as st

from analysis.ingest.corpus import Corpus, load_corpus
from analysis.ingest.merging import merge_corpora
from ui.keys import UPLOADS


def uploads() -> dict[str, bytes]:
    """This session's uploaded files by name; they never reach another visitor's session."""
    return st.session_state.setdefault(UPLOADS, {})


def upload_digest(files: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.blake2b(files[name]).digest())
    return digest.hexdigest()


@st.cache_resource(max_entries=8, show_spinner="Reading your files…")
def _load_uploads(digest: str, _files: tuple[tuple[str, bytes], ...]) -> Corpus:
    del digest
    return load_corpus(list(_files))


@st.cache_resource(max_entries=4, show_spinner="Adding your articles…")
def _merge(base_key: str, upload_key: str, _base: Corpus, _extra: Corpus) -> Corpus:
    del base_key, upload_key
    return merge_corpora(_base, _extra)


def session_uploads() -> tuple[str, Corpus] | None:
    """The digest of this session's uploads and what they loaded as (with the report on each file); None
    without uploads.  Hashes every uploaded byte: call it once per run (see :mod:`ui.session`)."""
    files = uploads()
    if not files:
        return None
    digest = upload_digest(files)
    return digest, _load_uploads(digest, tuple(sorted(files.items())))


def with_uploads(base: Corpus, found: tuple[str, Corpus]) -> Corpus:
    """``base`` plus the uploads, merged once per pair of contents and shared by sessions that have both."""
    digest, extra = found
    return _merge(base.content_hash, digest, base, extra)
