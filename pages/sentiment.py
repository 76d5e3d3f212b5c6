"""Sentiment: tone by source, topic and over time; one article's tone arc; how entities are portrayed,
with the sentences that show it."""

import streamlit as st

from analysis.explore.portrayal import portrayal, portrayed_entities
from analysis.explore.slices import titles as titles_of
from analysis.explore.summaries import tone_by, tone_by_main_topic, tone_by_month, tone_by_passage_topic, tone_figures
from analysis.explore.topics import main_topics
from ui.charts import tone_arc, tone_bars, tone_trend
from ui.filters import filter_note, on_pick, pick_source, topic_labels
from ui.keys import ENTITY, PORTRAYED_ENTITY, SOURCE, TOPIC
from ui.links import article_link, link_selected_row
from ui.router import ensure_router
from ui.views import slice_or_stop

ensure_router()

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
    by_topic = tone_by_main_topic(articles, main_topics(analysis), labels)
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
ordered = articles[["doc_id", "n_words"]].sort_values("n_words", ascending=False)["doc_id"].tolist()
doc_id = st.selectbox("Article", ordered, format_func=lambda d: titles[d], key="arc_article")
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
entity = st.selectbox(
    "Entity", ranked.index.tolist(), key=PORTRAYED_ENTITY, format_func=lambda e: f"{e} ({ranked[e]} sentences)"
)
shares = portrayal(frame[frame["entity"] == entity]).iloc[0]
cols = st.columns(4)
for col, label in zip(cols, ("negative", "neutral", "positive"), strict=False):
    col.metric(f"Sentences {label} toward {entity}", f"{shares[label]:.0%}")
cols[3].button(
    f"Filter to articles naming {entity}",
    on_click=lambda: st.session_state.update({ENTITY: entity}),
    icon=":material/filter_alt:",
)
table = view.evidence(entity)
table = table.assign(article=table["doc_id"].map(titles))
event = st.dataframe(
    table.drop(columns=["doc_id", "sent_id"]),
    hide_index=True,
    width="stretch",
    key="evidence",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
        "sentence": st.column_config.TextColumn("Evidence sentence", width="large"),
    },
)
link_selected_row(
    event,
    table,
    "sent_id",
    "Open “{article}” at this sentence",
    hint="Select a row to open its article at that sentence.",
)
