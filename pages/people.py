"""People & quotes: who is in the articles, how they are portrayed, who is named together, who says what."""

import pandas as pd
import streamlit as st

from analysis.explore.portrayal import portrayal_shares, portrayal_table
from analysis.explore.slices import titles as titles_of
from analysis.explore.slices import titles_for
from analysis.explore.summaries import co_mentions, mention_counts, speaker_counts
from ui.charts import co_mention_matrix, portrayal_bars, selectable_bars, to_browser
from ui.filters import entity_options, filter_note, on_pick
from ui.keys import ENTITY
from ui.links import link_selected_row
from ui.router import ensure_router
from ui.views import slice_or_stop

ensure_router()
MAX_QUOTES = 2000

st.title("People & quotes")
view = slice_or_stop()
analysis = view.analysis
filter_note(view)
entities = view.entities
options = set(entity_options(analysis))


def known(name: object) -> object | None:
    """A clicked name, if the entity filter offers it (a speaker may be too rarely named to be listed)."""
    return name if name in options else None


kinds = {"People": "person", "Organisations": "organisation", "Places": "place"}
chosen = st.segmented_control("Show", list(kinds), selection_mode="multi", default=list(kinds), key="people_kinds")
types = sorted(kinds[k] for k in chosen or kinds)


def picked() -> pd.DataFrame:
    return entities[entities["type"].isin(types)]


# Kept per slice: grouping half a million mentions again on each rerun is the page's costliest moment.
ranking = view.memo(f"mention_counts:{','.join(types)}", lambda: mention_counts(picked()))
if ranking.empty:
    st.info("No named people, organisations or places were found in these articles.")
    st.stop()
counts = ranking.head(20)
sentiment = view.entity_sentiment
shown = sentiment[sentiment["entity"].isin(counts["entity"])]
shares = portrayal_shares(shown).merge(counts[["entity", "mentions"]], on="entity")

left, right = st.columns(2)
with left:
    st.altair_chart(
        selectable_bars(counts, "entity", "mentions", "Most mentioned (click to filter)", "mentions"),
        width="stretch",
        key="mentioned",
        on_select=on_pick("mentioned", "entity", ENTITY, known),
    )
with right:
    if shares.empty:
        st.info("No sentences about these entities were scored.")
    else:
        st.altair_chart(portrayal_bars(shares, "How they are portrayed"), width="stretch")
st.caption(
    "Portrayal: for each sentence naming the entity, a model trained on NewsMTSC judges whether the "
    "sentence is negative, neutral or positive toward it (macro-F1 0.69 on NewsMTSC's held-out test set). "
    "The Sentiment page lists the evidence sentences."
)

table = portrayal_table(shown, counts)
st.dataframe(
    to_browser(
        table[["entity", "type", "mentions", "articles", "sentences", "negative", "neutral", "positive", "score"]]
    ),
    hide_index=True,
    width="stretch",
    column_config={
        name: st.column_config.ProgressColumn(name.capitalize(), format="percent", min_value=0, max_value=1)
        for name in ("negative", "neutral", "positive")
    }
    | {
        "score": st.column_config.NumberColumn(
            "Net score", format="%+.2f", help="Mean of p(positive) − p(negative) over the sentences"
        )
    },
)

if view.n_articles > 1:  # in one article, everyone is named together with everyone: nothing to see
    pairs = view.memo(f"co_mentions:{','.join(types)}", lambda: co_mentions(picked(), top=15))
    pairs = pairs[pairs["a"] != pairs["b"]]  # the diagonal (articles naming one) would drown the pairs' colours
    if len(pairs):
        st.altair_chart(co_mention_matrix(pairs, "Named together: articles naming both"), width="stretch")

st.subheader("Who says what")
quotes = view.quotes
if quotes.empty:
    st.info("No quotations were found in these articles.")
    st.stop()
speakers = speaker_counts(quotes).reset_index()
titles = titles_of(analysis)
left, right = st.columns([1, 2])
with left:
    if speakers.empty:
        st.info("No quote could be attributed to a speaker.")
    else:
        st.altair_chart(
            selectable_bars(
                speakers.sort_values("quotes", ascending=False).head(15),
                "speaker",
                "quotes",
                "Most quoted (click to filter)",
                "quotes",
            ),
            width="stretch",
            key="quoted",
            on_select=on_pick("quoted", "speaker", ENTITY, known),
        )
with right:
    # A table of every quote of 8,000 articles is 85,000 rows sent to the browser on each rerun: show the
    # first ones, and say where the rest are.
    listed = view.with_column("quotes", quotes.head(MAX_QUOTES))  # the text of the listed quotes only
    listed = view.with_sources_named(listed)
    listed = listed.assign(article=titles_for(analysis, listed["doc_id"])).reset_index(drop=True)
    if len(quotes) > MAX_QUOTES:
        st.caption(
            f"The first {MAX_QUOTES:,} of {len(quotes):,} quotes: narrow them with the filters (a person in "
            "Mentions, a source), or download them all on the Data page."
        )
    event = st.dataframe(
        to_browser(listed[["speaker", "text", "kind", "tone", "article"]]),
        hide_index=True,
        width="stretch",
        key="quotes_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "text": st.column_config.TextColumn("Quote", width="large"),
            "speaker": st.column_config.TextColumn(
                "Speaker",
                help="In quotation marks: who the article says spoke, in its words, where they name no one "
                "(“several friends”, “a new poll”)",
            ),
            "tone": st.column_config.NumberColumn("Tone", format="%+.2f"),
        },
    )
    link_selected_row(
        event, listed, "first_sent", "Open “{article}” at this quote", hint="Select a quote to open its article there."
    )
