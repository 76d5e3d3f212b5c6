"""Altair chart builders, one function per chart; each takes a small pre-aggregated frame."""

from __future__ import annotations

import altair as alt
import pandas as pd


def ranked_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_title: str) -> alt.Chart:
    """Horizontal bars of ``value`` per ``label``, largest on top."""
    return (
        alt.Chart(frame[[label, value]], title=title)
        .mark_bar(color="#1f4e79")
        .encode(
            x=alt.X(f"{value}:Q", title=value_title),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=260)),
            tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=",.2f")],
        )
        .properties(height=alt.Step(22))
    )


def selectable_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_title: str) -> alt.Chart:
    """:func:`ranked_bars` whose bars can be clicked: the selection is named ``pick`` and holds ``label``."""
    pick = alt.selection_point(name="pick", fields=[label])
    return ranked_bars(frame, label, value, title, value_title).add_params(pick).encode(
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55))
    )


def share_over_time(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Line of ``share`` per ``period`` (a share of the period's articles), with counts in the tooltip."""
    return (
        alt.Chart(frame[["period", "share", "with_term", "articles"]], title=title)
        .mark_line(point=True, color="#1f4e79")
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("share:Q", title="share of articles", axis=alt.Axis(format="%")),
            tooltip=[alt.Tooltip("period:T", format="%B %Y"), alt.Tooltip("share:Q", format=".1%"),
                     alt.Tooltip("with_term:Q", title="articles using it"),
                     alt.Tooltip("articles:Q", title="articles that month")],
        )
    )


PORTRAYAL_COLOURS = alt.Scale(domain=["negative", "neutral", "positive"], range=["#b2182b", "#bababa", "#2166ac"])


def portrayal_bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Stacked shares of negative / neutral / positive sentences per entity (``entity, label, share,
    sentences, mentions``), entities in order of mentions like the ranking beside it."""
    return (
        alt.Chart(frame[["entity", "label", "share", "sentences", "mentions"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of the sentences naming it", axis=alt.Axis(format="%"),
                    stack="normalize"),
            y=alt.Y("entity:N", sort=alt.EncodingSortField("mentions", order="descending"), title=None,
                    axis=alt.Axis(labelLimit=220)),
            color=alt.Color("label:N", scale=PORTRAYAL_COLOURS, title="portrayed as"),
            order=alt.Order("label:N"),
            tooltip=[alt.Tooltip("entity:N"), alt.Tooltip("label:N", title="portrayed as"),
                     alt.Tooltip("share:Q", format=".0%"), alt.Tooltip("sentences:Q", title="sentences scored")],
        )
        .properties(height=alt.Step(22))
    )


# Red–blue around neutral, stretched to the data: mean tones are small numbers (±0.1).
TONE_COLOURS = alt.Scale(scheme="redblue", domainMid=0)


def tone_bars(frame: pd.DataFrame, label: str, title: str) -> alt.Chart:
    """Mean article tone per ``label`` (``label, tone, articles``), coloured red–blue around neutral."""
    return (
        alt.Chart(frame[[label, "tone", "articles"]], title=title)
        .mark_bar(stroke="#888", strokeWidth=0.5)
        .encode(
            x=alt.X("tone:Q", title="mean article tone (VADER, length-weighted)"),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("tone:Q", scale=TONE_COLOURS, legend=None),
            tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip("tone:Q", format="+.3f"),
                     alt.Tooltip("articles:Q", title="articles")],
        )
        .properties(height=alt.Step(22))
    )


def tone_trend(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Mean article tone per month (``period, tone, articles``)."""
    return (
        alt.Chart(frame[["period", "tone", "articles"]], title=title)
        .mark_line(point=True, color="#1f4e79")
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("tone:Q", title="mean article tone"),
            tooltip=[alt.Tooltip("period:T", format="%B %Y"), alt.Tooltip("tone:Q", format="+.3f"),
                     alt.Tooltip("articles:Q", title="articles")],
        )
    )


def tone_arc(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Sentence-by-sentence compound of one article (``sent_id, compound, voice``); no sentence text."""
    return (
        alt.Chart(frame[["sent_id", "compound", "voice"]], title=title)
        .mark_bar()
        .encode(
            x=alt.X("sent_id:O", title="sentence", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("compound:Q", title="tone (VADER compound)", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("voice:N", scale=alt.Scale(domain=["reporter", "quoted"], range=["#1f4e79", "#e08214"]),
                            title=None),
            tooltip=[alt.Tooltip("sent_id:O", title="sentence"), alt.Tooltip("compound:Q", format="+.3f"),
                     alt.Tooltip("voice:N")],
        )
    )
