"""In real headless Chromium: open the gaps page, see the trend charts, mark a topic "policy requested".

Reuses the uvicorn server and Chromium page of test_admin_browser.py; needs /usr/bin/chromium.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.application.gaps.service import GapService
from bot.application.settings import Settings
from knowledge.gaps.trend import period_weeks
from tests.bot.admin.conftest import PASSWORD, make_app
from tests.bot.admin.test_admin_browser import ARTIFACTS, CHROMIUM, page, server  # noqa: F401 (fixtures)
from tests.bot.application.gaps.questions import PETS, SICK_LEAVE, asked_on
from tests.knowledge.gaps.embedding import shared_embedder

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs the system Chromium at /usr/bin/chromium (apt-get install -y chromium)"),
]


@pytest.fixture
def app(tmp_path, store, notifier, clock):
    app = make_app(store, notifier, clock, Settings(data_dir=tmp_path))
    app.state.gaps = GapService(store, shared_embedder())
    return app


def test_open_gaps_see_the_chart_and_mark_a_topic(server, page, store):  # noqa: F811 (fixtures)
    today = datetime.now(timezone.utc).date()
    monday = today - timedelta(days=today.weekday() + 14)
    weeks = len(period_weeks(today - timedelta(days=89), today))        # the default period: the last 90 days
    for n, text in enumerate(SICK_LEAVE):
        asked_on(store, monday + timedelta(days=n), text, open_one=True, asker_id=f"U{n}")
    for n, text in enumerate(PETS):
        asked_on(store, monday + timedelta(days=7 + n), text, escalate=True, asker_id=f"P{n}")

    page.goto(f"{server}/gaps")
    assert "/login" in page.url
    page.fill("input[name=username]", "principal")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/gaps")

    assert page.locator("section.gap-topic").count() == 2
    assert page.locator("svg.gaps-trend rect.bar").count() == weeks
    assert page.locator("svg.gaps-trend").bounding_box()["height"] > 50  # drawn, not collapsed by the CSS
    assert page.locator("svg.gaps-spark").count() == 2
    sick = page.locator("section.gap-topic", has_text="sick")
    assert "4 questions from 4 askers" in sick.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-gaps.png"), full_page=True)

    sick.locator("button", has_text="Policy requested").click()
    page.wait_for_selector(".flash")
    assert "Policy requested for “" in page.inner_text(".flash")
    sick = page.locator("section.gap-topic", has_text="sick")
    assert sick.locator(".status-requested").inner_text().lower() == "policy requested"
    assert page.locator(".status-requested").count() == 1
    assert [t.questions for t in GapService(store, shared_embedder()).requests.list()] == [4]
    page.screenshot(path=str(ARTIFACTS / "admin-gaps-requested.png"), full_page=True)
