"""The read side's fast paths on a lean store's codes (categoricals counted with numpy on their integer
codes, ids looked up through the held index) give exactly what the computation on the strings gives:
the same figures, the same order, ties included."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.explore.portrayal import (
    portrayal,
    portrayal_by_period,
    portrayal_by_source,
    portrayal_of_slices,
    portrayal_shares,
    portrayal_table,
    portrayed_entities,
    share_intervals,
)
from analysis.explore.summaries import mention_counts, tone_by, tone_by_main_topic
from analysis.result import decoded
from analysis.stance.score import LABELS

DOCS = [f"d{i:02d}" for i in range(30)]
NAMES = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus"]  # ties in counts are certain with so few


def coded(frame: pd.DataFrame, columns: dict[str, list[str]]) -> pd.DataFrame:
    """``frame`` with ``columns`` as a lean store holds them: categoricals over sorted categories, here with
    unused ones too (the store's categories cover every table)."""
    return frame.assign(
        **{
            c: pd.Categorical(frame[c], categories=sorted(set(extra) | set(frame[c].dropna())))
            for c, extra in columns.items()
        }
    )


@pytest.fixture(params=range(4))
def sentiment(request) -> pd.DataFrame:
    """Random ``entity_sentiment`` rows (with a missing label and an id no article has, in one seed)."""
    rng = np.random.default_rng(request.param)
    n = 400
    frame = pd.DataFrame(
        {
            "doc_id": rng.choice([*DOCS, "zz-unknown"], n),
            "sent_id": rng.integers(0, 20, n),
            "entity": rng.choice(NAMES, n, p=[0.3, 0.2, 0.15, 0.15, 0.1, 0.05, 0.05]),
            "type": rng.choice(["person", "place"], n),
            "label": rng.choice(list(LABELS), n),
            "score": rng.normal(0, 0.5, n),
        }
    )
    if request.param == 1:
        frame.loc[[3, 7], "label"] = None
    return frame


ARTICLES = pd.DataFrame(
    {
        "doc_id": DOCS,
        "source": [["Alpha", "Beta", "Gamma", ""][i % 4] for i in range(30)],
        "published": pd.to_datetime([f"2024-{1 + i % 9:02d}-{1 + i % 27:02d}" for i in range(30)]),
        "tone": np.linspace(-0.5, 0.5, 30),
    }
)


def lean(frame: pd.DataFrame) -> pd.DataFrame:
    extra = {"doc_id": [*DOCS, "zz-unknown", "zz-other"], "entity": [*NAMES, "Zed"]}
    return coded(frame, extra | {"type": ["organisation", "person", "place"], "label": list(LABELS)})


def test_share_intervals_on_codes_equal_those_on_strings_and_a_crosstab(sentiment):
    codes = lean(sentiment)
    masks = (ARTICLES["source"].eq("Alpha").to_numpy(), ARTICLES["source"].eq("Beta").to_numpy())
    for compute in (
        lambda f: portrayal_by_source(f, ARTICLES, min_sentences=5),
        lambda f: portrayal_by_period(f, ARTICLES, "Q", min_sentences=5),
        lambda f: portrayal_by_period(f, ARTICLES, "M", min_sentences=5),
        lambda f: portrayal_of_slices(f, ARTICLES, masks, ("A", "B"), min_sentences=5),
        lambda f: share_intervals(f, pd.Series("all", index=f["doc_id"].unique())),
    ):
        pd.testing.assert_frame_equal(compute(codes), compute(sentiment), check_exact=True)
    # The counts are what a crosstab of (source, article) by label gives.
    out = portrayal_by_source(codes, ARTICLES, min_sentences=5).set_index(["group", "label"])
    named = sentiment.merge(ARTICLES[ARTICLES["source"] != ""][["doc_id", "source"]], on="doc_id")
    table = pd.crosstab(named["source"], named["label"]).reindex(columns=list(LABELS), fill_value=0)
    for (source, label), count in table.stack().items():
        assert out.loc[(source, label), "count"] == count
    assert (out["articles"].groupby("group").first() == named.groupby("source")["doc_id"].nunique()).all()


def test_portrayed_entities_on_codes_keep_the_order_and_its_ties(sentiment):
    mentions = sentiment.sample(frac=1.3, replace=True, random_state=1).reset_index(drop=True)
    got = portrayed_entities(lean(sentiment), lean(mentions))
    pd.testing.assert_series_equal(got, portrayed_entities(sentiment, mentions), check_exact=True)
    ties = pd.DataFrame({"entity": ["Cy", "Ann", "Bob", "Cy", "Ann", "Bob", "Dee"]}).assign(doc_id="d00")
    scored = ties.iloc[[0, 1, 2, 6]]  # every name scored once: the mention order decides, ties included
    expected = portrayed_entities(scored, ties)
    assert expected.index.tolist() == ["Cy", "Ann", "Bob", "Dee"], "ties in order of first mention"
    as_codes = [lean(f.assign(type="person", label="neutral")) for f in (scored, ties)]
    pd.testing.assert_series_equal(portrayed_entities(*as_codes), expected)


def test_people_figures_on_codes_equal_those_on_strings(sentiment):
    codes = lean(sentiment)
    pd.testing.assert_frame_equal(decoded(mention_counts(codes)), mention_counts(sentiment), check_exact=True)
    counts = mention_counts(codes).head(4)
    shown = codes[codes["entity"].isin(counts["entity"])]
    strings = sentiment[sentiment["entity"].isin(counts["entity"].astype(str))]
    pd.testing.assert_frame_equal(decoded(portrayal_shares(shown)), portrayal_shares(strings), check_exact=True)
    pd.testing.assert_frame_equal(decoded(portrayal(codes)), portrayal(sentiment), check_exact=True)
    table = portrayal_table(shown, counts)
    pd.testing.assert_frame_equal(decoded(table), portrayal_table(strings, decoded(counts)), check_exact=True)
    assert table["entity"].dtype == codes["entity"].dtype, "codes stay codes until they reach the browser"


def test_tone_by_main_topic_by_lookup_equals_the_join():
    main = pd.DataFrame({"doc_id": DOCS[::-1][:25], "topic_id": [i % 4 for i in range(25)], "share": 0.5})
    labels = {0: "zero", 1: "one", 2: "two"}  # topic 3 has no label: left out, as by the join
    articles = ARTICLES.iloc[::2]
    joined = articles[["doc_id", "tone"]].merge(
        main.assign(topic=main["topic_id"].map(labels))[["doc_id", "topic"]], on="doc_id"
    )
    pd.testing.assert_frame_equal(
        tone_by_main_topic(articles, main, labels), tone_by(joined, "topic"), check_exact=True
    )
    twice = pd.concat([main, main.iloc[:3]])  # not one main topic per article: the join itself
    assert tone_by_main_topic(articles, twice, labels)["articles"].sum() > len(tone_by(joined, "topic"))
