"""The partitioned store: the big tables as folders of part files, one per build partition, read back as the
same frames."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.config import EngineConfig
from analysis.pipeline import analyze
from analysis.result import PARTITIONED, Analysis, part_bounds

TOWNS = ["Westhaven", "Eastbury", "Northfield", "Southport", "Kingsley", "Ashford"]


def _articles(n: int) -> pd.DataFrame:
    texts = [
        f"The council of {TOWNS[i % 6]} met on Monday. “We will repair the harbour,” said Mayor Anne Smith. "
        f"John Kemp, the treasurer, said the budget for {TOWNS[(i + 1) % 6]} was tight. Story {i} ends here."
        for i in range(n)
    ]
    return pd.DataFrame(
        {"doc_id": [f"d{i:02d}" for i in range(n)], "title": [f"T{i}" for i in range(n)], "source": "S", "text": texts}
    )


@pytest.fixture(scope="module")
def parted() -> Analysis:
    """24 articles in partitions of 5: five partitions, the last one short."""
    return analyze(_articles(24), engine=EngineConfig(partition_articles=5))


def test_part_bounds_follow_the_partitions_and_never_reorder_rows():
    assert part_bounds(np.array([0, 0, 1, 1, 1, 3])) == [(0, 2), (2, 5), (5, 6)]
    assert part_bounds(np.array([], dtype=np.int64)) == [(0, 0)], "an empty table is one empty part"
    out_of_order = part_bounds(np.array([0, 1, 0, 1, 2, 2]))
    assert len(out_of_order) == 3 and out_of_order[0][0] == 0 and out_of_order[-1][1] == 6
    assert all(a[1] == b[0] for a, b in itertools.pairwise(out_of_order)), "contiguous"


def test_the_big_tables_are_folders_with_one_part_per_partition(parted, tmp_path):
    assert parted.meta["partitions"] == 5
    store = parted.save(tmp_path / "store")
    part_of = {d: i // 5 for i, d in enumerate(parted.articles["doc_id"])}
    for name in PARTITIONED:
        folder = store / f"{name}.parquet"
        assert folder.is_dir(), name
        parts = sorted(folder.glob("part-*.parquet"))
        if name in ("sentences", "entities", "keywords", "term_counts", "mentions"):  # rows in every article
            assert len(parts) == 5, (name, [p.name for p in parts])
        if "doc_id" in parted.frames[name]:
            for n, part in enumerate(parts):
                assert {part_of[d] for d in pd.read_parquet(part)["doc_id"]} == {n}, (name, part.name)
    assert (store / "articles.parquet").is_file() and (store / "topics.parquet").is_file(), "small tables: files"


def _as_single_files(analysis: Analysis, folder) -> dict[str, pd.DataFrame]:
    """The frames as the store read them back before it had parts: each table one Parquet file."""
    folder.mkdir()
    for name, frame in analysis.frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in analysis.frames}


def test_a_partitioned_store_reads_back_the_same_frames_as_single_files_did(parted, tmp_path):
    store = parted.save(tmp_path / "store")
    before = _as_single_files(parted, tmp_path / "single")
    reopened = Analysis.load(store)
    assert list(reopened.frames) == list(parted.frames)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(reopened.frames[name], frame, check_exact=True, obj=name)
        pd.testing.assert_frame_equal(pd.read_parquet(store / f"{name}.parquet"), frame, check_exact=True, obj=name)
    for name in PARTITIONED:  # and what was analysed, value for value (these tables hold no list columns)
        pd.testing.assert_frame_equal(reopened.frames[name], parted.frames[name], check_exact=True, obj=name)


def test_rewriting_a_store_in_place_leaves_no_part_of_the_old_one(parted, tmp_path):
    store = parted.save(tmp_path / "store")
    whole = Analysis(frames=parted.frames, meta={**parted.meta, "partition_articles": 1000})
    whole.save(store)  # the same place, now one partition: parts 1 to 4 of the old save must be gone
    assert [p.name for p in (store / "sentences.parquet").iterdir()] == ["part-00000.parquet"]
    pd.testing.assert_frame_equal(Analysis.load(store).sentences, parted.sentences, check_exact=True)
    (store / "entities.parquet").joinpath("part-00000.parquet").unlink()
    (store / "entities.parquet").rmdir()
    parted.frames["entities"].to_parquet(store / "entities.parquet", index=False)  # a store of the old layout
    parted.save(store)
    assert len(list((store / "entities.parquet").iterdir())) == 5, "an old single file is replaced by the folder"


def test_rows_reused_from_an_earlier_analysis_read_back_in_order(tmp_path):
    """Reused articles' rows come after the fresh partitions' rows: the parts still read back as the frame."""
    engine = EngineConfig(partition_articles=4)
    articles = _articles(12)
    earlier = analyze(articles.iloc[:6], engine=engine)
    later = analyze(articles, previous=earlier, engine=engine)
    assert later.meta["sentences_reused_for_articles"] == 6
    first_doc = later.sentences["doc_id"].drop_duplicates().tolist()[0]
    assert first_doc == "d06", "the case at hand: partition 1's fresh rows come before partition 0's reused ones"
    reopened = Analysis.load(later.save(tmp_path / "store"))
    for name in PARTITIONED:
        pd.testing.assert_frame_equal(reopened.frames[name], later.frames[name], check_exact=True, obj=name)
