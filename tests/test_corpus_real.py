"""Corpus loading on the real shared corpora (skipped with a reason where ../shared/data is absent)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.corpus import DUPLICATE, LOADED, SKIPPED, SYNDICATED, load_corpus
from tests.conftest import BBC, SHARED_DATA, need

pytestmark = pytest.mark.slow  # real corpora from ../shared/data


def test_bbc_folder_accounts_for_every_file(bbc_corpus):
    files = sorted(str(p.relative_to(BBC)) for p in BBC.rglob("*") if p.is_file())
    assert len(files) == 2226
    assert sorted(bbc_corpus.report["item"]) == files, "one report line per file, no more, no less"
    readme = bbc_corpus.report.set_index("item").loc["README.TXT"]
    assert readme["status"] == SKIPPED and "documentation" in readme["reason"]


def test_bbc_exact_duplicates_reported(bbc_corpus):
    report = bbc_corpus.report
    duplicates = report[report["status"] == DUPLICATE]
    byte_identical = duplicates[~duplicates["reason"].str.contains("folding")]
    # The data set's README: 98 files repeat another's title and body byte for byte.  Three more differ
    # only in paragraph breaks or capitalisation, and are the same article too.
    assert len(byte_identical) == 98
    assert len(duplicates) == 101
    for item, reason in zip(byte_identical["item"], byte_identical["reason"], strict=True):
        original = reason.removeprefix("duplicate of ")
        assert (BBC / item).read_bytes() == (BBC / original).read_bytes()
    assert len(bbc_corpus) == 2225 - len(duplicates)
    assert report["status"].isin([LOADED, SYNDICATED, DUPLICATE, SKIPPED]).all()


def test_bbc_latin1_file_decoded(bbc_corpus):
    article = bbc_corpus.articles.set_index("origin").loc["sport/199.txt"]
    assert "\ufffd" not in article["text"]
    assert "£15.8m" in article["text"]
    assert article["folder"] == "sport"


def test_bbc_csv_matches_folder():
    corpus = load_corpus(need(SHARED_DATA / "bbc-news" / "bbc_news.csv"))
    assert len(corpus.report) == 2225
    assert corpus.summary()["duplicate"] == 101
    assert set(corpus.articles["category"]) == {"business", "entertainment", "politics", "sport", "tech"}


def test_allsides_loads_8000_with_metadata_and_counted_dates(allsides_corpus):
    articles = allsides_corpus.articles
    assert len(articles) == 8000
    assert articles["source"].notna().all() and articles["url"].str.startswith("http").all()
    assert articles["author"].notna().sum() == 8000 - 2027
    summary = allsides_corpus.summary()
    assert summary["dates"] == {"iso": 7050, "other format": 9, "missing": 940, "impossible": 1, "unparsed": 0}
    assert articles["published"].max() == pd.Timestamp("2020-07-21")
    assert articles["published"].min() >= pd.Timestamp("2012-01-01")
    notes = allsides_corpus.report["notes"].dropna()
    assert notes.str.contains("impossible date '0001-11-30'").sum() == 1
    assert set(articles.columns) >= {"topic", "bias_text"}


def test_allsides_syndication_groups_few_real_copies(allsides_corpus):
    stories = allsides_corpus.stories
    copies = stories[stories["n_copies"] > 1]
    # A random sample of a large crawl holds only a handful of republished copies; each group found
    # must be one story: copies published within a week that share most of their text.
    assert 1 <= len(copies) <= 20
    articles = allsides_corpus.articles.set_index("doc_id")
    for doc_ids in copies["doc_ids"]:
        dates = articles.loc[doc_ids, "published"].dropna()
        assert (dates.max() - dates.min()).days <= 7


def test_bbc_themes_and_topics_are_the_same_on_a_rerun(bbc_corpus):
    """A shared link names topics by id: the automatic choice of both levels (stability runs, k-means
    restarts, the SVD) must give the same themes, topics, labels and article weights every time."""
    from analysis.themes.topics import fit_topics

    articles = bbc_corpus.articles.iloc[:600]
    ids, texts = articles["doc_id"].tolist(), articles["text"].tolist()
    first, second = fit_topics(ids, texts), fit_topics(ids, texts)
    assert first.quality["unit"] == "article" and first.quality["k_chosen_automatically"]
    assert len(first.themes) >= 2 and len(first.topics) > len(first.themes)
    for name in ("themes", "topics", "topic_terms", "doc_topics"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), obj=name)
