"""The store can never hand back a stale analysis: not after a corpus file is edited in place, not for a
text that differs only in case, not after the analysis code changes."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import analysis.store
from analysis.config import AnalysisConfig
from analysis.ingest.corpus import load_corpus
from analysis.keys import PACKAGE, frame_hash, source_digest
from analysis.store import cached_analyze, open_stored, store_key
from tests.conftest import ROOT
from tests.shown import shown_text

DASHBOARD = str(ROOT / "dashboard.py")
PARAGRAPHS = [
    "The harbour at Westhaven reopened on Monday after a storm closed it for a week, the port authority said. "
    "Fishing boats were the first to leave, followed by two ferries that had waited offshore since Friday.",
    "“We are proud of the crews who cleared the channel in record time,” said Mayor Anne Smith, who visited "
    "the quay with engineers from the regional council and thanked volunteers for their work in the rain.",
    "Repairs to the breakwater will cost about two million pounds, according to the council, and will take "
    "most of the summer. Traders said the closure had cost them a busy week of sales at the market.",
]
ARTICLES = [
    ("Harbour reopens after storm", "2020-01-05", "Coast Gazette"),
    ("Council approves breakwater repairs", "2020-01-20", "Coast Gazette"),
    ("Ferry timetable returns to normal", "2020-01-25", "Harbour News"),
]


def write_corpus(path, rows) -> None:
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "date", "source", "text"])
        for n, (title, date, source) in enumerate(rows):
            text = "\n\n".join(PARAGRAPHS[n:] + PARAGRAPHS[:n])
            writer.writerow([title, date, source, text])


def test_a_corrected_date_reaches_the_reopened_analysis_without_reanalysing(tmp_path):
    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    first = load_corpus(source).articles
    cached_analyze(first, cache_dir=tmp_path / "cache")
    write_corpus(source, [("Harbour reopens after storm", "2023-06-30", "Coast Gazette"), *ARTICLES[1:]])
    edited = load_corpus(source).articles
    assert store_key(first, AnalysisConfig()) == store_key(edited, AnalysisConfig()), "no stage reads the date"
    reopened = open_stored(edited, cache_dir=tmp_path / "cache")
    assert reopened is not None and reopened.meta["store"]["reused"]
    dates = reopened.articles.set_index("title")["published"]
    assert str(dates["Harbour reopens after storm"].date()) == "2023-06-30"
    assert list(reopened.articles["doc_id"]) == list(
        cached_analyze(first, cache_dir=tmp_path / "cache").articles["doc_id"]
    ), "rows keep the stored order"
    assert {"tone", "tone_reporter"} <= set(reopened.articles.columns), "the analysis columns are joined back"
    assert frame_hash(first) != frame_hash(edited), "the in-memory caches tell the two apart"


def test_text_that_differs_only_in_case_is_analysed_again(tmp_path):
    shouted = load_corpus([("a.txt", b"Talks\n\nOfficials met Jane Smith in Paris on Monday.")])
    quiet = load_corpus([("a.txt", b"Talks\n\nofficials met jane smith in paris on monday.")])
    assert shouted.articles["doc_id"].tolist() == quiet.articles["doc_id"].tolist(), "one content id…"
    assert store_key(shouted.articles, AnalysisConfig()) != store_key(quiet.articles, AnalysisConfig())
    cache = tmp_path / "cache"
    loud = cached_analyze(shouted.articles, cache_dir=cache)
    assert "Jane Smith" in set(loud.entities["entity"])
    soft = cached_analyze(quiet.articles, cache_dir=cache)  # the loud store is the newest: nothing may be reused
    assert soft.entities.empty, "…but the lower-case text names no one, and its entities are its own"
    assert "sentences_reused_for_articles" not in soft.meta


def test_a_store_written_by_other_code_is_never_reopened(tmp_path, monkeypatch):
    articles = load_corpus(ROOT / "seeds").articles
    cached_analyze(articles, cache_dir=tmp_path)
    assert open_stored(articles, cache_dir=tmp_path) is not None
    monkeypatch.setattr(analysis.store, "code_version", lambda: "0123456789abcdef")
    assert open_stored(articles, cache_dir=tmp_path) is None, "another code version is another key"
    assert analysis.store._newest(tmp_path) is None, "nor is its per-article work reused"


def test_editing_a_build_module_changes_the_code_version_and_a_read_module_does_not(tmp_path):
    copy = tmp_path / "analysis"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(copy)
    assert source_digest(copy) == before == source_digest(PACKAGE)
    (copy / "explore" / "summaries.py").write_text((copy / "explore" / "summaries.py").read_text() + "\n# read side\n")
    assert source_digest(copy) == before, "the read side cannot change a stored analysis"
    rules = copy / "voices" / "entities.py"
    rules.write_text(
        rules.read_text().replace('"""People', '"""Who: people', 1).replace("\n\n\n", "\n\n\n# a comment\n", 1)
    )
    assert source_digest(copy) == before, "a reworded docstring or a comment changes no table"
    rules.write_text(
        rules.read_text().replace(
            'UNKNOWN = "person", "organisation", "place", ""', 'UNKNOWN = "person", "organization", "place", ""', 1
        )
    )
    assert source_digest(copy) != before, "an edited rule is a new key, with no version to bump"
    words = copy / "lexicon" / "speech_verbs.txt"
    changed = source_digest(copy)
    words.write_text(words.read_text() + "quipped\n")
    assert source_digest(copy) != changed, "so is an edited word list"


@pytest.mark.slow
def test_a_corpus_file_edited_in_place_shows_its_new_values_on_every_page(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_corpus(folder / "news.csv", ARTICLES)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(folder))
    pages = ("overview", "keywords", "topics", "sentiment", "people", "articles", "data")

    def visit(page: str) -> AppTest:
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        if page == "articles":
            at.query_params["q"] = "Repairs to the breakwater"  # every article; the first listed is shown
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        return at

    before = {page: shown_text(visit(page)) for page in pages}
    assert "Jan 2020" in before["overview"]
    assert "Harbour reopens after storm" in before["articles"]
    # The file is corrected in place while the server runs: a new date, and a title with a word added.
    write_corpus(
        folder / "news.csv", [("Harbour reopens after the storm", "2023-06-30", "Coast Gazette"), *ARTICLES[1:]]
    )
    after = {page: shown_text(visit(page)) for page in pages}
    for page, text in after.items():
        assert "Harbour reopens after storm" not in text, f"{page} still shows the old title"
        assert "Jan 2020" not in text and "05 January 2020" not in text, f"{page} still shows the old date"
    assert "2020–2023" in after["overview"], "the date span covers the corrected date"
    assert "2023-06-30" in after["articles"], "the article list shows the corrected date"
    for page in ("keywords", "sentiment", "articles"):
        assert "Harbour reopens after the storm" in after[page], f"{page} does not show the new title"
    st.cache_resource.clear()


def test_reused_articles_are_linked_over_the_new_corpus_not_the_old_one(tmp_path):
    """An article analysed before keeps its mentions and quotes as found in it, and they are linked across
    the corpus it is in now: the answer never depends on what was analysed earlier."""
    x = (
        'Budget row deepens\n\nThe plan was attacked on Tuesday. "It will fail," Smith said. The deal was '
        "praised by Kemp and the talks went on into the night without any agreement being reached.\n"
    )
    y = (
        "Minister speaks\n\nJohn Smith, the finance minister, said the plan would pass. John Smith has long "
        "backed it and John Smith will vote for it.\n"
    )
    z = (
        "Governor acts\n\nBrian Kemp, the governor, said the state would reopen. Brian Kemp signed the order "
        "on Monday.\n"
    )
    as_items = {"x.txt": x.encode(), "y.txt": y.encode(), "z.txt": z.encode()}
    x_and_z = load_corpus([(n, as_items[n]) for n in ("x.txt", "z.txt")]).articles
    x_id = x_and_z["doc_id"].iloc[0]

    def people(result):
        return (
            sorted(result.entities.loc[result.entities["doc_id"] == x_id, "entity"].unique()),
            sorted(result.quotes.loc[result.quotes["doc_id"] == x_id, "speaker"]),
        )

    fresh = people(cached_analyze(x_and_z, cache_dir=tmp_path / "fresh"))
    assert fresh == (["Brian Kemp", "Smith"], ["Smith"])
    for earlier in (("x.txt", "y.txt"), ("x.txt",)):
        cache = tmp_path / "-".join(earlier)
        cached_analyze(load_corpus([(n, as_items[n]) for n in earlier]).articles, cache_dir=cache)
        later = cached_analyze(x_and_z, cache_dir=cache)
        assert later.meta.get("sentences_reused_for_articles") == 1, "x's per-article work was reused"
        assert people(later) == fresh, f"after {earlier}: {people(later)}"


def test_an_input_column_named_like_an_analysis_column_keeps_its_values_apart(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text('title,text,tone\nBad day,"A terrible, awful, deadly disaster struck the town.",0.9\n')
    articles = load_corpus(source).articles
    assert "tone" not in articles and articles["tone_original"].tolist() == ["0.9"]
    result = cached_analyze(articles, cache_dir=tmp_path / "cache")
    assert result.articles["tone"].dtype.kind == "f" and result.articles["tone"].iloc[0] < -0.05, "VADER's tone"
    reopened = open_stored(articles, cache_dir=tmp_path / "cache")
    assert reopened.articles["tone"].iloc[0] == result.articles["tone"].iloc[0]
    assert reopened.articles["tone_original"].tolist() == ["0.9"]


def test_a_lean_reopen_holds_no_second_copy_of_the_text_and_reads_the_same(tmp_path):
    """The dashboard's reopen of a raw corpus's store: the text left on disk, read back the same, the other
    tables as a full reopen holds them, and the corpus's current columns (a corrected date) still joined."""
    from analysis.result import decoded

    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES)
    articles = load_corpus(source).articles
    full = cached_analyze(articles, cache_dir=tmp_path / "cache")
    lean = cached_analyze(articles, cache_dir=tmp_path / "cache", lean=True)
    assert lean.meta["store"]["reused"] and lean.text_on_demand
    assert "text" not in lean.articles.columns, "the corpus holds the text; the analysis reads it on demand"
    assert list(lean.articles["doc_id"]) == list(full.articles["doc_id"])
    rows = [0, 1, 2]
    assert lean.texts(rows) == full.articles["text"].tolist()
    assert lean.texts(rows) == articles.set_index("doc_id").loc[lean.articles["doc_id"], "text"].tolist()
    for name in ("sentences", "entities", "entity_sentiment"):
        held = decoded(lean.frames[name])
        pd.testing.assert_frame_equal(held, full.frames[name][held.columns], check_dtype=False)
    quotes = lean.stored_rows("quotes", range(len(lean.quotes)))
    pd.testing.assert_frame_equal(decoded(quotes).reset_index(drop=True), full.quotes, check_dtype=False)
    pd.testing.assert_frame_equal(
        lean.articles, full.articles.drop(columns="text"), check_dtype=False
    )  # the same current columns, the analysis's joined back

    write_corpus(source, [("Harbour reopens after storm", "2023-06-30", "Coast Gazette"), *ARTICLES[1:]])
    dated = open_stored(load_corpus(source).articles, cache_dir=tmp_path / "cache", lean=True)
    assert str(dated.articles.set_index("title")["published"]["Harbour reopens after storm"].date()) == "2023-06-30"


def test_the_growth_of_a_lean_base_is_keyed_by_its_text_not_only_its_ids(tmp_path):
    """An upload grows the server's (lean) analysis; the growth's store is reopened by its key.  With the
    text on disk the key used to hash the ids alone, so a server article edited in place (same id) reopened
    the growth of the old text."""
    from analysis.store import grown_key

    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES[:2])
    base_articles = load_corpus(source).articles
    write_corpus(source, ARTICLES)
    grown = load_corpus(source).articles
    before = cached_analyze(base_articles, cache_dir=tmp_path / "a", lean=True)
    edited = base_articles.assign(text=base_articles["text"].str.replace("storm", "gale", regex=False))
    assert edited["text"].tolist() != base_articles["text"].tolist() and "text" not in before.articles
    after = cached_analyze(edited, cache_dir=tmp_path / "b", lean=True)
    with_edit = pd.concat([edited, grown[~grown["doc_id"].isin(edited["doc_id"])]], ignore_index=True)
    assert list(after.articles["doc_id"]) == list(before.articles["doc_id"]), "the same ids"
    assert grown_key(before, grown) != grown_key(after, with_edit), "another text, another growth"
    again = cached_analyze(base_articles, cache_dir=tmp_path / "a", lean=True)
    assert grown_key(before, grown) == grown_key(again, grown), "the same store, the same key"


@pytest.mark.slow
def test_a_built_store_rebuilt_in_place_shows_its_new_analysis(tmp_path, monkeypatch):
    from analysis.__main__ import main as cli

    store = tmp_path / "store"
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))

    def topics_shown() -> str:
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        at.switch_page("pages/topics.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return {m.label: m.value for m in at.metric}["Topics"]

    assert cli(["build", str(ROOT / "seeds"), "--out", str(store), "--topics", "2"]) == 0
    assert topics_shown() == "2"
    assert cli(["build", str(ROOT / "seeds"), "--out", str(store), "--topics", "3"]) == 0
    assert topics_shown() == "3", "the rebuilt store's topics, not the cached slice of the old one"


SET_RULE = '''
"""A module."""
WORDS = {"alpha", "beta", "gamma", "delta", "epsilon"}


def kept(word):
    """Whether ``word`` is one of ours."""
    assert word
    return word in {"alpha", "beta", "gamma", "delta", "epsilon"} and 1.5 > 0
'''


def test_a_module_hashes_alike_in_every_process_and_by_its_code_alone():
    """Each process orders a set of strings by its own hashing: a key that followed that order would never
    match the store the last process wrote.  (Hashing compiled code instead of the syntax tree was tried:
    it dropped assertions, and CPython's line-number instructions made a reformatted file a new key.)"""
    script = "import sys; from analysis.keys import _without_docstrings as d; print(d(sys.stdin.read()))"
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=SET_RULE,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1
    from analysis.keys import _without_docstrings as digest

    moved = SET_RULE.replace('"""A module."""', '"""A module,\n\nsaid at more length."""\n# a comment')
    assert digest(moved) == digest(SET_RULE), "lines moved by documentation change no key"
    assert digest(SET_RULE.replace("1.5 > 0", "1 > 0")) != digest(SET_RULE.replace("1.5 > 0", "1.0 > 0")), (
        "an int and a float of the same value differ"
    )
    assert digest(SET_RULE.replace('"epsilon"}', '"zeta"}')) != digest(SET_RULE)
    assert digest(SET_RULE.replace("assert word", "assert not word")) != digest(SET_RULE), (
        "an assertion is code the build runs: compiling as with -OO would drop it from the key"
    )


def test_a_lean_growth_is_the_store_read_back_lean_as_its_next_reopen(tmp_path):
    """An upload's growth of the server's lean analysis: what the session holds is the grown store read
    back lean (the text left on disk), the same as the next visit's reopen and as a full read of it."""
    from analysis.result import Analysis, decoded
    from analysis.store import cached_extend

    source = tmp_path / "news.csv"
    write_corpus(source, ARTICLES[:2])
    base = cached_analyze(load_corpus(source).articles, cache_dir=tmp_path / "cache", lean=True)
    write_corpus(source, ARTICLES)
    articles = load_corpus(source).articles
    grown = cached_extend(base, articles, cache_dir=tmp_path / "cache", lean=True)
    assert grown.meta["store"]["reused"] is False and grown.text_on_demand
    assert "text" not in grown.articles.columns and len(grown.articles) == 3
    again = cached_extend(base, articles, cache_dir=tmp_path / "cache", lean=True)
    assert again.meta["store"]["reused"] is True
    full = Analysis.load(tmp_path / "cache" / grown.meta["store"]["key"])
    assert grown.texts([0, 1, 2]) == full.articles["text"].tolist()
    for name in ("sentences", "entities", "entity_sentiment"):
        held = decoded(grown.frames[name])
        pd.testing.assert_frame_equal(held, decoded(again.frames[name]), check_dtype=False)
        pd.testing.assert_frame_equal(held, full.frames[name][held.columns], check_dtype=False)
    assert grown.meta.get("append", {}).get("articles_added") == 1
