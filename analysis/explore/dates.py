"""Publication dates as the read side compares them: wall-clock times without a time zone."""

from __future__ import annotations

from datetime import date

import pandas as pd


def naive(published: pd.Series) -> pd.Series:
    """``published`` with any time zone dropped (the stored UTC times as they are), so that a day picked in
    the sidebar compares with them; NaT stays NaT."""
    if getattr(published.dt, "tz", None) is not None:
        return published.dt.tz_localize(None)
    return published


def median_day(published: pd.Series) -> date:
    """The middle day of the dated articles: where a before/after contrast splits them in two halves."""
    dated = published.dropna().sort_values()
    return dated.iloc[len(dated) // 2].date()


def newest_first(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles newest first, the undated after every dated one, ties in their stored order: a reader of an
    archive looks for the latest news first, and an undated article is no newer than a dated one."""
    if "published" not in articles or articles.empty:
        return articles
    return articles.sort_values("published", ascending=False, na_position="last", kind="stable")
