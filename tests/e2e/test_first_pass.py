"""A large corpus's first visit in a real browser: the Overview is drawn from the build's first pass, then
redraws itself, whole, when the entities and quotes are there — with no click from the visitor.

"Large" is lowered for the test's server (``BROADSHEET_BACKGROUND_CHARS=0``) so that BBC's 2,225 articles
take the same path as AllSides' 8,000: about 20 s of analysis, the second pass (when the preview is up) the
longer half of it, so the browser sees the preview on a machine several times faster than this one."""

from __future__ import annotations

import pytest

from tests.conftest import BBC, need
from tests.e2e.conftest import SCREENSHOTS, running_app

pytestmark = pytest.mark.slow  # a real corpus from ../shared/data


def test_the_overview_draws_early_then_fills_in_by_itself(browser, tmp_path):
    env = {"BROADSHEET_BACKGROUND_CHARS": "0"}
    with running_app(tmp_path, tmp_path / "cache", str(need(BBC)), timeout=120, env_extra=env) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_text("still being found").first.wait_for(timeout=120_000)
        page.get_by_text("Finding the quotes and their speakers").wait_for(timeout=60_000)  # drawn below it
        mentions = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Mentions")
        assert mentions.locator("input").first.is_disabled(), "no entity filter before the entities are found"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "first-pass-overview.png"), full_page=True)
        # No click, no reload: the notice's fragment reruns the app once the build is done.
        page.get_by_text("quotes)").first.wait_for(timeout=180_000)
        assert page.get_by_text("still being found").count() == 0
        assert page.get_by_text("Finding the quotes").count() == 0
        assert not mentions.locator("input").first.is_disabled()
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(SCREENSHOTS / "first-pass-overview-whole.png"), full_page=True)
        page.close()
