"""Overview: the loaded corpus at a glance (counts and the article list)."""

import streamlit as st

from ui.state import current_corpus

corpus = current_corpus()
summary = corpus.summary()
articles = corpus.articles

st.title("Broadsheet")
st.caption("What are these articles about, how do they sound, who is in them and who says what?")

cols = st.columns(4)
cols[0].metric("Articles", f"{summary['articles']:,}")
cols[1].metric("Stories", f"{summary['stories']:,}", help="Syndicated copies of one story count once.")
cols[2].metric("Sources", f"{articles['source'].nunique():,}")
cols[3].metric("Words", f"{int(articles['n_words'].sum()):,}")

if articles.empty:
    st.info("No articles are loaded. Add some on the Data page.")
else:
    st.dataframe(
        articles[["title", "source", "author", "published", "n_words"]],
        hide_index=True,
        width="stretch",
        column_config={
            "published": st.column_config.DateColumn("Published"),
            "n_words": st.column_config.NumberColumn("Words", format="%d"),
        },
    )
