"""Every page, in a real browser, with the seed corpus: no error, charts drawn, screenshots saved."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, running_app, wait_for_app

PAGES = {
    "overview": "",
    "keywords": "keywords",
    "topics": "topics",
    "sentiment": "sentiment",
    "people": "people",
    "articles": "articles",
    "data": "data",
}
MARKS = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
TERM_BOX = "[data-testid='stMain'] [data-testid='stTextInputRootElement'] input"


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
        page.wait_for_selector(MARKS, timeout=30_000)
        assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "1"
        charts = page.locator("[data-testid='stVegaLiteChart']")
        assert charts.count() == 3
        # Vega draws into a canvas or SVG once the data has arrived: the marks are really there.
        assert page.locator(MARKS).count() >= 3
        assert page.get_by_text("What stands out").count() == 1
    elif name == "topics":
        page.wait_for_selector(MARKS, timeout=30_000)
        assert page.locator("[data-testid='stVegaLiteChart']").count() == 2  # the map and the terms
        assert page.get_by_text("Relevance λ").count() == 1
    elif name == "keywords":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        assert page.locator(TERM_BOX).input_value() == "pompeo"
    elif name == "sentiment":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        page.wait_for_selector(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg", timeout=30_000
        )
        assert page.get_by_text("How entities are portrayed").count() == 1
    elif name == "articles":
        page.wait_for_url("**article=**", timeout=30_000)  # the chosen article is in the share link
        assert page.get_by_text("Pompeo delivered scathing comments").count() == 1
        assert page.locator("[data-testid='stMarkdownContainer'] b").count() >= 3  # keywords in bold
    elif name == "people":
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        page.wait_for_selector(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg", timeout=30_000
        )
        assert page.locator("[data-testid='stVegaLiteChart']").count() == 3  # no co-mention map for one article
        assert page.get_by_text("Who says what").count() == 1
    else:
        assert page.get_by_text("input items").count() == 1
    page.close()


def test_term_in_the_url_round_trip(browser, app_url):
    first = browser.new_context().new_page()
    first.goto(f"{app_url}/keywords")
    wait_for_app(first)
    box = first.locator(TERM_BOX)
    box.fill("Raab")
    box.press("Enter")
    first.wait_for_url("**term=Raab**", timeout=30_000)
    wait_for_app(first)
    shared_url = first.url
    first.context.close()

    second = browser.new_context().new_page()
    second.goto(shared_url)
    wait_for_app(second)
    assert second.locator(TERM_BOX).input_value() == "Raab"
    captions = second.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    assert any("Used in 3 sentences of 1 article" in c for c in captions), captions
    second.context.close()


def test_a_shared_link_is_the_first_visit_of_a_fresh_server(browser, tmp_path):
    """A restarted hosted app whose first visitor opens a deep link still routes through the dashboard."""
    with running_app(tmp_path, tmp_path) as url:
        page = browser.new_context().new_page()
        page.goto(f"{url}/keywords?term=Raab")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
        links = [t.split("\n")[-1] for t in page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()]
        assert links == ["Overview", "Keywords", "Topics", "Sentiment", "People & quotes", "Articles", "Data"]
        assert page.locator(TERM_BOX).input_value() == "Raab"
        page.context.close()


def test_clicking_a_topic_bar_filters_and_the_url_follows(browser, app_url):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.goto(app_url)
    wait_for_app(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").filter(has_text="click one to filter").first
    page.wait_for_selector(MARKS, timeout=30_000)
    box = chart.bounding_box()
    # The largest topic's bar is the first one, just under the chart's title.
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + 56)
    page.wait_for_url("**topic=**", timeout=30_000)
    wait_for_app(page)
    topics = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Topics")
    assert "·" in topics.inner_text() and "All topics" not in topics.inner_text(), "one topic chosen"
    assert page.get_by_text("1 of 1 articles").count() == 1, "the page says what the filter keeps"
    page.context.close()


def test_a_shared_link_reopens_page_filters_and_article(browser, app_url):
    first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    first.goto(f"{app_url}/articles")
    wait_for_app(first)
    search = first.locator("[data-testid='stSidebar'] [data-testid='stTextInputRootElement'] input")
    search.fill("Huawei")
    search.press("Enter")
    first.wait_for_url("**q=Huawei**", timeout=30_000)
    first.wait_for_url("**article=**", timeout=30_000)
    wait_for_app(first)
    first.get_by_text("Copy link to this view").click()
    shown = first.locator("[data-testid='stPopoverBody'] code").inner_text()
    assert "q=Huawei" in shown and "article=" in shown and "/articles" in shown
    shared = first.url
    first.context.close()

    second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    second.goto(shared)
    wait_for_app(second)
    assert second.locator("h1").first.inner_text() == "Articles"
    box = second.locator("[data-testid='stSidebar'] [data-testid='stTextInputRootElement'] input")
    assert box.input_value() == "Huawei"
    assert second.get_by_text("Pompeo delivered scathing comments").count() == 1
    assert "article=" in second.url
    second.context.close()
