"""One run of the dashboard's script: the navigation between the pages in ``pages/``, and the sidebar
filters they share (drawn here, around every page, so their URL parameters hold across pages).

``dashboard.py`` calls :func:`run_app` on every run; it is the entry point only in name, so that the server
can import it (as its ``st.App``) without running a page.
"""

import streamlit as st

from ui.access import require_access
from ui.analyses import current_analysis
from ui.filters import draw_filters, share_link
from ui.keys import FILTERS
from ui.memory import freeze_start_up, limit_arenas
from ui.page_slots import page_slot
from ui.router import ensure_router
from ui.session import begin_run, current_corpus, end_run
from ui.start_up import wait_for_start_up
from ui.views import view_analysis


def run_app() -> None:
    """Draw the page the URL names, with the sidebar's filters."""
    # Start-up, once per process (the server's start-up hook does it first, and later runs skip it): threads
    # share few malloc arenas, and Arrow allocates from the system heap, so the heap trim after each page
    # returns memory to the system; the imports' objects are frozen out of the garbage collector's walks
    # (ui/memory.py).
    wait_for_start_up()
    limit_arenas()
    freeze_start_up()

    st.set_page_config(page_title="Broadsheet", page_icon=":material/newspaper:", layout="wide")

    pages = [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/keywords.py", title="Keywords", icon=":material/key:"),
        st.Page("pages/topics.py", title="Topics", icon=":material/category:"),
        st.Page("pages/sentiment.py", title="Sentiment", icon=":material/sentiment_satisfied:"),
        st.Page("pages/people.py", title="People & quotes", icon=":material/record_voice_over:"),
        st.Page("pages/articles.py", title="Articles", icon=":material/article:"),
        st.Page("pages/data.py", title="Data", icon=":material/table_view:"),
    ]
    page = st.navigation(pages)
    ensure_router()  # before any widget of our own: the legacy pages mode would forget a form's submit
    require_access()
    begin_run()  # the corpus (files and uploads) is resolved once per run, on first use
    try:
        link = None
        if not current_corpus().articles.empty:
            # The Overview can be drawn from a large corpus's first pass while its entities and quotes are found.
            preview = page is pages[0]  # the Overview (an identity test: a bare run's page has no title)
            st.session_state[FILTERS] = draw_filters(view_analysis(current_analysis(preview=preview)))
            link = st.sidebar.empty()
            share_link(link.container())
        with page_slot():  # a few pages computed at a time: twenty visitors at once must not need twenty copies
            page.run()
        if link is not None:
            share_link(link.container())  # again, now with what the page itself put in the URL (the article, a term)
    finally:
        end_run()  # even when a widget's rerun or a stop ended the run early
