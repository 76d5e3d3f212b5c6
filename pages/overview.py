"""Overview: the loaded corpus at a glance — counts, top keywords, topics, the article list."""

import streamlit as st

from ui.charts import ranked_bars
from ui.router import ensure_router
from ui.state import current_analysis, current_corpus

ensure_router()

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
    st.stop()

analysis = current_analysis()
left, right = st.columns(2)
with left:
    keywords = analysis.corpus_keywords.head(20)
    st.altair_chart(ranked_bars(keywords, "term", "score", "Most distinctive terms", "keyness vs. general English"),
                    width="stretch")
with right:
    topics = analysis.topics
    if topics.empty:
        st.info("Too little text to find topics.")
    else:
        unit = analysis.meta["topics"]["unit"]
        shares = topics.assign(share=topics["prevalence"] * 100)
        st.altair_chart(ranked_bars(shares, "label", "share", f"Topics ({unit}s as units)", f"share of {unit}s, %"),
                        width="stretch")

st.subheader("Articles")
st.dataframe(
    articles[["title", "source", "author", "published", "n_words"]],
    hide_index=True,
    width="stretch",
    column_config={
        "published": st.column_config.DateColumn("Published"),
        "n_words": st.column_config.NumberColumn("Words", format="%d"),
    },
)
