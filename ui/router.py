"""Make a deep link to a page go through ``dashboard.py``'s router, even as a server's first visit.

Streamlit keeps a process-wide flag, set when the folder beside the entry script is called ``pages/``,
that runs the legacy multipage mode (each file of ``pages/`` run on its own, no ``st.navigation``) until
some script run calls ``st.navigation``.  So the first visitor of a freshly started server who opens a
shared link such as ``/keywords`` would get that page without the router: default layout, a
file-name sidebar, no shared filters.  The product's layout fixes the folder name ``pages/``, so each
page starts with :func:`ensure_router`, which turns the flag off and reruns: the rerun goes through
``dashboard.py`` and ``st.navigation`` picks the same page from the URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Rerun through the router when Streamlit's legacy runner started this page directly."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
