"""Queue, detail, answering, CSRF, escaping, bad input, rulings, stats and exports."""
from __future__ import annotations

import csv
import io

import pytest

from knowledge.models import EscalationReason
from tests.bot.admin.conftest import csrf_of
from tests.bot.application.escalations.factories import log_question, open_escalation

XSS = '<script>alert("pwned")</script>'


def _answer(admin, esc, text, *, ruling=False, version=None, token=None):
    page = admin.get(f"/escalations/{esc.id}").text
    data = {"text": text, "csrf_token": token if token is not None else csrf_of(page),
            "version": str(version if version is not None else esc.version)}
    if ruling:
        data["save_as_ruling"] = "1"
    return admin.post(f"/escalations/{esc.id}/answer", data=data)


def test_queue_lists_open_oldest_first_and_filters(admin, store):
    old = open_escalation(store, "Oldest question about Snapchat")
    new = open_escalation(store, "Newer question about Teams chat", platform="teams")
    page = admin.get("/escalations").text
    assert page.index("Oldest question about Snapchat") < page.index("Newer question about Teams chat")
    assert "Newer question" not in admin.get("/escalations?platform=slack").text
    assert "Oldest" not in admin.get("/escalations?q=teams+chat").text
    assert admin.get("/escalations?status=answered").text.count("/escalations/") == 0
    assert admin.get("/escalations?since=not-a-date").status_code == 400
    assert admin.get("/escalations?status=bogus").status_code == 400
    assert f"/escalations/{new.id}" in admin.get("/escalations?status=all").text and old


def test_user_text_is_escaped_everywhere(admin, store):
    esc = open_escalation(store, XSS)
    store.set_admin_message(esc.id, {})
    for page in ("/escalations", f"/escalations/{esc.id}", "/log"):
        html = admin.get(page).text
        assert XSS not in html and "&lt;script&gt;" in html
    assert _answer(admin, esc, XSS, ruling=True).status_code == 303
    for page in (f"/escalations/{esc.id}", "/rulings"):
        html = admin.get(page).text
        assert XSS not in html and "&lt;script&gt;alert" in html


def test_javascript_permalinks_are_not_linked(admin, store):
    record = log_question(store, "link test")
    esc = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=None, permalink="javascript:alert(1)")
    assert "javascript:alert" not in admin.get(f"/escalations/{esc.id}").text
    good = open_escalation(store, "good link")
    assert 'href="https://example.slack.com/archives/C1/p1700000000000001"' in admin.get(f"/escalations/{good.id}").text


def test_detail_shows_the_bots_attempt_with_cited_clauses(admin, store):
    html = admin.get(f"/escalations/{open_escalation(store).id}").text
    assert "Employee Use of Social Media › Personal Use › item 3" in html
    assert "Employees shall not accept students as friends" in html and "Policy 5290" in html


def test_answer_is_saved_delivered_and_shown(admin, store, notifier):
    esc = open_escalation(store)
    response = _answer(admin, esc, "Yes, from the district account only.", ruling=True)
    assert response.status_code == 303 and response.headers["location"] == f"/escalations/{esc.id}"
    page = admin.get(f"/escalations/{esc.id}").text
    assert "Answer saved and sent to the asker" in page and "Saved as ruling #" in page
    assert store.get(esc.id).answered_by == "principal"
    assert [e.answer for e in notifier.delivered] == ["Yes, from the district account only."]
    assert "Yes, from the district account only." in admin.get("/rulings").text


@pytest.mark.parametrize("text, message", [("", "the answer is empty"), ("   ", "the answer is empty"),
                                           ("x" * 100_000, "the limit is 20,000")])
def test_empty_and_huge_answers_are_refused_with_a_message(admin, store, notifier, text, message):
    esc = open_escalation(store)
    response = _answer(admin, esc, text)
    assert response.status_code == 400 and message in response.text
    assert store.get(esc.id).status == "open" and notifier.delivered == []


def test_post_without_or_with_wrong_csrf_is_403(admin, store):
    esc = open_escalation(store)
    assert admin.post(f"/escalations/{esc.id}/answer", data={"text": "hi"}).status_code == 403
    assert _answer(admin, esc, "hi", token="forged").status_code == 403
    assert admin.post(f"/escalations/{esc.id}/dismiss", data={"csrf_token": ""}).status_code == 403
    assert store.get(esc.id).status == "open"


def test_second_admin_gets_a_conflict_and_keeps_the_draft(admin, store):
    esc = open_escalation(store)
    store.answer(esc.id, by="hr", text="Answered elsewhere first.")
    response = _answer(admin, esc, "My late draft")
    assert response.status_code == 409
    assert "already answered by hr" in response.text and "My late draft" in response.text


def test_resolve_and_dismiss(admin, store):
    a, b = open_escalation(store, "a"), open_escalation(store, "b")
    token = csrf_of(admin.get(f"/escalations/{a.id}").text)
    assert admin.post(f"/escalations/{a.id}/resolve", data={"csrf_token": token}).status_code == 303
    assert admin.post(f"/escalations/{b.id}/dismiss", data={"csrf_token": token}).status_code == 303
    assert (store.get(a.id).status, store.get(b.id).status) == ("resolved", "dismissed")
    assert admin.post(f"/escalations/{a.id}/dismiss", data={"csrf_token": token}).status_code == 409
    assert admin.post(f"/escalations/{a.id}/explode", data={"csrf_token": token}).status_code == 404
    assert admin.get("/escalations/99999").status_code == 404


def test_retire_ruling(admin, store):
    esc = open_escalation(store)
    ruling_id = store.answer(esc.id, by="hr", text="Ruled.", save_as_ruling=True).ruling_id
    token = csrf_of(admin.get("/rulings").text)
    assert admin.post(f"/rulings/{ruling_id}/retire", data={"csrf_token": token}).status_code == 303
    assert store.active_rulings("kimberly") == [] and "retired" in admin.get("/rulings").text


def test_log_shows_feedback_and_stats_render_a_chart(admin, store):
    q = log_question(store, "Was this helpful?", escalate=False)
    store.set_feedback(q.id, helpful=True)
    open_escalation(store, "escalated one")
    log_page = admin.get("/log").text
    assert "Was this helpful?" in log_page and "helpful" in log_page
    stats = admin.get("/stats?days=7").text
    assert "<svg" in stats and "50%" in stats and "100%" in stats
    assert "Employee Use of Social Media › Personal Use" in stats
    assert admin.get("/stats?days=3").status_code == 400


def test_csv_exports(admin, store):
    open_escalation(store, "@SUM(1+1) exported question")
    response = admin.get("/export/escalations.csv")
    assert response.headers["content-type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert row["question"] == "'@SUM(1+1) exported question"
    assert "attachment" in response.headers["content-disposition"]
    questions = list(csv.DictReader(io.StringIO(admin.get("/export/questions.csv").text)))
    assert len(questions) == 1 and questions[0]["escalated"] == "yes"


def test_reasons_read_as_sentences_in_the_queue_and_on_the_detail_page(admin, store):
    from bot.application.reason_labels import REASON_LABELS

    record = log_question(store, "Two policies disagree here")
    esc = store.escalate(record.id, reason=EscalationReason.CONFLICT, reply_to=None)
    sentence = REASON_LABELS[EscalationReason.CONFLICT]
    assert esc.reason == "conflict"
    assert sentence in admin.get("/escalations").text
    detail = admin.get(f"/escalations/{esc.id}").text
    assert sentence in detail and ">conflict<" not in detail
