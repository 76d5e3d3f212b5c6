"""A build whose tasks leave the process writes each partition's texts once for the workers to read
(:mod:`analysis.shared_texts`): the same tables, tasks that carry a file's name instead of the texts, and
no scratch file left behind, whether the build ends or fails."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pandas as pd
import pytest

import analysis.pipeline as pipeline
from analysis.config import ENGINE
from analysis.engine import InProcess
from analysis.ingest.corpus import load_corpus
from analysis.pipeline import TEXTS_FOLDER, analyze
from analysis.result import PARTITIONED
from analysis.shared_texts import TextFiles, TextsFile, texts_of
from tests.conftest import BBC, need

ARTICLES = 60
PARTS = 4


@pytest.fixture(scope="module")
def bbc_articles() -> pd.DataFrame:
    return load_corpus(need(BBC)).articles.iloc[:ARTICLES].reset_index(drop=True)


class CopyingRunner(InProcess):
    """Runs each task here, but as a worker process would get it: pickled and unpickled.  Records each
    task's arguments and pickled size."""

    copies_tasks = True

    def __init__(self) -> None:
        self.tasks: list[tuple[str, tuple, int]] = []

    def map(self, fn, tasks, done=None, keep=None):
        def copied():
            for task in tasks:
                data = pickle.dumps(tuple(task))
                self.tasks.append((fn.__name__, tuple(task), len(data)))
                yield pickle.loads(data)

        out = []
        for n, task in enumerate(copied(), start=1):
            result = fn(*task)
            out.append(keep(n - 1, result) if keep else result)
            if done:
                done(n)
        return out


def test_a_texts_file_gives_back_the_very_strings(tmp_path):
    texts = ["", "plain", "“curly” — quotes’", "emoji 🙂 and \x00 a NUL", "line\nbreaks\r\n", "x" * 200_000]
    files = TextFiles(tmp_path / "t", texts, [slice(0, 2), slice(2, 6)])
    assert texts_of(files[0]) == texts[:2] and texts_of(files[1]) == texts[2:]
    assert files[1] is files[1], "each partition is written once, however often a task asks for it"
    assert texts_of(texts[2:4]) == texts[2:4]
    files.close()
    assert not (tmp_path / "t").exists()


def test_a_texts_file_that_does_not_hold_its_partition_is_refused(tmp_path):
    files = TextFiles(tmp_path / "t", ["a", "b", "c"], [slice(0, 3)])
    wrong = TextsFile(files[0].path, 2)
    with pytest.raises(ValueError, match="holds 3 texts, not the partition's 2"):
        wrong.read()


def test_tasks_that_leave_the_process_carry_a_file_not_the_texts(bbc_articles, tmp_path):
    engine = replace(ENGINE, partition_articles=ARTICLES // PARTS)
    held = analyze(bbc_articles, engine=engine, runner=InProcess())
    runner = CopyingRunner()
    written = analyze(bbc_articles, engine=engine, runner=runner, out=tmp_path / "out")
    stages = {name for name, _, _ in runner.tasks}
    assert stages == {"read_tone", "read_voices", "score_stance"}
    assert len(runner.tasks) == 3 * PARTS
    text_chars = bbc_articles["text"].str.len().groupby(pd.RangeIndex(ARTICLES) // (ARTICLES // PARTS)).sum()
    for name, task, size in runner.tasks:
        texts = task[3] if name == "score_stance" else task[1]
        assert isinstance(texts, TextsFile), name
        assert texts.count == ARTICLES // PARTS
        assert size < text_chars.min(), f"{name}'s task ({size:,} bytes pickled) carries no texts"
    written.save(tmp_path / "out")
    assert not (tmp_path / "out" / TEXTS_FOLDER).exists(), "the texts' scratch files were let go"
    for name in PARTITIONED:
        pd.testing.assert_frame_equal(
            getattr(held, name), pd.read_parquet(tmp_path / "out" / f"{name}.parquet"), obj=name
        )


def test_tasks_that_stay_in_the_process_keep_their_texts(bbc_articles, tmp_path):
    """Writing the texts would only cost time where a task is never copied, or where a build holds its
    tables (no folder to write in)."""

    class Recording(CopyingRunner):
        copies_tasks = False

    runner = Recording()
    engine = replace(ENGINE, partition_articles=ARTICLES // PARTS)
    analyze(bbc_articles, engine=engine, runner=runner, out=tmp_path / "out")
    copying = CopyingRunner()
    analyze(bbc_articles, engine=engine, runner=copying)
    for recorded in (runner, copying):
        assert all(isinstance(t[3] if n == "score_stance" else t[1], list) for n, t, _ in recorded.tasks)
    assert not (tmp_path / "out" / TEXTS_FOLDER).exists()


def test_a_failed_build_leaves_no_texts_behind(bbc_articles, tmp_path, monkeypatch):
    def fails(*args, **kwargs):
        assert (tmp_path / "out" / TEXTS_FOLDER).is_dir(), "the files exist while the tasks read them"
        raise RuntimeError("a worker died")

    monkeypatch.setattr(pipeline, "score_stance", fails)
    engine = replace(ENGINE, partition_articles=ARTICLES // PARTS)
    with pytest.raises(RuntimeError, match="a worker died"):
        analyze(bbc_articles, engine=engine, runner=CopyingRunner(), out=tmp_path / "out")
    assert not (tmp_path / "out" / TEXTS_FOLDER).exists()
