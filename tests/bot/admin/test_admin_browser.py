"""End to end in real headless Chromium: log in, open the queue, answer an open escalation.

Runs against uvicorn serving `create_app` on a free localhost port, in a thread.
Needs the system Chromium (apt-get install -y chromium); never downloads a browser.
"""
from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from tests.bot.admin.conftest import PASSWORD
from tests.bot.application.escalations.factories import open_escalation

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs the system Chromium at /usr/bin/chromium (apt-get install -y chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app):
    import uvicorn
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    started = threading.Event()
    while thread.is_alive() and not srv.started:
        started.wait(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join()


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        yield context.new_page()
        context.close()
        browser.close()


def test_log_in_open_queue_and_answer(server, page, store, notifier):
    waiting = open_escalation(store, "Can I share student work on my personal Instagram?")
    open_escalation(store, "May I message a parent on WhatsApp about homework?", platform="teams",
                    collection="jndc")

    page.goto(f"{server}/escalations")
    assert "/login" in page.url
    page.fill("input[name=username]", "principal")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/escalations")
    assert page.locator("table.list tbody tr").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-queue.png"), full_page=True)

    page.click("text=Can I share student work on my personal Instagram?")
    page.wait_for_url(f"{server}/escalations/{waiting.id}")
    assert "Employee Use of Social Media › Personal Use › item 3" in page.content()
    page.fill("textarea[name=text]", "Not on a personal account. Use the school's account with consent.")
    page.check("input[name=save_as_ruling]")
    page.click("text=Send answer")
    page.wait_for_selector(".flash")
    page.screenshot(path=str(ARTIFACTS / "admin-answered.png"), full_page=True)

    assert "Answer saved and sent to the asker" in page.inner_text(".flash")
    assert page.inner_text(".answer-text") == "Not on a personal account. Use the school's account with consent."
    assert page.inner_text(".pagehead .status").lower() == "answered"
    assert store.get(waiting.id).answered_by == "principal"
    assert [e.id for e in notifier.delivered] == [waiting.id]

    page.goto(f"{server}/stats?days=7")
    assert page.locator("svg.chart rect.bar").count() == 7
    page.screenshot(path=str(ARTIFACTS / "admin-stats.png"), full_page=True)
