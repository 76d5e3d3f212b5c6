"""The server corpus's load in a thread of its own (ui/loading.py): once per key whatever the runs
watching it do — interrupted, two at once, or after a failure."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.ingest.corpus import Corpus, load_corpus
from tests.conftest import SEEDS
from ui import loading


class Interrupted(Exception):
    """What Streamlit raises at a drawing call when a click or a closed tab ends the run."""


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> loading.Loads:
    fresh = loading.Loads(size=2)
    monkeypatch.setattr(loading, "_loads", lambda: fresh)
    return fresh


def slow_load(calls: list[int], release: threading.Event):
    """A load that reports, then waits for ``release``; each call counted."""

    def load(tracker) -> Corpus:
        calls.append(1)
        tracker.update("reading files", 1, 1)
        release.wait(10)
        return load_corpus(SEEDS, progress=tracker.update)

    return load


def test_a_run_ended_while_it_draws_the_bar_does_not_end_the_load(loads, monkeypatch):
    calls: list[int] = []
    release = threading.Event()
    drawn: list[float] = []

    def draw(slot, tracker) -> None:
        drawn.append(tracker.fraction)
        if len(drawn) == 1:
            raise Interrupted  # the first run ends at its first drawing call, the load still under way

    monkeypatch.setattr(loading, "draw", draw)
    load = slow_load(calls, release)
    with pytest.raises(Interrupted):
        loading.loaded("seeds", load)
    threading.Timer(0.6, release.set).start()
    corpus = loading.loaded("seeds", load)  # the next run finds the same load and waits for it
    assert calls == [1], "loaded once"
    assert drawn[0] == pytest.approx(0.1) and len(drawn) >= 2, "the bar drawn from the load's own progress"
    assert len(corpus.articles) == 1
    assert loading.loaded("seeds", load) is corpus, "then shared, not loaded again"


def test_two_visitors_at_once_watch_one_load(loads, monkeypatch):
    monkeypatch.setattr(loading, "draw", lambda slot, tracker: None)
    calls: list[int] = []
    release = threading.Event()
    load = slow_load(calls, release)
    got: list[Corpus] = []
    visitors = [threading.Thread(target=lambda: got.append(loading.loaded("seeds", load))) for _ in range(2)]
    for visitor in visitors:
        visitor.start()
    time.sleep(0.3)
    release.set()
    for visitor in visitors:
        visitor.join(10)
    assert calls == [1] and len(got) == 2 and got[0] is got[1]


def test_a_failed_load_is_reported_then_tried_again(loads):
    attempts: list[int] = []

    def load(tracker) -> Corpus:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk gone")
        return load_corpus(SEEDS)

    with pytest.raises(OSError, match="disk gone"):
        loading.loaded("seeds", load)
    assert len(loading.loaded("seeds", load).articles) == 1
    assert attempts == [1, 1]


def test_only_the_most_recent_loads_are_kept(loads):
    for key in ("a", "b", "c"):
        loading.loaded(key, lambda tracker: load_corpus(SEEDS))
    assert list(loads.items) == ["b", "c"]
