"""Lists that stay usable at archive size: articles newest first (undated last), an article picker that
never ships the whole corpus to the browser, and a load report that leads with its problems."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from analysis.explore.dates import newest_first
from analysis.ingest.report import problems_first
from tests.conftest import ROOT


def test_newest_first_puts_the_undated_last_and_keeps_ties_in_order() -> None:
    frame = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "published": pd.to_datetime(["2020-01-01", None, "2021-06-30", "2020-01-01", None]),
    })  # fmt: skip
    assert newest_first(frame)["doc_id"].tolist() == ["c", "a", "d", "b", "e"]


def test_problems_first_in_a_fixed_order_each_group_in_input_order() -> None:
    report = pd.DataFrame({
        "item": list("abcdefg"),
        "status": ["loaded", "rejected", "loaded", "duplicate", "skipped", "rejected", "syndicated copy"],
    })  # fmt: skip
    assert problems_first(report)["item"].tolist() == ["b", "f", "e", "d", "g", "a", "c"]


def test_articles_page_lists_newest_first_and_pages_its_picker(monkeypatch, tmp_path) -> None:
    n = 305
    rows = pd.DataFrame({
        "title": [f"Council story {i}" for i in range(n)],
        "text": [f"The council met on day {i} and agreed plan number {i} for the town." for i in range(n)],
        "published": [f"2020-01-{1 + i % 28:02d}" if i else "" for i in range(n)],
    })  # fmt: skip
    rows.to_csv(tmp_path / "stories.csv", index=False)
    monkeypatch.setenv("BROADSHEET_CORPUS", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("pages/articles.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = at.dataframe[0].value
    dates = pd.to_datetime(listed["published"])
    assert len(listed) == n
    assert dates.iloc[:-1].is_monotonic_decreasing and pd.isna(dates.iloc[-1]), "newest first, undated last"
    assert listed["title"].iloc[-1] == "Council story 0"
    picker = at.selectbox(key="article")
    assert len(picker.options) == 300
    assert any("300 newest of 305" in c.value for c in at.caption)
