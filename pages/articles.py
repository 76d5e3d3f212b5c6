"""Articles: the reader — a searchable list beside the chosen article's text and its features."""

import streamlit as st

from ui.article_html import article_html
from ui.router import ensure_router
from ui.state import analysis_or_stop

ensure_router()

st.title("Articles")
analysis = analysis_or_stop()
articles = analysis.articles
titles = articles.set_index("doc_id")["title"].fillna("(untitled)")

left, right = st.columns([2, 3])
with left:
    query = st.text_input("Search titles and text", key="q", bind="query-params",
                          help="Case does not matter; the words are matched as typed.")
    shown = articles
    if query.strip():
        needle = query.strip()
        hit = articles["title"].fillna("").str.contains(needle, case=False, regex=False) | \
            articles["text"].str.contains(needle, case=False, regex=False)
        shown = articles[hit]
    st.caption(f"{len(shown):,} of {len(articles):,} articles")
    if shown.empty:
        st.info(f"No article contains “{query.strip()}”.")
    event = st.dataframe(
        shown[["title", "source", "published", "tone"]], hide_index=True, width="stretch", height=420,
        on_select="rerun", selection_mode="single-row", key="article_table",
        column_config={"published": st.column_config.DateColumn("Published"),
                       "tone": st.column_config.NumberColumn("Tone", format="%+.2f")},
    )
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(shown):
        picked = shown["doc_id"].iloc[rows[0]]
        if picked != st.session_state.get("last_article_pick"):
            st.session_state["last_article_pick"] = picked
            st.session_state["article"] = picked

with right:
    # The chosen article travels in the URL as its doc_id (a bound selectbox would put its title there,
    # which is neither unique nor short), so a copied link reopens the same article.
    linked = st.query_params.get("article")
    if "article" not in st.session_state and linked in titles.index:
        st.session_state["article"] = linked
    doc_id = st.selectbox("Article", titles.index.tolist(), format_func=lambda d: titles[d], key="article")
    st.query_params["article"] = doc_id
    article = articles[articles["doc_id"] == doc_id].iloc[0]
    meta = [part for part in (article["source"], article["author"]) if isinstance(part, str) and part]
    if article["published"] is not None and str(article["published"]) != "NaT":
        meta.append(f"{article['published']:%d %B %Y}")
    st.caption(" · ".join(meta) or "No source or date given")
    sentences = analysis.sentences[analysis.sentences["doc_id"] == doc_id]
    quotes = analysis.quotes[analysis.quotes["doc_id"] == doc_id]
    keywords = analysis.keywords[analysis.keywords["doc_id"] == doc_id]
    with st.container(height=520):
        st.markdown(article_html(article["text"], sentences, quotes, keywords["term"].tolist()),
                    unsafe_allow_html=True)
    st.caption("Sentences are shaded by tone (red negative, blue positive); quotes are underlined and "
               "signed with their speaker; the article's keywords are in bold.")

features = st.columns(4)
features[0].metric("Tone", f"{article['tone']:+.3f}",
                   help="Length-weighted VADER compound of its sentences, shrunk towards 0 for short articles.")
features[1].metric("Negative / positive sentences",
                   f"{article['share_negative']:.0%} / {article['share_positive']:.0%}")
features[2].metric("Quotes", f"{len(quotes):,}")
features[3].metric("Words", f"{int(article['n_words']):,}")

one, two, three = st.columns(3)
with one:
    st.markdown("**Keywords**")
    st.dataframe(keywords[["term", "score"]], hide_index=True, width="stretch",
                 column_config={"score": st.column_config.NumberColumn("Score", format="%.2f")})
with two:
    st.markdown("**People, organisations, places**")
    mentions = analysis.entities[analysis.entities["doc_id"] == doc_id]
    portrayal = analysis.entity_sentiment[analysis.entity_sentiment["doc_id"] == doc_id]
    table = (mentions.groupby(["entity", "type"], observed=True).size().rename("mentions").reset_index()
             .merge(portrayal.groupby("entity")["score"].mean().rename("portrayal").reset_index(), on="entity",
                    how="left")
             .sort_values("mentions", ascending=False))
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"portrayal": st.column_config.NumberColumn(
                     "Portrayal", format="%+.2f", help="Mean p(positive) − p(negative) over its sentences here")})
with three:
    st.markdown("**Topic mix**")
    mix = analysis.doc_topics[analysis.doc_topics["doc_id"] == doc_id].groupby("topic_id")["weight"].sum()
    mix = (mix / mix.sum()).rename("share").reset_index().merge(analysis.topics[["topic_id", "label"]], on="topic_id")
    st.dataframe(mix.sort_values("share", ascending=False)[["label", "share"]], hide_index=True, width="stretch",
                 column_config={"share": st.column_config.ProgressColumn("Share", format="percent", min_value=0,
                                                                          max_value=1)})
