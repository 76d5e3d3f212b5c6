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
