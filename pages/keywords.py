"""Keywords: the corpus's distinctive terms, and any term in context, linked to its articles."""

import streamlit as st

from analysis.concordance import concordance, matching_sentences, term_trend
from ui.charts import selectable_bars, share_over_time
from ui.router import ensure_router
from ui.state import analysis_or_stop

ensure_router()

st.title("Keywords")
analysis = analysis_or_stop()
keywords = analysis.corpus_keywords.head(15)

event = st.altair_chart(
    selectable_bars(keywords, "term", "score", "Most distinctive terms (click one to read it in context)",
                    "keyness vs. general English"),
    width="stretch", on_select="rerun", key="keyword_chart",
)
picked = [p.get("term") for p in event.selection.get("pick", [])] if event else []
if picked and picked[0] and picked[0] != st.session_state.get("last_pick"):
    st.session_state["last_pick"] = picked[0]
    st.session_state["term"] = picked[0]

default = keywords["term"].iloc[0] if len(keywords) else ""
term = st.text_input("Keyword in context", value=default, key="term", bind="query-params",
                     help="A word or phrase; case does not matter, whole words only.")

using = matching_sentences(analysis.sentences, term)  # the one scan of every sentence, shared below
hits = concordance(using, term)
titles = analysis.articles.set_index("doc_id")["title"]
if not term.strip():
    st.info("Type a word or phrase to see every sentence that uses it.")
elif hits.empty:
    st.info(f"No sentence uses “{term}”. Try another form of the word or a shorter phrase.")
else:
    n_sentences = len(hits[["doc_id", "sent_id"]].drop_duplicates())
    st.caption(f"{len(hits):,} use{'s' if len(hits) != 1 else ''}{' (the first 500)' if len(hits) >= 500 else ''} "
               f"in {n_sentences:,} sentence{'s' if n_sentences != 1 else ''} of "
               f"{hits['doc_id'].nunique():,} article{'s' if hits['doc_id'].nunique() != 1 else ''}.")
    table = hits.assign(article=hits["doc_id"].map(titles))[["left", "match", "right", "article", "sent_id"]]
    st.dataframe(table, hide_index=True, width="stretch", key="kwic",
                 column_config={"left": st.column_config.TextColumn("before", width="medium"),
                                "match": st.column_config.TextColumn("term", width="small"),
                                "right": st.column_config.TextColumn("after", width="medium"),
                                "article": st.column_config.TextColumn("article", width="medium"),
                                "sent_id": st.column_config.NumberColumn("sentence", format="%d")})
    trend = term_trend(using, analysis.articles, term)
    if len(trend) >= 2:
        st.altair_chart(share_over_time(trend, f"Articles using “{term}”, by month"), width="stretch")
    elif analysis.articles["published"].isna().all():
        st.caption("The articles carry no dates, so there is no trend over time.")
