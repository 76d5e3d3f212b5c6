"""Articles: the reader — the filtered list beside the chosen article's text, and the article's features."""

import streamlit as st

from analysis.explore.dates import newest_first
from analysis.explore.portrayal import article_entities
from analysis.explore.slices import titles as titles_of
from analysis.explore.topics import topic_mix
from ui.article_html import article_html
from ui.charts import to_browser
from ui.filters import filter_note
from ui.keys import ARTICLE, LAST_ARTICLE_PICK, LINKED_ARTICLE
from ui.router import ensure_router
from ui.views import slice_or_stop

ensure_router()

#: The article picker lists at most this many articles (a 37,554-entry list would be sent to the browser on
#: every run); the table beside it holds them all.
PICKER_LIMIT = 300

st.title("Articles")
view = slice_or_stop()
analysis = view.analysis
everyone = analysis.articles
articles = newest_first(view.articles)
titles = titles_of(analysis)
filter_note(view)

# The chosen article travels in the URL as its doc_id (a bound selectbox would put its title there, which
# is neither unique nor short), so a copied link reopens the same article; "mark" is a sentence to show.
linked = st.query_params.get("article")
if linked in titles.index and st.session_state.get(LINKED_ARTICLE) != linked:
    st.session_state[LINKED_ARTICLE] = linked  # a link followed: it wins over the last pick
    st.session_state[ARTICLE] = linked
mark = st.query_params.get("mark")

left, right = st.columns([2, 3])
with left:
    st.caption(f"{len(articles):,} of {len(everyone):,} articles (the sidebar filters and search narrow the list)")
    event = st.dataframe(
        to_browser(articles[["title", "source", "published", "tone"]]),
        hide_index=True,
        width="stretch",
        height=520,
        on_select="rerun",
        selection_mode="single-row",
        key="article_table",
        column_config={
            "title": st.column_config.TextColumn("Title", width="medium"),
            "source": st.column_config.TextColumn("Source", width="small"),
            "published": st.column_config.DateColumn("Published", width="small"),
            "tone": st.column_config.NumberColumn("Tone", format="%+.2f", width="small"),
        },
    )
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(articles):
        picked = articles["doc_id"].iloc[rows[0]]
        if picked != st.session_state.get(LAST_ARTICLE_PICK):
            st.session_state[LAST_ARTICLE_PICK] = picked
            st.session_state[ARTICLE] = picked
            mark = None

with right:
    options = articles["doc_id"].iloc[:PICKER_LIMIT].tolist()
    current = st.session_state.get(ARTICLE)
    if current in titles.index and current not in set(options):
        options.insert(0, current)  # a linked or picked article beyond the list (or the filters) is still shown
    doc_id = st.selectbox("Article", options, format_func=lambda d: titles[d], key=ARTICLE)
    if len(articles) > PICKER_LIMIT:
        st.caption(f"The picker lists the {PICKER_LIMIT} newest of {len(articles):,}: pick any from the table, "
                   "or narrow the list with the filters.")  # fmt: skip
    if doc_id != linked:
        mark = None
    st.query_params["article"] = doc_id
    st.session_state[LINKED_ARTICLE] = doc_id  # our own write is not a link followed
    if mark is not None:
        st.query_params["mark"] = mark
    elif "mark" in st.query_params:
        del st.query_params["mark"]
    if doc_id not in set(articles["doc_id"]):
        st.warning("This article is outside the current filters.")
    article = everyone[everyone["doc_id"] == doc_id].iloc[0]
    meta = [part for part in (article["source"], article["author"]) if isinstance(part, str) and part]
    if article["published"] is not None and str(article["published"]) != "NaT":
        meta.append(f"{article['published']:%d %B %Y}")
    st.caption(" · ".join(meta) or "No source or date given")
    sentences = analysis.sentences[analysis.sentences["doc_id"] == doc_id]
    quotes = view.with_column("quotes", analysis.quotes[analysis.quotes["doc_id"] == doc_id])
    keywords = analysis.keywords[analysis.keywords["doc_id"] == doc_id]
    marked = int(mark) if mark is not None and mark.isdigit() else None
    if view.exposure is not None:  # a share-safe copy: the article's text is not in the view at all
        st.info(
            "This shared copy shows figures and short excerpts, never an article's full text. The keywords "
            "in context and the linked sentence are below; open the original to read it all.",
            icon=":material/lock:",
        )
        if isinstance(article["url"], str) and article["url"].startswith(("http://", "https://")):
            st.link_button("Open the original", article["url"], icon=":material/open_in_new:")
        if marked is not None and (sentences["sent_id"] == marked).any():
            st.markdown("**The linked sentence**")
            st.text(view.sentence_text(doc_id, marked))
        lines = view.concordance(keywords["term"].iloc[0], width=60, limit=5, doc_id=doc_id) if len(keywords) else None
        if lines is not None and len(lines):
            st.markdown(f"**“{keywords['term'].iloc[0]}” in context**")
            st.dataframe(lines[["left", "match", "right"]], hide_index=True, width="stretch")
    else:
        with st.container(height=520):
            st.markdown(
                article_html(view.article_text(doc_id), sentences, quotes, keywords["term"].tolist(), mark=marked),
                unsafe_allow_html=True,
            )
        st.caption(
            "Sentences are shaded by tone (red negative, blue positive); quotes are underlined and signed "
            "with their speaker; the article's keywords are in bold"
            + ("; the linked sentence is outlined in yellow." if marked is not None else ".")
        )

features = st.columns(4)
features[0].metric(
    "Tone",
    f"{article['tone']:+.3f}",
    help="Length-weighted VADER compound of its sentences, shrunk towards 0 for short articles.",
)
features[1].metric(
    "Negative / positive sentences", f"{article['share_negative']:.0%} / {article['share_positive']:.0%}"
)
features[2].metric("Quotes", f"{len(quotes):,}")
features[3].metric("Words", f"{int(article['n_words']):,}")

one, two, three = st.columns(3)
with one:
    st.markdown("**Keywords**")
    st.dataframe(
        to_browser(keywords[["term", "score"]]),
        hide_index=True,
        width="stretch",
        column_config={"score": st.column_config.NumberColumn("Score", format="%.2f")},
    )
with two:
    st.markdown("**People, organisations, places**")
    table = article_entities(
        analysis.entities[analysis.entities["doc_id"] == doc_id],
        analysis.entity_sentiment[analysis.entity_sentiment["doc_id"] == doc_id],
    )
    st.dataframe(
        to_browser(table),
        hide_index=True,
        width="stretch",
        column_config={
            "portrayal": st.column_config.NumberColumn(
                "Portrayal", format="%+.2f", help="Mean p(positive) − p(negative) over its sentences here"
            )
        },
    )
with three:
    st.markdown("**Topic mix**")
    st.dataframe(
        to_browser(topic_mix(analysis, doc_id)[["label", "share"]]),
        hide_index=True,
        width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Topic", width="medium"),
            "share": st.column_config.ProgressColumn(
                "Share", format="percent", min_value=0, max_value=1, width="small"
            ),
        },
    )
if len(quotes):
    st.markdown("**Quotes**")
    quotes = view.with_sources_named(quotes)
    st.dataframe(
        to_browser(quotes[["speaker", "text", "kind", "tone"]]),
        hide_index=True,
        width="stretch",
        column_config={
            "speaker": st.column_config.TextColumn(
                "Speaker", help="In quotation marks: who the article says spoke, where its words name no one"
            ),
            "text": st.column_config.TextColumn("Quote", width="large"),
            "tone": st.column_config.NumberColumn("Tone", format="%+.2f"),
        },
    )
