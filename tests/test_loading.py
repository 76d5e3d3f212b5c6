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

    def load(report) -> Corpus:
        calls.append(1)
        report("reading files", 1, 1)
        release.wait(10)
        return load_corpus(SEEDS, progress=report)

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

    def load(report) -> Corpus:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk gone")
        return load_corpus(SEEDS)

    with pytest.raises(loading.LoadFailed, match="disk gone") as failed:
        loading.loaded("seeds", load)
    assert isinstance(failed.value.__cause__, OSError), "the cause chained, not re-raised in every session"
    assert len(loading.loaded("seeds", load).articles) == 1
    assert attempts == [1, 1]


def test_only_the_most_recent_loads_are_kept(loads):
    for key in ("a", "b", "c"):
        loading.loaded(key, lambda report: load_corpus(SEEDS))
    assert list(loads.items) == ["b", "c"]


def test_a_load_pushed_out_of_the_registry_stops_and_lets_the_next_one_run(loads):
    """One load at a time; one whose files changed again meanwhile (its key pushed out) stops at its next
    report instead of running on for nobody, and the newest load gets the machine."""
    release = threading.Event()
    reports: list[str] = []

    def slow(name: str):
        def load(report) -> Corpus:
            reports.append(name)
            while not release.is_set():
                report("cleaning articles", 0, 1)  # a dropped load raises here
                time.sleep(0.02)
            return load_corpus(SEEDS, progress=report)

        return load

    first = loads.start("a", slow("a"))
    loads.start("b", slow("b"))
    time.sleep(0.2)
    assert set(reports) == {"a"}, "the second waits for the first"
    newest = loads.start("c", slow("c"))  # size 2: "a" is let go
    assert first.done.wait(5) and isinstance(first.error, loading.LoadDropped)
    release.set()
    assert newest.done.wait(10) and newest.corpus is not None
    assert "a" not in loads.items


def test_a_load_whose_thread_cannot_start_leaves_nothing_to_wait_for(loads, monkeypatch):
    class NoThreads(threading.Thread):
        def start(self) -> None:
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(loading.threading, "Thread", NoThreads)
    with pytest.raises(RuntimeError, match="can't start"):
        loading.loaded("seeds", lambda report: load_corpus(SEEDS))
    assert not loads.items, "the next visitor starts a load instead of waiting for none"
