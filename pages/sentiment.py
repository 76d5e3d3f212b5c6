"""Sentiment: tone by source and over time, one article's tone arc, and how entities are portrayed."""

import pandas as pd
import streamlit as st

from ui.charts import tone_arc, tone_bars, tone_trend
from ui.router import ensure_router
from ui.state import analysis_or_stop

ensure_router()

st.title("Sentiment")
analysis = analysis_or_stop()
articles = analysis.articles
st.caption("Tone is VADER's compound score (−1 to +1) per sentence; an article's tone weights its sentences by "
           "length and pulls short articles towards neutral.")

left, right = st.columns(2)
with left:
    by_source = (articles.groupby("source").agg(tone=("tone", "mean"), articles=("doc_id", "size")).reset_index()
                 .sort_values("articles", ascending=False).head(15))
    if len(by_source) > 1:
        st.altair_chart(tone_bars(by_source, "source", "Tone by source"), width="stretch")
    else:
        row = articles.iloc[0] if len(articles) == 1 else None
        st.metric("Article tone" if row is not None else "Mean article tone",
                  f"{(row['tone'] if row is not None else articles['tone'].mean()):+.3f}")
        st.metric("Sentences negative / positive",
                  f"{articles['share_negative'].mean():.0%} / {articles['share_positive'].mean():.0%}")
        st.metric("Reporter vs quoted tone",
                  f"{articles['tone_reporter'].mean():+.2f} vs {articles['tone_quoted'].mean():+.2f}")
with right:
    dated = articles.dropna(subset=["published"])
    if dated["published"].dt.to_period("M").nunique() > 1:
        monthly = (dated.assign(period=dated["published"].dt.tz_localize(None).dt.to_period("M").dt.to_timestamp())
                   .groupby("period").agg(tone=("tone", "mean"), articles=("doc_id", "size")).reset_index())
        st.altair_chart(tone_trend(monthly, "Tone over time"), width="stretch")
    else:
        st.info("Tone over time needs articles dated in more than one month.")

st.subheader("Tone, sentence by sentence")
titles = articles.set_index("doc_id")["title"]
doc_id = st.selectbox("Article", titles.index.tolist(), format_func=lambda d: titles[d] or d, key="arc_article")
sentences = analysis.sentences[analysis.sentences["doc_id"] == doc_id]
arc = sentences.assign(voice=sentences["quoted"].map({True: "quoted", False: "reporter"}))
st.altair_chart(tone_arc(arc, "Tone arc"), width="stretch")

st.subheader("How entities are portrayed")
frame = analysis.entity_sentiment
if frame.empty:
    st.info("No people, organisations or places were scored in these articles.")
    st.stop()
ranked = frame["entity"].value_counts()
entity = st.selectbox("Entity", ranked.index.tolist(), key="portrayed_entity",
                      format_func=lambda e: f"{e} ({ranked[e]} sentences)")
evidence = frame[frame["entity"] == entity].merge(
    analysis.sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"], how="left")
counts = evidence["label"].value_counts(normalize=True).reindex(["negative", "neutral", "positive"], fill_value=0)
cols = st.columns(3)
for col, label in zip(cols, counts.index, strict=True):
    col.metric(f"Sentences {label} toward {entity}", f"{counts[label]:.0%}")
st.dataframe(
    pd.DataFrame({"label": evidence["label"], "confidence": evidence["confidence"], "sentence": evidence["text"],
                  "article": evidence["doc_id"].map(titles)}).sort_values("confidence", ascending=False),
    hide_index=True, width="stretch",
    column_config={"confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
                   "sentence": st.column_config.TextColumn("Evidence sentence", width="large")},
)
