"""Bad input never costs the rest: each hostile upload gets a clear message, the good files still load,
and a corrupt store is re-analysed instead of crashing the dashboard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.ingest.corpus import load_corpus
from analysis.ingest.report import rejections_by_file
from tests.test_app import DASHBOARD, charts_by_title

GOOD = ("good.txt", b"Council shuts bridge\n\nThe council voted on Monday to close the old bridge to lorries.")
HOSTILE = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 40,
    "program.exe": b"MZ\x90\x00" + bytes(200),
    "rows.csv": b"title,text\n" + b",\n" * 100_000,
    "one-line.txt": b"word " * 2_000_000,  # 10 MB on a single line
    "nested.json": b"[" * 100_000 + b"]" * 100_000,
    "broken.json": b'{"title": "half a record", "text": "never closed',
}


@pytest.fixture(scope="module")
def loaded():
    return load_corpus([GOOD, *HOSTILE.items()])


def test_each_hostile_upload_is_named_with_its_reason_and_the_good_file_loads(loaded):
    assert loaded.articles["title"].tolist() == ["Council shuts bridge"]
    messages = rejections_by_file(loaded.report).set_index("file")
    assert set(messages.index) == set(HOSTILE)
    reason = {file: " ".join(r for r, _ in row) for file, row in messages["reasons"].items()}
    assert reason["empty.txt"] == "empty file"
    assert "binary" in reason["binary.txt"]
    assert "unsupported file type" in reason["program.exe"]
    assert "too long for one article" in reason["one-line.txt"] and "split it" in reason["one-line.txt"]
    assert "nested too deeply" in reason["nested.json"]
    assert "JSON" in reason["broken.json"]


def test_a_csv_of_100k_empty_rows_is_one_message(loaded):
    row = rejections_by_file(loaded.report).set_index("file").loc["rows.csv"]
    assert row["rejected"] == 100_000 and not row["whole_file"]
    assert row["reasons"] == [("empty text", 100_000)]


def test_the_data_page_shows_one_box_per_bad_file(monkeypatch):
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["uploaded_files"] = dict([GOOD, *HOSTILE.items()])
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == len(HOSTILE)
    assert any("rows.csv**: 100,000 rows not added — empty text (100,000)" in e for e in errors)
    at.switch_page("pages/overview.py")
    at.run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "2", "the seed and the good upload"


def test_an_upload_over_the_size_limit_is_refused_and_the_rest_loads():
    corpus = load_corpus([GOOD, ("huge.jsonl", b'{"text": "x"}\n' * 2000)], max_file_bytes=10_000)
    assert corpus.articles["title"].tolist() == ["Council shuts bridge"]
    assert "file too large" in corpus.report.set_index("item").loc["huge.jsonl", "reason"]


def test_an_enormous_json_array_loads_every_record():
    records = [
        {"title": f"Story {i}", "text": f"The council met on day {i} to discuss the bridge."} for i in range(20_000)
    ]
    corpus = load_corpus([("all.json", json.dumps(records).encode())])
    assert len(corpus.articles) == 20_000


def test_a_corrupt_store_is_reanalysed_by_the_dashboard(monkeypatch, tmp_path):
    from analysis.config import AnalysisConfig
    from analysis.store import cached_analyze, store_key
    from tests.conftest import SEEDS

    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path))
    articles = load_corpus(SEEDS).articles
    cached_analyze(articles)
    store = tmp_path / store_key(articles, AnalysisConfig())
    (store / "entities.parquet" / "part-00000.parquet").write_bytes(b"PAR1 this is not parquet")  # a part
    shutil.rmtree(store / "quotes.parquet")  # partial as well as corrupt
    st.cache_resource.clear()  # no analysis in memory: the app must go to the store
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.switch_page("pages/people.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    mentioned = charts_by_title(at)["Most mentioned (click to filter)"][1]
    assert "Mike Pompeo" in set(mentioned["entity"])
    assert (store / "quotes.parquet").exists(), "the store was written again"
    part = Path(store / "entities.parquet" / "part-00000.parquet")
    assert part.read_bytes()[:4] == b"PAR1" and b"this is not parquet" not in part.read_bytes()


def test_a_built_store_is_a_corpus_the_dashboard_opens_without_reanalysing(monkeypatch, tmp_path):
    """``--corpus`` / ``BROADSHEET_CORPUS`` may name a store written by ``python -m analysis build``."""
    from analysis.__main__ import main as cli
    from tests.conftest import SEEDS

    store = tmp_path / "store"
    assert cli(["build", str(SEEDS), "--out", str(store)]) == 0
    cache = tmp_path / "cache"
    monkeypatch.setenv("BROADSHEET_CACHE", str(cache))
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))
    for page in ("overview", "people", "data"):
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not [e for e in at.main.children.values() if type(e).__name__ == "Status"], "nothing re-analysed"
    assert not cache.exists(), "the built store was used as it is"
    assert any("**1** loaded" in m.value for m in at.markdown), "the load report comes from the store"
    # An upload joins the stored corpus and only then is the whole analysed.
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["uploaded_files"] = {"mine.txt": b"Harbour reopens\n\nThe harbour reopened on Monday."}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
