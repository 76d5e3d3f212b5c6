"""Broadsheet: the Streamlit entry point (``streamlit run dashboard.py``).

The file is read twice over, in two roles.  ``streamlit run`` first *imports* it and finds ``app``, an
``st.App``: the server, whose start-up hook begins reading and analysing the server's corpus before any
visitor arrives (:mod:`ui.start_up`).  Then every run of the script — each visit, click and rerun — *runs*
it as ``__main__``, which draws the page (:func:`ui.app.run_app`).  Only ``streamlit`` is imported at
the top: whatever else the server imports before it listens delays its start.
"""

import streamlit as st

if __name__ == "__main__":  # a run of the script: draw the page
    from ui.app import run_app

    run_app()
else:  # imported by ``streamlit run`` as the server's app
    from ui.start_up import lifespan

    app = st.App(__file__, lifespan=lifespan)
