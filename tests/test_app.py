"""AppTest tests of every page with the seed corpus (and with another corpus chosen by the environment)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

DASHBOARD = str(ROOT / "dashboard.py")


def run_page(page: str, monkeypatch: pytest.MonkeyPatch, corpus: str | None = None) -> AppTest:
    if corpus is not None:
        monkeypatch.setenv("BROADSHEET_CORPUS", corpus)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_shows_the_seed(monkeypatch):
    at = run_page("overview", monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1" and metrics["Stories"] == "1"
    table = at.dataframe[0].value
    assert table["title"].tolist() == [
        "Pompeo calls for global coalition against China in meeting with British officials"
    ]
    assert table["source"].tolist() == ["The Associated Press"]
    charts = {json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")}
    assert {"Most distinctive terms", "Topics (passages as units)"} <= charts


def test_data_page_reports_every_item(monkeypatch, tmp_path):
    (tmp_path / "good.txt").write_text("A headline\n\nSome article text that is long enough to keep.")
    (tmp_path / "empty.txt").write_text("")
    at = run_page("data", monkeypatch, corpus=str(tmp_path))
    report = at.dataframe[0].value
    assert dict(zip(report["item"], report["status"], strict=True)) == {"empty.txt": "rejected", "good.txt": "loaded"}
    assert "1** loaded" in at.markdown[0].value
