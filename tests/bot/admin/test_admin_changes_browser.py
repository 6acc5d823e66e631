"""The "what changed" page in real headless Chromium: the diff's marks render, a ruling is confirmed."""
from __future__ import annotations

from tests.bot.admin.conftest import PASSWORD
from tests.bot.admin.test_admin_browser import ARTIFACTS, page, pytestmark, server  # noqa: F401  (shared fixtures)
from tests.bot.admin.test_admin_changes import XSS, record, ruling_under_review


def test_what_changed_page_shows_marked_words_and_a_confirmed_ruling_returns(server, page, store):  # noqa: F811
    changes, change = record(store, title=f"GBEBB {XSS}")
    ruling_id = ruling_under_review(store, changes, change)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(f"{server}/changes")
    page.fill("input[name=username]", "principal")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/changes")                             # back where the login was asked for
    assert page.locator(".review-alert .badge-review").inner_text() == "needs review"
    page.click(f"a[href='/changes/{change.id}']")
    page.wait_for_url(f"{server}/changes/{change.id}")
    assert page.inner_text("h1") == f"GBEBB {XSS}"                     # shown as text, never run
    assert page.locator("table.diff del").first.inner_text() == "9"
    assert page.locator("table.diff ins").first.inner_text() == "8"
    removed = page.locator("tr.diff-removed td.old del").inner_text()
    assert removed == f"Visitors {XSS} sign in."
    # The marks are styled: deleted words struck through, inserted ones not underlined.
    assert "line-through" in page.locator("table.diff del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert page.locator("table.diff ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-what-changed.png"), full_page=True)

    page.click("a[href='/rulings']")
    page.wait_for_url(f"{server}/rulings")
    row = page.locator("tr.needs-review")
    assert row.locator(".badge-review").inner_text() == "needs review"
    row.locator("textarea[name=answer]").fill("Until 8 pm only.")
    row.locator("button:has-text('Confirm')").click()
    page.wait_for_selector(".flash")
    assert f"Ruling #{ruling_id} confirmed with your edit" in page.inner_text(".flash")
    assert page.locator("tr.needs-review").count() == 0
    assert [r.answer for r in store.active_rulings("kimberly")] == ["Until 8 pm only."]
    assert dialogs == []                                               # no script ran
