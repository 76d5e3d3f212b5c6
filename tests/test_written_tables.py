"""A build that writes its per-article tables as it goes (``analyze(out=…)``) makes the very store a build
that holds them does, and the CLI, the cache and the runners keep their promises around it."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.config import ENGINE, AnalysisConfig
from analysis.engine import InProcess, LocalProcesses, Tasks
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import FOUND_QUOTES, analyze
from analysis.result import PARTITIONED, Analysis
from analysis.store import cached_analyze, store_key
from analysis.tables import HeldTables, WrittenTables
from tests.conftest import BBC, SEEDS, need

#: Seven partitions of a small corpus, so every table is cut into several parts.
ARTICLES = 140


@pytest.fixture(scope="module")
def bbc_articles() -> pd.DataFrame:
    return load_corpus(need(BBC)).articles.iloc[:ARTICLES].reset_index(drop=True)


def _layout(store: Path, name: str) -> list[str] | None:
    path = store / f"{name}.parquet"
    return sorted(p.name for p in path.iterdir()) if path.is_dir() else None


@pytest.mark.parametrize("runner", [InProcess(), LocalProcesses(2)], ids=["in-process", "workers-read-parts"])
def test_a_build_that_writes_as_it_goes_makes_the_same_store(bbc_articles, tmp_path, runner):
    """Every table equal, cut into the same part files; with worker processes, each reads its partition's
    entities and sentences from the part files itself."""
    engine = replace(ENGINE, partition_articles=ARTICLES // 7)
    held = analyze(bbc_articles, engine=engine, runner=InProcess())
    held.save(tmp_path / "held")
    written = analyze(bbc_articles, engine=engine, runner=runner, out=tmp_path / "written")
    assert set(written.written) == set(PARTITIONED), "every partitioned table was written, not held"
    assert not set(written.frames) & set(PARTITIONED)
    written.save(tmp_path / "written")
    metas = [json.loads((tmp_path / side / "meta.json").read_text()) for side in ("held", "written")]
    assert metas[0]["frames"] == metas[1]["frames"]
    for key in ("n_articles", "partitions", "entity_sentiment", "topics", "term_words"):
        if key == "entity_sentiment":  # its speed differs from run to run; what was scored does not
            for meta in metas:
                meta[key].pop("targets_per_cpu_s")
        assert metas[0][key] == metas[1][key], key
    for name in metas[0]["frames"]:
        assert _layout(tmp_path / "held", name) == _layout(tmp_path / "written", name), name
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "held" / f"{name}.parquet"),
            pd.read_parquet(tmp_path / "written" / f"{name}.parquet"),
            obj=name,
        )
    assert len(_layout(tmp_path / "written", "entities")) == 7
    assert not list((tmp_path / "written").glob(".*")), "no partial folder is left behind"
    assert not list((tmp_path / "written").glob(f"{FOUND_QUOTES}*")), "the quotes as found were let go"


def test_each_partition_reads_back_the_rows_a_held_table_gives(bbc_articles, tmp_path):
    frame = analyze(bbc_articles.iloc[:40], runner=InProcess()).entities
    frame = frame.sample(frac=1.0, random_state=0).sort_values("doc_id", kind="stable", key=lambda s: s.map(
        {d: i for i, d in enumerate(bbc_articles["doc_id"])}))  # fmt: skip
    step = 6
    doc_ids = bbc_articles["doc_id"].iloc[:40]
    held, written = HeldTables(), WrittenTables(tmp_path, doc_ids, step, PARTITIONED)
    held.put("entities", frame)
    written.put("entities", frame)
    assert "entities" not in written.frames and (tmp_path / "entities.parquet").is_dir()
    for part, start in enumerate(range(0, 40, step)):
        ids = doc_ids.iloc[start : start + step].tolist()[::-1]  # the task's order, not the table's
        want = held.partition("entities", part, ids)
        pd.testing.assert_frame_equal(written.partition("entities", part, ids), want)
        assert want["doc_id"].drop_duplicates().tolist() == [d for d in ids if d in set(want["doc_id"])]


def test_a_table_out_of_partition_order_is_still_read_by_partition(tmp_path):
    """Rows out of order (articles reused from an earlier store come last) cut a table into equal parts,
    not one per partition: a partition's rows are then found by their ids."""
    doc_ids = pd.Series([f"d{i}" for i in range(6)], dtype="str")
    frame = pd.DataFrame({"doc_id": pd.array(["d0", "d3", "d1", "d4", "d2", "d5"], dtype="str"), "n": range(6)})
    written = WrittenTables(tmp_path, doc_ids, 2, ["entities"])
    written.put("entities", frame)
    got = written.partition("entities", 1, ["d2", "d3"])
    assert got["doc_id"].tolist() == ["d2", "d3"] and got["n"].tolist() == [4, 1]


def test_a_streamed_table_keeps_its_first_partitions_types(tmp_path):
    """A partition whose column is all missing is written with the types of the first one, so the folder
    reads back as one table; a stream of nothing but empty partitions is one empty part."""
    doc_ids = pd.Series(["a", "b", "c"], dtype="str")
    written = WrittenTables(tmp_path, doc_ids, 1, ["quotes", "keywords"])

    def strings(values: list) -> pd.api.extensions.ExtensionArray:
        return pd.array(values, dtype="str")

    written.add("quotes", 0, pd.DataFrame({"doc_id": strings(["a"]), "speaker": strings(["X"])}))
    written.add("quotes", 1, pd.DataFrame({"doc_id": strings([]), "speaker": strings([])}))
    written.add("quotes", 2, pd.DataFrame({"doc_id": strings(["c"]), "speaker": [None]}))
    assert written.finish("quotes") == 2
    read = pd.read_parquet(tmp_path / "quotes.parquet")
    assert read["speaker"].tolist()[0] == "X" and pd.isna(read["speaker"].tolist()[1])
    assert _layout(tmp_path, "quotes") == ["part-00000.parquet", "part-00001.parquet"]
    written.add("keywords", 0, pd.DataFrame({"doc_id": pd.array([], dtype="str"), "n": np.zeros(0, dtype=np.int64)}))
    assert written.finish("keywords") == 0
    assert _layout(tmp_path, "keywords") == ["part-00000.parquet"]
    assert list(pd.read_parquet(tmp_path / "keywords.parquet").columns) == ["doc_id", "n"]


@pytest.mark.parametrize("runner", [InProcess(), LocalProcesses(2)], ids=["in-process", "two-workers"])
def test_runners_keep_each_result_in_task_order(runner):
    seen: list[int] = []

    def keep(i: int, result: int) -> int:
        seen.append(i)
        return result * 10

    out = runner.map(abs, Tasks(5, lambda i: (-i,)), keep=keep)
    assert out == [0, 10, 20, 30, 40] and seen == [0, 1, 2, 3, 4]


def test_the_cache_returns_the_store_it_wrote(tmp_path):
    articles = load_corpus(SEEDS).articles
    result = cached_analyze(articles, cache_dir=tmp_path)
    assert result.home == tmp_path / store_key(articles, AnalysisConfig())
    assert result.meta["store"]["reused"] is False and result.entities["entity"].str.contains("Pompeo").any()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary folder is left"
    again = cached_analyze(articles, cache_dir=tmp_path)
    assert again.meta["store"]["reused"] is True
    pd.testing.assert_frame_equal(result.entity_sentiment, again.entity_sentiment)


def test_the_cache_analyses_in_memory_where_it_cannot_write(tmp_path, monkeypatch):
    """A cache that cannot be written (here: the temporary folder cannot be made) still gives the
    analysis, unstored."""
    import analysis.store as store

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise OSError("read-only file system")

    monkeypatch.setattr(store.tempfile, "mkdtemp", refuse)
    result = cached_analyze(load_corpus(SEEDS).articles, cache_dir=tmp_path)
    assert result.home is None and len(result.entities) and not any(tmp_path.iterdir())


def test_a_failed_build_leaves_the_store_it_would_replace(tmp_path, monkeypatch):
    from analysis import __main__ as cli

    out = tmp_path / "store"
    assert cli.main(["build", str(SEEDS), "--out", str(out)]) == 0
    assert not list(tmp_path.glob(".*")), "the building folder is gone after a build"
    before = pd.read_parquet(out / "entities.parquet")

    def fail(*_args: object, out: Path, **_kwargs: object) -> Analysis:
        (out / "entities.parquet").mkdir(parents=True)  # a table half written when the build fails
        (out / "entities.parquet" / "part-00000.parquet").write_bytes(b"PAR1")
        raise RuntimeError("the machine ran out of memory")

    monkeypatch.setattr(cli, "analyze", fail)
    with pytest.raises(RuntimeError):
        cli.main(["build", str(SEEDS), "--out", str(out)])
    pd.testing.assert_frame_equal(pd.read_parquet(out / "entities.parquet"), before)
    assert not list(tmp_path.glob(".*"))
    shutil.rmtree(out)


def test_articles_reused_from_a_previous_analysis_are_linked_once(bbc_articles):
    """The held path: articles whose rows come from ``previous`` are their own piece, not also part of the
    partition they sit in — linked twice, their entities were doubled."""
    engine = replace(ENGINE, partition_articles=10)
    first = analyze(bbc_articles.iloc[:30], engine=engine, runner=InProcess())
    both = bbc_articles.iloc[:60]
    reused = analyze(both, engine=engine, runner=InProcess(), previous=first)
    fresh = analyze(both, engine=engine, runner=InProcess())
    assert reused.meta["sentences_reused_for_articles"] == 30
    columns = ["doc_id", "sent_id", "start", "end", "entity", "type"]
    for name in ("entities", "quotes"):
        key = columns if name == "entities" else ["doc_id", "start", "end", "speaker"]
        got = reused.frames[name].sort_values(key).reset_index(drop=True)[key]
        want = fresh.frames[name].sort_values(key).reset_index(drop=True)[key]
        pd.testing.assert_frame_equal(got, want, obj=name)
    assert reused.meta["entity_sentiment"]["entity_sentences"] == fresh.meta["entity_sentiment"]["entity_sentences"]


def test_a_corpus_without_a_single_name_is_built(tmp_path):
    """No partition has mentions: the written tables are empty parts with no types to filter on."""
    from analysis import __main__ as cli

    source = tmp_path / "src"
    source.mkdir()
    (source / "note.txt").write_text(
        "A quiet week\n\nThe weather was mild all week. The roads were quiet, and the shops were busy.\n\n"
        "The rain came on the last day and the rivers rose a little.\n"
    )
    assert cli.main(["build", str(source), "--out", str(tmp_path / "store")]) == 0
    store = Analysis.load(tmp_path / "store")
    assert len(store.articles) == 1 and len(store.sentences) >= 3
    assert store.entities.empty and store.entity_sentiment.empty and store.quotes.empty


def test_a_build_into_the_current_folder(tmp_path, monkeypatch):
    from analysis import __main__ as cli

    out = tmp_path / "here"
    out.mkdir()
    monkeypatch.chdir(out)
    assert cli.main(["build", str(SEEDS), "--out", "."]) == 0
    assert (out / "entities.parquet").is_dir() and not list(tmp_path.glob(".*"))


def test_saving_twice_leaves_both_stores_whole(tmp_path):
    result = analyze(load_corpus(SEEDS).articles, out=tmp_path / "first")
    result.save(tmp_path / "first")
    result.save(tmp_path / "second")
    first, second = Analysis.load(tmp_path / "first"), Analysis.load(tmp_path / "second")
    for name in PARTITIONED:
        pd.testing.assert_frame_equal(first.frames[name], second.frames[name], obj=name)
    with pytest.raises(AttributeError, match="written to"):
        _ = result.entities


def test_an_analysis_is_never_written_over_a_store(tmp_path):
    """A failed analysis writing into a store would leave it half replaced: such an ``out`` is refused."""
    store = tmp_path / "store"
    analyze(load_corpus(SEEDS).articles, out=store).save(store)
    with pytest.raises(ValueError, match="holds a store already"):
        analyze(load_corpus(SEEDS).articles, out=store)


def test_the_entity_sentiment_thread_gives_its_freed_memory_back_as_each_partition_is_written(
    bbc_articles, monkeypatch
):
    """The stance thread's malloc arena is trimmed once per partition written (at 37,554 articles it held
    about 220 MB of freed pages under the term counts' peak), and the scores are the same."""
    import analysis.pipeline as pipeline

    engine = replace(ENGINE, partition_articles=ARTICLES // 7)
    plain = analyze(bbc_articles, engine=engine, runner=InProcess())
    trims = []
    monkeypatch.setattr(pipeline, "trim_heap", lambda: trims.append(1))
    trimmed = analyze(bbc_articles, engine=engine, runner=InProcess())
    assert len(trims) == trimmed.meta["partitions"] == 7
    pd.testing.assert_frame_equal(trimmed.entity_sentiment, plain.entity_sentiment)


def test_a_scratch_table_is_read_back_by_partition_then_let_go(tmp_path):
    """The build keeps the quotes as found in the tables between two stages (``FOUND_QUOTES``): each
    partition's rows come back as they went in, and once discarded nothing of them is left."""
    doc_ids = pd.Series(["a", "b", "c", "d"])
    parts = [pd.DataFrame({"doc_id": ["a", "a", "b"], "n": [1, 2, 3]}), pd.DataFrame({"doc_id": ["d"], "n": [4]})]
    for tables in (HeldTables(), WrittenTables(tmp_path, doc_ids, 2, PARTITIONED)):
        for i, frame in enumerate(parts):
            tables.add(FOUND_QUOTES, i, frame)
        assert tables.finish(FOUND_QUOTES) == 4
        for i, (frame, ids) in enumerate(zip(parts, (["a", "b"], ["c", "d"]), strict=True)):
            pd.testing.assert_frame_equal(tables.partition(FOUND_QUOTES, i, ids), frame)
        tables.discard(FOUND_QUOTES)
        assert FOUND_QUOTES not in tables.frames and FOUND_QUOTES not in tables.written
        with pytest.raises(KeyError):
            tables.partition(FOUND_QUOTES, 0, ["a", "b"])
    assert not list(tmp_path.iterdir()), "no file of it is left"
