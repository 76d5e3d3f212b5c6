"""A raw corpus's analysis reopened lean (text on disk): the download keeps the corpus's current columns,
and a store that is gone or unreadable for a moment is neither mistaken for another nor thrown away."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from analysis.explore.slices import Filters, Slice, select
from analysis.ingest.corpus import load_corpus
from analysis.result import Analysis
from analysis.store import cached_analyze, grown_key, open_stored
from tests.test_store_keys import ARTICLES, write_corpus


def _with_desk(path, desks) -> None:
    """The corpus file again with a column the build never saw."""
    rows = list(csv.DictReader(path.open()))
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, [*rows[0], "desk"])
        writer.writeheader()
        for row, desk in zip(rows, desks, strict=True):
            writer.writerow({**row, "desk": desk})


def test_the_articles_download_of_a_lean_reopen_keeps_a_column_added_since_the_build(tmp_path):
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    cached_analyze(load_corpus(source).articles, cache_dir=tmp_path / "cache")
    _with_desk(source, ["ports", "council", "transport"])
    articles = load_corpus(source).articles
    lean = open_stored(articles, cache_dir=tmp_path / "cache", lean=True)
    full = open_stored(articles, cache_dir=tmp_path / "cache")
    assert lean.meta["store"]["reused"] and lean.text_on_demand and "desk" in lean.articles
    view, whole = Slice(lean, select(lean, Filters()), Filters()), Slice(full, select(full, Filters()), Filters())
    got, want = view.download("articles"), whole.download("articles")
    assert "desk" in got.columns and "text" in got.columns
    pd.testing.assert_frame_equal(got, want, check_exact=True)  # the same columns, in the same order
    assert view.download_columns("articles") == len(got.columns)


def test_a_store_is_not_thrown_away_when_this_process_runs_short_of_memory(tmp_path, monkeypatch):
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    articles = load_corpus(source).articles
    built = cached_analyze(articles, cache_dir=tmp_path / "cache", lean=True)
    home = built.home
    monkeypatch.setattr(Analysis, "load", classmethod(lambda cls, *a, **k: (_ for _ in ()).throw(MemoryError())))
    with pytest.raises(MemoryError):
        open_stored(articles, cache_dir=tmp_path / "cache", lean=True)
    assert (home / "articles.parquet").is_file(), "another session reads its text from there"
    monkeypatch.undo()
    assert built.texts([0]) == [articles.set_index("doc_id").loc[built.articles["doc_id"][0], "text"]]


def test_a_lean_base_whose_store_is_gone_has_no_growth_key(tmp_path):
    """The ids alone would reopen the growth of another text: no key, rather than a wrong one."""
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES[:2])
    base = cached_analyze(load_corpus(source).articles, cache_dir=tmp_path / "cache", lean=True)
    write_corpus(source, ARTICLES)
    grown = load_corpus(source).articles
    assert grown_key(base, grown).startswith("grown-")
    shutil.rmtree(base.home)
    with pytest.raises(FileNotFoundError, match="no longer on disk"):
        grown_key(base, grown)


def test_the_registry_drops_a_lean_analysis_whose_store_was_removed(tmp_path):
    from ui.analyses import Registry

    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    articles = load_corpus(source).articles
    lean = cached_analyze(articles, cache_dir=tmp_path / "cache", lean=True)
    registry = Registry()
    registry.put("corpus", lean)
    assert registry.get("corpus") is lean
    shutil.rmtree(lean.home)  # a cleaner empties the temporary folder the cache is in
    assert registry.get("corpus") is None, "opened or made again, not read from a folder that is gone"
    again = cached_analyze(articles, cache_dir=tmp_path / "cache", lean=True)
    assert not again.meta["store"]["reused"] and again.texts([0, 1, 2]) == lean_texts(articles, again)


def lean_texts(articles: pd.DataFrame, analysis: Analysis) -> list[str]:
    return articles.set_index("doc_id").loc[analysis.articles["doc_id"], "text"].tolist()


def test_the_articles_download_follows_the_corpus_columns_as_they_are_now(tmp_path):
    """Two extra columns swapped in the file since the build: the same store (its key is the ids and the
    text), and a download in the order a full read has — the corpus's current one."""
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    _with_desk(source, ["ports", "council", "transport"])
    rows = list(csv.DictReader(source.open()))
    with source.open("w", newline="") as out:
        writer = csv.DictWriter(out, [*rows[0], "region"])
        writer.writeheader()
        writer.writerows({**row, "region": "north"} for row in rows)
    cached_analyze(load_corpus(source).articles, cache_dir=tmp_path / "cache")
    with source.open("w", newline="") as out:
        header = [c for c in rows[0] if c != "desk"] + ["region", "desk"]
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        writer.writerows({**row, "region": "north"} for row in rows)
    articles = load_corpus(source).articles
    lean = open_stored(articles, cache_dir=tmp_path / "cache", lean=True)
    full = open_stored(articles, cache_dir=tmp_path / "cache")
    assert lean.meta["store"]["reused"] and full.meta["store"]["reused"]
    got = Slice(lean, select(lean, Filters()), Filters()).download("articles")
    want = Slice(full, select(full, Filters()), Filters()).download("articles")
    assert list(want.columns).index("region") < list(want.columns).index("desk")
    pd.testing.assert_frame_equal(got, want, check_exact=True)


@pytest.mark.parametrize(
    "error, removed",
    [(OSError(24, "Too many open files"), False), (PermissionError(13, "denied"), False),
     (FileNotFoundError(2, "gone"), True), (ValueError("Parquet magic bytes not found"), True),
     (OSError("Corrupt snappy compressed data."), True)],  # pyarrow's error for damaged pages: no errno
)  # fmt: skip
def test_only_a_broken_store_is_removed_when_its_reopen_fails(tmp_path, monkeypatch, error, removed):
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    articles = load_corpus(source).articles
    home = cached_analyze(articles, cache_dir=tmp_path / "cache", lean=True).home

    def failing(cls, *args, **kwargs):
        raise error

    monkeypatch.setattr(Analysis, "load", classmethod(failing))
    if removed:
        assert open_stored(articles, cache_dir=tmp_path / "cache", lean=True) is None
    else:
        with pytest.raises(type(error)):
            open_stored(articles, cache_dir=tmp_path / "cache", lean=True)
    assert home.is_dir() is not removed
