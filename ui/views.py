"""This session's view of the analysis: the articles the sidebar filters keep, every frame restricted to
them — and, on a share-safe copy, the redacted analysis whose text only comes out in bounded excerpts."""

from __future__ import annotations

import streamlit as st

from analysis.explore.share_safe import Exposure, redact
from analysis.explore.slices import Filters, Slice, select
from analysis.result import Analysis
from ui.access import share_safe
from ui.analyses import analysis_or_stop, current_analysis
from ui.filters import clear_filters
from ui.keys import FILTERS

#: The bounds of a share-safe copy (see :mod:`analysis.explore.share_safe`).
EXPOSURE = Exposure()


def _sliced(serial: int, filters_key: str, safe: bool, _analysis: Analysis, _filters: Filters) -> Slice:
    del serial, filters_key
    if not safe:
        return Slice(_analysis, select(_analysis, _filters), _filters)
    redacted = view_analysis(_analysis, safe)
    mask = select(redacted, _filters, text_source=_analysis)  # the text search alone reads the full text
    return Slice(redacted, mask, _filters, source=_analysis, exposure=EXPOSURE)


# Shared by sessions that look at the same analysis through the same filters; frames fill in lazily.
# Keyed by the analysis object's serial, not the corpus: a built store rebuilt in place has the same
# articles and new tables.
_slice = st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)(_sliced)


def view_analysis(analysis: Analysis, safe: bool | None = None) -> Analysis:
    """The analysis this session's pages and sidebar see: on a share-safe copy, the redacted one."""
    if not (share_safe() if safe is None else safe):
        return analysis
    return analysis.memo("share_safe", lambda: redact(analysis, EXPOSURE))


def current_slice(preview: bool = False) -> Slice:
    """The articles the sidebar filters keep, with every frame restricted to them (``preview``: of a
    build's first pass, where there is one — see :func:`ui.analyses.current_analysis`)."""
    analysis = current_analysis(preview)
    filters = st.session_state.get(FILTERS, Filters())
    if analysis.meta.get("preview"):  # a build's first pass, soon replaced: not kept in the shared cache
        return _sliced(analysis.serial, repr(filters), share_safe(), analysis, filters)
    return _slice(analysis.serial, repr(filters), share_safe(), analysis, filters)


def slice_or_stop(preview: bool = False) -> Slice:
    """The filtered analysis, or a clear empty state (and the end of the page) when nothing is left."""
    analysis_or_stop(preview)
    chosen = current_slice(preview)
    if chosen.n_articles == 0:
        st.info("No article matches the filters. Loosen or clear them in the sidebar.")
        st.button("Clear filters", on_click=clear_filters, key="clear_empty", icon=":material/filter_alt_off:")
        st.stop()
    return chosen
