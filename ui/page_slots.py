"""At most a few pages computed at a time across all sessions, with the heap trimmed after each.

Each page run makes short-lived tables (groupings, chart data, Arrow for the browser); with 20 visitors
at once on 2 cores, running them all together only multiplies that memory without finishing any sooner.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ui.memory import give_back

#: Pages computed at once across all sessions (one per core).
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
