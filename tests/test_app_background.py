"""A large corpus is analysed in a thread of its own: the Overview is drawn from the build's first pass while
the entities and quotes are found, the other pages (and a link that filters by an entity) wait for the
whole analysis, and a build that fails says why and can be started again.

"Large" is lowered to every corpus here (``BACKGROUND_CHARS``), and the build is held between its two
passes until the test lets it go, so what the pages show at each moment does not depend on timing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.analyses
from tests.conftest import BBC, ROOT, need

DASHBOARD = str(ROOT / "dashboard.py")


def _corpus(tmp_path: Path, n: int, tag: str) -> Path:
    """``n`` BBC politics articles in a folder of their own (``tag`` makes the corpus, so its key, new)."""
    folder = tmp_path / tag
    folder.mkdir()
    for path in sorted((need(BBC) / "politics").glob("*.txt"))[:n]:
        text = path.read_text(encoding="latin-1")
        (folder / path.name).write_text(f"{text}\n\n({tag})\n")
    return folder


@pytest.fixture
def held(monkeypatch):
    """Every build in the background, each held after its first pass until ``go`` is set."""
    go = threading.Event()
    original = ui.analyses.cached_analyze

    def holding(articles, progress=None, ready=None, **kwargs):
        def ready_then_wait(preview):
            ready(preview)
            assert go.wait(120), "the test never let the build go on"

        return original(articles, progress=progress, ready=ready_then_wait, **kwargs)

    monkeypatch.setattr(ui.analyses, "BACKGROUND_CHARS", 0)
    monkeypatch.setattr(ui.analyses, "cached_analyze", holding)
    yield go
    go.set()


def _app(monkeypatch, corpus: Path) -> AppTest:
    monkeypatch.setenv("BROADSHEET_CORPUS", str(corpus))
    return AppTest.from_file(DASHBOARD, default_timeout=120)


def _texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [i.value for i in at.info])


def _wait_for_the_builds() -> None:
    for build in list(ui.analyses._registry().builds.values()):
        for _ in range(1200):
            if build.finished:
                break
            threading.Event().wait(0.1)


def test_the_overview_is_drawn_from_the_first_pass_then_whole(monkeypatch, tmp_path, held):
    at = _app(monkeypatch, _corpus(tmp_path, 30, "overview"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "30"
    assert "still being found" in _texts(at) and "Finding the quotes" in _texts(at)
    mentions = at.sidebar.selectbox(key="entity")
    assert mentions.disabled and not mentions.options, "no entity to filter by before the entities are found"
    assert not at.status, "the progress box gives way to the page (its notice says what is to come)"

    held.set()
    _wait_for_the_builds()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "still being found" not in _texts(at) and "Finding the quotes" not in _texts(at)
    assert "quotes)" in _texts(at), "the most quoted, now that the quotes are there"
    mentions = at.sidebar.selectbox(key="entity")
    assert not mentions.disabled and len(mentions.options) > 10


def test_pages_that_need_entities_and_a_link_by_entity_wait_for_the_whole_analysis(monkeypatch, tmp_path, held):
    corpus = _corpus(tmp_path, 12, "people")
    threading.Timer(3.0, held.set).start()  # let the build go on while the page waits for it
    at = _app(monkeypatch, corpus)
    at.switch_page("pages/people.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "still being found" not in _texts(at)
    assert any(s.label == "Analysed 12 articles" for s in at.status)
    assert at.dataframe or at.get("vega_lite_chart"), "the People page drawn, from the whole analysis"


def test_a_link_that_filters_by_an_entity_is_not_drawn_from_the_preview(monkeypatch, tmp_path, held):
    corpus = _corpus(tmp_path, 12, "linked")
    threading.Timer(3.0, held.set).start()
    at = _app(monkeypatch, corpus)
    at.query_params["entity"] = "Tony Blair"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "still being found" not in _texts(at)
    assert at.sidebar.selectbox(key="entity").value == "Tony Blair", "the link's entity kept, and applied"


def test_a_build_that_fails_says_why_and_starts_again(monkeypatch, tmp_path):
    calls = []
    original = ui.analyses.cached_analyze

    def failing_once(articles, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("No space left on device")
        return original(articles, **kwargs)

    monkeypatch.setattr(ui.analyses, "BACKGROUND_CHARS", 0)
    monkeypatch.setattr(ui.analyses, "cached_analyze", failing_once)
    at = _app(monkeypatch, _corpus(tmp_path, 5, "failing"))
    at.run()
    assert [e.value for e in at.error] == ["The analysis stopped: OSError: No space left on device"]
    at.button[0].click().run()  # "Analyse again"
    assert not at.error and not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"


def test_a_share_safe_copy_follows_the_build_too(monkeypatch, tmp_path, held):
    """The share-safe view is a redacted copy of the preview: its Overview still follows the build."""
    monkeypatch.setenv("BROADSHEET_SHARE_SAFE", "1")
    at = _app(monkeypatch, _corpus(tmp_path, 30, "safe"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Finding the quotes" in _texts(at) and "still being found" in _texts(at)


def test_the_sidebar_and_the_page_draw_from_one_analysis_when_the_build_ends_between_them(monkeypatch, tmp_path, held):
    original = ui.analyses._resolved
    seen: list[bool] = []

    def racing(preview: bool):
        found = original(preview)
        seen.append(bool(found.meta.get("preview")))
        if len(seen) == 1 and seen[0]:  # the build ends just after the sidebar has its analysis
            held.set()
            _wait_for_the_builds()
        return found

    monkeypatch.setattr(ui.analyses, "_resolved", racing)
    at = _app(monkeypatch, _corpus(tmp_path, 30, "race"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # The page drew from the sidebar's preview (one analysis per run), whose notice saw the build done and
    # ran the app again: the sidebar and the page are whole together, with no visitor's action.
    assert seen == [True, False]
    assert not at.sidebar.selectbox(key="entity").disabled
    assert "quotes)" in _texts(at) and "still being found" not in _texts(at)


@pytest.mark.parametrize(
    ("value", "chars"), [("", 10_000_000), ("0", 0), (" 42 ", 42), ("-1", 10_000_000), ("1e7", 10_000_000)]
)
def test_the_hosts_size_setting_is_a_count_of_characters_or_the_default(monkeypatch, value, chars):
    monkeypatch.setenv("BROADSHEET_BACKGROUND_CHARS", value)
    assert ui.analyses._background_chars() == chars
