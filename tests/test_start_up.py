"""The server readies its corpus as it starts (ui/start_up.py): the first visitor's run follows the load and
the analysis begun with the server instead of beginning them again, waits for the start-up's imports, and
meets a failed start plainly, with a way to try again; a built store is opened without the build side."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.analyses
import ui.app
import ui.source
import ui.start_up
from tests.conftest import ROOT, SEEDS

DASHBOARD = str(ROOT / "dashboard.py")


def _corpus(tmp_path: Path, tag: str) -> Path:
    """The seed article in a folder of its own, ``tag`` added so that its key is new to this process."""
    folder = tmp_path / tag
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        (folder / path.name).write_text(f"{path.read_text()}\n\n({tag})\n")
    return folder


@pytest.fixture
def analyses(monkeypatch) -> list[int]:
    """Every analysis the dashboard starts, counted; the start-up's imports event made new."""
    calls: list[int] = []
    original = ui.analyses.cached_analyze

    def counted(articles, **kwargs):
        calls.append(1)
        return original(articles, **kwargs)

    monkeypatch.setattr(ui.analyses, "cached_analyze", counted)
    monkeypatch.setattr(ui.start_up, "IMPORTED", threading.Event())
    return calls


def _until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the start-up's work never got there"
        time.sleep(0.05)


def _build() -> ui.analyses.Build:
    """The build the start-up began (the only one under way: each test's corpus is new, and its own)."""
    _until(lambda: bool(ui.analyses._registry().builds))
    (build,) = ui.analyses._registry().builds.values()
    return build


def test_the_server_analyses_its_corpus_as_it_starts_and_the_first_run_only_opens_it(monkeypatch, tmp_path, analyses):
    monkeypatch.setenv("BROADSHEET_CORPUS", str(_corpus(tmp_path, "ready")))
    ui.start_up.prepare()
    assert ui.start_up.IMPORTED.is_set(), "a page run may begin"
    _until(lambda: analyses and not ui.analyses._registry().builds)  # begun by the load's thread, then done
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    assert len(analyses) == 1, "the visitor's run found the analysis the server began"


def test_a_run_that_arrives_during_the_start_ups_analysis_follows_it(monkeypatch, tmp_path, analyses):
    go = threading.Event()
    counted = ui.analyses.cached_analyze

    def held(articles, **kwargs):
        assert go.wait(120), "the test never let the analysis go on"
        return counted(articles, **kwargs)

    monkeypatch.setattr(ui.analyses, "cached_analyze", held)
    monkeypatch.setattr(ui.analyses, "POLL_S", 600.0)  # the page must wake when the build ends, not poll
    monkeypatch.setenv("BROADSHEET_CORPUS", str(_corpus(tmp_path, "under-way")))
    ui.start_up.prepare()
    build = _build()
    assert not build.finished
    threading.Timer(1.0, go.set).start()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()  # a run that slept out its poll would time out here
    assert not at.exception, [e.value for e in at.exception]
    assert [s.label for s in at.status] == ["Analysed 1 article"], "the run watched the server's analysis"
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    assert len(analyses) == 1, "and did not start a second one"


def test_a_start_up_analysis_that_fails_says_why_and_starts_again(monkeypatch, tmp_path, analyses):
    counted = ui.analyses.cached_analyze

    def failing_once(articles, **kwargs):
        if not analyses:
            analyses.append(1)
            raise OSError("No space left on device")
        return counted(articles, **kwargs)

    monkeypatch.setattr(ui.analyses, "cached_analyze", failing_once)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(_corpus(tmp_path, "failing")))
    ui.start_up.prepare()
    build = _build()
    _until(lambda: build.finished)
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    assert [e.value for e in at.error] == ["The analysis stopped: OSError: No space left on device"]
    at.button[0].click().run()  # "Analyse again"
    assert not at.error and not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    assert len(analyses) == 2, "the failed analysis, then the visitor's own"


def test_a_page_run_waits_for_the_start_ups_imports_only_where_there_is_a_start_up(monkeypatch):
    monkeypatch.setattr(ui.start_up, "IMPORTED", threading.Event())
    monkeypatch.setattr(ui.start_up, "_STARTED", threading.Event())
    ui.start_up.wait_for_start_up(timeout=5)  # no start-up in this process (AppTest, a bare run): at once

    ui.start_up._STARTED.set()
    waiting = threading.Thread(target=ui.start_up.wait_for_start_up)
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive(), "the run waits while the start-up imports"
    ui.start_up.IMPORTED.set()
    waiting.join(5)
    assert not waiting.is_alive()


def test_the_entry_points_run_waits_for_the_start_up_before_anything_else(monkeypatch, tmp_path):
    order: list[str] = []

    class Imports(threading.Event):
        def wait(self, timeout=None) -> bool:
            order.append("waited for the start-up's imports")
            self.set()
            return True

    monkeypatch.setattr(ui.start_up, "IMPORTED", Imports())
    monkeypatch.setattr(ui.start_up, "_STARTED", threading.Event())
    ui.start_up._STARTED.set()  # as under `streamlit run`
    monkeypatch.setattr(ui.app, "limit_arenas", lambda: order.append("start-up of the run"))
    monkeypatch.setenv("BROADSHEET_CORPUS", str(_corpus(tmp_path, "waits")))
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert order == ["waited for the start-up's imports", "start-up of the run"]


def test_a_start_up_that_fails_at_once_does_not_hold_up_the_page_runs(monkeypatch):
    monkeypatch.setattr(ui.start_up, "IMPORTED", threading.Event())

    def unreadable() -> bool:
        raise PermissionError("[Errno 13] Permission denied: '/srv/articles'")

    monkeypatch.setattr(ui.source, "server_is_built", unreadable)
    with pytest.raises(PermissionError):
        ui.start_up.prepare()
    assert ui.start_up.IMPORTED.is_set(), "the runs go on, and meet the error themselves"


def test_the_start_up_starts_nothing_a_visitors_run_is_already_analysing(tmp_path):
    from analysis.ingest.corpus import load_corpus

    corpus = load_corpus(_corpus(tmp_path, "visitor-first"))
    registry = ui.analyses._registry()
    lock = registry.lock(corpus.content_hash)
    lock.acquire()  # a visitor's run, analysing it
    starting = threading.Thread(target=ui.analyses.begin_analysis, args=(corpus,))
    starting.start()
    starting.join(0.3)
    assert starting.is_alive(), "the start-up waits for that run"
    registry.put(corpus.content_hash, object())  # the run's analysis (any object: it is only looked up)
    lock.release()
    starting.join(5)
    assert corpus.content_hash not in registry.builds, "and then has nothing to start"


def test_the_first_pages_imports_are_read_from_its_source():
    names = ui.start_up.imports_of(ui.start_up.FIRST_PAGE)
    assert {"streamlit", "ui.charts", "analysis.explore.summaries"} <= set(names)
    assert len(names) == len(set(names))


def test_a_built_store_is_opened_at_start_up_without_the_build_side(tmp_path):
    """In a fresh interpreter, as in a server: the store opened (its corpus kept for the first visit),
    and none of the build's libraries imported for it (a hosted store must not pay for them)."""
    from analysis.ingest.corpus import load_corpus
    from analysis.pipeline import analyze

    store = tmp_path / "store"
    analyze(load_corpus(SEEDS).articles).save(store)
    code = (
        "import json, sys\n"
        "import ui.source, ui.start_up\n"
        "opened = []\n"
        "real = ui.source.open_built\n"
        "ui.source.open_built = lambda *a, **k: opened.append(1) or real(*a, **k)\n"
        "ui.start_up.prepare()\n"
        "corpus, stamp = ui.source.server_corpus()  # the first visit's read\n"
        "print(json.dumps({'articles': len(corpus.articles), 'opened': len(opened),\n"
        "                  'build_side': [m for m in ('sklearn', 'analysis.pipeline') if m in sys.modules]}))\n"
    )
    env = {"BROADSHEET_CORPUS": str(store), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"articles": 1, "opened": 1, "build_side": []}, "opened once, at start-up"
