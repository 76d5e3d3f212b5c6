"""Upload through the Data page in a real browser: good files join the corpus, a bad one is named."""

from __future__ import annotations

from tests.e2e.conftest import SCREENSHOTS, wait_for_app
from tests.e2e.test_pages import MARKS

FILES = [
    {
        "name": "bridge.txt",
        "mimeType": "text/plain",
        "buffer": b"Council shuts bridge\n\nThe council voted on Monday to close the old bridge to lorries.",
    },
    {
        "name": "evil.txt",
        "mimeType": "text/plain",
        "buffer": b"<img src=x onerror=alert(1)> headline\n\n<script>alert('x')</script> and a "
        b'<a href="javascript:alert(2)">javascript link</a>.',
    },
    {"name": "notext.csv", "mimeType": "text/csv", "buffer": b"id,title\n1,Hello\n"},
]


def test_upload_adds_articles_and_names_the_bad_file(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(FILES)
    page.get_by_role("button", name="Add to corpus").click()
    page.wait_for_selector("text=notext.csv was not added", timeout=60_000)
    wait_for_app(page)
    assert "no text column" in page.locator("[data-testid='stAlertContentError']").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload-data.png"), full_page=True)

    page.get_by_role("link", name="Overview").click()
    page.wait_for_selector(MARKS, timeout=60_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "3"
    assert page.locator("img[src='x']").count() == 0 and page.locator("script:has-text(\"alert('x')\")").count() == 0
    assert not dialogs, dialogs

    # The hostile article in the reader: its markup is shown as text, none of it becomes an element.
    search = page.locator("[data-testid='stSidebar'] [data-testid='stTextInputRootElement'] input")
    search.fill("javascript")
    search.press("Enter")
    page.wait_for_url("**q=javascript**", timeout=30_000)
    page.get_by_role("link", name="Articles").click()
    page.wait_for_url("**article=**", timeout=60_000)
    wait_for_app(page)
    reader = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="alert('x')")
    assert "<script>alert('x')</script>" in reader.first.inner_text()
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("[data-testid='stMain'] script").count() == 0
    page.wait_for_timeout(1000)
    assert not dialogs, dialogs
    page.screenshot(path=str(SCREENSHOTS / "upload-injection-reader.png"), full_page=True)

    # Another visitor, at the same time, does not see these uploads.
    other = browser.new_context().new_page()
    other.goto(app_url)
    other.wait_for_selector(MARKS, timeout=60_000)
    wait_for_app(other)
    assert other.locator("[data-testid='stMetricValue']").first.inner_text() == "1"
    other.context.close()
    context.close()
