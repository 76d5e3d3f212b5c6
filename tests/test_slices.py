"""Unit tests of slices (filters → articles → restricted frames), chart summaries and downloads."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.explore.export import TABLES, bundle, table_bytes
from analysis.explore.slices import Filters, Slice, contrast, select
from analysis.explore.summaries import (
    co_mentions,
    mention_counts,
    relevance,
    speaker_counts,
    tone_bins,
    tone_by_main_topic,
    tone_by_topic_ids,
    topic_over_time,
)
from analysis.explore.topics import main_topic_ids, main_topics
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import analyze
from analysis.result import Analysis

STORIES = [
    ("Daily Good", "2024-01-05", "a wonderful, happy and successful day for the harbour festival"),
    ("Daily Good", "2024-02-05", "a great and lovely result that pleased the harbour town"),
    ("Grim Times", "2024-01-09", "a terrible, deadly and tragic crash on the motorway"),
    ("Grim Times", "2024-03-11", "an awful motorway disaster that left people hurt and afraid"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    rows = ["title,source,date,text"]
    for i, (source, day, words) in enumerate(STORIES):
        rows.append(
            f'Story {i},{source},{day},"Mayor Anne Smith said it was {words}. '
            f'Officials from the Harbour Council met on Monday. {words.capitalize()}."'
        )
    path = tmp_path_factory.mktemp("small") / "news.csv"
    path.write_text("\n".join(rows))
    return analyze(load_corpus(path).articles)


def test_no_filter_keeps_everything_and_reuses_the_frames(small):
    mask = select(small, Filters())
    assert mask.all()
    view = Slice(small, mask)
    assert view.sentences is small.sentences, "nothing filtered: no copy"
    assert view.keywords(10).equals(small.corpus_keywords.head(10))


def test_each_filter_selects_the_right_articles(small):
    titles = small.articles["title"]

    def kept(**kwargs) -> list[str]:
        return sorted(titles[select(small, Filters(**kwargs))])

    assert kept(sources=("Grim Times",)) == ["Story 2", "Story 3"]
    assert kept(dates=(date(2024, 1, 1), date(2024, 1, 31))) == ["Story 0", "Story 2"]
    assert kept(tone=(0.0, 1.0)) == ["Story 0", "Story 1"]
    assert kept(text="MOTORWAY") == ["Story 2", "Story 3"], "case-insensitive"
    assert kept(sources=("Daily Good",), text="motorway") == []
    assert kept(entity="Anne Smith") == ["Story 0", "Story 1", "Story 2", "Story 3"]
    assert kept(entity="Nobody Here") == []


def test_undated_articles_drop_out_only_once_a_date_range_is_set(small):
    undated = small.articles.copy()
    undated.loc[0, "published"] = pd.NaT
    other = type(small)(frames={**small.frames, "articles": undated}, meta=small.meta)
    assert select(other, Filters()).sum() == 4
    assert select(other, Filters(dates=(date(2024, 1, 1), date(2024, 12, 31)))).sum() == 3


def test_a_slice_restricts_every_per_article_frame(small):
    view = Slice(small, select(small, Filters(sources=("Grim Times",))), Filters(sources=("Grim Times",)))
    ids = set(view.articles["doc_id"])
    for name in ("sentences", "entities", "quotes", "keywords", "doc_topics"):
        assert set(view.frame(name)["doc_id"]) <= ids, name
    assert view.topics is small.topics, "whole-corpus frames are not filtered"
    terms = view.keywords(20)["term"].tolist()
    assert "motorway" in " ".join(terms) and "harbour festival" not in terms


def test_a_slice_memo_computes_once(small):
    view = Slice(small, select(small, Filters()))
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(view.entities)

    assert view.memo("n", compute) == view.memo("n", compute) == len(small.entities)
    assert len(calls) == 1


def test_contrast_finds_the_terms_of_each_side(small):
    grim = (small.articles["source"] == "Grim Times").to_numpy()
    terms = contrast(small, grim, ~grim, top=5)
    typical_a = terms.loc[terms["side"] == "A", "term"].tolist()
    typical_b = terms.loc[terms["side"] == "B", "term"].tolist()
    assert any("motorway" in t for t in typical_a) and any("harbour" in t for t in typical_b)
    assert contrast(small, grim, np.zeros_like(grim), top=5).empty, "an empty side gives no contrast"


def test_summaries():
    bins = tone_bins(pd.Series([-0.95, -0.5, 0.0, 0.02, 0.99]))
    assert len(bins) == 20 and bins["articles"].sum() == 5
    assert bins.loc[bins["low"] == 0.0, "articles"].item() == 2
    entities = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "entity": ["X", "Y", "X", "Y", "X"]})
    pairs = co_mentions(entities).set_index(["a", "b"])["articles"]
    assert pairs[("X", "Y")] == 2 and pairs[("X", "X")] == 3 and pairs[("Y", "Y")] == 2
    counts = mention_counts(entities.assign(type=["person", "place", "person", "place", "person"]))
    assert counts[["entity", "mentions", "articles"]].values.tolist() == [["X", 3, 3], ["Y", 2, 2]]
    quotes = pd.DataFrame({"speaker": ["X", "", None, "Y", "X"], "text": ["a", "b", "c", "d", "e"]})
    assert speaker_counts(quotes).to_dict() == {"X": 2, "Y": 1}, "unattributed quotes are not a speaker"
    terms = pd.DataFrame(
        {"topic_id": [0, 0], "term": ["common", "rare"], "p_term_topic": [0.5, 0.1], "p_term": [0.5, 0.001]}
    )
    assert relevance(terms, 0, 1.0, 0.5, 1000)["term"].tolist() == ["common", "rare"]
    assert relevance(terms, 0, 0.0, 0.5, 1000)["term"].tolist() == ["rare", "common"]
    articles = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "published": pd.to_datetime(
                ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06", "2024-02-01"]
            ),
        }
    )
    shares = pd.DataFrame({"doc_id": list("abcdef"), "topic_id": [0, 0, 1, 1, 1, 0], "share": [1.0] * 6})
    trend = topic_over_time(articles, shares, {0: "zero", 1: "one"})
    assert set(trend["period"]) == {pd.Timestamp("2024-01-01")}, "a month of one article is left out"
    assert trend.set_index("label")["share"].to_dict() == {"zero": 0.4, "one": 0.6}


def test_downloads_round_trip(small):
    frame = small.quotes
    assert (
        pd.read_csv(io.BytesIO(table_bytes(small.articles, "csv")))["title"].tolist()
        == small.articles["title"].tolist()
    )
    assert pd.read_parquet(io.BytesIO(table_bytes(frame, "parquet"))).shape == frame.shape
    with pytest.raises(ValueError):
        table_bytes(frame, "xlsx")
    tables = {name: small.frames[name] for name in TABLES}
    archive = zipfile.ZipFile(io.BytesIO(bundle(tables, ["sources: Grim Times"], small.meta)))
    names = set(archive.namelist())
    assert {f"{name}.csv" for name in TABLES} | {"filters.json", "METHODS.md"} == names
    assert json.loads(archive.read("filters.json"))["filters"] == ["sources: Grim Times"]
    assert "NewsMTSC" in archive.read("METHODS.md").decode()


def test_a_slice_holds_the_ids_isin_would_keep():
    analysis = Analysis(frames={"articles": pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(30)]})}, meta={})
    mask = np.zeros(30, dtype=bool)
    mask[[0, 3, 4, 17, 29]] = True
    view = Slice(analysis, mask)
    ids = pd.Series(["d03", "zz", "d00", "d05", "d29", None, "d03"], dtype="str")
    expected = ids.isin(view.doc_ids).to_numpy()
    assert view.holds(ids).tolist() == expected.tolist()
    cats = pd.Series(pd.Categorical(ids, categories=sorted({f"d{i:02d}" for i in range(30)} | {"zz"})))
    assert view.holds(cats).tolist() == expected.tolist(), "codes, a missing one and an unknown id"


def test_tone_by_main_topic_cut_from_the_held_ids_equals_the_lookup(small):
    main = main_topics(small)
    ids = main_topic_ids(small)
    assert (ids >= 0).sum() == len(main) and len(ids) == len(small.articles)
    labels = {int(t): f"topic {t}" for t in small.topics["topic_id"]}
    for filters in (Filters(), Filters(sources=("Grim Times",)), Filters(sources=("No Such Source",))):
        view = Slice(small, select(small, filters))
        pd.testing.assert_frame_equal(
            tone_by_topic_ids(view.articles, ids[view.mask], labels),
            tone_by_main_topic(view.articles, main, labels),
            check_exact=True,
        )
