"""Every page, in a real browser, with the seed corpus: no error, charts drawn, screenshots saved."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, running_app, wait_for_app

PAGES = {"overview": "", "keywords": "keywords", "sentiment": "sentiment", "people": "people",
         "articles": "articles", "data": "data"}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_error(browser, app_url, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{PAGES[name]}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"seed-{name}.png"), full_page=True)
    if name == "overview":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "1"
        assert page.locator("[data-testid='stDataFrame']").count() == 1
        charts = page.locator("[data-testid='stVegaLiteChart']")
        assert charts.count() == 2
        # Vega draws into a canvas or SVG once the data has arrived: the marks are really there.
        assert page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").count() >= 2
    elif name == "keywords":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        assert page.locator("[data-testid='stTextInputRootElement'] input").input_value() == "pompeo"
    elif name == "sentiment":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
                               timeout=30_000)
        assert page.get_by_text("How entities are portrayed").count() == 1
    elif name == "articles":
        page.wait_for_url("**article=**", timeout=30_000)  # the chosen article is in the share link
        assert page.get_by_text("Pompeo delivered scathing comments").count() == 1
        assert page.locator("[data-testid='stMarkdownContainer'] b").count() >= 3  # keywords in bold
    elif name == "people":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
                               timeout=30_000)
        assert page.locator("[data-testid='stVegaLiteChart']").count() == 3
        assert page.get_by_text("Who says what").count() == 1
    else:
        assert page.get_by_text("input items").count() == 1
    page.close()


def test_term_in_the_url_round_trip(browser, app_url):
    first = browser.new_context().new_page()
    first.goto(f"{app_url}/keywords")
    wait_for_app(first)
    box = first.locator("[data-testid='stTextInputRootElement'] input")
    box.fill("Raab")
    box.press("Enter")
    first.wait_for_url("**term=Raab**", timeout=30_000)
    wait_for_app(first)
    shared_url = first.url
    first.context.close()

    second = browser.new_context().new_page()
    second.goto(shared_url)
    wait_for_app(second)
    assert second.locator("[data-testid='stTextInputRootElement'] input").input_value() == "Raab"
    assert "3 uses in 3 sentences" in second.locator("[data-testid='stCaptionContainer']").all_inner_texts()[0]
    second.context.close()


def test_a_shared_link_is_the_first_visit_of_a_fresh_server(browser, tmp_path):
    """A restarted hosted app whose first visitor opens a deep link still routes through the dashboard."""
    with running_app(tmp_path, tmp_path) as url:
        page = browser.new_context().new_page()
        page.goto(f"{url}/keywords?term=Raab")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
        links = [t.split("\n")[-1] for t in page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()]
        assert links == ["Overview", "Keywords", "Sentiment", "People & quotes", "Articles", "Data"]
        assert page.locator("[data-testid='stTextInputRootElement'] input").input_value() == "Raab"
        page.context.close()
