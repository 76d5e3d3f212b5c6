"""Topics: what the articles are about — a map of topics, each topic's terms by relevance (λ, as in
LDAvis), its prevalence over time and by source, the articles or passages that represent it, and how good
the model is."""

import streamlit as st

from analysis.explore.slices import titles as titles_of
from analysis.explore.summaries import relevance, topic_by_source, topic_over_time
from analysis.explore.topics import article_topics, representatives
from ui.charts import relevance_bars, topic_map, topic_trend
from ui.charts import topic_by_source as topic_by_source_chart
from ui.colours import source_order, topic_scale
from ui.filters import filter_note, on_pick, topic_labels
from ui.keys import TOPIC
from ui.links import article_link
from ui.router import ensure_router
from ui.views import slice_or_stop

ensure_router()

st.title("Topics")
view = slice_or_stop()
analysis = view.analysis
topics = analysis.topics
if topics.empty:
    st.info(
        "These articles hold too little text to find topics (at least two passages of ~60 words are "
        "needed). The Keywords page still ranks their distinctive terms."
    )
    st.stop()

labels = topic_labels(analysis)
by_label = {v: k for k, v in labels.items()}
colours = topic_scale(topics, labels)
quality = analysis.meta.get("topics", {})
unit = quality.get("unit", "article")
filter_note(view.filters, labels, view.n_articles, len(analysis.articles))

cols = st.columns(4)
cols[0].metric(
    "Topics",
    f"{len(topics)}",
    help="Chosen automatically as the most stable number of topics"
    if quality.get("k_chosen_automatically")
    else "Set in the analysis settings",
)
cols[1].metric(
    "Unit",
    f"{unit}s",
    help="With fewer than 30 articles, topics are found among passages (runs of paragraphs of at least ~60 words).",
)
cols[2].metric(
    "Coherence (NPMI)",
    f"{quality.get('coherence_npmi', float('nan')):.2f}",
    help="Mean normalised pointwise mutual information of each topic's top 10 terms, over the "
    f"{unit}s: −1 never together, 0 independent, +1 always together.",
)
cols[3].metric(
    "Diversity",
    f"{quality.get('diversity', float('nan')):.0%}",
    help="Share of unique terms among all topics' top 10 terms: low means topics repeat each other.",
)

shares = view.topic_shares()
shares = shares.merge(topics[["topic_id", "x", "y"]], on="topic_id").assign(label=lambda f: f["topic_id"].map(labels))
left, right = st.columns([2, 3])
with left:
    st.altair_chart(
        topic_map(shares, colours, "Map of topics (size: share here; click to filter)"),
        width="stretch",
        key="topic_map",
        on_select=on_pick("topic_map", "label", TOPIC, by_label.get),
    )
    st.caption("Topics close together use similar words (PCA of their term distributions).")
with right:
    ranked = shares.sort_values("share", ascending=False)["topic_id"].tolist()
    share_of = shares.set_index("topic_id")["share"]
    chosen = st.selectbox(
        "Topic", ranked, format_func=lambda t: f"{labels[t]} — {share_of[t]:.0%} here", key="topic_view"
    )
    weight = st.slider(
        "Relevance λ",
        0.0,
        1.0,
        0.6,
        step=0.1,
        key="lambda",
        bind="query-params",
        help="1 ranks terms by how often the topic uses them; lower values favour terms used "
        "mostly in this topic (Sievert & Shirley 2014 found 0.6 easiest to read).",
    )
    prevalence = float(topics.set_index("topic_id").loc[chosen, "prevalence"])
    terms = relevance(analysis.topic_terms, chosen, weight, prevalence, float(analysis.articles["n_words"].sum()))
    st.altair_chart(relevance_bars(terms, f"Terms of “{labels[chosen]}”"), width="stretch")

articles = view.articles
mix = article_topics(analysis)
mix = mix[mix["doc_id"].isin(articles["doc_id"])]
left, right = st.columns(2)
with left:
    trend = topic_over_time(articles, mix, labels)
    if trend["period"].nunique() > 1:
        st.altair_chart(topic_trend(trend, colours, "Topics over time"), width="stretch")
    else:
        st.info("Topics over time needs dated articles in more than one month (with at least five each).")
with right:
    present = set(articles["source"])
    sources = [s for s in source_order(analysis.articles) if s in present][:15]
    if len(sources) > 1:
        st.altair_chart(
            topic_by_source_chart(topic_by_source(articles, mix, labels, sources), colours, "Topic mix by source"),
            width="stretch",
        )
    else:
        st.info("Topic mix by source needs more than one source in the selection.")

st.subheader(f"What represents “{labels[chosen]}”")
best = representatives(view.doc_topics, chosen)
titles = titles_of(analysis)
if unit == "passage":  # the passages themselves, as excerpts
    spans = best[["unit_id"]].merge(analysis.passages, left_on="unit_id", right_on="passage_id", how="left")
    excerpts = view.passage_texts(spans.dropna(subset=["start"]))
    excerpt_of = dict(zip(spans.dropna(subset=["start"])["unit_id"], excerpts, strict=True))
else:
    excerpt_of = {}
if best.empty:
    st.info("No article in the selection leans on this topic.")
for _, row in best.iterrows():
    with st.container(border=True):
        article_link(row["doc_id"], f"{titles[row['doc_id']]} — {row['weight']:.0%} this topic")
        if row["unit_id"] in excerpt_of:
            st.text(excerpt_of[row["unit_id"]])
