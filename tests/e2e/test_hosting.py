"""A hosted copy in a real server (and browser): its start-up, the access code, and share-safe mode."""

from __future__ import annotations

import time

from tests.e2e.conftest import ROOT, SCREENSHOTS, running_app, wait_for_app


def test_the_server_analyses_its_corpus_before_the_first_visit(tmp_path):
    """``streamlit run dashboard.py`` serves the dashboard as an ``st.App`` whose start-up hook analyses the
    server's corpus (ui/start_up.py): with no browser open, its store appears in the empty cache; and the
    server's log holds no error, nor Streamlit's warning about threads outside a script run."""
    cache = tmp_path / "cache"
    cache.mkdir()
    with running_app(tmp_path, cache):
        deadline = time.monotonic() + 120
        while not [p for p in cache.iterdir() if not p.name.startswith(".")]:  # a store renamed into place
            assert time.monotonic() < deadline, "no analysis was stored by the server on its own"
            time.sleep(0.2)
    (log,) = tmp_path.glob("streamlit-*.log")
    text = log.read_text()
    assert "Traceback" not in text and "ScriptRunContext" not in text, text


def test_an_access_code_opens_the_app_and_keeps_the_shared_link(browser, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('access_code = "harbour-2026"\n')
    with running_app(tmp_path, tmp_path, extra_args=("--secrets.files", str(secrets))) as url:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{url}/keywords?term=Raab")
        wait_for_app(page)
        assert page.locator("[data-testid='stMetricValue']").count() == 0, "nothing before the code"
        box = page.locator("input[type='password']")
        box.fill("wrong")
        page.get_by_role("button", name="Open").click()
        page.wait_for_selector("text=That code is not right", timeout=30_000)
        box.fill("harbour-2026")
        page.get_by_role("button", name="Open").click()
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
        wait_for_app(page)
        assert page.locator("h1").first.inner_text() == "Keywords"
        assert "term=Raab" in page.url, "the shared link survives the code"
        assert "harbour-2026" not in page.url and "harbour-2026" not in page.content()
        page.context.close()


def test_share_safe_mode_hides_the_full_text_in_the_browser(browser, tmp_path):
    with running_app(tmp_path, tmp_path, env_extra={"BROADSHEET_SHARE_SAFE": "1"}) as url:
        page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
        page.goto(f"{url}/articles")
        wait_for_app(page)
        page.wait_for_selector("text=never an article's full text", timeout=60_000)
        page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)  # the page below the notice
        wait_for_app(page)
        shown = page.locator("[data-testid='stMain']").inner_text()
        paragraphs = next(iter((ROOT / "seeds").glob("*"))).read_text().split("\n\n")
        long_ones = [" ".join(p.split()) for p in paragraphs if len(p) > 200]
        assert long_ones and not any(p in " ".join(shown.split()) for p in long_ones), "no paragraph is shown whole"
        assert len(shown) < 3000, "figures and snippets, not the article"
        assert page.locator("[data-testid='stMetricValue']").count() >= 4, "the figures stay"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "share-safe-articles.png"), full_page=True)
        page.context.close()
