"""Topics of articles, read from the stored weights: an article's mix, its main topic, the articles
about a topic.  One home for each: the filters, the charts, the pages and the evaluation all ask here."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.result import Analysis

#: An article counts as "about" a topic when the topic holds at least this share of its topic weight.
TOPIC_SHARE = 0.25


def article_topics(analysis: Analysis) -> pd.DataFrame:
    """Each article's share of each topic (``doc_id, topic_id, share``), passages folded into articles."""
    return analysis.memo("article_topics", lambda: _article_topics(analysis.doc_topics))


def _article_topics(doc_topics: pd.DataFrame) -> pd.DataFrame:
    if doc_topics.empty:
        return pd.DataFrame(
            {
                "doc_id": pd.Series(dtype="str"),
                "topic_id": pd.Series(dtype="int16"),
                "share": pd.Series(dtype="float32"),
            }
        )
    summed = doc_topics.groupby(["doc_id", "topic_id"], observed=True)["weight"].sum().rename("share").reset_index()
    summed["share"] = summed["share"] / summed.groupby("doc_id")["share"].transform("sum")
    return summed


def _largest(frame: pd.DataFrame, by: str, value: str) -> pd.DataFrame:
    """The row of the largest ``value`` per ``by`` (ties: the smaller topic id), in ``by`` order."""
    ordered = frame.sort_values([by, value, "topic_id"], ascending=[True, False, True], kind="stable")
    return ordered.drop_duplicates(by).reset_index(drop=True)


def main_topics(analysis: Analysis) -> pd.DataFrame:
    """``doc_id, topic_id, share``: each article's main topic, the one holding the largest share of it."""
    return analysis.memo("main_topics", lambda: _largest(article_topics(analysis), "doc_id", "share"))


def main_topic_ids(analysis: Analysis) -> np.ndarray:
    """Each article's main topic id (:func:`main_topics`), by its row in ``articles`` (−1: none), built once
    per analysis: a slice cuts it with its mask instead of matching ids."""

    def build() -> np.ndarray:
        main = main_topics(analysis)
        ids = np.full(len(analysis.articles), -1, dtype=np.int64)
        rows = analysis.rows_for(main["doc_id"])
        known = rows >= 0
        ids[rows[known]] = main["topic_id"].to_numpy()[known]
        return ids

    return analysis.memo("main_topic_ids", build)


def article_themes(analysis: Analysis) -> pd.DataFrame:
    """Each article's share of each theme (``doc_id, theme_id, share``): its topics' shares summed by theme."""

    def build() -> pd.DataFrame:
        shares = article_topics(analysis)
        if "theme_id" not in analysis.topics or shares.empty:
            return pd.DataFrame({"doc_id": pd.Series(dtype="str"), "theme_id": pd.Series(dtype="int16"),
                                 "share": pd.Series(dtype="float32")})  # fmt: skip
        theme = analysis.topics.set_index("topic_id")["theme_id"]
        joined = shares.assign(theme_id=shares["topic_id"].map(theme))
        return joined.groupby(["doc_id", "theme_id"], observed=True)["share"].sum().reset_index()

    return analysis.memo("article_themes", build)


def main_themes(analysis: Analysis) -> pd.DataFrame:
    """``doc_id, theme_id, share``: each article's main theme, the one holding the largest share of it."""

    def build() -> pd.DataFrame:
        # _largest breaks ties by the smaller id, which it reads as topic_id: renamed there and back
        shares = article_themes(analysis).rename(columns={"theme_id": "topic_id"})
        return _largest(shares, "doc_id", "share").rename(columns={"topic_id": "theme_id"})

    return analysis.memo("main_themes", build)


def unit_topics(doc_topics: pd.DataFrame) -> pd.DataFrame:
    """``unit_id, doc_id, topic_id, weight``: the main topic of each unit (an article, or a passage)."""
    if doc_topics.empty:
        return doc_topics[["unit_id", "doc_id", "topic_id", "weight"]]
    return _largest(doc_topics[["unit_id", "doc_id", "topic_id", "weight"]], "unit_id", "weight")


def about_topics(analysis: Analysis, topics: tuple[int, ...]) -> pd.Index:
    """Articles about any of ``topics``: the topic holds at least :data:`TOPIC_SHARE` of the article, or is
    the main topic of one of its units (with passages as units, one paragraph run about it is enough)."""
    shares = article_topics(analysis)
    by_share = shares.loc[shares["topic_id"].isin(topics) & (shares["share"] >= TOPIC_SHARE), "doc_id"]
    main = analysis.memo("unit_topics", lambda: unit_topics(analysis.doc_topics))
    by_unit = main.loc[main["topic_id"].isin(topics), "doc_id"]
    return pd.Index(by_share).union(pd.Index(by_unit))


def about_themes(analysis: Analysis, themes: tuple[int, ...]) -> pd.Index:
    """Articles about any of ``themes``: the theme holds at least :data:`TOPIC_SHARE` of the article, or is
    its main theme."""
    shares = article_themes(analysis)
    by_share = shares.loc[shares["theme_id"].isin(themes) & (shares["share"] >= TOPIC_SHARE), "doc_id"]
    main = main_themes(analysis)
    return pd.Index(by_share).union(pd.Index(main.loc[main["theme_id"].isin(themes), "doc_id"]))


def article_positions(analysis: Analysis) -> pd.DataFrame:
    """``doc_id, x, y, theme_id``: each article placed by its topic mix — the mean of its topics' places on
    the map, weighted by their shares — with its main theme.  A small offset drawn from the article's id
    (the same every time) keeps articles of one topic from hiding each other."""

    def build() -> pd.DataFrame:
        shares = article_topics(analysis)
        topics = analysis.topics
        if shares.empty or topics.empty:
            return pd.DataFrame(columns=["doc_id", "x", "y", "theme_id"])
        place = topics.set_index("topic_id")[["x", "y"]]
        joined = shares.join(place, on="topic_id")
        weighted = joined.assign(x=joined["x"] * joined["share"], y=joined["y"] * joined["share"])
        spot = weighted.groupby("doc_id", sort=False)[["x", "y"]].sum()
        seed = pd.util.hash_array(spot.index.to_numpy().astype(str)).astype(np.uint64)
        jitter = np.column_stack([(seed % 1000) / 1000 - 0.5, ((seed // 1000) % 1000) / 1000 - 0.5]) * 0.06
        spot = spot.assign(x=spot["x"] + jitter[:, 0], y=spot["y"] + jitter[:, 1]).reset_index()
        main = main_themes(analysis).set_index("doc_id")["theme_id"] if "theme_id" in topics else None
        theme = spot["doc_id"].map(main) if main is not None else 0
        return spot.assign(theme_id=pd.Series(theme).fillna(-1).astype("int16").to_numpy())

    return analysis.memo("article_positions", build)


def topic_mix(analysis: Analysis, doc_id: str) -> pd.DataFrame:
    """``topic_id, label, share`` of one article, largest first (shares rounded to whole percents)."""
    mix = article_topics(analysis)
    mix = mix[mix["doc_id"] == doc_id].merge(analysis.topics[["topic_id", "label"]], on="topic_id")
    return (
        mix.assign(share=mix["share"].round(2))
        .sort_values("share", ascending=False, kind="stable")[["topic_id", "label", "share"]]
        .reset_index(drop=True)
    )


def representatives(doc_topics: pd.DataFrame, topic_id: int, n: int = 6) -> pd.DataFrame:
    """The ``n`` units (articles or passages) that lean most on a topic: ``unit_id, doc_id, weight``."""
    units = doc_topics[doc_topics["topic_id"] == topic_id]
    return units.sort_values("weight", ascending=False, kind="stable").head(n)[["unit_id", "doc_id", "weight"]]
