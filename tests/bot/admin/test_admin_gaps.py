"""The gaps page: login, topics with counts and a chart, escaping, no askers, "policy requested" with CSRF."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from bot.application.gaps.service import GapService
from bot.application.settings import Settings
from tests.bot.admin.conftest import csrf_of, make_app
from tests.bot.application.gaps.questions import PETS, SICK_LEAVE, asked_on
from tests.knowledge.gaps.embedding import shared_embedder

XSS = '<script>alert("pwned")</script>'
MONDAY = date(2026, 11, 2)
PERIOD = "since=2026-11-01&until=2026-11-30"


@pytest.fixture
def app(tmp_path, store, notifier, clock):
    """The admin app, its gaps service on the test run's one loaded encoder."""
    app = make_app(store, notifier, clock, Settings(data_dir=tmp_path))
    app.state.gaps = GapService(store, shared_embedder())
    return app


@pytest.fixture
def term(store):
    ids = {}
    for n, text in enumerate(SICK_LEAVE):
        ids[text] = asked_on(store, MONDAY + timedelta(days=n), text, open_one=True, asker_id=f"U{n}")
    for n, text in enumerate(PETS[:2]):
        ids[text] = asked_on(store, MONDAY + timedelta(days=9 + n), text, escalate=True, asker_id=f"P{n}",
                             collection="jndc")
    ids[XSS] = asked_on(store, MONDAY + timedelta(days=10), f"Are pets allowed in class? {XSS}", escalate=True,
                        collection="jndc")
    return ids


def _request_form(admin, question_id: int, **period) -> dict:
    page = admin.get(f"/gaps?{PERIOD}").text
    return {"csrf_token": csrf_of(page), "question": str(question_id), "since": "2026-11-01",
            "until": "2026-11-30", **period}


def test_login_required(client):
    response = client.get("/gaps")
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=%2Fgaps")
    token = csrf_of(client.get("/login").text)
    assert client.post("/gaps/request", data={"question": "1", "csrf_token": token}).status_code == 401
    assert client.get("/export/gaps.csv").status_code == 303


def test_topics_with_counts_chart_examples_and_rulings(admin, store, term):
    esc = store.list_escalations(search="sick day to care")[0]
    store.answer(esc.id, by="Dr. Lee", text="Yes, five days a year.", save_as_ruling=True)
    html = admin.get(f"/gaps?{PERIOD}").text
    assert html.count('class="card gap-topic') == 2
    assert "4 questions from 4 askers · 4 escalated (3 open)" in html
    assert "3 questions from 3 askers · 0 escalated (0 open)" in html
    assert html.count('<svg class="chart') == 3 and html.count('class="bar"') == 3 * 6     # six weeks each
    assert 'aria-label="Unanswered questions per week"' in html
    assert "Yes, five days a year." in html and f'href="/escalations/{esc.id}"' in html
    assert 'href="/gaps"' in html and 'class="active">Gaps' in html


def test_askers_and_staff_names_are_not_shown(admin, store, term):
    esc = store.list_escalations(search="sick day to care")[0]
    store.answer(esc.id, by="Dr. Lee", text="Yes.", save_as_ruling=True)
    html = admin.get(f"/gaps?{PERIOD}").text
    for name in ("Dana Smith", "U123", "U1", "Dr. Lee", "slack"):
        assert name not in html.replace("principal", "")


def test_question_texts_are_escaped(admin, term):
    html = admin.get(f"/gaps?{PERIOD}&collection=jndc").text
    assert XSS not in html and "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    html = admin.get(f"/gaps?{PERIOD}&collection=%3Cb%3Ex").text
    assert "<b>x" not in html and 'value="&lt;b&gt;x"' in html


@pytest.mark.parametrize("query, message", [
    ("since=2026-13-01", "Since is not a date (YYYY-MM-DD): &#39;2026-13-01&#39;."),
    ("since=2026-12-01&until=2026-11-01", "Since (2026-12-01) is after until (2026-11-01)."),
    ("since=2020-01-01&until=2026-01-01", "the limit is 731 days."),
    ("collection=" + "k" * 201, "Collection is 201 characters long; the limit is 200."),
    ("collection=a%00b", "contains a control character"),
])
def test_bad_filters_get_a_400_page_saying_why(admin, query, message):
    response = admin.get(f"/gaps?{query}")
    assert response.status_code == 400 and message in response.text and "Traceback" not in response.text


def test_mark_a_topic_policy_requested(admin, store, term):
    form = _request_form(admin, term[SICK_LEAVE[2]])
    response = admin.post("/gaps/request", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/gaps?since=2026-11-01&until=2026-11-30"
    html = admin.get(response.headers["location"]).text
    assert "Policy requested for “sick" in html and html.count("status-requested") == 1
    assert "Withdraw request" in html
    saved = admin.app.state.gaps.requests.list()
    assert len(saved) == 1 and saved[0].requested_by == "principal" and saved[0].questions == 4
    # Seen again in another view of the data (one collection, a shorter period).
    html = admin.get("/gaps?since=2026-11-02&until=2026-11-08&collection=kimberly").text
    assert html.count("status-requested") == 1
    again = admin.post("/gaps/request", data=form)
    assert again.status_code == 409 and "already requested" in again.text
    rows = list(csv.DictReader(io.StringIO(admin.get(f"/export/gaps.csv?{PERIOD}").text)))
    assert sorted(r["policy_requested"] for r in rows) == ["no", "yes"]
    page = admin.get(f"/gaps?{PERIOD}").text
    withdrawn = admin.post(f"/gaps/requested/{saved[0].id}/withdraw",
                           data={"csrf_token": csrf_of(page), "since": "2026-11-01", "until": "2026-11-30"})
    assert withdrawn.status_code == 303 and admin.app.state.gaps.requests.list() == []


def test_marking_needs_the_csrf_token_and_a_valid_form(admin, store, term):
    form = _request_form(admin, term[SICK_LEAVE[0]])
    assert admin.post("/gaps/request", data={**form, "csrf_token": "forged"}).status_code == 403
    assert admin.post("/gaps/request", data={k: v for k, v in form.items() if k != "csrf_token"}).status_code == 403
    assert admin.post("/gaps/request", data={**form, "question": "abc"}).status_code == 400
    assert admin.post("/gaps/request", data={**form, "question": str(2**40)}).status_code == 404
    response = admin.post("/gaps/request", data={**form, "until": "not-a-day"})
    assert response.status_code == 400 and "Until is not a date" in response.text
    assert admin.post("/gaps/requested/999/withdraw", data={"csrf_token": form["csrf_token"]}).status_code == 404
    assert admin.app.state.gaps.requests.list() == []


def test_an_empty_period_says_so(admin):
    html = admin.get("/gaps").text
    assert "No topic was asked about more than once in this period." in html
