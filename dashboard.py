"""Broadsheet: the Streamlit entry point.  It only routes; each page lives in ``pages/``."""

import streamlit as st

st.set_page_config(page_title="Broadsheet", page_icon="📰", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon="📊", default=True),
    st.Page("pages/data.py", title="Data", icon="🗂️"),
]
st.navigation(pages).run()
