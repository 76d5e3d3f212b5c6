"""Topics: what the articles are about — themes and the topics under them, a map of the articles placed
by their topic mix, each topic's terms by relevance (λ, as in LDAvis), prevalence over time and by source,
the articles or passages that represent a topic, and how good the model is."""

import streamlit as st

from analysis.explore.slices import titles as titles_of
from analysis.explore.slices import titles_for
from analysis.explore.summaries import relevance, topic_by_source, topic_over_time
from analysis.explore.topics import article_positions, article_themes, article_topics, representatives
from ui.charts import article_map, relevance_bars, theme_bars, theme_topic_bars, topic_map, topic_trend
from ui.charts import topic_by_source as topic_by_source_chart
from ui.colours import source_order, theme_scale, topic_scale
from ui.filters import filter_note, on_pick, theme_labels, topic_labels
from ui.keys import THEME, TOPIC
from ui.links import article_link
from ui.router import ensure_router
from ui.views import slice_or_stop

#: Articles drawn on the map at most: the browser receives each point.
MAP_POINTS = 4000

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
themes = theme_labels(analysis)
by_theme_label = {v: k for k, v in themes.items()}
colours = topic_scale(topics, labels)
two_levels = len(themes) > 1 and len(themes) < len(topics)
theme_colours = theme_scale(analysis.themes, themes) if two_levels else None
quality = analysis.meta.get("topics", {})
unit = quality.get("unit", "article")
filter_note(view)

cols = st.columns(5)
cols[0].metric(
    "Themes",
    f"{len(themes) if two_levels else '–'}",
    help="Chosen automatically as the most stable number of groups of articles (clustered again on "
    "resampled articles)." if two_levels else "Too few topics to group them into themes.",
)  # fmt: skip
cols[1].metric(
    "Topics",
    f"{len(topics)}",
    help="Set in the analysis settings" if not quality.get("k_chosen_automatically") else
    "About √(n/2) for n articles, each theme's articles clustered again" if unit == "article" else
    "Chosen automatically as the most stable number of topics",
)  # fmt: skip
cols[2].metric(
    "Unit",
    f"{unit}s",
    help="With fewer than 30 articles, topics are found among passages (runs of paragraphs of at least ~60 words).",
)
cols[3].metric(
    "Coherence (NPMI)",
    f"{quality.get('coherence_npmi', float('nan')):.2f}",
    help="Mean normalised pointwise mutual information of each topic's top 10 terms, over the "
    f"{unit}s: −1 never together, 0 independent, +1 always together.",
)
cols[4].metric(
    "Diversity",
    f"{quality.get('diversity', float('nan')):.0%}",
    help="Share of unique terms among all topics' top 10 terms: low means topics repeat each other.",
)

shares = view.topic_shares()
shares = shares.merge(topics[["topic_id", "x", "y", "theme_id"]], on="topic_id").assign(
    label=lambda f: f["topic_id"].map(labels)
)
if two_levels:
    left, right = st.columns([2, 3])
    with left:
        theme_share = view.theme_shares().assign(label=lambda f: f["theme_id"].map(themes))
        st.altair_chart(
            theme_bars(theme_share, theme_colours, "Themes (click one to filter)"),
            width="stretch",
            key="theme_chart",
            on_select=on_pick("theme_chart", "label", THEME, by_theme_label.get),
        )
        nested = shares.assign(theme=shares["theme_id"].map(themes))
        st.altair_chart(
            theme_topic_bars(nested[nested["share"] > 0], theme_colours, "Their topics (click one to filter)"),
            width="stretch",
            key="topic_bars",
            on_select=on_pick("topic_bars", "label", TOPIC, by_label.get),
        )
    with right:
        if unit == "article":
            places = article_positions(analysis)
            places = places[view.holds(places["doc_id"])]  # by the held ids: a string isin is slow
            if len(places) > MAP_POINTS:  # the same articles every time: by id, not at random
                places = places.sort_values("doc_id").iloc[:: -(-len(places) // MAP_POINTS)]
            titles = titles_of(analysis)
            drawn = places.assign(title=titles_for(analysis, places["doc_id"]), theme=places["theme_id"].map(themes))
            event = st.altair_chart(
                article_map(
                    drawn, theme_colours, "Map of the articles (placed by their topic mix; click one to read it)"
                ),
                width="stretch",
                key="article_map",
                on_select="rerun",
            )
            picks = (event.selection.get("pick") if event else None) or []
            shown = f"{len(drawn):,} of {view.n_articles:,} articles" if len(drawn) < view.n_articles else ""
            st.caption("Articles near each other share topics. " + (f"Drawn: {shown}." if shown else ""))
            if picks and picks[0].get("doc_id") in titles.index:
                picked = picks[0]["doc_id"]
                article_link(picked, f"Read “{titles[picked]}”")
else:  # a few topics (passages of a small corpus): they are the themes
    st.altair_chart(
        topic_map(shares, colours, "Map of topics (size: share here; click to filter)"),
        width="stretch",
        key="topic_map",
        on_select=on_pick("topic_map", "label", TOPIC, by_label.get),
    )
    st.caption("Topics close together use similar words.")

st.subheader("A topic's terms")
ranked = shares.sort_values("share", ascending=False)["topic_id"].tolist()
share_of = shares.set_index("topic_id")["share"]
one, two = st.columns([1, 2])
with one:
    chosen = st.selectbox(
        "Topic", ranked, format_func=lambda t: f"{labels[t]} — {share_of[t]:.0%} here", key="topic_view"
    )
    if two_levels:
        st.caption(f"Theme: {themes[int(topics.set_index('topic_id').loc[chosen, 'theme_id'])]}")
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
with two:
    prevalence = float(topics.set_index("topic_id").loc[chosen, "prevalence"])
    terms = relevance(analysis.topic_terms, chosen, weight, prevalence, float(analysis.articles["n_words"].sum()))
    st.altair_chart(relevance_bars(terms, f"Terms of “{labels[chosen]}”"), width="stretch")

articles = view.articles
if two_levels:  # over time and by source, themes are what a reader can follow
    mix = article_themes(analysis).rename(columns={"theme_id": "topic_id"})
    level, level_labels, level_colours = "Themes", themes, theme_colours
else:
    mix, level, level_labels, level_colours = article_topics(analysis), "Topics", labels, colours
mix = mix[view.holds(mix["doc_id"])]
left, right = st.columns(2)
with left:
    trend = topic_over_time(articles, mix, level_labels)
    if trend["period"].nunique() > 1:
        st.altair_chart(topic_trend(trend, level_colours, f"{level} over time", level[:-1].lower()), width="stretch")
    else:
        st.info(f"{level} over time needs dated articles in more than one month (with at least five each).")
with right:
    present = set(articles["source"])
    sources = [s for s in source_order(analysis.articles) if s in present][:15]
    if len(sources) > 1:
        table = topic_by_source(articles, mix, level_labels, sources)
        chart = topic_by_source_chart(table, level_colours, f"{level} by source", level[:-1].lower())
        st.altair_chart(chart, width="stretch")
    else:
        st.info(f"{level} by source needs more than one source in the selection.")

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
