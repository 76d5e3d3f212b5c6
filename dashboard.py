"""Broadsheet: the Streamlit entry point.  It only routes; each page lives in ``pages/``."""

import streamlit as st

st.set_page_config(page_title="Broadsheet", page_icon=":material/newspaper:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/keywords.py", title="Keywords", icon=":material/key:"),
    st.Page("pages/sentiment.py", title="Sentiment", icon=":material/sentiment_satisfied:"),
    st.Page("pages/people.py", title="People & quotes", icon=":material/record_voice_over:"),
    st.Page("pages/articles.py", title="Articles", icon=":material/article:"),
    st.Page("pages/data.py", title="Data", icon=":material/table_view:"),
]
st.navigation(pages).run()
