"""Sentiment: tone by source, topic and over time; one article's tone arc; how entities are portrayed,
with the sentences that show it."""

import numpy as np
import pandas as pd
import streamlit as st

from analysis.explore.dates import median_day
from analysis.explore.export import table_bytes
from analysis.explore.portrayal import (
    LEVEL,
    MIN_ARTICLES,
    MIN_SENTENCES,
    PERIODS,
    evidence_positions,
    period_groups,
    portrayal_by_period,
    portrayal_by_source,
    portrayal_of_slices,
    portrayed_entities,
    ranking,
    share_intervals,
    slice_groups,
    sort_by_share,
    source_groups,
    too_few,
)
from analysis.explore.slices import having, titles_for
from analysis.explore.slices import titles as titles_of
from analysis.explore.summaries import tone_by, tone_by_month, tone_by_passage_topic, tone_by_topic_ids, tone_figures
from analysis.explore.topics import main_topic_ids
from ui.charts import interval_bars, interval_trend, to_browser, tone_arc, tone_bars, tone_trend
from ui.filters import filter_note, on_pick, pick_source, topic_labels
from ui.keys import ENTITY, PORTRAYAL_LAST_PICK, PORTRAYAL_PICKS, PORTRAYED_ENTITY, SOURCE, TOPIC
from ui.links import article_link, link_selected_row
from ui.router import ensure_router
from ui.text import md_escape
from ui.views import slice_or_stop

ensure_router()
MAX_SOURCES = 20  # sources drawn side by side; the ranking and the download hold them all
EVIDENCE_ROWS = 200  # sentences listed under a clicked bar; the full list is in the table above
EVIDENCE_TABLE = 1000  # evidence sentences listed at most (a much-named entity has 100,000 at 37,554 articles)
PICKER_LIMIT = 300  # articles (longest first) and entities (most named first) a picker offers, besides the chosen


def evidence_table(rows: pd.DataFrame, key: str) -> object:
    """Evidence sentences as a table whose rows can be picked (to open the article there): the same look
    for the entity's evidence and for a clicked bar's."""
    return st.dataframe(
        to_browser(rows),
        hide_index=True,
        width="stretch",
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
            "sentence": st.column_config.TextColumn("Evidence sentence", width="large"),
        },
    )


def interval(row: pd.Series) -> str:
    """A share's interval as a reader says it: "42–48%"."""
    return f"{row['low']:.0%}–{row['high']:.0%}"


st.title("Sentiment")
view = slice_or_stop()
analysis = view.analysis
articles = view.articles
labels = topic_labels(analysis)
by_label = {v: k for k, v in labels.items()}
filter_note(view)
st.caption(
    "Tone is VADER's compound score (−1 to +1) per sentence; an article's tone weights its sentences by "
    "length and pulls short articles towards neutral."
)

tone = tone_figures(articles)
cols = st.columns(3)
cols[0].metric("Mean article tone", f"{tone['tone']:+.3f}")
cols[1].metric("Sentences negative / positive", f"{tone['share_negative']:.0%} / {tone['share_positive']:.0%}")
cols[2].metric(
    "Reporter vs quoted tone",
    f"{tone['tone_reporter']:+.2f} vs {tone['tone_quoted']:+.2f}",
    help="The reporter's own sentences against the quoted ones.",
)

left, middle = st.columns(2)
with left:
    by_source = tone_by(articles, "source", top=15)
    if len(by_source) > 1:
        st.altair_chart(
            tone_bars(by_source, "source", "Tone by source (click to filter)"),
            width="stretch",
            key="tone_sources",
            on_select=on_pick("tone_sources", "source", SOURCE, pick_source),
        )
    else:
        st.info("Tone by source needs more than one source in the selection.")
with middle:
    by_topic = view.memo(
        "tone_by_main_topic", lambda: tone_by_topic_ids(articles, main_topic_ids(analysis)[view.mask], labels)
    )
    title, value_title = "Tone by main topic (click to filter)", "mean article tone"
    if analysis.meta.get("topics", {}).get("unit") == "passage":
        by_topic = tone_by_passage_topic(view.sentences, view.passages, view.doc_topics, labels)
        title, value_title = "Tone by topic, over its passages (click to filter)", "mean sentence tone"
    if len(by_topic) > 1:
        st.altair_chart(
            tone_bars(by_topic, "topic", title, value_title),
            width="stretch",
            key="tone_topics",
            on_select=on_pick("tone_topics", "topic", TOPIC, by_label.get),
        )
    else:
        st.info("Tone by topic needs articles with more than one main topic.")
monthly = tone_by_month(articles)
if len(monthly) > 1:
    st.altair_chart(tone_trend(monthly, "Tone over time"), width="stretch")
else:
    st.info("Tone over time needs articles dated in more than one month.")

st.subheader("Tone, sentence by sentence")
titles = titles_of(analysis)
ordered = articles[["doc_id", "n_words"]].sort_values("n_words", ascending=False)["doc_id"]
options = ordered.iloc[:PICKER_LIMIT].tolist()
if st.session_state.get("arc_article") in set(ordered) and st.session_state["arc_article"] not in set(options):
    options.append(st.session_state["arc_article"])  # an article picked before stays pickable
doc_id = st.selectbox("Article", options, format_func=lambda d: titles[d], key="arc_article")
if len(ordered) > PICKER_LIMIT:
    st.caption(f"The picker lists the {PICKER_LIMIT} longest of {len(ordered):,} articles; the filters narrow them.")
sentences = view.sentences[view.sentences["doc_id"] == doc_id]
arc = sentences.assign(voice=sentences["quoted"].map({True: "quoted", False: "reporter"}))
st.altair_chart(tone_arc(arc, f"Tone arc of “{titles[doc_id]}”"), width="stretch")
article_link(doc_id, "Read it with its sentences shaded")

st.subheader("How entities are portrayed")
frame = view.entity_sentiment
if frame.empty:
    st.info("No sentence about a person, organisation or place was scored in these articles.")
    st.stop()
ranked = view.memo("portrayed", lambda: portrayed_entities(frame, view.entities))
if view.filters.entity and view.filters.entity in ranked.index:
    st.session_state.setdefault(PORTRAYED_ENTITY, view.filters.entity)
choices = ranked.index[: PICKER_LIMIT * 10].tolist()  # 3,000 of some 100,000 names: a light widget
if st.session_state.get(PORTRAYED_ENTITY) in ranked.index and st.session_state[PORTRAYED_ENTITY] not in set(choices):
    choices.append(st.session_state[PORTRAYED_ENTITY])  # a name chosen or linked before stays chosen
counted = dict(zip(choices, ranked.reindex(choices).tolist(), strict=True))  # 3,000 label look-ups a run
entity = st.selectbox("Entity", choices, key=PORTRAYED_ENTITY, format_func=lambda e: f"{e} ({counted[e]:,} sentences)")
about = frame[frame["entity"] == entity]
overall = share_intervals(about, pd.Series(entity, index=about["doc_id"].unique())).set_index("label")
cols = st.columns(4)
for col, label in zip(cols, ("negative", "neutral", "positive"), strict=False):
    row = overall.loc[label]
    col.metric(
        f"Sentences {label} toward {entity}",
        f"{row['share']:.0%}",
        help=f"{row['count']:,} of {row['sentences']:,} sentences; {LEVEL:.0%} interval {interval(row)}.",
    )
cols[3].button(
    f"Filter to articles naming {entity}",
    on_click=lambda: st.session_state.update({ENTITY: entity}),
    icon=":material/filter_alt:",
)
n_sentences = int(overall["sentences"].iloc[0])
if n_sentences < MIN_SENTENCES:
    st.warning(f"Too few sentences ({n_sentences}) about {entity} here for these shares to mean much.")
else:
    st.caption(
        f"{LEVEL:.0%} intervals: "
        + ", ".join(f"{label} {interval(overall.loc[label])}" for label in ("negative", "neutral", "positive"))
        + f" — from {n_sentences:,} sentences in {int(overall['articles'].iloc[0]):,} articles. Wilson intervals "
        "on an effective number of sentences: the sentences of one article count as partly one opinion."
    )
found = view.memo(f"evidence_rows:{entity}", lambda: view.evidence_rows(entity))  # no text: cut for the listed
evidence = view.memo(  # its text spans most of the store's row groups: cut once per slice and entity
    f"evidence:{entity}", lambda: view.evidence_sentences(found, np.arange(min(len(found), EVIDENCE_TABLE)))
)
if len(found) > EVIDENCE_TABLE:
    st.caption(f"The {EVIDENCE_TABLE:,} most confident of {len(found):,} sentences; the filters narrow them.")
table = evidence.assign(article=titles_for(analysis, evidence["doc_id"]))
event = evidence_table(table.drop(columns=["doc_id", "sent_id"]), "evidence")
link_selected_row(
    event,
    table,
    "sent_id",
    "Open “{article}” at this sentence",
    hint="Select a row to open its article at that sentence.",
)

st.subheader(f"Compare how {md_escape(entity)} is portrayed")
st.caption(
    f"Shares of the sentences naming {entity} that are negative, neutral or positive toward {entity}, each with its "
    f"{LEVEL:.0%} interval (the black rule). A source, period or slice needs at least {MIN_SENTENCES} sentences "
    "to be drawn or ranked. Click a bar or point to read its sentences below."
)


def offer_downloads(figures: pd.DataFrame, label: str, stem: str, key: str) -> None:
    """The figures a chart draws, as CSV and Parquet."""
    data = figures.assign(entity=entity)
    row = st.container(horizontal=True)
    for fmt in ("csv", "parquet"):
        row.download_button(
            f"{label} as {fmt.upper() if fmt == 'csv' else 'Parquet'}",
            data=table_bytes(data, fmt),
            file_name=f"{stem}.{fmt}",
            mime="text/csv" if fmt == "csv" else "application/octet-stream",
            key=f"{key}_{fmt}",
            icon=":material/download:",
        )


def say_too_few(figures: pd.DataFrame, what: str) -> None:
    """The groups below the minimum, named with their sentence counts, plainly."""
    small = too_few(figures)
    if len(small):
        listed = ", ".join(
            f"{md_escape(str(g))} ({n}{'' if n < MIN_SENTENCES else f' in {a} article' + ('s' if a != 1 else '')})"
            for g, n, a in small.head(12).itertuples(index=False)
        )
        more = f" and {len(small) - 12:,} more" if len(small) > 12 else ""
        st.caption(
            f"Too few sentences (fewer than {MIN_SENTENCES}) or articles (fewer than {MIN_ARTICLES}) to rank these "
            f"{what}: {listed}{more}."
        )


def picked_bar(event: object) -> dict | None:
    """The group and label of the clicked bar or point, if any."""
    picks = ((event or {}).get("selection") or {}).get("pick") or []
    return dict(picks[0]) if picks else None


clicked: dict[str, tuple[str, pd.Series, dict | None]] = {}  # chart key → (what, groups, its clicked bar)
by_source = view.memo(f"portrayal_by_source:{entity}", lambda: portrayal_by_source(about, articles))
ranked_sources = sort_by_share(by_source, "negative")
if not ranked_sources:
    st.info(
        f"No source has {MIN_SENTENCES} sentences or more about {entity} here: there is nothing to compare by source."
    )
    say_too_few(by_source, "sources")
else:
    shown = view.memo(
        f"portrayal_shown_sources:{entity}",
        lambda: by_source[by_source["group"].isin(
            by_source[by_source["ranked"]].drop_duplicates("group").nlargest(MAX_SOURCES, "sentences")["group"]
        )],
    )  # fmt: skip
    order = [g for g in ranked_sources if g in set(shown["group"])]
    more = len(ranked_sources) - len(order)
    event = st.altair_chart(
        interval_bars(
            shown,
            order,
            f"{entity} by source, most negative first"
            + (f" (the {len(order)} sources with most sentences)" if more else ""),
            entity,
        ),
        width="stretch",
        key="portrayal_sources",
        on_select="rerun",
    )
    clicked["portrayal_sources"] = ("source", source_groups(articles), picked_bar(event))
    say_too_few(by_source, "sources")
    left, right = st.columns(2)
    for col, label, how in ((left, "negative", "negatively"), (right, "positive", "positively")):
        top = ranking(by_source, label, top=10)
        col.markdown(f"**Who portrays {md_escape(entity)} most {how}**")
        col.dataframe(
            top.assign(share=top["share"] * 100, interval=[interval(r) for _, r in top.iterrows()])[
                ["rank", "group", "share", "interval", "sentences", "articles"]
            ],
            hide_index=True,
            width="stretch",
            key=f"ranking_{label}",
            column_config={
                "rank": st.column_config.NumberColumn("#", width="small"),
                "group": st.column_config.TextColumn("source"),
                "share": st.column_config.NumberColumn(label, format="%.0f%%", width="small"),
                "interval": st.column_config.TextColumn("interval", width="small", help=f"{LEVEL:.0%} interval"),
                "sentences": st.column_config.NumberColumn("sentences", format="%d", width="small"),
                "articles": st.column_config.NumberColumn("articles", format="%d", width="small"),
            },
        )
    offer_downloads(by_source, "By source", f"portrayal-by-source-{entity}", "dl_sources")

period_name = (
    st.segmented_control("Over time by", list(PERIODS), default="quarter", key="portrayal_period") or "quarter"
)
by_period = view.memo(
    f"portrayal_by_period:{entity}:{period_name}", lambda: portrayal_by_period(about, articles, PERIODS[period_name])
)
drawn = by_period[by_period["ranked"]]
if drawn["group"].nunique() < 2:
    st.info(
        f"Fewer than two {period_name}s have {MIN_SENTENCES} sentences or more about {entity} (undated articles "
        "are left out): there is no trend to draw."
    )
else:
    event = st.altair_chart(
        interval_trend(drawn, f"{entity} by {period_name}", entity, period_name),
        width="stretch",
        key="portrayal_periods",
        on_select="rerun",
    )
    clicked["portrayal_periods"] = (period_name, period_groups(articles, PERIODS[period_name]), picked_bar(event))
say_too_few(by_period, f"{period_name}s")
if len(by_period):
    offer_downloads(by_period, f"By {period_name}", f"portrayal-by-{period_name}-{entity}", "dl_periods")

st.markdown("**Two slices**")
everyone = analysis.articles
sources = by_source.drop_duplicates("group").sort_values("sentences", ascending=False, kind="stable")["group"].tolist()
dated = articles.loc[having(analysis, about["doc_id"])[view.mask], "published"].dropna()  # not a string isin
modes = (["Two sources"] if len(sources) >= 2 else []) + (["Before / after a date"] if dated.nunique() >= 2 else [])
if not modes:
    st.info(f"Two slices need {entity} named in two sources or on two dates here.")
else:
    mode = st.segmented_control("Compare", modes, default=modes[0], key="portrayal_slices") or modes[0]
    if mode == "Two sources":
        one, two = st.columns(2)
        name_a = one.selectbox("Slice A", sources, index=0, key="portrayal_a")
        name_b = two.selectbox("Slice B", sources, index=1, key="portrayal_b")
        masks = view.source_masks(name_a, name_b)
    else:
        split = st.date_input(
            "Split at",
            value=median_day(dated),
            min_value=dated.min().date(),
            max_value=dated.max().date(),
            key="portrayal_split",
        )
        masks = view.date_masks(split)
        name_a, name_b = f"before {split:%d %b %Y}", f"from {split:%d %b %Y}"
    if name_a == name_b:
        st.info("Pick two different slices.")
    else:
        slices = portrayal_of_slices(about, everyone, masks, (name_a, name_b))
        if not slices["ranked"].any():
            st.info(f"Neither slice has {MIN_SENTENCES} sentences or more about {entity}.")
        else:
            event = st.altair_chart(
                interval_bars(
                    slices[slices["ranked"]], [name_a, name_b], f"{entity}: A against B", entity, group_title="slice"
                ),
                width="stretch",
                key="portrayal_two",
                on_select="rerun",
            )
            clicked["portrayal_two"] = ("slice", slice_groups(everyone, masks, (name_a, name_b)), picked_bar(event))
        say_too_few(slices, "slices")
        if len(slices):
            offer_downloads(slices, "A and B", f"portrayal-slices-{entity}", "dl_slices")

st.markdown("**The sentences behind a bar**")
# The evidence follows the chart clicked last: a chart whose selection changed in this run wins, else the
# one that won before (each chart keeps its selection while another is clicked).
before = st.session_state.get(PORTRAYAL_PICKS, {})
now = {key: pick for key, (_, _, pick) in clicked.items()}
changed = [key for key, pick in now.items() if pick is not None and before.get(key) != pick]
last = changed[0] if changed else st.session_state.get(PORTRAYAL_LAST_PICK)
st.session_state[PORTRAYAL_PICKS], st.session_state[PORTRAYAL_LAST_PICK] = now, last
chosen = clicked[last] if last in clicked and clicked[last][2] is not None else None
if chosen is None:
    st.caption("Click a bar or a point above to list its sentences here.")
else:
    what, groups, pick = chosen
    positions = evidence_positions(found, groups, pick["group"], pick.get("label"))
    st.caption(
        f"{len(positions):,} sentences {pick.get('label', '')} toward {md_escape(entity)} in {what} "
        f"{md_escape(str(pick['group']))}"
        + (f", the first {EVIDENCE_ROWS} shown" if len(positions) > EVIDENCE_ROWS else "")
        + (". This shared copy shows short excerpts, a few per article." if view.exposure else ".")
    )
    rows = view.evidence_sentences(found, positions[:EVIDENCE_ROWS])
    rows = rows.assign(article=titles_for(analysis, rows["doc_id"]))
    picked_event = evidence_table(rows[["label", "confidence", "sentence", "article"]], "bar_evidence")
    link_selected_row(picked_event, rows, "sent_id", "Open “{article}” at this sentence")
