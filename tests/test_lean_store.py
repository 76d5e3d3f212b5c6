"""A built store opened lean (the dashboard's read: text and unused columns left on disk, read on demand)
gives the same tables, texts, searches, downloads and pages as the store read whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import analysis.result as result
import analysis.text_file as text_file
from analysis.explore.concordance import term_hits
from analysis.explore.share_safe import Exposure, redact
from analysis.explore.slices import Filters, Slice, select, titles, titles_for
from analysis.explore.texts import article_texts, sentence_rows, sentence_spans, sentence_texts
from analysis.pipeline import analyze
from analysis.result import ENCODED, LEFT_ON_DISK, Analysis, decoded
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
        pd.testing.assert_frame_equal(decoded(frame), full.frames[name][kept], check_exact=True)
    for group, columns in ENCODED.items():  # held as codes, one set of sorted categories per group
        dtypes = {lean.frames[t][c].dtype for t, c in columns}
        assert len(dtypes) == 1 and isinstance(next(iter(dtypes)), pd.CategoricalDtype), group
        categories = next(iter(dtypes)).categories
        assert categories.is_monotonic_increasing and categories.is_unique, group
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


def merged_spans(analysis: Analysis, rows: pd.DataFrame) -> pd.DataFrame:
    """What :func:`sentence_spans` gives, the slow way: a merge on ``doc_id, sent_id``."""
    wanted = decoded(analysis.sentences)[["doc_id", "sent_id", "start", "end"]]
    asked = decoded(rows[["doc_id", "sent_id"]]).reset_index(drop=True)
    return asked.merge(wanted, on=["doc_id", "sent_id"], how="left").astype({"start": float, "end": float})


def test_sentences_are_found_by_their_article_and_number_as_a_merge_finds_them(both):
    full, lean = both
    some = full.sentences.sample(25, random_state=0, replace=True)[["doc_id", "sent_id"]]
    odd = pd.DataFrame({"doc_id": [full.articles["doc_id"].iloc[3], "no-such-id", full.articles["doc_id"].iloc[0]],
                        "sent_id": [10_000, 0, -1]})  # fmt: skip
    asked = pd.concat([some, odd], ignore_index=True)
    expected = merged_spans(full, asked)
    assert expected["start"].notna().sum() == len(some) and expected["start"].iloc[-3:].isna().all()
    for analysis in both:
        first, count = sentence_rows(analysis)
        assert count.sum() == len(analysis.sentences) and (first >= 0).all()
        got = sentence_spans(analysis, asked).astype({"start": float, "end": float})
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        assert sentence_texts(analysis, asked) == sentence_texts(full, asked) != []
    coded = lean.sentences.sample(25, random_state=2)[["doc_id", "sent_id"]]  # a lean store's codes
    assert isinstance(coded["doc_id"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(
        decoded(sentence_spans(lean, coded)).astype({"start": float, "end": float}),
        merged_spans(lean, coded),
        check_dtype=False,
    )


def test_sentences_held_out_of_article_order_are_still_found_by_a_merge(both):
    full, _ = both
    shuffled = full.replaced({**full.frames, "sentences": full.sentences.sample(frac=1.0, random_state=1)})
    assert sentence_rows(shuffled) is None, "no arithmetic on a table that does not hold articles together"
    asked = full.sentences.iloc[[0, 5, 17]][["doc_id", "sent_id"]]
    pd.testing.assert_frame_equal(
        sentence_spans(shuffled, asked).astype({"start": float, "end": float}), merged_spans(full, asked)
    )


def test_titles_are_looked_up_by_position_as_a_map_gives_them(both):
    for analysis in both:
        ids = analysis.entities["doc_id"]
        expected = decoded(analysis.entities)["doc_id"].map(titles(analysis))
        assert titles_for(analysis, ids).tolist() == expected.tolist()
        assert titles_for(analysis, pd.Series(["no-such-id", ids.iloc[0]], dtype="str")).tolist() == [
            None,
            expected.iloc[0],
        ]


def test_a_few_articles_text_is_read_from_the_text_file_and_the_same(store, both, tmp_path, monkeypatch):
    full, lean = both
    assert lean._stored().text_file.path == store / text_file.NAME
    rows = np.array([0, 3, 4, len(full.articles) - 1])
    expected = full.articles["text"].iloc[rows].tolist()
    with monkeypatch.context() as patch:
        patch.setattr(result.StoredTable, "batches", lambda *a, **k: pytest.fail("a row group was decoded"))
        assert lean.texts(rows) == expected
        assert lean.texts(np.array([], dtype=np.int64)) == []
    column = pq.ParquetFile(store / "articles.parquet").metadata.row_group(0)
    text = next(column.column(i) for i in range(column.num_columns) if column.column(i).path_in_schema == "text")
    assert text.compression == "LZ4" and not text.has_dictionary_page, "the Parquet text decodes fast too"
    # A text file that is not this store's (another build's articles, or fewer) is not read: the row groups are.
    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    text_file.write_text_file(copy, full.articles.iloc[::-1])
    stale = Analysis.load(copy, lean=True)
    assert stale._stored().text_file is None and stale.texts(rows) == expected
    (copy / text_file.NAME).unlink()
    assert Analysis.load(copy, lean=True).texts(rows) == expected


class _Buffers:
    """A string array's buffers with other offsets (pyarrow will not build such an array: it validates)."""

    def __init__(self, texts: pa.Array, offsets: np.ndarray):
        self.offset, self._data, self._offsets = 0, texts.buffers()[2], offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def buffers(self) -> list:
        return [None, pa.py_buffer(self._offsets), self._data]


def test_an_unsound_text_file_is_not_read(store, both, tmp_path):
    """Offsets past the data would crash the process on a read: they are checked at the open; a file of
    another schema is not read either."""
    import pyarrow.ipc as ipc

    full, _ = both
    texts = pa.array(full.articles["text"].tolist(), type=pa.large_string())
    assert text_file.sound_offsets(texts) and text_file.sound_offsets(texts.slice(2, 3))
    for where, shift in ((slice(1, None), 10**12), (slice(3, 4), -(10**6))):  # past the data; falling back
        offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64).copy()
        offsets[where] += shift
        assert not text_file.sound_offsets(_Buffers(texts, offsets))
    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    table = pa.table({"doc_id": pa.array(full.articles["doc_id"].tolist(), type=pa.large_string()),
                      "text": pa.array(range(len(full.articles)))})  # fmt: skip
    with ipc.new_file(copy / text_file.NAME, table.schema) as writer:
        writer.write_table(table)
    lean = Analysis.load(copy, lean=True)
    assert lean._stored().text_file is None
    assert lean.texts(np.array([0, 2])) == full.articles["text"].iloc[[0, 2]].tolist()


def test_an_open_store_rebuilt_in_place_does_not_read_the_new_text_file_at_its_old_rows(store, both, tmp_path):
    full, _ = both
    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    lean = Analysis.load(copy, lean=True)
    assert lean._stored().text_file is not None
    text_file.write_text_file(copy, full.articles.iloc[::-1].reset_index(drop=True))  # another build's text
    assert text_file.read_texts(lean._stored().text_file, np.array([0])) is None, "the file is not the one checked"
    assert lean.texts(np.array([0])) == [full.articles["text"].iloc[0]]  # from the row groups, still this store's


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


def shipped_dictionaries(at: AppTest) -> list[str]:
    """Columns sent to the browser as Arrow dictionaries (a categorical's every category goes with it)."""
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            blobs = []
            if type(child).__name__ == "Dataframe":
                blobs.append(proto.arrow_data.data)
            elif type(child).__name__ == "UnknownElement" and child.type == "vega_lite_chart":
                blobs += [d.data.data for d in proto.datasets]
            for blob in blobs:
                schema = pa.ipc.open_stream(blob).schema
                found.extend(f.name for f in schema if pa.types.is_dictionary(f.type))
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return found


#: Sidebar states each page is drawn in: none, a text search, a source, the most named entities (every table restricted,
#: so a categorical's unused categories would show as rows of zeros), and an entity with a source.
STATES = (
    {},
    {"q": "Smith"},
    {"source": ["Daily Good"]},
    {"entity": 0},
    {"entity": 1, "source": ["Grim Times"]},
)


def set_state(at: AppTest, state: dict) -> None:
    at.sidebar.text_input(key="q").set_value(state.get("q", ""))
    at.sidebar.multiselect(key="source").set_value(state.get("source", []))
    entity = at.sidebar.selectbox(key="entity")
    names = [o for o in entity.options if o]  # the most named first
    entity.set_value(names[state["entity"] % len(names)] if "entity" in state else None)
    at.run()


def test_pages_show_the_same_from_a_lean_store(store, monkeypatch):
    """Every page, in several filter states, draws the same strings from the lean and the full read, and the
    lean read's codes never reach the browser as dictionaries."""
    import ui.source

    monkeypatch.setattr(result, "ARTICLE_ROWS", 3)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(store))
    opened = ui.source.open_built
    shown, shipped = {}, []
    for lean in (False, True):
        st.cache_resource.clear()
        monkeypatch.setattr(ui.source, "open_built", lambda path, want=lean, **_: opened(path, lean=want))
        for page in ("overview", "keywords", "topics", "sentiment", "people", "articles", "data"):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.run()
            at.switch_page(f"pages/{page}.py")
            at.run()
            for n, state in enumerate(STATES):
                set_state(at, state)
                assert not at.exception, [e.value for e in at.exception]
                shown[lean, page, n] = shown_strings(at)
                shipped += [(page, n, column) for column in shipped_dictionaries(at)]
        assert ui.source.built_analysis(ui.source.fingerprint(store)).text_on_demand == lean
    st.cache_resource.clear()
    assert not sorted({(p, c) for p, _, c in shipped}), sorted({(p, c) for p, _, c in shipped})
    for page in ("overview", "keywords", "topics", "sentiment", "people", "articles", "data"):
        for n, state in enumerate(STATES):
            assert shown[True, page, n] == shown[False, page, n], (page, state)


def test_names_cut_in_a_share_safe_view_stay_codes_that_read_as_the_strings():
    from analysis.explore.share_safe import replaced

    values = pd.Series(["b", "a long name", "a", None, "a longer name", "b"], dtype="str", name="entity")
    names = {"a long name": "a lo…", "a longer name": "a lo…", "b": "z"}
    encoded = pd.Series(pd.Categorical(values), name="entity")
    got = replaced(encoded, names)
    assert isinstance(got.dtype, pd.CategoricalDtype) and got.cat.categories.is_monotonic_increasing
    pd.testing.assert_series_equal(decoded(got.to_frame())["entity"], values.replace(names))


def test_a_store_saved_without_a_load_report_opens_with_its_articles(tmp_path, monkeypatch):
    """A folder written by ``Analysis.save`` (the cache's folders too) has no load report: it opens as
    the stored analysis it is — its articles, each reported as loaded with a note saying what is not
    known — instead of being read as files (every table rejected, "No articles are loaded")."""
    from streamlit.testing.v1 import AppTest

    from analysis.ingest.corpus import load_corpus
    from analysis.pipeline import analyze
    from analysis.store import NO_LOAD_REPORT, is_built, open_built
    from tests.conftest import ROOT, SEEDS

    analyze(load_corpus(SEEDS).articles).save(tmp_path)
    assert is_built(tmp_path)
    corpus, analysis = open_built(tmp_path)
    assert corpus.report["status"].tolist() == ["loaded"] and corpus.report["notes"].iloc[0] == NO_LOAD_REPORT
    assert corpus.report["doc_id"].tolist() == analysis.articles["doc_id"].tolist()
    monkeypatch.setenv("BROADSHEET_CORPUS", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_an_empty_table_shares_categories_past_127_and_still_compares():
    """pandas keeps an empty categorical's int8 codes when ``set_categories`` widens it past 127 values;
    then ``keywords["doc_id"] == id`` for the 200th article overflowed (the Articles page of an upload of
    305 one-line stories, which have no keywords)."""
    ids = [f"d{i:03d}" for i in range(305)]
    frames = {
        "articles": pd.DataFrame({"doc_id": ids}),
        "sentences": pd.DataFrame({"doc_id": pd.Series(ids, dtype="category")}),
        "keywords": pd.DataFrame({"doc_id": pd.Series([], dtype="str").astype("category")}),
    }
    result._share_categories(frames)
    keywords = frames["keywords"]["doc_id"]
    assert len(keywords.cat.categories) == 305
    assert int((keywords == ids[300]).sum()) == 0
    assert frames["sentences"]["doc_id"].astype("str").tolist() == ids, "the held values kept"
