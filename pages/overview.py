"""Overview: the corpus (or the filtered slice) at a glance — counts, articles over time by source, tone,
keywords, topics, and what stands out."""

import streamlit as st

from analysis.explore.summaries import articles_by_month, overview_figures, stand_outs, tone_bins
from ui.analyses import build_notice, current_analysis
from ui.charts import articles_over_time, ranked_bars, tone_histogram, topic_bars
from ui.colours import source_or_other, source_scale, topic_scale
from ui.filters import filter_note, on_pick, pick_source, topic_labels
from ui.keys import SOURCE, TOPIC
from ui.links import article_link
from ui.router import ensure_router
from ui.session import current_corpus
from ui.text import md_escape
from ui.views import slice_or_stop

ensure_router()

st.title("Broadsheet")
st.caption("What are these articles about, how do they sound, who is in them and who says what?")
if current_corpus().articles.empty:
    st.info("No articles are loaded. Add some on the Data page.")
    st.stop()

view = slice_or_stop(preview=True)
build_notice(current_analysis(preview=True))  # this run's own (a share-safe view's is a redacted copy)
finding = bool(view.analysis.meta.get("preview"))  # drawn from a build's first pass: no quotes yet
everyone = view.analysis.articles
articles = view.articles
labels = topic_labels(view.analysis)
filter_note(view)

figures = overview_figures(articles)
cols = st.columns(5)
cols[0].metric("Articles", f"{figures['articles']:,}")
cols[1].metric("Stories", f"{figures['stories']:,}", help="Syndicated copies of one story count once.")
cols[2].metric("Sources", f"{figures['sources']:,}")
cols[3].metric(
    "Date span", figures["span"], help=f"{figures['undated']:,} articles carry no date." if figures["undated"] else None
)
cols[4].metric("Words", f"{figures['words']:,}")

colours = source_scale(everyone)
left, right = st.columns([3, 2])
with left:
    monthly = articles_by_month(articles, source_or_other(articles["source"], everyone))
    if monthly["period"].nunique() > 1:
        st.altair_chart(
            articles_over_time(monthly, colours, "Articles per month, by source (click a source)"),
            width="stretch",
            key="overview_months",
            on_select=on_pick("overview_months", "source", SOURCE, pick_source),
        )
    else:
        dated = figures["undated"] < figures["articles"]
        st.info(
            "Articles over time needs articles dated in more than one month."
            if dated
            else "The articles carry no dates, so there is no timeline."
        )
with right:
    st.altair_chart(tone_histogram(tone_bins(articles["tone"]), "How the articles sound"), width="stretch")

left, right = st.columns(2)
keywords = view.keywords(top=20)
with left:
    title = "Most distinctive terms" + (" in this selection" if not view.everything else "")
    st.altair_chart(ranked_bars(keywords, "term", "score", title, "keyness vs. general English"), width="stretch")
with right:
    shares = view.topic_shares()
    if shares.empty:
        st.info("Too little text to find topics; the Keywords page still ranks terms.")
    else:
        unit = view.analysis.meta["topics"]["unit"]
        shares = shares.assign(label=shares["topic_id"].map(labels))
        by_label = {v: k for k, v in labels.items()}
        st.altair_chart(
            topic_bars(
                shares,
                topic_scale(view.analysis.topics, labels),
                f"Topics ({unit}s as units; click one to filter)",
                f"share of {unit}s",
            ),
            width="stretch",
            key="overview_topics",
            on_select=on_pick("overview_topics", "label", TOPIC, by_label.get),
        )

st.subheader("What stands out")
found = stand_outs(articles, view.quotes, keywords)
cols = st.columns(4)
cols[0].markdown("**Most distinctive terms**\n\n" + "\n".join(f"- {md_escape(t)}" for t, _ in found["terms"]))
for col, key, heading in (
    (cols[1], "negative", "Most negative articles"),
    (cols[2], "positive", "Most positive articles"),
):
    with col:
        st.markdown(f"**{heading}**")
        if not found[key]:
            st.caption("None in this selection.")
        for title_text, tone, doc_id in found[key]:
            article_link(doc_id, f"{title_text[:90]} ({tone:+.2f})")
cols[3].markdown(
    "**Most quoted**\n\n"
    + (
        "Finding the quotes and their speakers…"
        if finding
        else "\n".join(f"- {md_escape(s)} ({n:,} quotes)" for s, n in found["quoted"]) or "No attributed quotes."
    )
)
