"""A built store opened lean (the dashboard's read: text and unused columns left on disk, read on demand)
gives the same tables, texts, searches, downloads and pages as the store read whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import analysis.result as result
from analysis.explore.concordance import term_hits
from analysis.explore.share_safe import Exposure, redact
from analysis.explore.slices import Filters, Slice, select
from analysis.explore.texts import article_texts
from analysis.pipeline import analyze
from analysis.result import LEFT_ON_DISK, Analysis
from tests.conftest import ROOT
from tests.shown import shown_strings
from tests.test_app import COMPARE_STORIES

TERMS = ("smith", "council", "the library", "nothing-like-this")
SEARCHES = ("", "Smith", "library", "corrupt", "zzz")


def corpus_frame() -> pd.DataFrame:
    """Thirteen short articles from three sources (enough for several row groups of three)."""
    rows = []
    for source, sentences in COMPARE_STORIES.items():
        for i in range(6 if source != "Tiny Post" else 1):
            text = " ".join(sentences[i % len(sentences) :] + sentences[: i % len(sentences)])
            rows.append({"doc_id": f"{source[:3]}-{i}", "title": f"{source} story {i}", "source": source,
                         "published": pd.Timestamp(f"2024-0{1 + i % 6}-10"), "text": text})  # fmt: skip
    frame = pd.DataFrame(rows)
    return frame.assign(author="", url="", origin="test", n_words=frame["text"].str.split().str.len())


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The analysis of :func:`corpus_frame`, saved with articles in row groups of three."""
    from analysis.ingest.corpus import load_corpus

    folder = tmp_path_factory.mktemp("lean")
    source = folder / "articles.jsonl"
    corpus_frame().drop(columns=["n_words", "origin"]).to_json(source, orient="records", lines=True, date_format="iso")
    corpus = load_corpus(source)
    out = folder / "store"
    saved, result.ARTICLE_ROWS = result.ARTICLE_ROWS, 3
    try:
        analyze(corpus.articles).save(out)
    finally:
        result.ARTICLE_ROWS = saved
    corpus.report.to_parquet(out / "load_report.parquet", index=False)
    corpus.stories.to_parquet(out / "stories.parquet", index=False)
    return out


@pytest.fixture
def both(store, monkeypatch) -> tuple[Analysis, Analysis]:
    monkeypatch.setattr(result, "ARTICLE_ROWS", 3)  # row groups of three count as small
    return Analysis.load(store), Analysis.load(store, lean=True)


def test_a_lean_open_holds_less_and_the_same(both):
    full, lean = both
    assert lean.text_on_demand and not full.text_on_demand
    assert "mentions" not in lean.frames and "term_counts" not in lean.frames and lean.has_table("term_counts")
    for name, frame in lean.frames.items():
        kept = [c for c in full.frames[name].columns if c not in LEFT_ON_DISK.get(name, ())]
        assert list(frame.columns) == kept, name
        pd.testing.assert_frame_equal(frame, full.frames[name][kept], check_exact=True)
    pd.testing.assert_frame_equal(lean.table("term_counts"), full.term_counts, check_exact=True)


def test_text_read_on_demand_is_the_same_text(both):
    full, lean = both
    rows = np.arange(len(full.articles))
    assert lean.texts(rows) == full.articles["text"].tolist()
    assert lean.texts(rows[[1, 4, 5, 11]]) == full.articles["text"].iloc[[1, 4, 5, 11]].tolist()
    assert sum(len(r) for r, _ in lean.text_batches()) == len(rows) and len(list(lean.text_batches())) > 3
    ids = [*full.articles["doc_id"].iloc[[7, 2]].tolist(), "no-such-id"]
    assert article_texts(lean, ids) == article_texts(full, ids)
    quotes = np.arange(len(full.quotes))[::2]
    pd.testing.assert_series_equal(lean.column("quotes", "text", quotes), full.quotes["text"].iloc[quotes])


@pytest.mark.parametrize("term", TERMS)
def test_term_search_reads_the_same_sentences(both, term):
    full, lean = both
    pd.testing.assert_frame_equal(term_hits(lean, term), term_hits(full, term), check_exact=True)


@pytest.mark.parametrize("needle", SEARCHES)
def test_text_filter_keeps_the_same_articles(both, needle):
    full, lean = both
    for filters in (Filters(text=needle), Filters(text=needle, sources=("Grim Times",))):
        assert (select(lean, filters) == select(full, filters)).all()


@pytest.mark.parametrize("safe", [False, True])
def test_downloads_are_the_same(both, safe):
    full, lean = both
    filters = Filters(sources=("Daily Good",))
    views = []
    for analysis in (full, lean):
        if safe:
            shown = redact(analysis, Exposure())
            views.append(Slice(shown, select(shown, filters, text_source=analysis), filters, analysis, Exposure()))
        else:
            views.append(Slice(analysis, select(analysis, filters), filters))
    for name in ("articles", "sentences", "entities", "entity_sentiment", "quotes", "keywords", "doc_topics"):
        want, got = views[0].download(name), views[1].download(name)
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)
        assert views[1].download_columns(name) == views[0].download_columns(name) == len(want.columns)


def test_pages_show_the_same_from_a_lean_store(store, monkeypatch):
    """Every page, with and without a text search, draws the same strings from the lean and the full read."""
    import ui.source

    monkeypatch.setattr(result, "ARTICLE_ROWS", 3)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))
    opened = ui.source.open_built
    shown = {}
    for lean in (False, True):
        st.cache_resource.clear()
        monkeypatch.setattr(ui.source, "open_built", lambda path, want=lean, **_: opened(path, lean=want))
        for page in ("overview", "keywords", "topics", "sentiment", "people", "articles", "data"):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.run()
            at.switch_page(f"pages/{page}.py")
            at.run()
            first = shown_strings(at)
            at.sidebar.text_input(key="q").set_value("Smith").run()
            assert not at.exception, [e.value for e in at.exception]
            shown[lean, page] = (first, shown_strings(at))
        assert ui.source.built_analysis(ui.source.fingerprint(store)).text_on_demand == lean
    st.cache_resource.clear()
    for page in ("overview", "keywords", "topics", "sentiment", "people", "articles", "data"):
        assert shown[True, page] == shown[False, page], page
