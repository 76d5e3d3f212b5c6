"""Growing a store (``build NEW --into STORE``): only new articles analysed, topics kept, and the per-article
tables those of a full analysis of the same loaded articles (the merged corpus: the same texts and page
furniture — a fresh load of every file can learn an outlet's furniture differently, see the README)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.pipeline as pipeline
from analysis.__main__ import main
from analysis.append import extend
from analysis.engine import InProcess
from analysis.ingest.corpus import load_corpus
from analysis.ingest.furniture import blank
from analysis.ingest.merging import merge_corpora
from analysis.result import Analysis
from analysis.store import CannotAppend
from analysis.text.terms import build_term_matrix, count_on_vocabulary
from analysis.themes import growth

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason="needs ../shared/data/bbc-news (BBC News)")


def _split(tmp: Path, every: int = 7, limit: int = 70) -> tuple[Path, Path]:
    """BBC files of each desk (``limit`` per desk) in two folders: every ``every``-th one is 'new'."""
    old, new = tmp / "old", tmp / "new"
    for desk in sorted(p for p in BBC.iterdir() if p.is_dir()):
        for i, path in enumerate(sorted(desk.glob("*.txt"))[:limit]):
            target = (new if i % every == 3 else old) / desk.name
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / path.name)
    return old, new


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """A store of ~300 BBC articles, saved and reopened, grown by ~50 — and the full build of all of them."""
    if not BBC.is_dir():
        pytest.skip("needs ../shared/data/bbc-news (BBC News)")
    tmp = tmp_path_factory.mktemp("append")
    old, new = _split(tmp)
    base = load_corpus(old)
    both = merge_corpora(base, load_corpus(new))
    pipeline.analyze(base.articles).save(tmp / "store")
    stored = Analysis.load(tmp / "store")
    seen: list[str] = []
    original = pipeline.read_voices

    def spy(doc_ids, texts, known=None):
        seen.extend(doc_ids)
        return original(doc_ids, texts, known)

    pipeline.read_voices = spy
    try:
        extended = extend(stored, both.articles, runner=InProcess())
    finally:
        pipeline.read_voices = original
    full = pipeline.analyze(both.articles)
    return stored, extended, full, seen, both


@needs_bbc
def test_count_on_vocabulary_is_what_the_build_counted():
    texts = [p.read_text(encoding="latin-1") for p in sorted((BBC / "business").glob("*.txt"))[:120]]
    tm = build_term_matrix(texts, min_df=2)
    again = count_on_vocabulary(texts, tm.terms)
    assert again.counts.shape == tm.counts.shape
    assert abs(again.counts - tm.counts).sum() == 0
    np.testing.assert_array_equal(again.n_words, tm.n_words)
    # a text of words the vocabulary never saw counts nothing, and is still a row
    none = count_on_vocabulary(["zzyzx qwertyuiop"], tm.terms)
    assert none.counts.shape == (1, len(tm.terms)) and none.counts.nnz == 0


@needs_bbc
def test_only_the_new_articles_are_analysed(grown):
    stored, extended, _, seen, both = grown
    new = set(both.articles["doc_id"]) - set(stored.articles["doc_id"])
    assert len(new) > 20
    assert set(seen) == new and len(seen) == len(new)
    assert extended.meta["append"]["articles_added"] == len(new)
    # old articles first, in their stored order (term_counts rows point into the articles by position)
    assert extended.articles["doc_id"].iloc[: len(stored.articles)].tolist() == stored.articles["doc_id"].tolist()


@needs_bbc
def test_per_article_tables_equal_a_full_build(grown):
    _, extended, full, _, _ = grown
    keys = {
        "sentences": ["doc_id", "sent_id"],
        "mentions": ["doc_id", "start", "end"],
        "entities": ["doc_id", "start", "end"],
        "quotes": ["doc_id", "start", "end"],
        "entity_sentiment": ["doc_id", "sent_id", "entity"],
    }
    for name, by in keys.items():
        pd.testing.assert_frame_equal(
            _sorted(extended.frames[name], by), _sorted(full.frames[name], by), check_dtype=False, obj=name
        )
    tone = ["doc_id", "tone", "share_negative", "share_positive"]
    pd.testing.assert_frame_equal(
        _sorted(extended.articles[tone], ["doc_id"]), _sorted(full.articles[tone], ["doc_id"])
    )


@needs_bbc
def test_topics_keep_their_ids_labels_and_terms(grown):
    stored, extended, _, _, both = grown
    same = ["topic_id", "label", "terms", "theme_id", "theme_label", "x", "y"]
    pd.testing.assert_frame_equal(extended.topics[same], stored.topics[same])
    pd.testing.assert_frame_equal(extended.themes[["theme_id", "label"]], stored.themes[["theme_id", "label"]])
    assert extended.meta["append"]["topics"] == "placed in the stored topics"
    old_rows = extended.doc_topics[extended.doc_topics["doc_id"].isin(stored.articles["doc_id"])]
    pd.testing.assert_frame_equal(old_rows.reset_index(drop=True), stored.doc_topics.reset_index(drop=True))
    new = set(both.articles["doc_id"]) - set(stored.articles["doc_id"])
    placed = extended.doc_topics[extended.doc_topics["doc_id"].isin(new)]
    assert set(placed["doc_id"]) == new  # every new article is in some topic
    assert np.allclose(placed.groupby("doc_id")["weight"].sum(), 1, atol=0.05 * len(extended.topics))
    assert extended.topics["prevalence"].sum() == pytest.approx(1, abs=1e-4)
    # a new article's dominant topic is, mostly, one whose stored articles share its BBC desk
    desk = both.articles.set_index("doc_id")["origin"].str.split("/").str[-2]
    dominant = placed.sort_values("weight", ascending=False).drop_duplicates("doc_id").set_index("doc_id")["topic_id"]
    stored_dom = stored.doc_topics.sort_values("weight", ascending=False).drop_duplicates("doc_id")
    topic_desk = (
        stored_dom.assign(desk=stored_dom["doc_id"].map(desk))
        .groupby("topic_id")["desk"]
        .agg(lambda d: d.value_counts().index[0])
    )
    agree = (dominant.map(topic_desk) == dominant.index.map(desk)).mean()
    assert agree > 0.7


@needs_bbc
def test_new_keywords_and_term_counts_line_up_with_the_store(grown):
    stored, extended, _, _, both = grown
    n_old = len(stored.articles)
    new_rows = extended.term_counts[extended.term_counts["row"] >= n_old]
    assert new_rows["row"].max() == len(extended.articles) - 1
    old_rows = extended.term_counts[extended.term_counts["row"] < n_old].reset_index(drop=True)
    pd.testing.assert_frame_equal(old_rows, stored.term_counts.reset_index(drop=True))
    pd.testing.assert_frame_equal(extended.vocabulary, stored.vocabulary)
    new = set(both.articles["doc_id"]) - set(stored.articles["doc_id"])
    assert set(extended.keywords.loc[extended.keywords["doc_id"].isin(new), "doc_id"]) == new
    # a new article's counts are what a build over it would count, on the stored vocabulary
    row = int(new_rows["row"].iloc[0])
    doc_id = extended.articles["doc_id"].iloc[row]
    text = blank(extended.articles["text"].iloc[row], extended.articles["furniture"].iloc[row])  # as analysed
    expected = count_on_vocabulary([text], stored.vocabulary["term"].to_numpy(dtype=object)).counts
    mine = new_rows[new_rows["row"] == row]
    assert dict(zip(mine["term_id"], mine["count"], strict=True)) == dict(
        zip(expected.indices, expected.data, strict=True)
    ), doc_id


@needs_bbc
def test_the_grown_store_round_trips(grown, tmp_path):
    _, extended, _, _, _ = grown
    extended.save(tmp_path / "grown")
    again = Analysis.load(tmp_path / "grown")
    for name, frame in extended.frames.items():
        assert len(again.frames[name]) == len(frame), name
    state = again.model("topic_model")
    assert set(state) >= {"idf", "basis", "topic_centres", "topic_ids", "fit_p10", "n_fitted"}


@needs_bbc
def test_a_refit_keeps_the_ids_of_topics_still_there(grown):
    stored, _, _, _, both = grown
    refitted = extend(stored, both.articles, runner=InProcess(), refit=True)
    assert refitted.meta["append"]["topics"] == "refitted on request"
    kept = refitted.meta["topics"]["topic_ids_kept"]
    assert kept >= len(stored.topics) // 2

    # every id kept names a topic holding mostly the same articles as before
    def dominant(doc_topics):
        return (
            doc_topics.sort_values("weight", ascending=False).drop_duplicates("doc_id").set_index("doc_id")["topic_id"]
        )

    before, after = dominant(stored.doc_topics), dominant(refitted.doc_topics)
    for topic in set(before) & set(after):
        a, b = set(before.index[before == topic]), set(after.index[after == topic])
        assert len(a & b) / len(a | b) >= growth.SAME_TOPIC
    assert refitted.topics["topic_id"].is_unique and refitted.themes["theme_id"].is_unique
    assert set(refitted.doc_topics["topic_id"]) <= set(refitted.topics["topic_id"])
    assert set(refitted.topics["theme_id"]) <= set(refitted.themes["theme_id"])


def test_drift_is_growth_or_misfit():
    state = {"n_fitted": np.int64(1000), "fit_p10": np.float32(0.3)}
    assert growth.drift(state, 400, 0.1) == []
    assert "grew" in growth.drift(state, 600, 0.1)[0]
    assert "worse" in growth.drift(state, 10, 0.4)[0]


@needs_bbc
def test_a_batch_on_a_subject_the_topics_never_saw_refits_them_and_a_like_batch_does_not(tmp_path):
    def desks(folder: Path, names: list[str], lo: int, hi: int) -> Path:
        for desk in names:
            (folder / desk).mkdir(parents=True, exist_ok=True)
            for path in sorted((BBC / desk).glob("*.txt"))[lo:hi]:
                shutil.copy(path, folder / desk / path.name)
        return folder

    four = ["business", "politics", "sport", "entertainment"]
    base = load_corpus(desks(tmp_path / "old", four, 0, 50))
    stored = pipeline.analyze(base.articles)
    like = merge_corpora(base, load_corpus(desks(tmp_path / "like", four, 50, 55)))
    placed = extend(stored, like.articles, runner=InProcess())
    assert placed.meta["append"]["topics"] == "placed in the stored topics"
    assert placed.meta["append"]["new_articles_far_from_topics"] <= growth.FAR_SHARE
    tech = merge_corpora(base, load_corpus(desks(tmp_path / "tech", ["tech"], 0, 30)))
    refitted = extend(stored, tech.articles, runner=InProcess())
    assert refitted.meta["append"]["new_articles_far_from_topics"] > growth.FAR_SHARE
    assert refitted.meta["append"]["topics"].startswith("refitted: ")


def test_renumbering_never_gives_an_old_id_to_another_topic():
    final = growth._renumber({0: 5, 2: 1}, np.arange(4), taken={0, 1, 2, 3, 4, 5})
    assert final == {0: 5, 1: 6, 2: 1, 3: 7}


@needs_bbc
def test_an_id_a_refit_dropped_is_never_handed_out_again(grown):
    stored, _, _, _, both = grown
    # the stored topics once had ids up to 40 (a refit dropped the highest): new topics start above
    noted = stored.replaced(
        stored.frames, {**stored.meta, "topics": {**stored.meta["topics"], "topic_ids_handed_out": 41}}
    )
    refitted = extend(noted, both.articles, runner=InProcess(), refit=True)
    old_ids = set(stored.topics["topic_id"])
    fresh_ids = set(refitted.topics["topic_id"]) - old_ids
    assert all(t >= 41 for t in fresh_ids)
    assert refitted.meta["topics"]["topic_ids_handed_out"] >= max(41, *refitted.topics["topic_id"])


@needs_bbc
def test_other_code_or_lost_articles_cannot_append(grown):
    stored, _, _, _, both = grown
    with pytest.raises(CannotAppend, match="not in the grown corpus"):
        extend(stored, both.articles.iloc[5:], runner=InProcess())
    other = stored.replaced(stored.frames, {**stored.meta, "analysis_version": "0000"})
    with pytest.raises(CannotAppend, match="another version"):
        extend(other, both.articles, runner=InProcess())


def test_cli_grows_a_store_in_place(tmp_path, capsys):
    seed = ROOT / "seeds"
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "brief.txt").write_text(
        "Ministers met in Brussels on Monday.\n\nThe European Commission said talks on trade would resume, "
        "and Ursula von der Leyen told reporters that a deal was close. Critics in Paris said it was not.",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert main(["build", str(seed), "--out", str(store)]) == 0
    before = pd.read_parquet(store / "articles.parquet")
    first_part = store / "sentences.parquet" / "part-00000.parquet"
    inode = first_part.stat().st_ino
    assert main(["build", str(extra), "--into", str(store)]) == 0
    assert first_part.stat().st_ino == inode, "the stored sentences' part is linked into the grown store"
    after = pd.read_parquet(store / "articles.parquet")
    assert len(after) == len(before) + 1
    assert after["doc_id"].iloc[: len(before)].tolist() == before["doc_id"].tolist()
    assert "added 1 article to" in capsys.readouterr().err
    # stories regrouped beside the analysis: each article's story is led by an article of the store
    assert after["story_id"].notna().all() and set(after["story_id"]) <= set(after["doc_id"])
    report = pd.read_parquet(store / "load_report.parquet")
    assert set(report.loc[report["status"] == "loaded", "doc_id"]) <= set(after["doc_id"])
    # again: nothing new, so the store is not even rewritten
    written = (store / "meta.json").stat().st_mtime_ns
    assert main(["build", str(extra), "--into", str(store)]) == 0
    assert "nothing to add" in capsys.readouterr().err
    assert (store / "meta.json").stat().st_mtime_ns == written
    assert main(["build", str(extra), "--into", str(tmp_path / "nowhere")]) == 2
    assert main(["build", str(tmp_path / "mistyped"), "--into", str(store)]) == 2, "a missing source is an error"
    assert "does not exist" in capsys.readouterr().err
    assert (store / "meta.json").stat().st_mtime_ns == written
    with pytest.raises(SystemExit):
        main(["build", str(extra), "--out", str(store), "--refit"])


@needs_bbc
def test_an_upload_grows_the_built_store_and_keeps_its_topics(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    old, new = _split(tmp_path, every=10, limit=40)
    store = tmp_path / "store"
    assert main(["build", str(old), "--out", str(store)]) == 0
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    dashboard = str(ROOT / "dashboard.py")
    plain = AppTest.from_file(dashboard, default_timeout=120)
    plain.switch_page("pages/topics.py")
    plain.run()
    assert not plain.exception, [e.value for e in plain.exception]
    topics_before = plain.sidebar.multiselect(key="topic").options
    upload = sorted(new.rglob("*.txt"))[0]
    at = AppTest.from_file(dashboard, default_timeout=120)
    at.session_state["uploaded_files"] = {upload.name: upload.read_bytes()}
    at.switch_page("pages/topics.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    statuses = [str(e.proto) for e in at.main.children.values() if type(e).__name__ == "Status"]
    assert any('label: "Added 1 article to the analysis"' in s for s in statuses), "only the upload was analysed"
    assert at.sidebar.multiselect(key="topic").options == topics_before, "the store's topics, ids and labels kept"
    grown = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("grown-")]
    assert len(grown) == 1
    stored = Analysis.load(grown[0])
    assert stored.meta["append"]["articles_added"] == 1
    assert len(stored.articles) == len(pd.read_parquet(store / "articles.parquet")) + 1


@needs_bbc
def test_a_grown_store_links_the_unchanged_parts_and_reads_back_the_same(grown, tmp_path):
    stored, extended, _, _, _ = grown
    home = stored.home
    extended.save(tmp_path / "grown", reuse=home)
    for name in ("sentences", "mentions", "keywords", "term_counts", "doc_topics"):
        old_parts = sorted((home / f"{name}.parquet").glob("part-*.parquet"))
        new_parts = sorted((tmp_path / "grown" / f"{name}.parquet").glob("part-*.parquet"))
        assert len(new_parts) > len(old_parts), f"{name}: the new rows are parts of their own"
        for old, new in zip(old_parts, new_parts, strict=False):
            assert old.name == new.name and old.stat().st_ino == new.stat().st_ino, f"{name}: linked, not written"
    again = Analysis.load(tmp_path / "grown")
    for name, frame in extended.frames.items():
        pd.testing.assert_frame_equal(again.frames[name], frame.reset_index(drop=True), obj=name)


def test_an_interrupted_swap_is_named_not_papered_over(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", str(ROOT / "seeds"), "--out", str(store)]) == 0
    store.rename(tmp_path / ".store.previous")  # as if the append stopped between its two renames
    assert main(["build", str(ROOT / "seeds"), "--into", str(store)]) == 2
    assert "interrupted" in capsys.readouterr().err


def test_an_upload_to_a_store_from_other_code_is_analysed_afresh(monkeypatch, tmp_path):
    """The fallback when a built store cannot be grown: the merged corpus analysed whole (it once waited
    forever on its own lock)."""
    import json

    from streamlit.testing.v1 import AppTest

    store = tmp_path / "store"
    assert main(["build", str(ROOT / "seeds"), "--out", str(store)]) == 0
    meta = json.loads((store / "meta.json").read_text())
    (store / "meta.json").write_text(json.dumps({**meta, "analysis_version": "0000000000000000"}))
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["uploaded_files"] = {
        "mine.txt": b"Harbour reopens\n\nThe harbour reopened on Monday, said Mayor Anne Smith."
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    statuses = [str(e.proto) for e in at.main.children.values() if type(e).__name__ == "Status"]
    assert any('label: "Analysed 2 articles"' in s for s in statuses)


def test_a_small_store_grows_with_its_topics_fitted_on_the_text_as_analysed(tmp_path):
    """Below 30 articles topics are fitted on passages of the texts: the stored articles' texts must reach
    that fit with their page furniture blanked, as the new ones' do and as a build's do (the raw text
    made the outlet's copyright line a topic of its own)."""
    import gzip
    import json

    from tests.conftest import ALLSIDES, need

    source = need(ALLSIDES)
    rows = []
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("source") == "CNN (Web News)" and len(row.get("text") or "") > 1500:
                rows.append(row)
            if len(rows) == 25:
                break
    furniture = "Copyright 2019 The Example Times, LLC. Click here for reprint permission."
    for name, part in (("first.jsonl", rows[:20]), ("more.jsonl", rows[20:])):
        with (tmp_path / name).open("w", encoding="utf-8") as out:
            for row in part:
                out.write(json.dumps({**row, "text": f"{row['text']}\n\n{furniture}"}) + "\n")
    store = tmp_path / "store"
    assert main(["build", str(tmp_path / "first.jsonl"), "--out", str(store)]) == 0
    assert main(["build", str(tmp_path / "more.jsonl"), "--into", str(store)]) == 0
    articles = pd.read_parquet(store / "articles.parquet")
    assert len(articles) == 25 and (articles["furniture"].fillna("") != "").sum() >= 20, "the line is furniture"
    terms = set(pd.read_parquet(store / "topic_terms.parquet")["term"])
    assert not {"reprint", "llc", "reprint permission"} & terms
    passages = pd.read_parquet(store / "passages.parquet").merge(articles[["doc_id", "text"]])
    assert len(passages)
    for passage in passages.itertuples():
        assert furniture not in passage.text[passage.start : passage.end]  # no passage takes in the line


@needs_bbc
def test_a_growth_that_owns_its_copy_of_the_store_gives_the_same_analysis(grown, tmp_path):
    """``extend(own=True)`` lets the stored tables go as it replaces them: the same grown analysis, and
    the copy it was given is left without frames (its tables were not held twice)."""
    stored, extended, _, _, both = grown
    own = Analysis.load(stored.home)
    assert own.frames and own.frames.keys() == stored.frames.keys()
    again = extend(own, both.articles, runner=InProcess(), own=True)
    assert not own.frames, "the caller's copy gave its tables up"
    assert again.frames.keys() == extended.frames.keys()
    for name, frame in extended.frames.items():
        pd.testing.assert_frame_equal(again.frames[name], frame, obj=name)
    assert again.__dict__["stored_prefix"] == extended.__dict__["stored_prefix"]
    assert stored.frames, "a growth that does not own its store leaves it whole"
