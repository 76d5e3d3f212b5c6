"""Keywords: the selection's distinctive terms, any term in context and over time, and the terms that
tell two slices apart."""

import streamlit as st

from analysis.explore.concordance import term_by_source, term_trend
from analysis.explore.dates import median_day
from analysis.explore.slices import contrast, titles_for
from analysis.explore.slices import titles as titles_of
from ui.charts import contrast_scatter, selectable_bars, share_over_time, source_bars, to_browser
from ui.colours import source_order, source_scale
from ui.filters import filter_note, on_pick
from ui.links import link_selected_row
from ui.router import ensure_router
from ui.views import slice_or_stop

ensure_router()

st.title("Keywords")
view = slice_or_stop()
analysis = view.analysis
filter_note(view)
keywords = view.keywords(top=15)

st.altair_chart(
    selectable_bars(
        keywords,
        "term",
        "score",
        "Most distinctive terms" + ("" if view.everything else " here") + " (click one to read it in context)",
        "keyness vs. general English",
    ),
    width="stretch",
    on_select=on_pick("keyword_chart", "term", "term"),
    key="keyword_chart",
)
st.caption(
    "Keyness: Dunning's log-likelihood of a term's count in these articles against its frequency in "
    "general English (wordfreq), weighted by how many articles use it."
)

st.subheader("A term in context")
default = keywords["term"].iloc[0] if len(keywords) else ""
term = st.text_input(
    "Keyword in context",
    value=default,
    key="term",
    bind="query-params",
    help="A word or phrase; case does not matter, whole words only.",
)
using = view.term_use(term)
articles = view.articles
titles = titles_of(analysis)
hits = view.concordance(term)
if not term.strip():
    st.info("Type a word or phrase to see every sentence that uses it.")
elif hits.empty:
    st.info(f"No sentence here uses “{term}”. Try another form of the word, a shorter phrase, or looser filters.")
else:
    n_docs, n_sentences = using["doc_id"].nunique(), len(using)
    shown = f" (the first {len(hits):,} shown)" if len(hits) >= 500 else ""
    bounded = " This shared copy shows short excerpts, a few per article." if view.exposure else ""
    st.caption(
        f"Used in {n_sentences:,} sentence{'s' if n_sentences != 1 else ''} of {n_docs:,} "
        f"article{'s' if n_docs != 1 else ''}{shown}. Select a row to open its article.{bounded}"
    )
    listed = hits.assign(article=titles_for(analysis, hits["doc_id"]))
    event = st.dataframe(
        to_browser(listed[["left", "match", "right", "article", "sent_id"]]),
        hide_index=True,
        width="stretch",
        key="kwic",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "left": st.column_config.TextColumn("before", width="medium"),
            "match": st.column_config.TextColumn("term", width="small"),
            "right": st.column_config.TextColumn("after", width="medium"),
            "article": st.column_config.TextColumn("article", width="medium"),
            "sent_id": st.column_config.NumberColumn("sentence", format="%d"),
        },
    )
    link_selected_row(event, listed, "sent_id", "Open “{article}”")
    left, right = st.columns(2)
    with left:
        trend = term_trend(using, articles, term)
        if len(trend) >= 2:
            st.altair_chart(share_over_time(trend, f"Articles using “{term}”, by month"), width="stretch")
        elif articles["published"].isna().all():
            st.caption("The articles carry no dates, so there is no trend over time.")
    with right:
        by_source = term_by_source(using, articles, term)
        if len(by_source) >= 2:
            st.altair_chart(
                source_bars(
                    by_source,
                    "share",
                    source_scale(analysis.articles),
                    f"Share of each source's articles using “{term}”",
                    "share of articles",
                    value_format=".1%",
                    axis_format="%",
                ),
                width="stretch",
            )

st.subheader("Contrast two slices")
st.caption(
    "Terms that tell slice A from slice B, scored by the log-odds ratio with an informative Dirichlet "
    "prior (Monroe, Colaresi & Quinn 2008): far from the diagonal and strongly coloured = distinctive."
)
everyone = analysis.articles
present = set(articles["source"])
sources = [s for s in source_order(everyone) if s in present]
dated = articles["published"].dropna()
modes = (["Two sources"] if len(sources) >= 2 else []) + (["Before / after a date"] if dated.nunique() >= 2 else [])
if not modes:
    st.info(
        "A contrast needs articles from two sources or from two dates in the selection. Loosen the filters, "
        "or add articles on the Data page."
    )
    st.stop()
mode = st.segmented_control("Compare", modes, default=modes[0], key="contrast_mode") or modes[0]
if mode == "Two sources":
    one, two = st.columns(2)
    name_a = one.selectbox("Slice A", sources, index=0, key="contrast_a", bind="query-params")
    name_b = two.selectbox("Slice B", sources, index=1, key="contrast_b", bind="query-params")
    mask_a, mask_b = view.source_masks(name_a, name_b)
else:
    middle = median_day(dated)
    split = st.date_input(
        "Split at",
        value=middle,
        min_value=dated.min().date(),
        max_value=dated.max().date(),
        key="contrast_split",
        bind="query-params",
    )
    mask_a, mask_b = view.date_masks(split)
    name_a, name_b = f"before {split:%d %b %Y}", f"from {split:%d %b %Y}"
if name_a == name_b:
    st.info("Pick two different slices.")
    st.stop()
terms = contrast(analysis, mask_a, mask_b, top=30)
if terms.empty:
    st.info(f"One of the slices is empty here ({int(mask_a.sum()):,} vs {int(mask_b.sum()):,} articles).")
    st.stop()
st.caption(f"A: {name_a} ({int(mask_a.sum()):,} articles) · B: {name_b} ({int(mask_b.sum()):,} articles)")
st.altair_chart(
    contrast_scatter(terms, (name_a, name_b), "Terms typical of each slice (click one to read it)"),
    width="stretch",
    key="contrast_chart",
    on_select=on_pick("contrast_chart", "term", "term"),
)
one, two = st.columns(2)
for col, side, name in ((one, "A", name_a), (two, "B", name_b)):
    col.markdown(f"**Typical of {name}**")
    col.dataframe(
        to_browser(terms[terms["side"] == side][["term", "z", "count_a", "count_b"]]),
        hide_index=True,
        width="stretch",
        column_config={
            "z": st.column_config.NumberColumn("z", format="%+.1f"),
            "count_a": st.column_config.NumberColumn("uses in A"),
            "count_b": st.column_config.NumberColumn("uses in B"),
        },
    )
