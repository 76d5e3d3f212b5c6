"""How entities are portrayed: the stored sentence-level sentiment toward each entity, aggregated.

Read side only: it counts the ``entity_sentiment`` frame the build wrote and never loads the model.
"""

from __future__ import annotations

import pandas as pd

from analysis.stance.score import LABELS


def portrayal(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """How each entity is portrayed: sentences, shares negative/neutral/positive and mean score, per ``by``
    (default: per entity over the whole corpus; ``["doc_id", "entity"]`` per article)."""
    by = by or ["entity"]
    if frame.empty:
        return pd.DataFrame(columns=[*by, "type", "sentences", *LABELS, "score"])
    counts = pd.crosstab([frame[c] for c in by], frame["label"]).reindex(columns=list(LABELS), fill_value=0)
    total = counts.sum(axis=1)
    out = counts.div(total, axis=0)
    out.insert(0, "sentences", total)
    grouped = frame.groupby(by, sort=False)
    out["score"] = grouped["score"].mean()
    out.insert(0, "type", grouped["type"].first())
    return out.reset_index().sort_values("sentences", ascending=False, kind="stable").reset_index(drop=True)


def portrayal_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """``entity, label, n, sentences, share``: per entity, how many of its sentences carry each label."""
    counts = frame.groupby(["entity", "label"], observed=True).size().rename("n").reset_index()
    counts["sentences"] = counts.groupby("entity")["n"].transform("sum")
    counts["share"] = counts["n"] / counts["sentences"]
    return counts


def article_entities(entities: pd.DataFrame, entity_sentiment: pd.DataFrame) -> pd.DataFrame:
    """``entity, type, mentions, portrayal``: one article's entities, most mentioned first, each with its
    mean score over the article's sentences (``entities`` and ``entity_sentiment`` of that article)."""
    mentions = entities.groupby(["entity", "type"], observed=True).size().rename("mentions").reset_index()
    scores = entity_sentiment.groupby("entity")["score"].mean().rename("portrayal").reset_index()
    return mentions.merge(scores, on="entity", how="left").sort_values("mentions", ascending=False, kind="stable")


def portrayed_entities(entity_sentiment: pd.DataFrame, entities: pd.DataFrame) -> pd.Series:
    """Sentences scored per entity (``entity`` → count), in order of mentions: the entities a reader
    expects at the top are the most named, whatever their number of scored sentences."""
    scored = entity_sentiment["entity"].value_counts()
    mentioned = entities["entity"].value_counts()
    return scored.reindex(mentioned.index.intersection(scored.index, sort=False)).dropna().astype(int)


def portrayal_table(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`portrayal` of each entity joined to its ``mentions`` and ``articles`` (``counts``), most
    mentioned first, shares rounded to whole percents ("57%", not "57.14%")."""
    return (
        portrayal(frame)
        .merge(counts[["entity", "mentions", "articles"]], on="entity")
        .sort_values("mentions", ascending=False, kind="stable")
        .round({"negative": 2, "neutral": 2, "positive": 2})
    )
