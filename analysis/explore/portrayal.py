"""How entities are portrayed: the stored sentence-level sentiment toward each entity, aggregated.

Read side only: it counts the ``entity_sentiment`` frame the build wrote and never loads the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import NormalDist

import numpy as np
import pandas as pd

from analysis.explore.dates import naive
from analysis.result import value_counts
from analysis.stance.score import LABELS


def portrayal(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """How each entity is portrayed: sentences, shares negative/neutral/positive and mean score, per ``by``
    (default: per entity over the whole corpus; ``["doc_id", "entity"]`` per article)."""
    by = by or ["entity"]
    if frame.empty:
        return pd.DataFrame(columns=[*by, "type", "sentences", *LABELS, "score"])
    if by == ["entity"] and isinstance(frame["entity"].dtype, pd.CategoricalDtype):
        # Grouped on the integer codes, then named again: the same figures in the same order (codes sort
        # as the sorted categories do), without hashing 150,000 category names per grouping.
        dtype, codes = frame["entity"].dtype, frame["entity"].cat.codes
        coded = _portrayal(frame[["type", "label", "score"]].assign(entity=codes.to_numpy())[codes.to_numpy() >= 0])
        return coded.assign(entity=pd.Categorical.from_codes(coded["entity"].to_numpy(), dtype=dtype))
    return _portrayal(frame, by)


def _portrayal(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    by = by or ["entity"]
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
    if isinstance(frame["entity"].dtype, pd.CategoricalDtype) and isinstance(frame["label"].dtype, pd.CategoricalDtype):
        return _portrayal_shares_by_codes(frame)
    counts = frame.groupby(["entity", "label"], observed=True).size().rename("n").reset_index()
    counts["sentences"] = counts.groupby("entity")["n"].transform("sum")
    counts["share"] = counts["n"] / counts["sentences"]
    return counts


def _portrayal_shares_by_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`portrayal_shares` of a lean store's codes, counted with ``np.bincount``: the same frame, in
    groupby's (entity, label) order."""
    entity, label = (frame[c].cat.codes.to_numpy().astype(np.int64) for c in ("entity", "label"))
    n_labels = max(len(frame["label"].cat.categories), 1)
    known = (entity >= 0) & (label >= 0)
    counted = np.bincount(entity[known] * n_labels + label[known])
    present = np.flatnonzero(counted)
    owner = present // n_labels
    sentences = np.bincount(owner, weights=counted[present]).astype(np.int64)[owner]
    n = counted[present]
    return pd.DataFrame(
        {
            "entity": pd.Categorical.from_codes(owner, dtype=frame["entity"].dtype),
            "label": pd.Categorical.from_codes(present % n_labels, dtype=frame["label"].dtype),
            "n": n,
            "sentences": sentences,
            "share": n / sentences,
        }
    )


def article_entities(entities: pd.DataFrame, entity_sentiment: pd.DataFrame) -> pd.DataFrame:
    """``entity, type, mentions, portrayal``: one article's entities, most mentioned first, each with its
    mean score over the article's sentences (``entities`` and ``entity_sentiment`` of that article)."""
    mentions = entities.groupby(["entity", "type"], observed=True).size().rename("mentions").reset_index()
    scores = entity_sentiment.groupby("entity")["score"].mean().rename("portrayal").reset_index()
    return mentions.merge(scores, on="entity", how="left").sort_values("mentions", ascending=False, kind="stable")


def portrayed_entities(entity_sentiment: pd.DataFrame, entities: pd.DataFrame) -> pd.Series:
    """Sentences scored per entity (``entity`` → count), in order of mentions: the entities a reader
    expects at the top are the most named, whatever their number of scored sentences."""
    scored, mentioned = entity_sentiment["entity"], entities["entity"]
    if _shared_categories(scored, mentioned):
        return _portrayed_by_codes(scored, mentioned)
    scored, mentioned = value_counts(scored), value_counts(mentioned)
    return scored.reindex(mentioned.index.intersection(scored.index, sort=False)).dropna().astype(int)


def _shared_categories(*columns: pd.Series) -> bool:
    """Whether ``columns`` are categoricals over one set of categories (a lean store's codes)."""
    dtypes = [c.dtype for c in columns]
    return all(isinstance(d, pd.CategoricalDtype) for d in dtypes) and all(
        d.categories is dtypes[0].categories or d.categories.equals(dtypes[0].categories) for d in dtypes[1:]
    )


def _portrayed_by_codes(scored: pd.Series, mentioned: pd.Series) -> pd.Series:
    """:func:`portrayed_entities` counted on the codes (``np.bincount``) rather than by hashing names: the
    same series.  The mention order is :func:`value_counts`' (most first; ties as pandas breaks them, from
    the codes in order of first appearance), restricted to the entities with a scored sentence."""
    categories = scored.cat.categories
    sentences = np.bincount(_known(scored.cat.codes.to_numpy()), minlength=len(categories))
    codes = _known(mentioned.cat.codes.to_numpy())
    first_seen = pd.unique(codes)
    order = pd.Series(np.bincount(codes, minlength=len(categories))[first_seen], index=first_seen)
    order = order.sort_values(ascending=False, kind="stable").index.to_numpy()  # as value_counts sorts
    order = order[sentences[order] > 0]
    index = pd.Index(categories.take(order), name=scored.name)
    return pd.Series(sentences[order].astype(np.int64), index=index, name="count")


def _known(codes: np.ndarray) -> np.ndarray:
    """The codes of the values present (a missing value's code is −1)."""
    return codes[codes >= 0] if (codes < 0).any() else codes


def portrayal_table(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`portrayal` of each entity joined to its ``mentions`` and ``articles`` (``counts``), most
    mentioned first, shares rounded to whole percents ("57%", not "57.14%")."""
    return (
        portrayal(frame)
        .merge(counts[["entity", "mentions", "articles"]], on="entity")
        .sort_values("mentions", ascending=False, kind="stable")
        .round({"negative": 2, "neutral": 2, "positive": 2})
    )


# ------------------------------------------------------------------------------ shares with intervals

#: Sentences an entity needs in a group (a source, a month, a slice) before its shares are ranked or drawn:
#: below it, three shares of a handful of sentences swing by tens of points on one article.
MIN_SENTENCES = 20
#: Articles a group needs too: 29 sentences of one article are one writer's view, not a source's.
MIN_ARTICLES = 3
#: The intervals' coverage.
LEVEL = 0.95
#: Columns of :func:`share_intervals`, the figures the Sentiment page draws and offers for download.
INTERVAL_COLUMNS = ("group", "label", "count", "sentences", "articles", "share", "low", "high", "n_eff", "ranked")


def wilson_interval(successes: np.ndarray, n: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of ``successes`` out of ``n`` (both may be fractional: an effective n).

    Wilson rather than the normal approximation: it stays inside [0, 1] and keeps a width at a share of 0
    or 1, where "0 of 25 sentences positive" must not read as certainly never positive.  ``n`` ≤ 0 gives
    the uninformative [0, 1].
    """
    successes, n = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    z = float(NormalDist().inv_cdf(0.5 + level / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, successes / n, 0.0)
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At a share of exactly 0 or 1 the end is exact (the subtraction leaves 1e-17 behind).
    low = np.where(successes <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(successes >= n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return np.where(n > 0, low, 0.0), np.where(n > 0, high, 1.0)


def effective_n(counts: np.ndarray) -> float:
    """How many independent sentences a group's sentences are worth: ``counts`` holds one row per article
    and one column per label (sentences of that article with that label).

    Sentences of one article share a writer and a story, so they are not independent: ten sentences of
    one angry column are one opinion, not ten.  For each label, the share's variance is taken from the
    spread between articles (the ratio estimator of cluster sampling: Σ (yᵢ − p·mᵢ)² · k/(k−1) / n², for
    k articles of mᵢ sentences, yᵢ of them with the label), and its effective n is what an independent
    sample with that variance would hold: p(1 − p) / variance, n over the design effect.  The group
    takes the smallest over its labels (the most clustered label sets it, so the three intervals of one
    group are drawn on one footing).  It never exceeds n (a design effect below 1 is noise, not a gain)
    nor falls below 1.  A label at a share of 0 or 1 has no spread to measure and is skipped; when no
    label has any (every sentence carries one label), each article counts once.  One article alone is
    worth one sentence: nothing says how another article would differ.
    """
    counts = np.asarray(counts, dtype=float)
    sizes = counts.sum(axis=1)
    n, k = float(sizes.sum()), len(sizes)
    if k <= 1 or n == 0:
        return min(n, 1.0)
    shares = counts.sum(axis=0) / n
    measured = []
    for j, p in enumerate(shares):
        if 0.0 < p < 1.0:
            variance = k / (k - 1) * float(np.square(counts[:, j] - p * sizes).sum()) / (n * n)
            measured.append(n if variance <= 0 else p * (1 - p) / variance)
    return float(np.clip(min(measured) if measured else k, 1.0, n))


def share_intervals(
    frame: pd.DataFrame,
    group_of: pd.Series,
    min_sentences: int = MIN_SENTENCES,
    level: float = LEVEL,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Shares of negative / neutral / positive sentences toward one entity per group, with intervals.

    ``frame``: that entity's rows of ``entity_sentiment`` (``doc_id, label``); ``group_of``: each
    article's group by ``doc_id`` (its source, its quarter, slice A or B); articles without a group are
    left out.  Returns one row per group and label (:data:`INTERVAL_COLUMNS`): ``count`` of the group's
    ``sentences`` carry the label, in ``articles`` articles; ``low``–``high`` is the Wilson interval on
    the effective n (:func:`effective_n`), which counts articles rather than sentences where an
    article's sentences agree with each other.  Chosen over a bootstrap over articles: it needs no random
    draws (the same figures on every run, whatever else the slice holds), is exact enough to check by
    hand, and keeps its width at shares of 0 and 1 and with a few articles, where a bootstrap's
    percentiles collapse to a point.  ``ranked`` is False below ``min_sentences`` or below
    ``min_articles`` articles: such a group is listed, never ranked.  Groups come in their own
    order (a category's order, else sorted).
    """
    if frame.empty:
        return _no_intervals()
    out = []
    for group, values in _per_article(frame, group_of):
        sizes = values.sum(axis=1)
        n = int(sizes.sum())
        n_eff = effective_n(values)
        for j, label in enumerate(LABELS):
            count = int(values[:, j].sum())
            low, high = wilson_interval(np.array([count / n * n_eff]), np.array([n_eff]), level)
            out.append((group, label, count, n, len(sizes), count / n, float(low[0]), float(high[0]), n_eff))
    if not out:
        return _no_intervals()
    result = pd.DataFrame(out, columns=list(INTERVAL_COLUMNS[:-1]))
    result["ranked"] = (result["sentences"] >= min_sentences) & (result["articles"] >= min_articles)
    return result


def groups_of(doc_ids: pd.Series, group_of: pd.Series) -> np.ndarray:
    """``doc_ids.map(group_of).to_numpy()``; for a lean store's codes, each id used is looked up once."""
    if not isinstance(doc_ids.dtype, pd.CategoricalDtype):
        return doc_ids.map(group_of).to_numpy()
    looked, row = _looked_up_once(doc_ids, group_of)
    return looked[row]


def _looked_up_once(doc_ids: pd.Series, group_of: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """For a lean store's ``doc_id`` codes: the group of each distinct id used (NaN for a missing id), and
    for each row which of them it is — so ``looked[row]`` is every row's group, each id looked up once."""
    used, row = np.unique(doc_ids.cat.codes.to_numpy(), return_inverse=True)
    mapped = pd.Series(doc_ids.cat.categories.take(np.maximum(used, 0))).map(group_of)
    looked = np.array(mapped.to_numpy(), dtype=object)  # a copy: pandas may hand back a read-only view
    looked[used < 0] = np.nan  # a missing id has no group
    return looked, row


def _per_article(frame: pd.DataFrame, group_of: pd.Series) -> Iterator[tuple[object, np.ndarray]]:
    """``(group, counts)`` per group in sorted order: one row per article of the group (sorted by
    ``doc_id``) and one column per label of :data:`LABELS` — what
    ``pd.crosstab([group, doc_id], label)`` gives (rows without a group or a label left out), counted with
    numpy on integer codes instead of a grouped count of every sentence per article.  A lean store's
    ``doc_id`` and ``label`` are codes already (categories sorted, so the order is the strings'); each
    article's group is looked up once, not once per sentence."""
    group_codes, group_values = _group_codes(frame["doc_id"], group_of)
    doc_codes, n_docs = _sorted_codes(frame["doc_id"])
    labels = frame["label"]
    keep = (group_codes >= 0) & ~labels.isna().to_numpy()
    if not keep.any():
        return
    group_codes, doc_codes = group_codes[keep], doc_codes[keep]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        lookup = pd.Index(list(LABELS)).get_indexer(labels.cat.categories)
        label_codes = lookup[labels.cat.codes.to_numpy()[keep]]
    else:
        label_codes = pd.Index(list(LABELS)).get_indexer(labels.to_numpy()[keep])
    pairs, row = np.unique(group_codes * n_docs + doc_codes, return_inverse=True)
    known = label_codes >= 0
    counts = np.bincount(row[known] * len(LABELS) + label_codes[known], minlength=len(pairs) * len(LABELS))
    counts = counts.reshape(len(pairs), len(LABELS)).astype(np.int64)
    owner = pairs // n_docs
    starts = np.searchsorted(owner, np.arange(len(group_values) + 1))
    for code, group in enumerate(group_values):
        yield group, counts[starts[code] : starts[code + 1]]


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of ``values`` (int64, −1 for a missing one) that sort as the values do, and how many
    distinct values they can take: a categorical's own codes when its categories are sorted (a lean
    store's), else those of ``pd.factorize(sort=True)``."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.is_monotonic_increasing:
        return values.cat.codes.to_numpy().astype(np.int64), max(len(values.cat.categories), 1)
    codes, uniques = pd.factorize(values.to_numpy(), sort=True)
    return codes.astype(np.int64), max(len(uniques), 1)


def _group_codes(doc_ids: pd.Series, group_of: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group (``group_of`` by ``doc_id``) as a code into the sorted groups (−1: none), and those
    groups: :func:`groups_of` factorized, with each article looked up once for a lean store's codes."""
    if not isinstance(doc_ids.dtype, pd.CategoricalDtype):
        codes, values = pd.factorize(doc_ids.map(group_of).to_numpy(), sort=True)
        return codes.astype(np.int64), values
    looked, row = _looked_up_once(doc_ids, group_of)
    codes, values = pd.factorize(looked, sort=True)
    return codes.astype(np.int64)[row], values


def _no_intervals() -> pd.DataFrame:
    # Typed, so that a page sorting or ranking an entity named in no group needs no special case.
    types = {"group": "object", "label": "object", "share": "float64", "low": "float64", "high": "float64"}
    types |= {"n_eff": "float64", "ranked": "bool"} | {c: "int64" for c in ("count", "sentences", "articles")}
    return pd.DataFrame({c: pd.Series(dtype=types[c]) for c in INTERVAL_COLUMNS})


def portrayal_by_source(
    frame: pd.DataFrame, articles: pd.DataFrame, min_sentences: int = MIN_SENTENCES
) -> pd.DataFrame:
    """:func:`share_intervals` per source of ``articles`` (articles without a source are left out)."""
    return share_intervals(frame, source_groups(articles), min_sentences)


#: Periods the over-time view offers: label → pandas period frequency.
PERIODS = {"month": "M", "quarter": "Q"}


def period_label(period: pd.Period) -> str:
    """How a period is written: "2016-07" for a month, "2016 Q3" for a quarter (they sort in time order)."""
    return f"{period.year} Q{period.quarter}" if period.freqstr.startswith("Q") else f"{period:%Y-%m}"


def portrayal_by_period(
    frame: pd.DataFrame, articles: pd.DataFrame, freq: str = "Q", min_sentences: int = MIN_SENTENCES
) -> pd.DataFrame:
    """:func:`share_intervals` per month (``freq="M"``) or quarter (``"Q"``) of publication, with ``period``
    (the period's first day) beside the ``group`` label; undated articles are left out."""
    periods = naive(articles["published"]).dt.to_period(freq)
    out = share_intervals(frame, period_groups(articles, freq), min_sentences)
    starts = {period_label(p): p.to_timestamp() for p in periods.dropna().unique()}
    out.insert(1, "period", pd.to_datetime(out["group"].map(starts)))
    return out


def portrayal_of_slices(
    frame: pd.DataFrame,
    articles: pd.DataFrame,
    masks: tuple[np.ndarray, np.ndarray],
    names: tuple[str, str],
    min_sentences: int = MIN_SENTENCES,
) -> pd.DataFrame:
    """:func:`share_intervals` in two slices of the corpus (``masks`` over ``articles``, named ``names``),
    as the Keywords page's contrast draws them: two sources, or before and after a date."""
    out = share_intervals(frame, slice_groups(articles, masks, names), min_sentences)
    order = {name: i for i, name in enumerate(names)}
    return out.sort_values("group", key=lambda g: g.map(order), kind="stable").reset_index(drop=True)


def source_groups(articles: pd.DataFrame) -> pd.Series:
    """Each article's source by ``doc_id`` (articles without one left out): the groups of the by-source view."""
    return articles.set_index("doc_id")["source"].replace("", pd.NA).dropna()


def slice_groups(articles: pd.DataFrame, masks: tuple[np.ndarray, np.ndarray], names: tuple[str, str]) -> pd.Series:
    """Each article of slice A or B by ``doc_id``, named by its slice (``masks`` over ``articles``; an
    article in both, as overlapping dates cannot be, counts for A)."""
    group = pd.Series(pd.NA, index=articles["doc_id"].to_numpy(), dtype="object")
    group[masks[1]] = names[1]
    group[masks[0]] = names[0]
    return group.dropna()


def ranking(intervals: pd.DataFrame, label: str, top: int = 10) -> pd.DataFrame:
    """Who portrays the entity most ``label`` (e.g. most negatively): the ranked groups (≥ the minimum
    sentences) by their share of ``label``, largest first; ties by the interval's lower end, then more
    sentences, then name, so the order never depends on the frame's.  ``rank`` from 1."""
    rows = intervals[(intervals["label"] == label) & intervals["ranked"]]
    rows = rows.sort_values(
        ["share", "low", "sentences", "group"], ascending=[False, False, False, True], kind="stable"
    ).head(top)
    return rows.assign(rank=np.arange(1, len(rows) + 1)).reset_index(drop=True)


def too_few(intervals: pd.DataFrame) -> pd.DataFrame:
    """``group, sentences, articles``: the groups below the minimum, most sentences first — listed, not
    ranked."""
    rows = intervals.loc[~intervals["ranked"].astype(bool), ["group", "sentences", "articles"]].drop_duplicates("group")
    return rows.sort_values(["sentences", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)


def sort_by_share(intervals: pd.DataFrame, label: str = "negative") -> list[str]:
    """The ranked groups in order of their share of ``label``, largest first: the order a chart draws."""
    return ranking(intervals, label, top=len(intervals))["group"].tolist()


def evidence_of(evidence: pd.DataFrame, group_of: pd.Series, group: str, label: str | None = None) -> pd.DataFrame:
    """The rows of ``evidence`` (``Slice.evidence``: already share-safe) from articles in ``group``, and with
    ``label`` when given: the sentences behind one clicked bar."""
    return evidence.iloc[evidence_positions(evidence, group_of, group, label)].reset_index(drop=True)


def evidence_positions(evidence: pd.DataFrame, group_of: pd.Series, group: str, label: str | None = None) -> np.ndarray:
    """Where :func:`evidence_of`'s rows stand in ``evidence`` (or in ``Slice.evidence_rows``, the same list
    without its text): the page cuts the text of only the few it lists."""
    in_group = pd.Series(groups_of(evidence["doc_id"], group_of)).eq(group).fillna(False).to_numpy(dtype=bool)
    if label is not None:
        in_group = in_group & (evidence["label"] == label).to_numpy()
    return np.flatnonzero(in_group)


def period_groups(articles: pd.DataFrame, freq: str) -> pd.Series:
    """Each dated article's period label by ``doc_id`` (see :func:`period_label`)."""
    periods = naive(articles["published"]).dt.to_period(freq)
    return pd.Series(
        [period_label(p) if not pd.isna(p) else None for p in periods], index=articles["doc_id"].to_numpy()
    ).dropna()
