"""Unit tests of the portrayal figures with intervals: Wilson on an effective n, the minimum-N guard, and
the groupings the Sentiment page's compare view draws (by source, by period, two slices)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.explore.portrayal import (
    INTERVAL_COLUMNS,
    MIN_SENTENCES,
    effective_n,
    evidence_of,
    portrayal_by_period,
    portrayal_by_source,
    portrayal_of_slices,
    ranking,
    share_intervals,
    too_few,
    wilson_interval,
)


def sentences(*articles: tuple[str, dict[str, int]]) -> pd.DataFrame:
    """``entity_sentiment`` rows of one entity: per article, how many sentences carry each label."""
    rows = [(doc, label) for doc, labels in articles for label, n in labels.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["doc_id", "label"]).assign(entity="X", sent_id=lambda f: range(len(f)))


def test_wilson_interval_matches_the_hand_computed_case():
    # 3 of 10, z = 1.959964 (z² = 3.841459): centre = (0.3 + 0.192073) / 1.384146 = 0.355507,
    # half = z · √(0.021 + 0.009604) / 1.384146 = 0.247671  →  [0.1078, 0.6032] (the textbook figure).
    low, high = wilson_interval(np.array([3.0]), np.array([10.0]))
    assert low[0] == pytest.approx(0.1078, abs=1e-4) and high[0] == pytest.approx(0.6032, abs=1e-4)
    # A share of 0 keeps a width; no data at all is the whole range.
    low, high = wilson_interval(np.array([0.0, 0.0]), np.array([20.0, 0.0]))
    assert low.tolist() == [0.0, 0.0] and high[0] == pytest.approx(0.1611, abs=1e-4) and high[1] == 1.0


def test_effective_n_counts_articles_where_their_sentences_agree():
    # Ten one-sentence articles, three negative: Σ (yᵢ − 0.3)² = 3·0.49 + 7·0.09 = 2.1; variance =
    # 10/9 · 2.1 / 100 = 0.023333; n_eff = 0.21 / 0.023333 = 9 (the k/(k−1) correction of a sample).
    independent = np.array([[1, 0, 0]] * 3 + [[0, 1, 0]] * 7)
    assert effective_n(independent) == pytest.approx(9.0)
    # Two articles of two sentences, one all negative, one all neutral: residuals ±1, variance =
    # 2/1 · 2 / 16 = 0.25 = p(1 − p), so the four sentences are worth one.
    clustered = np.array([[2, 0, 0], [0, 2, 0]])
    assert effective_n(clustered) == pytest.approx(1.0)
    assert effective_n(np.array([[5, 1, 0]])) == 1.0, "one article is worth one sentence"
    assert effective_n(np.array([[0, 3, 0], [0, 4, 0]])) == 2.0, "no spread: each article counts once"


def test_share_intervals_on_a_hand_computed_case():
    frame = sentences(("a", {"negative": 2}), ("b", {"neutral": 2}))
    out = share_intervals(frame, pd.Series({"a": "S", "b": "S"}), min_sentences=4, min_articles=2).set_index("label")
    assert list(share_intervals(frame, pd.Series({"a": "S", "b": "S"})).columns) == list(INTERVAL_COLUMNS)
    assert out["count"].to_dict() == {"negative": 2, "neutral": 2, "positive": 0}
    assert (out["sentences"] == 4).all() and (out["articles"] == 2).all() and (out["n_eff"] == 1.0).all()
    # Wilson with n = 1 and p = 0.5: centre 0.5, half = 1.96 · √(0.25 + 0.960365) / 4.841459 = 0.445380.
    assert out.loc["negative", "low"] == pytest.approx(0.054620, abs=1e-5)
    assert out.loc["negative", "high"] == pytest.approx(0.945380, abs=1e-5)
    # p = 0 on n = 1: [0, 2 · 1.920729 / 4.841459] = [0, 0.793451].
    assert out.loc["positive", "low"] == 0.0 and out.loc["positive", "high"] == pytest.approx(0.793451, abs=1e-5)
    assert out["ranked"].all()


def test_clustered_sentences_give_wider_intervals_than_independent_ones():
    spread = sentences(*[(f"d{i}", {"negative" if i < 6 else "neutral": 1}) for i in range(30)])
    lumped = sentences(("d0", {"negative": 6}), *[(f"d{i}", {"neutral": 1}) for i in range(1, 25)])
    group = pd.Series("S", index=[f"d{i}" for i in range(30)])
    wide = share_intervals(lumped, group).set_index("label").loc["negative"]
    narrow = share_intervals(spread, group).set_index("label").loc["negative"]
    assert wide["share"] == narrow["share"] == pytest.approx(0.2)
    assert wide["n_eff"] < narrow["n_eff"] <= 30
    assert (wide["high"] - wide["low"]) > (narrow["high"] - narrow["low"])


def test_the_minimum_guard_lists_small_groups_and_never_ranks_them():
    many = [(f"big{i}", {"negative": 1, "neutral": 1}) for i in range(10)]  # 20 sentences: ranked
    few = [(f"small{i}", {"negative": 1}) for i in range(19)]  # 19 sentences, all negative: not ranked
    frame = sentences(*many, *few)
    group = pd.Series({f"big{i}": "Big" for i in range(10)} | {f"small{i}": "Small" for i in range(19)})
    out = share_intervals(frame, group)
    assert MIN_SENTENCES == 20
    assert out.groupby("group")["ranked"].all().to_dict() == {"Big": True, "Small": False}
    negative = ranking(out, "negative")
    assert negative["group"].tolist() == ["Big"], "the all-negative small group is not the most negative"
    assert negative["rank"].tolist() == [1] and negative["share"].iloc[0] == pytest.approx(0.5)
    assert too_few(out).to_dict("records") == [{"group": "Small", "sentences": 19, "articles": 19}]


def test_one_article_is_not_a_source_to_rank_however_many_sentences():
    """29 sentences of one article (a source named after a person, one op-ed) are one writer's view."""
    many = [(f"big{i}", {"negative": 1, "neutral": 1}) for i in range(10)]
    frame = sentences(*many, ("oped", {"negative": 29}))
    group = pd.Series({f"big{i}": "Big" for i in range(10)} | {"oped": "One writer"})
    out = share_intervals(frame, group)
    assert out.groupby("group")["ranked"].all().to_dict() == {"Big": True, "One writer": False}
    assert ranking(out, "negative")["group"].tolist() == ["Big"]
    assert too_few(out).to_dict("records") == [{"group": "One writer", "sentences": 29, "articles": 1}]


def test_ranking_orders_by_share_then_by_the_lower_end():
    rows = pd.DataFrame(
        {
            "group": ["A", "B", "C", "D"],
            "label": "negative",
            "share": [0.4, 0.6, 0.4, 0.9],
            "low": [0.30, 0.5, 0.35, 0.1],
            "sentences": [50, 50, 80, 5],
            "ranked": [True, True, True, False],
        }
    )
    assert ranking(rows, "negative")["group"].tolist() == ["B", "C", "A"]
    assert ranking(rows, "negative", top=1)["group"].tolist() == ["B"]


ARTICLES = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d", "e"],
        "source": ["Daily Good", "Daily Good", "Grim Times", "Grim Times", ""],
        "published": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-09", "2024-04-11", None]).tz_localize("UTC"),
    }
)
FRAME = sentences(
    ("a", {"positive": 3, "neutral": 1}),
    ("b", {"positive": 1, "neutral": 1}),
    ("c", {"negative": 2}),
    ("d", {"negative": 1, "neutral": 1}),
    ("e", {"neutral": 5}),
)


def test_by_source_counts_each_source_and_leaves_out_the_unnamed():
    out = portrayal_by_source(FRAME, ARTICLES, min_sentences=4)
    assert sorted(out["group"].unique()) == ["Daily Good", "Grim Times"], "no source: left out"
    good = out[out["group"] == "Daily Good"].set_index("label")
    assert good["count"].to_dict() == {"negative": 0, "neutral": 2, "positive": 4}
    assert good["share"]["positive"] == pytest.approx(4 / 6) and (good["articles"] == 2).all()
    grim = out[out["group"] == "Grim Times"].set_index("label")
    assert grim["share"]["negative"] == pytest.approx(0.75) and (grim["sentences"] == 4).all()
    assert out.groupby("group")["share"].sum().round(9).eq(1.0).all()
    assert (out["low"] <= out["share"]).all() and (out["share"] <= out["high"]).all()


def test_by_period_groups_months_and_quarters_and_leaves_out_the_undated():
    quarters = portrayal_by_period(FRAME, ARTICLES, "Q", min_sentences=1)
    assert quarters.drop_duplicates("group")[["group", "sentences"]].values.tolist() == [["2024 Q1", 8], ["2024 Q2", 2]]
    assert quarters["period"].drop_duplicates().tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-04-01")]
    months = portrayal_by_period(FRAME, ARTICLES, "M", min_sentences=1)
    assert months["group"].unique().tolist() == ["2024-01", "2024-02", "2024-04"]
    assert months[months["group"] == "2024-01"]["sentences"].iloc[0] == 6


def test_two_slices_keep_their_names_and_order():
    a = ARTICLES["source"].eq("Grim Times").to_numpy()
    b = ARTICLES["source"].eq("Daily Good").to_numpy()
    out = portrayal_of_slices(FRAME, ARTICLES, (a, b), ("Grim", "Good"), min_sentences=1)
    assert out["group"].drop_duplicates().tolist() == ["Grim", "Good"], "A before B, not alphabetical"
    assert out.set_index(["group", "label"]).loc[("Grim", "negative"), "count"] == 3


def test_figures_are_deterministic_and_independent_of_row_order():
    first = portrayal_by_source(FRAME, ARTICLES, min_sentences=4)
    shuffled = FRAME.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(first, portrayal_by_source(shuffled, ARTICLES, min_sentences=4))
    pd.testing.assert_frame_equal(first, portrayal_by_source(FRAME, ARTICLES, min_sentences=4))
    empty = share_intervals(FRAME.iloc[:0], pd.Series(dtype="object"))
    assert empty.empty and list(empty.columns) == list(INTERVAL_COLUMNS)
    assert empty["sentences"].dtype == "int64", "typed, so a page can sort it"
    unnamed = share_intervals(FRAME, pd.Series(dtype="object"))  # no article in any group
    assert unnamed.empty and ranking(unnamed, "negative").empty and too_few(unnamed).empty


def test_evidence_of_a_clicked_bar():
    evidence = pd.DataFrame(
        {"label": ["negative", "neutral", "negative"], "sentence": ["x", "y", "z"], "doc_id": ["c", "c", "a"]}
    )
    source = ARTICLES.set_index("doc_id")["source"]
    assert evidence_of(evidence, source, "Grim Times", "negative")["sentence"].tolist() == ["x"]
    assert evidence_of(evidence, source, "Grim Times")["sentence"].tolist() == ["x", "y"]
    assert evidence_of(evidence, source, "Nowhere").empty
