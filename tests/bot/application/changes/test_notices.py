"""Which answers a policy change makes stale, and the one notice per asker per changed policy."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.application.changes.notices import record_and_queue
from bot.application.escalations.errors import InvalidInput
from bot.application.escalations.inbox import Inbox
from knowledge.models import EscalationReason
from tests.bot.application.changes.conftest import (DOC, EMAIL, HOME, NEW_PHONE, OLD_HOME, OLD_PHONE, OTHER_DOC,
                                                   PHONE, REVISION, Documents, citation, log, teams_address)


def queue(changes, now_answers, documents=(REVISION,), **kwargs):
    return record_and_queue(changes, collection="kimberly", documents=list(documents), answer=now_answers, **kwargs)


def test_each_asker_gets_one_notice_per_changed_policy_with_every_question_they_asked(store, changes, now_answers):
    log(store, "Can I give a student my cell number?", PHONE, EMAIL, asker="U1")
    log(store, "Can students come to my house?", HOME, asker="U1")
    log(store, "Can I email a student?", EMAIL, asker="U2")            # an unchanged clause of the same policy
    log(store, "Can I smoke in the car park?", OTHER_DOC, asker="U3")  # another policy
    log(store, "Can I text a student my number?", PHONE, asker="U4", collection="jndc")   # another district
    log(store, "Can I share my number?", PHONE, platform="cli", asker="dana")             # a terminal: no chat

    outcome = queue(changes, now_answers)

    assert outcome.notices_queued == 1 and outcome.unreachable == 0
    [notice] = changes.list_notices()
    assert (notice.platform, notice.asker_id, notice.asker_name, notice.status) == ("slack", "U1", "Name of U1",
                                                                                    "pending")
    assert notice.reply_to.data == {"team": "T1", "user": "U1"}       # a direct message
    assert (notice.title, notice.doc_id, notice.collection) == ("GBEBB - Staff Conduct", DOC, "kimberly")
    phone, home = notice.items
    assert (phone.question, phone.old_text, phone.new_text) == ("Can I give a student my cell number?", OLD_PHONE,
                                                                NEW_PHONE)
    assert (home.question, home.old_text, home.new_text, home.removed) == ("Can students come to my house?",
                                                                           OLD_HOME, "", True)
    assert phone.citation == "GBEBB - Staff Conduct › Contact with Students › item 1"
    assert (phone.verdict, phone.summary) == ("prohibited", "No. Giving students your number is prohibited.")
    assert now_answers.asked == ["Can I give a student my cell number?", "Can students come to my house?"]
    [change] = changes.list_changes()
    assert change.notices_queued == 1 and [c.kind.value for c in change.changes] == ["changed", "removed"]


def test_queueing_again_adds_nothing(store, changes, now_answers):
    log(store, "Can I give a student my cell number?", PHONE, asker="U1")
    assert queue(changes, now_answers).notices_queued == 1
    again = queue(changes, now_answers)
    assert again.notices_queued == 0
    assert len(changes.list_notices()) == 1 and len(changes.list_changes()) == 1


def test_a_clause_moved_earlier_is_still_found_by_the_words_the_asker_was_shown(store, changes, now_answers):
    moved_before = citation(f"{DOC}:0ld1d0", "1. " + OLD_PHONE.replace("phone", "phone "))   # an older id, same words
    log(store, "Can I give a student my cell number?", moved_before, asker="U1")
    assert queue(changes, now_answers).notices_queued == 1
    assert changes.list_notices()[0].items[0].new_text == NEW_PHONE


def test_nothing_is_queued_when_only_moves_and_additions_happened(store, changes, now_answers):
    log(store, "Can I give a student my cell number?", PHONE, asker="U1")
    from knowledge.clause_changes import ChangeKind, ClauseChange, ClauseVersion
    added = Documents(DOC, "GBEBB", [ClauseChange(ChangeKind.ADDED, None, ClauseVersion(f"{DOC}:fff", "New rule."))])
    outcome = queue(changes, now_answers, documents=[added])
    assert outcome.notices_queued == 0 and changes.list_notices() == []
    assert len(outcome.changes) == 1                       # still listed on the "what changed" page
    assert now_answers.asked == []


def test_opting_out_queues_nothing_but_still_records_the_change(store, changes, now_answers):
    log(store, "Can I give a student my cell number?", PHONE, asker="U1")
    outcome = queue(changes, now_answers, notices=False)
    assert outcome.notices_queued == 0 and changes.list_notices() == [] and len(changes.list_changes()) == 1


def test_only_questions_within_the_retention_period_and_not_purged_count(store, changes, now_answers, clock):
    log(store, "Can I give a student my cell number?", PHONE, asker="U1")
    log(store, "Can I give my number to a pupil?", PHONE, asker="U2")
    store.purge_question_text(0)                            # both purged: no text left to show
    log(store, "Can I text my number to a student?", PHONE, asker="U3")
    assert queue(changes, now_answers, since=clock.now + timedelta(days=1)).notices_queued == 0   # too old
    outcome = queue(changes, now_answers, since=clock.now - timedelta(days=30))
    assert [n.asker_id for n in changes.list_notices()] == ["U3"] and outcome.notices_queued == 1


def test_a_teams_asker_is_written_to_in_the_conversation_they_asked_in(store, changes, now_answers):
    record = log(store, "Can I give a student my cell number?", PHONE, platform="teams", asker="aad-1")
    inbox = Inbox(store.engine)
    item = inbox.receive(platform="teams", key="act-1", text="Can I give a student my cell number?",
                         reply_to=teams_address())
    inbox.claim(item, owner="w", lease_seconds=60)
    inbox.finish(item, owner="w", question_id=record.id)
    log(store, "Can students come to my house?", HOME, platform="teams", asker="aad-2")   # no conversation stored
    outcome = queue(changes, now_answers)
    assert (outcome.notices_queued, outcome.unreachable) == (1, 1)
    [notice] = changes.list_notices()
    reference = notice.reply_to.data["conversation_reference"]
    assert reference["conversation"] == {"id": "a:personal"} and "activityId" not in reference   # a new message


def test_rulings_on_a_changed_clause_need_review_and_are_hidden_until_confirmed(store, changes, now_answers):
    def ruled(question, *cites):
        record = log(store, question, *cites, asker="U9", escalate=True)
        esc = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=None)
        return store.answer(esc.id, by="Dr. Lee", text="Only with the principal's approval.", save_as_ruling=True)

    on_phone = ruled("Can I give my number to the team captain?", PHONE).ruling_id
    on_email = ruled("Can I email the team?", EMAIL).ruling_id
    outcome = queue(changes, now_answers, notices=False)      # review does not depend on notices being on
    assert outcome.rulings_flagged == 1
    assert [r.id for r in store.active_rulings("kimberly")] == [on_email]
    [review] = changes.rulings_to_review()
    assert (review.id, review.needs_review, review.review_change_id) == (on_phone, True, outcome.changes[0].id)

    with pytest.raises(InvalidInput):
        changes.confirm_ruling(on_email)                      # not under review
    with pytest.raises(InvalidInput):
        changes.confirm_ruling(on_phone, answer="   ")        # an edit must say something
    edited = changes.confirm_ruling(on_phone, answer="Not any more: never give students your number.")
    assert not edited.needs_review and edited.answer == "Not any more: never give students your number."
    assert {r.id for r in store.active_rulings("kimberly")} == {on_phone, on_email}
    assert queue(changes, now_answers).rulings_flagged == 0   # the same change does not flag it again


def test_when_answering_again_fails_the_notice_still_goes_without_the_new_answer(store, changes):
    log(store, "Can I give a student my cell number?", PHONE, asker="U1")

    def broken(question):
        raise RuntimeError("the vector store is down")

    assert queue(changes, broken).notices_queued == 1
    [item] = changes.list_notices()[0].items
    assert (item.new_text, item.verdict, item.summary) == (NEW_PHONE, "", "")
