"""The "what changed" pages and rulings under review: login, CSRF, escaping, word-level diff, confirm."""
from __future__ import annotations

from bot.application.changes.store import ChangeStore
from knowledge.clause_changes import ChangeKind, ClauseChange, ClauseVersion
from tests.bot.admin.conftest import csrf_of
from tests.bot.application.escalations.factories import open_escalation

XSS = '<script>alert("pwned")</script>'


def record(store, title="GBEBB - Staff Conduct"):
    changes = ChangeStore(store.engine)
    change, _ = changes.record_change(collection="kimberly", doc_id="gbebb", title=title, changes=[
        ClauseChange(ChangeKind.CHANGED, ClauseVersion("gbebb:a", "Staff shall not text students after 9 pm.",
                                                       "Contact", "item 1"),
                     ClauseVersion("gbebb:b", "Staff shall not text students after 8 pm.", "Contact", "item 1")),
        ClauseChange(ChangeKind.REMOVED, ClauseVersion("gbebb:c", f"Visitors {XSS} sign in.", "Visits", "¶ 1"), None),
        ClauseChange(ChangeKind.ADDED, None, ClauseVersion("gbebb:d", "Staff may call parents.", "Contact", "item 2")),
    ])
    return changes, change


def ruling_under_review(store, changes, change):
    esc = open_escalation(store, "Can I text the team at 8.30 pm?")
    ruled = store.answer(esc.id, by="Dr. Lee", text="Yes, until 9 pm.", save_as_ruling=True)
    changes.flag_rulings([ruled.ruling_id], change.id)
    return ruled.ruling_id


def test_the_pages_need_a_login(client, store):
    _, change = record(store)
    for page in ("/changes", f"/changes/{change.id}"):
        response = client.get(page)
        assert response.status_code == 303 and "/login" in response.headers["location"]
    assert client.post("/rulings/1/confirm", data={"csrf_token": "x"}).status_code in (401, 403)


def test_what_changed_lists_documents_and_shows_a_word_level_diff_escaped(admin, store):
    _, change = record(store, title=f"GBEBB {XSS}")
    listing = admin.get("/changes").text
    assert f'href="/changes/{change.id}"' in listing
    assert "1 changed" in listing and "1 removed" in listing and "1 added" in listing
    assert XSS not in listing and "&lt;script&gt;" in listing
    page = admin.get(f"/changes/{change.id}").text
    assert XSS not in page and "Visitors &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; sign in." in page
    assert "<del>9</del>" in page and "<ins>8</ins>" in page
    assert "<ins>Staff may call parents.</ins>" in page
    assert "No notices" in page


def test_unknown_or_malformed_change_ids(admin):
    assert admin.get("/changes/999").status_code == 404
    assert admin.get("/changes/not-a-number").status_code == 400


def test_a_ruling_under_review_has_a_badge_is_hidden_and_comes_back_when_confirmed(admin, store):
    changes, change = record(store)
    ruling_id = ruling_under_review(store, changes, change)
    page = admin.get("/rulings").text
    assert "needs review" in page and f'action="/rulings/{ruling_id}/confirm"' in page
    assert f'href="/changes/{change.id}"' in page
    assert "needs review" in admin.get("/changes").text and "needs review" in admin.get(f"/changes/{change.id}").text
    assert store.active_rulings("kimberly") == []

    assert admin.post(f"/rulings/{ruling_id}/confirm", data={"answer": ""}).status_code == 403     # no CSRF token
    assert store.active_rulings("kimberly") == []
    token = csrf_of(page)
    done = admin.post(f"/rulings/{ruling_id}/confirm", data={"csrf_token": token, "answer": f"Until 8 pm. {XSS}"})
    assert done.status_code == 303 and done.headers["location"] == "/rulings"
    [shown] = store.active_rulings("kimberly")
    assert shown.id == ruling_id and shown.answer == f"Until 8 pm. {XSS}"
    after = admin.get("/rulings").text
    assert "needs review" not in after and "confirmed with your edit" in after
    assert XSS not in after and "Until 8 pm. &lt;script&gt;" in after
    again = admin.post(f"/rulings/{ruling_id}/confirm", data={"csrf_token": token, "answer": ""})
    assert again.status_code == 400 and "is not waiting for review" in again.text
    assert admin.post("/rulings/999/confirm", data={"csrf_token": token}).status_code == 404


def test_confirming_as_it_is_keeps_the_answer(admin, store):
    changes, change = record(store)
    ruling_id = ruling_under_review(store, changes, change)
    token = csrf_of(admin.get("/rulings").text)
    assert admin.post(f"/rulings/{ruling_id}/confirm", data={"csrf_token": token, "answer": "  "}).status_code == 303
    [shown] = store.active_rulings("kimberly")
    assert shown.answer == "Yes, until 9 pm."
