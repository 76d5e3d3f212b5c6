"""One colour per source and per topic, the same on every page and under every filter.

Colours are assigned over the whole corpus (sources by article count, topics by id), never over the
filtered slice, so filtering to two sources does not repaint them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#9edae5",
    "#dbdb8d",
    "#c7c7c7",
]
OTHER = "other sources"


def source_order(articles: pd.DataFrame) -> list[str]:
    """Sources by article count (most first): the order colours are handed out in."""
    return articles["source"].fillna("").replace("", pd.NA).dropna().value_counts().index.tolist()


def source_scale(articles: pd.DataFrame) -> alt.Scale:
    """The sources' colour scale; beyond the palette's 20 colours, sources share "other sources" grey."""
    order = source_order(articles)[: len(PALETTE) - 1]
    return alt.Scale(domain=[*order, OTHER], range=[*PALETTE[: len(order)], "#d9d9d9"])


def source_or_other(series: pd.Series, articles: pd.DataFrame) -> pd.Series:
    """Sources outside the coloured ones become "other sources", so every mark has its colour."""
    coloured = set(source_order(articles)[: len(PALETTE) - 1])
    return series.where(series.isin(coloured), OTHER)


def topic_scale(topics: pd.DataFrame, labels: dict[int, str]) -> alt.Scale:
    """The topics' colour scale, keyed by label: each topic in its theme's colour where there are themes
    (tens of topics cannot each have a colour of their own), else coloured by topic id."""
    ids = [int(t) for t in topics["topic_id"]]
    if "theme_id" in topics and len(ids) > len(PALETTE) // 2:
        colour = [PALETTE[int(t) % len(PALETTE)] for t in topics["theme_id"]]
    else:
        colour = [PALETTE[t % len(PALETTE)] for t in ids]
    return alt.Scale(domain=[labels[t] for t in ids], range=colour)


def theme_scale(themes: pd.DataFrame, labels: dict[int, str]) -> alt.Scale:
    """The themes' colour scale, keyed by label, coloured by theme id (the colours their topics take)."""
    ids = [int(t) for t in themes["theme_id"]]
    return alt.Scale(domain=[labels[t] for t in ids], range=[PALETTE[t % len(PALETTE)] for t in ids])
