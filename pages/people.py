"""People & quotes: who is in the articles, how they are portrayed, and who says what."""

import streamlit as st

from analysis.portrayal import portrayal
from ui.charts import portrayal_bars, ranked_bars
from ui.router import ensure_router
from ui.state import analysis_or_stop

ensure_router()

st.title("People & quotes")
analysis = analysis_or_stop()
entities = analysis.entities
kinds = {"People": "person", "Organisations": "organisation", "Places": "place"}
chosen = st.segmented_control("Show", list(kinds), selection_mode="multi", default=list(kinds), key="people_kinds")
picked = entities[entities["type"].isin([kinds[k] for k in chosen or kinds])]
if picked.empty:
    st.info("No named people, organisations or places were found in these articles.")
    st.stop()

counts = (picked.groupby(["entity", "type"], observed=True).agg(mentions=("entity", "size"),
                                                                 articles=("doc_id", "nunique"))
          .reset_index().sort_values("mentions", ascending=False).head(20))
sentiment = analysis.entity_sentiment
shown = sentiment[sentiment["entity"].isin(counts["entity"])]
shares = (shown.groupby(["entity", "label"]).size().rename("n").reset_index()
          .assign(sentences=lambda f: f.groupby("entity")["n"].transform("sum"))
          .assign(share=lambda f: f["n"] / f["sentences"])
          .merge(counts[["entity", "mentions"]], on="entity"))

left, right = st.columns(2)
with left:
    st.altair_chart(ranked_bars(counts, "entity", "mentions", "Most mentioned", "mentions"), width="stretch")
with right:
    if shares.empty:
        st.info("No sentences about these entities were scored.")
    else:
        st.altair_chart(portrayal_bars(shares, "How they are portrayed"), width="stretch")
st.caption("Portrayal: for each sentence naming the entity, a model trained on NewsMTSC judges whether the "
           "sentence is negative, neutral or positive toward it (macro-F1 0.69 on NewsMTSC's held-out test set).")

table = portrayal(shown).merge(counts[["entity", "mentions", "articles"]], on="entity")
st.dataframe(
    table[["entity", "type", "mentions", "articles", "sentences", "negative", "neutral", "positive", "score"]],
    hide_index=True, width="stretch",
    column_config={name: st.column_config.ProgressColumn(name.capitalize(), format="percent", min_value=0,
                                                         max_value=1) for name in ("negative", "neutral", "positive")}
    | {"score": st.column_config.NumberColumn("Net score", format="%+.2f",
                                              help="Mean of p(positive) − p(negative) over the sentences")},
)

st.subheader("Who says what")
quotes = analysis.quotes
if quotes.empty:
    st.info("No quotations were found.")
    st.stop()
speakers = quotes[quotes["speaker"] != ""].groupby("speaker").size().rename("quotes").reset_index()
titles = analysis.articles.set_index("doc_id")["title"]
left, right = st.columns([1, 2])
with left:
    st.altair_chart(ranked_bars(speakers.sort_values("quotes", ascending=False).head(15), "speaker", "quotes",
                                "Most quoted", "quotes"), width="stretch")
with right:
    st.dataframe(
        quotes.assign(article=quotes["doc_id"].map(titles))[["speaker", "text", "kind", "article"]],
        hide_index=True, width="stretch",
        column_config={"text": st.column_config.TextColumn("Quote", width="large"),
                       "speaker": st.column_config.TextColumn("Speaker")},
    )
