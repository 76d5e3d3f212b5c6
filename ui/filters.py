"""The sidebar filters every page shares, kept in the URL so that a copied link reopens the same view.

Each widget is bound to a query parameter (``bind="query-params"``) and drawn by ``dashboard.py``, the
entry point, so the parameters survive a move between pages.  Charts narrow the same filters through
:func:`narrow`, which writes the widget's session state from an ``on_select`` callback (a bound widget
can be changed only that way), and the URL follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analysis.explore.slices import Filters, Slice
from analysis.result import Analysis, value_counts
from ui import link_check
from ui.keys import DATE_SPAN, DATES, ENTITY, SOURCE, TEXT, THEME, TONE, TOPIC
from ui.text import md_escape

FULL_TONE = (-1.0, 1.0)
TOPIC_HELP = "Articles in which the topic holds at least a quarter of the text, or is the main topic of a passage."
THEME_HELP = "Articles in which the theme's topics hold at least a quarter of the text, or that are mostly about it."
MAX_ENTITIES = 2000  # the entity box offers the most mentioned; more would slow the page for no one


def _date_span(articles: pd.DataFrame) -> tuple[date, date] | None:
    published = articles["published"].dropna()
    if published.empty:
        return None
    return published.min().date(), published.max().date()


def _unique_labels(ids: pd.Series, names: pd.Series) -> dict[int, str]:
    labels: dict[int, str] = {}
    seen: set[str] = set()
    for item, label in zip(ids, names, strict=True):
        text = label if label not in seen else f"{label} ({int(item) + 1})"
        seen.add(text)
        labels[int(item)] = text
    return labels


def topic_labels(analysis: Analysis) -> dict[int, str]:
    """Topic id → label, made unique (two topics may share their top three terms)."""
    return _unique_labels(analysis.topics["topic_id"], analysis.topics["label"])


def theme_labels(analysis: Analysis) -> dict[int, str]:
    """Theme id → label (none for an analysis stored before themes)."""
    themes = analysis.frames.get("themes")
    if themes is None or themes.empty:
        return {}
    return _unique_labels(themes["theme_id"], themes["label"])


def entity_options(analysis: Analysis) -> list[str]:
    """What the entity filter offers: the most mentioned entities, most first."""
    return analysis.memo(
        "entity_options", lambda: value_counts(analysis.entities["entity"]).head(MAX_ENTITIES).index.tolist()
    )


def draw_filters(analysis: Analysis) -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    articles = analysis.articles
    sidebar = st.sidebar
    sidebar.header("Filters")
    note = sidebar.container()  # what an opened link asked for and cannot have, above the filters
    sources = articles["source"].fillna("").replace("", pd.NA).dropna().value_counts().index.tolist()
    span = _date_span(articles)
    themes = theme_labels(analysis)
    offer_themes = 1 < len(themes) < len(analysis.topics)  # themes that are just the topics again are no filter
    labels = topic_labels(analysis)
    finding = bool(analysis.meta.get("preview"))  # a build's first pass: no entities yet
    entities = entity_options(analysis)
    link_check.remember(
        [
            link_check.named("sources", link_check.unmatched(link_check.asked(SOURCE), sources)),
            link_check.bad_dates(link_check.asked(DATES), span, all_dated=bool(articles["published"].notna().all())),
            link_check.named(
                "themes", link_check.unmatched(link_check.asked(THEME), themes.values() if offer_themes else ())
            ),
            link_check.named("topics", link_check.unmatched(link_check.asked(TOPIC), labels.values())),
            link_check.bad_tone(link_check.asked(TONE)),
            link_check.named("mentions", [] if finding else link_check.unmatched(link_check.asked(ENTITY), entities)),
        ]
    )
    link_check.draw_note(note)
    chosen_sources = sidebar.multiselect("Sources", sources, key=SOURCE, bind="query-params", placeholder="All sources")
    dates = None
    st.session_state[DATE_SPAN] = span
    if span is not None and span[0] < span[1]:
        picked = sidebar.date_input(
            "Published between",
            value=span,
            min_value=span[0],
            max_value=span[1],
            key=DATES,
            bind="query-params",
            format="YYYY-MM-DD",
            help="Articles without a date are left out once a range is set.",
        )
        if isinstance(picked, tuple) and len(picked) == 1:
            # One date is that day: a link's one-day range comes so (Streamlit folds its two equal dates
            # into one), and a pick closed after its first date is written to the URL so — read alike, the
            # sender's view and the link's are the same.
            picked = (picked[0], picked[0])
        if isinstance(picked, tuple) and len(picked) == 2 and tuple(picked) != span:
            dates = (min(picked), max(picked))  # a hand-written link may give the range reversed
    chosen_themes = (
        sidebar.multiselect(
            "Themes",
            list(themes),
            format_func=lambda t: themes.get(t, str(t)),
            key=THEME,
            bind="query-params",
            placeholder="All themes",
            help=THEME_HELP,
        )
        if offer_themes
        else []
    )
    chosen_topics = sidebar.multiselect(
        "Topics",
        list(labels),
        format_func=lambda t: labels.get(t, str(t)),
        key=TOPIC,
        bind="query-params",
        placeholder="All topics",
        help=TOPIC_HELP,
    )
    tone = sidebar.slider(
        "Article tone",
        -1.0,
        1.0,
        FULL_TONE,
        step=0.05,
        key=TONE,
        bind="query-params",
        help="VADER compound of the article, −1 (negative) to +1 (positive).",
    )
    entity = sidebar.selectbox(
        "Mentions",
        entities,
        index=None,
        key=ENTITY,
        bind="query-params",
        placeholder="Finding people, organisations and places…" if finding else "Anyone or anything",
        help="Articles that name this person, organisation or place.",
        disabled=finding,
    )
    text = sidebar.text_input(
        "Text contains",
        key=TEXT,
        bind="query-params",
        help="Titles and text; case does not matter, the words are matched as typed.",
    )
    filters = Filters(
        sources=tuple(chosen_sources),
        dates=dates,
        themes=tuple(int(t) for t in chosen_themes),
        topics=tuple(int(t) for t in chosen_topics),
        tone=(float(min(tone)), float(max(tone))),  # a hand-written link may give the range reversed
        entity=entity or "",
        text=text or "",
    )
    if filters != Filters():
        sidebar.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
    return filters


def clear_filters() -> None:
    """Reset every filter to its default (a callback: a bound widget changes only through its session
    state; removing the key would let the URL set it again)."""
    defaults = {SOURCE: [], THEME: [], TOPIC: [], TONE: FULL_TONE, ENTITY: None, TEXT: ""}
    if DATE_SPAN in st.session_state:
        defaults[DATES] = st.session_state[DATE_SPAN]
    for key, value in defaults.items():
        if key in st.session_state:
            st.session_state[key] = value


def narrow(key: str, value: object) -> None:
    """Set one filter from a chart click; a multi-choice filter gets just the clicked value."""
    if key in (SOURCE, THEME, TOPIC):
        st.session_state[key] = [value]
    else:
        st.session_state[key] = value


def share_url(base: str | None, params: dict[str, list[str]]) -> str:
    """The page's URL with its query parameters (repeated ones kept), as the browser shows it."""
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return f"{base or ''}{'?' + query if query else ''}"


def share_link(container) -> None:
    """A popover with this view's URL in a code box (which has a copy button)."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    url = share_url(st.context.url, params)
    with container.popover("Copy link to this view", icon=":material/link:", width="stretch"):
        st.caption("Opening this link shows this page with the same filters and article.")
        st.code(url, language=None, wrap_lines=True)


def describe(view: Slice) -> str:
    """The view's active filters as Markdown-safe text ("" when nothing is filtered), themes and topics
    by their labels."""
    filters, analysis = view.filters, view.analysis
    named = {"themes: ": (filters.themes, theme_labels(analysis)), "topics: ": (filters.topics, topic_labels(analysis))}
    lines = []
    for line in filters.describe():
        for prefix, (ids, labels) in named.items():
            if line.startswith(prefix):
                line = prefix + ", ".join(labels.get(t, str(t)) for t in ids)
        lines.append(line)
    return md_escape("; ".join(lines))


def on_pick(
    chart_key: str, field: str, filter_key: str, convert: Callable[[object], object | None] | None = None
) -> Callable[[], None]:
    """An ``on_select`` callback: the clicked mark's ``field`` narrows filter ``filter_key``.

    ``convert`` maps the clicked value to the filter's (a topic label to its id); None ignores the click.
    """

    def callback() -> None:
        event = st.session_state.get(chart_key)
        picks = (event or {}).get("selection", {}).get("pick", [])
        value = picks[0].get(field) if picks else None
        if value is not None and convert is not None:
            value = convert(value)
        if value is not None:
            narrow(filter_key, value)

    return callback


def pick_source(value: object) -> object | None:
    """A clicked source, unless it is the grey "other sources" bucket."""
    from ui.colours import OTHER

    return None if value == OTHER else value


def filter_note(view: Slice) -> None:
    """A caption saying what the page shows when filters are on (nothing when everything is shown)."""
    text = describe(view)
    if text:
        st.caption(f":material/filter_alt: {view.n_articles:,} of {len(view.analysis.articles):,} articles — {text}")
