"""Topics for a growing corpus: new articles placed in the fitted topics, refitted only when asked or drifted.

A shared link names topics by id (``?topic=12``), and a reader learns what "topic 12" and its colour mean;
so appending articles must not renumber or relabel them.  New articles are *placed* in the stored model
(:func:`place`: the fit's own TF-IDF weighting and latent space, each article's mix on the fixed topic
centres) and the topics' prevalences are updated; ids, labels, terms and colours stay.

The fit is redone (:func:`keep_ids` then carries the ids over) on request, or when it has drifted
(:func:`drift`) — decided from two measured signs:

* **growth**: the corpus has grown by more than :data:`GROWTH` (half) of the articles the topics were
  fitted on, so topics that the new half would have formed have had no chance to;
* **misfit**: more than :data:`FAR_SHARE` of the new articles are described worse by their best topic
  than 90 % of the fitted articles were (:func:`analysis.themes.hierarchy.topic_fit`: the cosine of the
  article's TF-IDF vector to the topic's mean one, in term space, so words the topics never use count
  against it; for the fitted articles, their own topic's mean without them).  Articles of
  the same kind as the fitted ones fall there about 10 % of the time; a batch of articles about something
  the topics do not cover falls there far more often.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from analysis.themes import hierarchy

#: Refit once the articles appended since the fit exceed this share of the articles fitted.
GROWTH = 0.5
#: Refit when more than this share of new articles sit beyond the fit's 10th-percentile distance.
FAR_SHARE = 0.25
#: On a refit, a new topic keeps an old one's id when their articles overlap at least this much (Jaccard).
SAME_TOPIC = 0.3
#: What a stored topic model must hold to place new articles (:func:`place`).
NEEDED = frozenset({"idf", "basis", "topic_centres", "topic_ids", "topic_terms", "fit_p10", "n_fitted"})
MIN_SHARE = 0.05  # as in the fit: a topic is listed for a unit holding at least 5 % of it


@dataclass
class Placement:
    """New articles in the stored topics: their ``doc_topics`` rows, the topics and themes with updated
    prevalences, and the measures :func:`drift` reads."""

    doc_topics: pd.DataFrame
    topics: pd.DataFrame
    themes: pd.DataFrame
    far_share: float


def place(
    state: dict[str, np.ndarray],
    counts: sparse.csr_matrix,
    doc_ids: list[str],
    topics: pd.DataFrame,
    themes: pd.DataFrame,
    n_before: int,
) -> Placement:
    """Place the articles of ``counts`` (rows on the stored vocabulary) in the stored topics.

    ``n_before``: the articles the topics' prevalences were a mean over, so the new mean counts each
    article once, old or new.
    """
    weights, _ = hierarchy.tfidf(counts, state["idf"])
    points = hierarchy.embed(weights, state["basis"])
    centres = state["topic_centres"]
    cosine = points @ centres.T if len(points) else np.zeros((0, centres.shape[0]), dtype=np.float32)
    mix = hierarchy.nonnegative_fit(points, centres) if len(points) else cosine.copy()
    lost = np.flatnonzero(mix.sum(axis=1) <= 0)  # nothing of it on the vocabulary, or off every topic
    mix[lost, cosine[lost].argmax(axis=1)] = 1.0
    totals = mix.sum(axis=1, keepdims=True)
    shares = mix / np.maximum(totals, 1e-12)
    ids = state["topic_ids"]
    unit, column = np.nonzero(shares >= MIN_SHARE)
    doc = np.asarray(doc_ids, dtype=object)[unit]
    doc_topics = pd.DataFrame(
        {
            "unit_id": pd.array(doc, dtype="str"),
            "doc_id": pd.array(doc, dtype="str"),
            "topic_id": ids[column].astype(np.int16),
            "weight": shares[unit, column].astype(np.float32),
        }
    )
    added = pd.Series(shares.sum(axis=0), index=ids)
    n_after = n_before + len(doc_ids)
    topics = topics.copy()
    old = topics["prevalence"].to_numpy(np.float64) * n_before
    topics["prevalence"] = (
        (old + added.reindex(topics["topic_id"].to_numpy(), fill_value=0).to_numpy()) / max(n_after, 1)
    ).astype(np.float32)
    themes = themes.copy()
    if len(themes) and "theme_id" in topics:
        by_theme = topics.groupby("theme_id")["prevalence"].sum()
        themes["prevalence"] = themes["theme_id"].map(by_theme).fillna(0).astype(np.float32)
    fit = hierarchy.topic_fit(weights, state["topic_terms"])
    far = float((fit < float(state["fit_p10"])).mean()) if len(points) else 0.0
    return Placement(doc_topics, topics, themes, far)


def drift(state: dict[str, np.ndarray], appended_since_fit: int, far_share: float) -> list[str]:
    """Why the stored fit no longer serves the corpus (empty: it still does) — see the module docstring."""
    reasons = []
    fitted = int(state["n_fitted"])
    if appended_since_fit > GROWTH * fitted:
        reasons.append(f"the corpus grew by {appended_since_fit:,} articles since the topics were fitted on {fitted:,}")
    if far_share > FAR_SHARE:
        reasons.append(
            f"{far_share:.0%} of the new articles fit every topic worse than 90 % of the fitted articles did"
        )
    return reasons


def handed_out(topics: pd.DataFrame, themes: pd.DataFrame, ever: tuple[int, int] = (0, 0)) -> dict[str, int]:
    """One past the highest topic and theme id ever used (kept in the store's topic notes)."""
    top = int(topics["topic_id"].max()) + 1 if len(topics) else 0
    theme = int(themes["theme_id"].max()) + 1 if len(themes) else 0
    return {"topic_ids_handed_out": max(ever[0], top), "theme_ids_handed_out": max(ever[1], theme)}


def _dominant(doc_topics: pd.DataFrame, column: str = "topic_id") -> pd.Series:
    """Each article's heaviest topic (or theme), by doc_id."""
    if doc_topics.empty:
        return pd.Series(dtype=np.int64)
    ordered = doc_topics.sort_values(["doc_id", "weight"], ascending=[True, False], kind="stable")
    return ordered.drop_duplicates("doc_id").set_index("doc_id")[column].astype(np.int64)


def _matching(old: pd.Series, new: pd.Series) -> dict[int, int]:
    """New id → old id for the pairs whose articles overlap most (one to one, Jaccard ≥ :data:`SAME_TOPIC`)."""
    both = pd.concat({"old": old, "new": new}, axis=1, join="inner")
    if both.empty:
        return {}
    table = pd.crosstab(both["new"], both["old"])
    overlap = table.to_numpy(np.float64)
    union = table.sum(axis=1).to_numpy()[:, None] + table.sum(axis=0).to_numpy()[None, :] - overlap
    jaccard = overlap / np.maximum(union, 1)
    rows, cols = linear_sum_assignment(-jaccard)
    return {
        int(table.index[r]): int(table.columns[c])
        for r, c in zip(rows, cols, strict=True)
        if jaccard[r, c] >= SAME_TOPIC
    }


def _renumber(matched: dict[int, int], new_ids: np.ndarray, taken: set[int]) -> dict[int, int]:
    """Every new id → its final id: the matched old one, else the next id no old topic ever had (an
    old topic's id is never handed to a different topic, so an old link never shows the wrong one)."""
    final, fresh = {}, max(taken, default=-1) + 1
    for t in sorted(int(i) for i in new_ids):
        if t in matched:
            final[t] = matched[t]
        else:
            final[t], fresh = fresh, fresh + 1
    return final


def keep_ids(
    old_topics: pd.DataFrame,
    old_themes: pd.DataFrame,
    old_doc_topics: pd.DataFrame,
    refit,
    ever: tuple[int, int] = (0, 0),
) -> tuple[object, dict[str, int]]:
    """``refit`` (a :class:`~analysis.themes.topics.TopicModel` of the grown corpus) with each topic and
    theme that is still there under its old id: topics matched one to one by the articles they hold
    (each old article's dominant topic before and after), themes likewise.  ``ever``: the topic and
    theme ids handed out so far (one past the highest), so that an id a refit dropped is never given to
    another topic later.  Returns the renumbered model and the ids kept and handed out."""
    topic_map = _renumber(
        _matching(_dominant(old_doc_topics), _dominant(refit.doc_topics)),
        refit.topics["topic_id"].to_numpy(),
        set(old_topics["topic_id"].astype(int)) | set(range(ever[0])),
    )
    old_theme = _dominant(old_doc_topics).map(dict(zip(old_topics["topic_id"], old_topics["theme_id"], strict=True)))
    new_theme = _dominant(refit.doc_topics).map(
        dict(zip(refit.topics["topic_id"], refit.topics["theme_id"], strict=True))
    )
    theme_map = _renumber(
        _matching(old_theme.dropna().astype(np.int64), new_theme.dropna().astype(np.int64)),
        refit.themes["theme_id"].to_numpy(),
        set(old_themes["theme_id"].astype(int)) | set(range(ever[1])),
    )
    topic_of = np.vectorize(lambda t: topic_map[int(t)], otypes=[np.int16])
    theme_of = np.vectorize(lambda t: theme_map[int(t)], otypes=[np.int16])
    refit.topics = (
        refit.topics.assign(topic_id=topic_of(refit.topics["topic_id"]), theme_id=theme_of(refit.topics["theme_id"]))
        .sort_values("topic_id", kind="stable")
        .reset_index(drop=True)
    )
    refit.themes = refit.themes.assign(theme_id=theme_of(refit.themes["theme_id"])).sort_values(
        "theme_id", kind="stable").reset_index(drop=True)  # fmt: skip
    refit.topic_terms = refit.topic_terms.assign(topic_id=topic_of(refit.topic_terms["topic_id"]))
    refit.doc_topics = refit.doc_topics.assign(topic_id=topic_of(refit.doc_topics["topic_id"]))
    if refit.state:
        refit.state = {**refit.state, "topic_ids": topic_of(refit.state["topic_ids"]).astype(np.int64),
                       "theme_of_topic": theme_of(refit.state["theme_of_topic"]).astype(np.int64)}  # fmt: skip
    kept = {
        "topic_ids_kept": sum(1 for t, f in topic_map.items() if f in set(old_topics["topic_id"].astype(int))),
        "theme_ids_kept": sum(1 for t, f in theme_map.items() if f in set(old_themes["theme_id"].astype(int))),
        **handed_out(refit.topics, refit.themes, ever),
    }
    return refit, kept
