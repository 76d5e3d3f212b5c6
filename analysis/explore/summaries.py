"""Small pre-aggregated tables for charts: counts per month and source, tone bins, topic shares over time
and by source, co-mentions, topic-term relevance.  Pure pandas; charts receive only these few columns,
never article text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.explore.dates import naive
from analysis.explore.topics import unit_topics
from analysis.result import value_counts


def month_of(published: pd.Series, freq: str = "M") -> pd.Series:
    """The first day of each article's month (or quarter, ``freq="Q"``); NaT stays NaT, time zones dropped."""
    return naive(published).dt.to_period(freq).dt.to_timestamp()


def date_span(published: pd.Series) -> str:
    """The dates covered, as a reader says it: "Jan 2020", "Jan–Mar 2020", "2016–2020", or "undated"."""
    dated = published.dropna()
    if dated.empty:
        return "undated"
    first, last = dated.min(), dated.max()
    if first.to_period("M") == last.to_period("M"):
        return f"{first:%b %Y}"
    return f"{first:%Y}–{last:%Y}" if first.year != last.year else f"{first:%b}–{last:%b %Y}"


def overview_figures(articles: pd.DataFrame) -> dict[str, object]:
    """The headline counts of a selection: articles, stories, sources, the date span, undated, words."""
    return {
        "articles": len(articles),
        "stories": int(articles["story_id"].nunique()),
        "sources": int(articles["source"].replace("", None).nunique()),
        "span": date_span(articles["published"]),
        "undated": int(articles["published"].isna().sum()),
        "words": int(articles["n_words"].sum()),
    }


def tone_figures(articles: pd.DataFrame) -> dict[str, float]:
    """Mean article tone, shares of negative and positive sentences, and reporter against quoted tone."""
    return {
        name: float(articles[name].mean())
        for name in ("tone", "share_negative", "share_positive", "tone_reporter", "tone_quoted")
    }


def articles_by_month(articles: pd.DataFrame, source_label: pd.Series | None = None) -> pd.DataFrame:
    """``period, source, articles``: dated articles per month and source (``source_label`` may regroup)."""
    source = source_label if source_label is not None else articles["source"].fillna("(no source)")
    frame = pd.DataFrame({"period": month_of(articles["published"]), "source": source.to_numpy()}).dropna()
    return frame.groupby(["period", "source"]).size().rename("articles").reset_index()


def tone_bins(tone: pd.Series, width: float = 0.1) -> pd.DataFrame:
    """``low, high, articles``: a histogram of article tone on fixed bins from −1 to +1."""
    edges = np.round(np.arange(-1.0, 1.0 + width / 2, width), 6)
    counts, _ = np.histogram(tone.dropna().clip(-1, 1), bins=edges)
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "articles": counts})


def tone_by(articles: pd.DataFrame, column: str, top: int = 20) -> pd.DataFrame:
    """``<column>, tone, articles``: mean article tone per group, the ``top`` largest groups."""
    grouped = articles.groupby(column, observed=True).agg(tone=("tone", "mean"), articles=("doc_id", "size"))
    return grouped.reset_index().sort_values("articles", ascending=False, kind="stable").head(top)


def tone_by_month(articles: pd.DataFrame) -> pd.DataFrame:
    """``period, tone, articles``: mean article tone per month of the dated articles."""
    dated = articles[["doc_id", "published", "tone"]].dropna(subset=["published"])
    return (
        dated.assign(period=month_of(dated["published"]))
        .groupby("period")
        .agg(tone=("tone", "mean"), articles=("doc_id", "size"))
        .reset_index()
    )


def tone_by_topic_ids(articles: pd.DataFrame, topic_ids: np.ndarray, labels: dict[int, str]) -> pd.DataFrame:
    """:func:`tone_by_main_topic` from each article's main topic id as an array beside ``articles`` (−1:
    none), such as :func:`analysis.explore.topics.main_topic_ids` cut by a slice's mask: a page then looks
    no id up (matching 37,554 ids against the main topics' was 80 ms of each Sentiment rerun)."""
    found = np.asarray(topic_ids) >= 0
    topic = pd.Series(np.asarray(topic_ids)[found]).map(labels)
    joined = pd.DataFrame(
        {"doc_id": articles["doc_id"].to_numpy()[found], "tone": articles["tone"].to_numpy()[found]}
    ).assign(topic=topic.to_numpy())
    return tone_by(joined, "topic")


def tone_by_main_topic(articles: pd.DataFrame, main: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """``topic, tone, articles``: mean tone of the articles whose main topic each topic is (``main``:
    :func:`analysis.explore.topics.main_topics`)."""
    if main["doc_id"].is_unique:  # one main topic per article, as main_topics gives: a lookup, not a join
        # The same rows as the join below, in the articles' order, without a string isin (a Python loop
        # over every id for Arrow strings: 0.2 s at 37,554 articles).
        at = pd.Index(main["doc_id"]).get_indexer(articles["doc_id"])
        topic_ids = np.where(at >= 0, main["topic_id"].to_numpy()[np.maximum(at, 0)], -1)
        return tone_by_topic_ids(articles, topic_ids, labels)
    mains = main.loc[main["doc_id"].isin(articles["doc_id"]), ["doc_id", "topic_id"]]
    joined = articles[["doc_id", "tone"]].merge(mains.assign(topic=mains["topic_id"].map(labels)), on="doc_id")
    return tone_by(joined, "topic")


def article_topic_labels(shares: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """``doc_id, label, share``: each article's topic shares with the topic labels."""
    return shares.assign(label=shares["topic_id"].map(labels))[["doc_id", "label", "share"]]


def topic_over_time(
    articles: pd.DataFrame, shares: pd.DataFrame, labels: dict[int, str], min_articles: int = 5
) -> pd.DataFrame:
    """``period, label, share``: each topic's share of the period's articles — by month, or by quarter
    over more than two years (monthly lines of five topics are unreadable).  Periods with few articles
    are left out: two articles make a 50 % swing."""
    published = articles["published"].dropna()
    long_span = len(published) and (published.max() - published.min()).days > 730
    month = pd.DataFrame(
        {"doc_id": articles["doc_id"].to_numpy(), "period": month_of(articles["published"], "Q" if long_span else "M")}
    )
    month = month.dropna()
    totals = month.groupby("period").size()
    totals = totals[totals >= min_articles]
    if totals.empty:
        return pd.DataFrame(columns=["period", "label", "share"])
    joined = article_topic_labels(shares, labels).merge(month, on="doc_id")
    summed = joined.groupby(["period", "label"])["share"].sum().reset_index()
    summed = summed[summed["period"].isin(totals.index)]
    summed["share"] = summed["share"] / summed["period"].map(totals).to_numpy()
    return summed


def topic_by_source(
    articles: pd.DataFrame, shares: pd.DataFrame, labels: dict[int, str], top_sources: list[str]
) -> pd.DataFrame:
    """``source, label, share``: the topic mix of each of ``top_sources``."""
    joined = article_topic_labels(shares, labels).merge(articles[["doc_id", "source"]], on="doc_id")
    joined = joined[joined["source"].isin(top_sources)]
    return joined.groupby(["source", "label"])["share"].sum().reset_index()


def relevance(
    topic_terms: pd.DataFrame, topic_id: int, weight: float, prevalence: float, total_words: float, top: int = 20
) -> pd.DataFrame:
    """A topic's terms ranked by LDAvis relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)) (Sievert & Shirley
    2014): λ = 1 ranks by frequency in the topic, λ → 0 by how exclusive the term is to it.

    Returns ``term, relevance, in_topic, overall``: estimated uses of the term in the topic
    (p(w|t) × the topic's share of ``total_words``) and in the whole corpus (p(w) × ``total_words``).
    """
    terms = topic_terms[topic_terms["topic_id"] == topic_id]
    p_wt = terms["p_term_topic"].to_numpy(np.float64)
    p_w = np.maximum(terms["p_term"].to_numpy(np.float64), 1e-12)
    score = weight * np.log(p_wt) + (1 - weight) * np.log(p_wt / p_w)
    out = pd.DataFrame(
        {
            "term": terms["term"].to_numpy(),
            "relevance": score,
            "in_topic": np.minimum(p_wt * prevalence, p_w) * total_words,
            "overall": p_w * total_words,
        }
    )
    return out.sort_values("relevance", ascending=False, kind="stable").head(top)


def co_mentions(entities: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """``a, b, articles``: for the ``top`` most mentioned entities, how many articles name each pair.

    The diagonal holds each entity's own article count; rows come in order of mentions.
    """
    ranked = value_counts(entities["entity"]).head(top).index
    present = entities.loc[entities["entity"].isin(ranked), ["doc_id", "entity"]]
    if present.empty:
        return pd.DataFrame(columns=["a", "b", "articles"])
    # An article × entity 0/1 matrix; its Gram matrix counts the articles naming each pair.
    docs, _ = pd.factorize(present["doc_id"])
    column = pd.Index(ranked).get_indexer(present["entity"])
    matrix = np.zeros((docs.max() + 1, len(ranked)), dtype=np.int32)
    matrix[docs, column] = 1
    values = matrix.T @ matrix
    names = list(ranked)
    long = pd.DataFrame(
        {"a": np.repeat(names, len(names)), "b": np.tile(names, len(names)), "articles": values.ravel()}
    )
    return long[long["articles"] > 0].reset_index(drop=True)


def mention_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """``entity, type, mentions, articles`` for every entity, most mentioned first."""
    if all(isinstance(entities[c].dtype, pd.CategoricalDtype) for c in ("entity", "type", "doc_id")):
        return _mention_counts_by_codes(entities)
    return (
        entities.groupby(["entity", "type"], observed=True)
        .agg(mentions=("entity", "size"), articles=("doc_id", "nunique"))
        .reset_index()
        .sort_values("mentions", ascending=False, kind="stable")
    )


def _mention_counts_by_codes(entities: pd.DataFrame) -> pd.DataFrame:
    """:func:`mention_counts` of a lean store's codes, counted with ``np.bincount`` on integer keys: the
    same frame.  Grouping by the categoricals themselves re-hashes their 150,000 names on each call
    (about a quarter of a second at 37,554 articles)."""
    entity, kind, doc = (entities[c].cat.codes.to_numpy().astype(np.int64) for c in ("entity", "type", "doc_id"))
    n_types, n_docs = max(len(entities["type"].cat.categories), 1), max(len(entities["doc_id"].cat.categories), 1)
    named = (entity >= 0) & (kind >= 0)  # groupby leaves out a missing key
    key = entity[named] * n_types + kind[named]
    mentions = np.bincount(key)
    known = doc[named] >= 0  # nunique leaves out a missing doc_id
    pairs = pd.unique(key[known] * n_docs + doc[named][known])  # each (entity, type, article) once
    articles = np.bincount(pairs // n_docs, minlength=len(mentions))
    present = np.flatnonzero(mentions)  # in key order: groupby's sorted (entity, type) order
    counts = pd.DataFrame(
        {
            "entity": pd.Categorical.from_codes(present // n_types, dtype=entities["entity"].dtype),
            "type": pd.Categorical.from_codes(present % n_types, dtype=entities["type"].dtype),
            "mentions": mentions[present],
            "articles": articles[present],
        }
    )
    return counts.sort_values("mentions", ascending=False, kind="stable")


def speaker_counts(quotes: pd.DataFrame) -> pd.Series:
    """Quotes per attributed speaker (``speaker`` → count), most quoted first.

    Counts the one column: filtering the quotes frame first would copy every quote's text.
    """
    speaker = quotes["speaker"]
    return speaker[speaker.fillna("") != ""].value_counts().rename("quotes").rename_axis("speaker")


def described(speaker: pd.Series, source: pd.Series) -> pd.Series:
    """Each quote's speaker, or where the article's words name no one, those words in quotation marks
    (“several friends”, “a new poll”): a reader sees who spoke as far as the article says."""
    speaker = speaker.astype(object).fillna("")
    source = source.astype(object).fillna("")
    unnamed = (speaker == "") & (source != "")
    return speaker.where(~unnamed, "“" + source + "”")


def stand_outs(articles: pd.DataFrame, quotes: pd.DataFrame, keywords: pd.DataFrame, n: int = 3) -> dict[str, list]:
    """What stands out: the most distinctive terms, the most negative and positive articles (by tone), the
    most quoted speakers — each a short list of (label, figure); articles also carry their ``doc_id``."""
    toned = articles[["doc_id", "title", "tone"]].dropna(subset=["tone"]).sort_values("tone", kind="stable")
    negative, positive = toned[toned["tone"] < 0].head(n), toned[toned["tone"] > 0].tail(n)[::-1]
    speakers = speaker_counts(quotes).head(n)

    def listed(frame: pd.DataFrame) -> list[tuple[str, float, str]]:
        return list(zip(frame["title"].fillna("(untitled)"), frame["tone"], frame["doc_id"], strict=True))

    return {
        "terms": list(zip(keywords["term"].head(n * 2), keywords["score"].head(n * 2), strict=True)),
        "negative": listed(negative),
        "positive": listed(positive),
        "quoted": list(zip(speakers.index, speakers.to_numpy(), strict=True)),
    }


def tone_by_passage_topic(
    sentences: pd.DataFrame, passages: pd.DataFrame, doc_topics: pd.DataFrame, labels: dict[int, str]
) -> pd.DataFrame:
    """``topic, tone, articles``: mean sentence tone of the passages whose main topic each topic is — the
    tone by topic of a corpus too small for topics per article (``articles`` counts passages here)."""
    if passages.empty or doc_topics.empty:
        return pd.DataFrame(columns=["topic", "tone", "articles"])
    main = unit_topics(doc_topics)[["unit_id", "topic_id"]]
    spans = passages.merge(main, left_on="passage_id", right_on="unit_id")
    rows = []
    for doc_id, group in spans.groupby("doc_id"):
        sents = sentences[sentences["doc_id"] == doc_id]
        starts = sents["start"].to_numpy()
        for start, end, topic_id in zip(group["start"], group["end"], group["topic_id"], strict=True):
            inside = sents["compound"].to_numpy()[(starts >= start) & (starts < end)]
            rows += [(labels.get(int(topic_id), str(topic_id)), float(v)) for v in inside]
    frame = pd.DataFrame(rows, columns=["topic", "compound"])
    return (
        frame.groupby("topic")
        .agg(tone=("compound", "mean"), articles=("compound", "size"))
        .reset_index()
        .sort_values("articles", ascending=False, kind="stable")
    )
