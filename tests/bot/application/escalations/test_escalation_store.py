"""Contract tests of EscalationStore, run against SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from bot.application.escalations.models import ReplyAddress
from bot.application.escalations.store import EscalationStore
from knowledge.models import EscalationReason
from tests.bot.application.escalations.factories import log_question, open_escalation


def test_record_question_keeps_what_the_bot_said(store):
    record = log_question(store, "Can I friend a student?", escalate=False)
    assert record.id > 0
    assert record.question == "Can I friend a student?"
    assert record.verdict == "prohibited" and record.escalated is False
    assert record.clause_ids == ["kimberly-5290:0007:ab12cd"]
    assert record.topic == "Employee Use of Social Media › Personal Use"
    assert record.feedback is None and record.asked_at.tzinfo is not None


def test_feedback_is_stored_and_unknown_question_is_not_found(store):
    record = log_question(store)
    store.set_feedback(record.id, helpful=False)
    assert store.get_question(record.id).feedback is False
    with pytest.raises(NotFound):
        store.set_feedback(999_999, helpful=True)


def test_escalate_copies_question_and_bot_answer_and_is_idempotent(store):
    record = log_question(store, "Can I text a parent from my phone?")
    reply = ReplyAddress("teams", {"conversation_reference": {"conversation": {"id": "19:abc"}}})
    first = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=reply, permalink="https://x/1")
    again = store.escalate(record.id, reason=EscalationReason.CONFLICT, reply_to=None)
    assert again == first
    assert first.status == "open" and first.version == 1
    assert first.question == "Can I text a parent from my phone?"
    assert first.bot_answer["citations"][0]["policy_code"] == "5290"
    assert first.reply_to == reply and first.permalink == "https://x/1"
    assert store.get_question(record.id).escalated is True
    assert store.get(first.id) == first


def test_escalating_an_unknown_question_is_not_found(store):
    with pytest.raises(NotFound):
        store.escalate(424242, reason=EscalationReason.NOT_COVERED, reply_to=None)
    with pytest.raises(NotFound):
        store.get(424242)


def test_admin_message_is_saved(store):
    esc = open_escalation(store)
    store.set_admin_message(esc.id, {"channel": "CADMIN", "ts": "1700000001.0002"})
    assert store.get(esc.id).admin_message == {"channel": "CADMIN", "ts": "1700000001.0002"}


def test_answer_then_answering_again_conflicts(store):
    esc = open_escalation(store)
    answered = store.answer(esc.id, by="principal", text="  Yes, with parental consent.  ")
    assert answered.status == "answered" and answered.answer == "Yes, with parental consent."
    assert answered.answered_by == "principal" and answered.answered_at is not None
    assert answered.version == esc.version + 1 and answered.ruling_id is None
    with pytest.raises(Conflict, match="already answered by principal"):
        store.answer(esc.id, by="hr", text="No.")
    assert store.get(esc.id).answer == "Yes, with parental consent."


def test_stale_expected_version_conflicts(store):
    esc = open_escalation(store)
    store.set_admin_message(esc.id, {"ts": "1"})
    with pytest.raises(Conflict):
        store.answer(esc.id, by="a", text="x", expected_version=esc.version + 5)
    assert store.answer(esc.id, by="a", text="x", expected_version=esc.version).status == "answered"


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 20_001])
def test_empty_or_overlong_answers_are_rejected(store, text):
    esc = open_escalation(store)
    with pytest.raises(InvalidInput):
        store.answer(esc.id, by="a", text=text)
    assert store.get(esc.id).status == "open"


def test_answer_of_exactly_the_limit_is_accepted(store):
    esc = open_escalation(store)
    assert len(store.answer(esc.id, by="a", text="y" * 20_000).answer) == 20_000


def test_save_as_ruling_then_retire(store):
    esc = open_escalation(store, "May I use TikTok with my class?")
    answered = store.answer(esc.id, by="superintendent", text="Only district accounts.", save_as_ruling=True)
    [ruling] = store.active_rulings("kimberly")
    assert answered.ruling_id == ruling.id
    assert (ruling.question, ruling.answer, ruling.escalation_id) == (
        "May I use TikTok with my class?", "Only district accounts.", esc.id)
    assert ruling.to_ruling(0.9).answered_by == "superintendent"
    assert store.active_rulings("other-district") == []
    store.retire_ruling(ruling.id)
    assert store.active_rulings("kimberly") == []
    assert [r.active for r in store.list_rulings()] == [False]
    with pytest.raises(NotFound):
        store.retire_ruling(99_999)


def test_resolve_and_dismiss(store):
    answered = store.answer(open_escalation(store, "q1").id, by="a", text="x")
    resolved = store.resolve(answered.id, by="b")
    assert resolved.status == "resolved" and resolved.resolved_by == "b" and resolved.resolved_at
    dismissed = store.dismiss(open_escalation(store, "q2").id, by="c")
    assert dismissed.status == "dismissed"
    with pytest.raises(Conflict):
        store.answer(dismissed.id, by="a", text="late")
    with pytest.raises(Conflict):
        store.dismiss(resolved.id, by="a")


def test_list_filters_and_order(store):
    first = open_escalation(store, "Oldest: staff Facebook groups?")
    teams = open_escalation(store, "Teams question about YouTube", platform="teams", collection="jndc")
    done = open_escalation(store, "Answered one")
    store.answer(done.id, by="a", text="done")
    assert [e.id for e in store.list_escalations()] == [first.id, teams.id, done.id]
    assert [e.id for e in store.list_escalations(status="answered")] == [done.id]
    assert [e.id for e in store.list_escalations(platform="teams")] == [teams.id]
    assert [e.id for e in store.list_escalations(collection="jndc")] == [teams.id]
    assert [e.id for e in store.list_escalations(search="youtube")] == [teams.id]
    assert [e.id for e in store.list_escalations(search="100%_")] == []
    today = first.created_at.date()
    assert len(store.list_escalations(since=today, until=today)) == 3
    assert store.list_escalations(since=today + timedelta(days=1)) == []
    assert store.list_escalations(until=date(2000, 1, 1)) == []
    with pytest.raises(InvalidInput):
        store.list_escalations(status="bogus")


def test_recent_questions_newest_first_per_asker(store):
    for text in ("one", "two", "three"):
        log_question(store, text, asker_id="U1")
    log_question(store, "someone else", asker_id="U2")
    recent = store.recent_questions(platform="slack", asker_id="U1", limit=2)
    assert [q.question for q in recent] == ["three", "two"]


def test_data_survives_reopen(db_url):
    store = EscalationStore.open(db_url)
    esc = open_escalation(store, "Persist me")
    store.answer(esc.id, by="a", text="kept", save_as_ruling=True)
    store.close()
    reopened = EscalationStore.open(db_url)
    try:
        assert reopened.get(esc.id).answer == "kept"
        assert [r.answer for r in reopened.active_rulings("kimberly")] == ["kept"]
    finally:
        reopened.close()


def test_purge_question_text_keeps_rows(store):
    old = open_escalation(store, "Old private question")
    store.answer(old.id, by="a", text="ok")
    still_open = open_escalation(store, "Old but still open")
    assert store.purge_question_text(older_than_days=1) == 0
    assert store.purge_question_text(older_than_days=0) == 1
    purged = store.get(old.id)
    assert purged.question == "" and purged.bot_answer["question"] == "" and purged.answer == "ok"
    assert store.get_question(old.question_id).question == ""
    assert store.get_question(old.question_id).verdict == "not_covered"
    assert store.get(still_open.id).question == "Old but still open"
    with pytest.raises(InvalidInput):
        store.purge_question_text(-1)


def test_sqlite_file_is_owner_only(tmp_path):
    import stat
    store = EscalationStore.open(f"sqlite:///{tmp_path / 'private.db'}")
    store.close()
    assert stat.S_IMODE((tmp_path / "private.db").stat().st_mode) == 0o600
