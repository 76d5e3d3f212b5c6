"""Share-safe mode and the access code, each tested on and off with AppTest."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.test_app import DASHBOARD

FULL_TEXT_LINE = "Pompeo delivered scathing comments"


def open_articles(monkeypatch, share_safe: bool, secrets: dict | None = None) -> AppTest:
    if share_safe:
        monkeypatch.setenv("BROADSHEET_SHARE_SAFE", "1")
    else:
        monkeypatch.delenv("BROADSHEET_SHARE_SAFE", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.switch_page("pages/articles.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.get("text")] + [c.value for c in at.caption]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    return re.sub(r"<[^>]+>", "", " ".join(parts))


def test_normal_mode_shows_the_full_text(monkeypatch):
    at = open_articles(monkeypatch, share_safe=False)
    assert FULL_TEXT_LINE in page_text(at)


def test_share_safe_mode_shows_figures_and_snippets_but_never_the_full_text(monkeypatch):
    for how in ("env", "secrets"):
        at = open_articles(
            monkeypatch, share_safe=how == "env", secrets={"share_safe": True} if how == "secrets" else None
        )
        text = page_text(at)
        assert FULL_TEXT_LINE not in text, how
        assert any("never an article's full text" in i.value for i in at.info), how
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Words"] == "384" and metrics["Quotes"] == "9", "the figures stay"
        kwic = at.dataframe[1].value
        assert list(kwic.columns) == ["left", "match", "right"] and (kwic["match"].str.lower() == "pompeo").all()
        assert kwic["left"].str.len().max() <= 61 and kwic["right"].str.len().max() <= 61, "snippets, not text"


def test_share_safe_downloads_leave_the_text_out(monkeypatch):
    monkeypatch.setenv("BROADSHEET_SHARE_SAFE", "1")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.switch_page("pages/data.py")
    at.run()
    assert any("leaves the articles' and sentences' text out" in c.value for c in at.caption)
    rows = [m.value for m in at.markdown if m.value.startswith(("**articles**", "**sentences**"))]
    normal = AppTest.from_file(DASHBOARD, default_timeout=60)
    monkeypatch.delenv("BROADSHEET_SHARE_SAFE")
    normal.switch_page("pages/data.py")
    normal.run()
    full = [m.value for m in normal.markdown if m.value.startswith(("**articles**", "**sentences**"))]
    columns = [int(re.search(r"(\d+) columns", r).group(1)) for r in rows]
    full_columns = [int(re.search(r"(\d+) columns", r).group(1)) for r in full]
    assert [c + 1 for c in columns] == full_columns, "exactly the text column is left out of both tables"


def test_an_access_code_guards_every_page(monkeypatch):
    """Nothing of the corpus shows before the code (typing it is tested in a real browser: AppTest does not
    deliver a form's submit from the entry script of a multipage app)."""
    monkeypatch.delenv("BROADSHEET_SHARE_SAFE", raising=False)
    for page in ("overview", "articles", "data"):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.secrets["access_code"] = "harbour-2026"
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception
        assert [t.label for t in at.text_input] == ["Access code"] and "PASSWORD" in str(at.text_input[0].proto)
        assert not at.metric and not at.dataframe and not at.sidebar.multiselect, f"{page}: nothing before the code"


def test_without_an_access_code_the_app_is_open(monkeypatch):
    at = open_articles(monkeypatch, share_safe=False)
    assert not any(t.label == "Access code" for t in at.text_input)
