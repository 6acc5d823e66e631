"""Escalations through Slack: Ask an admin, the admins' card, the Answer modal, Resolve, admin checks."""
from __future__ import annotations

import json

from tests.bot.slack.harness import answer_values, texts


def ask_and_escalate(slack, mock_slack, store):
    """A mention in a thread, answered, then escalated by its asker; returns (escalation, admin card post)."""
    slack.mention("<@UBOT> can I friend a student's parent?", ts="1700000600.000100", thread_ts="1700000100.000100")
    answer = mock_slack.wait_for("/chat.postMessage")[0]
    qid = next(e["value"] for e in answer["blocks"][-1]["elements"] if e["action_id"] == "policybot_ask_admin")
    slack.click("policybot_ask_admin", qid, channel="CGENERAL",
                message={"type": "message", "ts": "1700000700.000100", "thread_ts": "1700000100.000100"})
    card = mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CADMIN")[0]
    notice = mock_slack.wait_for("/chat.postMessage", where=lambda b: "passed your question" in b["text"])[0]
    assert notice["thread_ts"] == "1700000100.000100" and "<#CADMIN>" in notice["text"]
    [esc] = store.list_escalations()
    return esc, card


def test_ask_an_admin_posts_card_and_records_escalation(slack, mock_slack, store):
    esc, card = ask_and_escalate(slack, mock_slack, store)
    assert esc.status == "open"
    assert esc.reply_to.platform == "slack"
    assert esc.reply_to.data == {"team": "T1", "channel": "CGENERAL", "thread_ts": "1700000100.000100",
                                 "user": "UASKER"}
    assert esc.permalink == "https://test.slack.com/archives/CGENERAL/p1700000700.000100"
    assert esc.admin_message == {"channel": "CADMIN", "ts": esc.admin_message["ts"]} and esc.admin_message["ts"]
    body = texts(card["blocks"])
    assert "can I friend a student's parent?" in body
    assert ("<@UASKER> asked in <#CGENERAL> "
            "(<https://test.slack.com/archives/CGENERAL/p1700000700.000100|view message>)") in body
    assert "Reason: a person was asked for" in body and esc.reason == "asked_for_person"
    assert "Employee Use of Social Media › Personal Use › item 3" in body          # the bot's best clause
    assert [e["action_id"] for e in card["blocks"][-1]["elements"]] == ["policybot_esc_answer", "policybot_esc_resolve"]


def test_whole_round_trip_admin_answers_in_modal(slack, mock_slack, store):
    esc, card = ask_and_escalate(slack, mock_slack, store)
    slack.click("policybot_esc_answer", str(esc.id), user="UADMIN", channel="CADMIN",
                message={"type": "message", "ts": esc.admin_message["ts"]})
    modal = mock_slack.wait_for("/views.open")[0]["view"]
    assert modal["callback_id"] == "policybot_esc_answer_modal"
    assert json.loads(modal["private_metadata"]) == {"escalation_id": esc.id, "version": esc.version}

    resp = slack.submit_view(modal, answer_values("Yes, parents are fine; keep it professional.", ruling=True),
                             user="UADMIN")
    assert resp.status == 200 and not resp.body        # plain ack closes the modal

    delivered = mock_slack.wait_for("/chat.postMessage", where=lambda b: "administrator answered" in b["text"])[0]
    assert (delivered["channel"], delivered["thread_ts"]) == ("CGENERAL", "1700000100.000100")
    assert "Yes, parents are fine; keep it professional." in texts(delivered["blocks"])
    assert "<@UASKER>" in texts(delivered["blocks"])

    updated = mock_slack.wait_for("/chat.update")[0]
    assert (updated["channel"], updated["ts"]) == ("CADMIN", esc.admin_message["ts"])
    assert "Answered by Name of UADMIN" in texts(updated["blocks"])
    assert "policybot_esc_answer\"" not in json.dumps(updated["blocks"])   # no second answer possible

    stored = store.get(esc.id)
    assert (stored.status, stored.answered_by, stored.answer) == (
        "answered", "Name of UADMIN", "Yes, parents are fine; keep it professional.")
    assert [r.answer for r in store.active_rulings(stored.collection)] == [stored.answer]


def test_unanswerable_question_is_escalated_automatically(slack, mock_slack, store):
    slack.dm("What is the dress code for field trips?")
    card = mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CADMIN")[0]
    assert "What is the dress code for field trips?" in texts(card["blocks"])
    assert "<@UASKER> asked in a direct message" in texts(card["blocks"])
    mock_slack.wait_for("/chat.postMessage", where=lambda b: "passed your question" in b["text"])
    answer = mock_slack.bodies("/chat.postMessage")[0]
    assert answer["blocks"][0]["text"]["text"].startswith("❓ *Not covered")
    assert "policybot_ask_admin" not in json.dumps(answer["blocks"])
    [esc] = store.list_escalations()
    assert esc.reason == "not_covered"
    assert esc.reply_to.data["channel"] == "DASKER" and esc.reply_to.data["thread_ts"] is None


def test_slash_command_escalation_is_answered_by_dm(slack, mock_slack, store, service):
    slack.command("what is the dress code?")
    mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CADMIN")
    notice = mock_slack.wait_for("/respond/command", 2)[1]
    assert "passed your question" in notice["text"] and notice["response_type"] == "ephemeral"
    [esc] = store.list_escalations()
    service.answer(esc.id, by="Web Admin", text="Business casual.")         # e.g. from the admin web UI
    assert mock_slack.wait_for("/conversations.open")[0]["users"] == "UASKER"
    dm = mock_slack.wait_for("/chat.postMessage", where=lambda b: "administrator answered" in b["text"])[0]
    assert dm["channel"] == "DIMUASKER"


def test_non_admin_cannot_open_answer_modal_or_resolve(slack, mock_slack, store):
    esc, _ = ask_and_escalate(slack, mock_slack, store)
    slack.click("policybot_esc_answer", str(esc.id), user="UNOBODY", channel="CADMIN")
    refusal = mock_slack.wait_for("/respond/action-policybot_esc_answer")[0]
    assert "Only PolicyBot admins" in refusal["text"] and refusal["response_type"] == "ephemeral"
    slack.click("policybot_esc_resolve", str(esc.id), user="UNOBODY", channel="CADMIN")
    mock_slack.wait_for("/respond/action-policybot_esc_resolve")
    assert mock_slack.bodies("/views.open") == []
    assert store.get(esc.id).status == "open"


def test_non_admin_modal_submission_is_refused(slack, mock_slack, store):
    esc, _ = ask_and_escalate(slack, mock_slack, store)
    from bot.slack.cards import answer_modal
    resp = slack.submit_view(answer_modal(esc), answer_values("Sure, go ahead."), user="UNOBODY")
    assert resp.status == 200
    assert json.loads(resp.body) == {"response_action": "errors",
                                     "errors": {"answer": "Only PolicyBot admins can answer or resolve escalations."}}
    # Prove the lazy listener had its chance: a later admin answer is the one stored.
    resp = slack.submit_view(answer_modal(esc), answer_values("No."), user="UADMIN")
    mock_slack.wait_for("/chat.update")
    assert (store.get(esc.id).answer, store.get(esc.id).answered_by) == ("No.", "Name of UADMIN")


def test_usergroup_member_may_resolve(slack, mock_slack, store):
    esc, _ = ask_and_escalate(slack, mock_slack, store)
    slack.click("policybot_esc_resolve", str(esc.id), user="UGROUPADMIN", channel="CADMIN")
    updated = mock_slack.wait_for("/chat.update")[0]
    assert "Resolved by Name of UGROUPADMIN" in texts(updated["blocks"])
    assert mock_slack.bodies("/usergroups.users.list")[0]["usergroup"] == "SADMINS"
    assert store.get(esc.id).status == "resolved"


def test_second_answer_is_refused_and_admin_told(slack, mock_slack, store, service):
    esc, _ = ask_and_escalate(slack, mock_slack, store)
    from bot.slack.cards import answer_modal
    modal = answer_modal(store.get(esc.id))
    service.answer(esc.id, by="Web Admin", text="Answered on the web.")
    slack.submit_view(modal, answer_values("Late answer."), user="UADMIN")
    told = mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "UADMIN")[0]
    assert "already answered by Web Admin" in told["text"]
    assert store.get(esc.id).answer == "Answered on the web."


def test_escalation_survives_an_admin_channel_the_bot_cannot_post_in(slack, mock_slack, store):
    mock_slack.fail["/chat.postMessage"] = "not_in_channel"
    slack.command("what is the dress code?")
    notice = mock_slack.wait_for("/respond/command", 2)[1]
    assert "passed your question" in notice["text"]
    [esc] = store.list_escalations()
    assert esc.status == "open" and esc.admin_message == {}
