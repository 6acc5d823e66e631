"""Hostile input through Slack: bots ignored, user/admin text escaped wherever it goes, forged requests not logged."""
from __future__ import annotations

import json
import logging
import re

from tests.bot.slack.harness import SIGNING_SECRET, answer_values, texts

# Everything that would notify, ping or disguise a link if it reached Slack unescaped.
HOSTILE = "<!channel> ask <@U999> or <https://evil.example/x|the real policy> & cheer"
RAW = re.compile(r"<!channel>|<@U999>|<https://evil")


def assert_escaped(*parts: str) -> None:
    for part in parts:
        assert not RAW.search(part), part


def all_text(body: dict) -> str:
    """Every string Slack will render from a chat.postMessage / chat.update / respond body."""
    return json.dumps({k: body.get(k) for k in ("text", "blocks", "view")}, ensure_ascii=False)


# -- bots ------------------------------------------------------------------------------------------
def test_messages_from_bots_are_acknowledged_and_never_answered(slack, mock_slack, answers):
    base = {"type": "message", "channel": "DASKER", "channel_type": "im", "team": "T1"}
    from_bots = [
        {**base, "text": "Can I friend a student?", "ts": "1.1", "bot_id": "BOTHER", "user": "UOTHERBOT"},
        {**base, "text": "Can I friend a student?", "ts": "1.2", "subtype": "bot_message", "bot_id": "BOTHER"},
        {**base, "text": "Can I friend a student?", "ts": "1.3", "user": "UBOT"},          # our own bot user
        {**base, "text": "Can I friend a student?", "ts": "1.4", "app_id": "AOTHER",
         "bot_profile": {"id": "BOTHER", "app_id": "AOTHER"}, "user": "UOTHER"},
    ]
    for event in from_bots:
        assert slack.event(event).status == 200
    mention = {"type": "app_mention", "channel": "CGENERAL", "user": "UOTHERBOT", "bot_id": "BOTHER",
               "text": "<@UBOT> can I friend a student?", "ts": "1.5", "team": "T1"}
    assert slack.event(mention).status == 200
    slack.dm("Can I post photos of my class?")                      # a person, after the bots
    mock_slack.wait_for("/chat.postMessage")
    assert answers.asked == [("Can I post photos of my class?", "kimberly")]
    assert len(mock_slack.bodies("/chat.postMessage")) == 1


def test_bots_on_the_allow_list_are_answered(settings, answers, service, client, mock_slack):
    from dataclasses import replace

    from bot.slack.app import build_app
    from tests.bot.slack.harness import SlackDriver

    allowed = replace(settings, slack=replace(settings.slack, allowed_bots=("BFRIEND",)))
    driver = SlackDriver(build_app(allowed, answers, service, client=client, signing_secret=SIGNING_SECRET),
                         mock_slack)
    driver.event({"type": "message", "channel": "DASKER", "channel_type": "im", "team": "T1", "ts": "2.1",
                  "bot_id": "BFRIEND", "text": "Can I friend a student?"})
    driver.event({"type": "message", "channel": "DASKER", "channel_type": "im", "team": "T1", "ts": "2.2",
                  "bot_id": "BSTRANGER", "text": "Can I post photos?"})
    mock_slack.wait_for("/chat.postMessage")
    assert answers.asked == [("Can I friend a student?", "kimberly")]


# -- escaping --------------------------------------------------------------------------------------
def test_question_and_admin_answer_are_escaped_in_every_text_slack_renders(slack, mock_slack, store):
    slack.mention(f"<@UBOT> {HOSTILE}", ts="1700000600.000100")         # not covered: escalated at once
    answer = mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CGENERAL")[0]
    card = mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CADMIN")[0]
    assert_escaped(all_text(answer), all_text(card))
    assert "&lt;!channel&gt;" in card["text"]                 # the notification text, shown as typed
    mock_slack.wait_for("/chat.postMessage", where=lambda b: "passed your question" in b["text"])  # card ref stored
    [esc] = store.list_escalations()

    slack.click("policybot_esc_answer", str(esc.id), user="UADMIN", channel="CADMIN",
                message={"type": "message", "ts": esc.admin_message["ts"]})
    modal = mock_slack.wait_for("/views.open")[0]["view"]
    assert_escaped(json.dumps(modal))
    slack.submit_view(modal, answer_values(f"No. {HOSTILE}"), user="UADMIN")
    delivered = mock_slack.wait_for("/chat.postMessage", where=lambda b: "administrator answered" in b["text"])[0]
    updated = mock_slack.wait_for("/chat.update")[0]
    assert_escaped(all_text(delivered), all_text(updated))
    assert "&lt;@U999&gt;" in delivered["text"] and "<@UASKER>" in texts(delivered["blocks"])


def test_share_and_home_escape_user_text(slack, mock_slack):
    slack.command(f"photo {HOSTILE}")
    reply = mock_slack.wait_for("/respond/command")[0]
    assert_escaped(all_text(reply))
    share = next(e["value"] for e in reply["blocks"][-1]["elements"] if e["action_id"] == "policybot_share")
    slack.click("policybot_share", share, channel="CGENERAL", ephemeral=True)
    assert_escaped(all_text(mock_slack.wait_for("/respond/action-policybot_share")[0]))
    slack.home_opened()
    assert_escaped(json.dumps(mock_slack.wait_for("/views.publish")[0]["view"]))


def test_links_in_policy_metadata_cannot_break_out_of_the_link_markup():
    from bot.slack.blocks import link

    assert link("https://example.org/p?a=1&b=2", "Policy <5290>") == \
        "<https://example.org/p?a=1&amp;b=2|Policy &lt;5290&gt;>"
    assert link("https://evil.example/|<!channel>", "x") == "x"
    assert link("javascript:alert(1)", "Open") == "Open"


# -- feedback updates the answer ---------------------------------------------------------------------
def test_feedback_replaces_the_buttons_with_thanks_instead_of_posting_again(slack, mock_slack, store):
    slack.dm("Can I friend a student?")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    qid = post["blocks"][-1]["elements"][0]["value"]
    message = {"type": "message", "ts": "1700000900.000100", "text": post["text"], "blocks": post["blocks"]}
    slack.click("policybot_not_helpful", qid, message=message)
    update = mock_slack.wait_for("/respond/action-policybot_not_helpful")[0]
    assert update["replace_original"] is True and update.get("response_type") != "ephemeral"
    actions = [e["action_id"] for b in update["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["policybot_ask_admin"]                      # feedback buttons gone, Ask an admin kept
    assert "Thanks for telling me" in texts(update["blocks"])
    assert texts(update["blocks"]).startswith(texts(post["blocks"][:1]))     # the answer itself is kept
    assert store.get_question(int(qid)).feedback is False
    assert len(mock_slack.bodies("/chat.postMessage")) == 1        # nothing new was posted


def test_feedback_on_an_ephemeral_answer_rerenders_it_without_the_buttons(slack, mock_slack, store):
    slack.command("can I friend a student?")
    reply = mock_slack.wait_for("/respond/command")[0]
    qid = reply["blocks"][-1]["elements"][0]["value"]
    slack.click("policybot_helpful", qid, channel="CGENERAL", ephemeral=True)
    update = mock_slack.wait_for("/respond/action-policybot_helpful")[0]
    assert update["replace_original"] is True
    assert "Not allowed" in texts(update["blocks"]) and "Glad it helped" in texts(update["blocks"])
    assert "policybot_helpful" not in json.dumps(update["blocks"])
    assert store.get_question(int(qid)).feedback is True


# -- logs ------------------------------------------------------------------------------------------
def test_a_forged_request_is_rejected_and_its_body_never_logged(settings, answers, service, client, mock_slack,
                                                                 caplog):
    from bot.slack.app import build_app
    from tests.bot.slack.harness import SlackDriver

    caplog.set_level(logging.INFO)      # as `policybot slack` runs; bolt copies the level when the app is built
    slack = SlackDriver(build_app(settings, answers, service, client=client, signing_secret=SIGNING_SECRET),
                        mock_slack)
    body = slack.event_body({"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
                             "text": "secret question about my colleague", "ts": "3.1", "team": "T1"})
    response = slack.dispatch(body, "application/json", secret="not-the-signing-secret")
    assert response.status == 401
    assert answers.asked == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "secret question" not in logged and "x-slack-signature" not in logged.lower()
    assert any("invalid signature" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def test_questions_and_tokens_stay_out_of_logs_above_debug(slack, mock_slack, caplog):
    caplog.set_level(logging.INFO)
    slack.dm("Can I friend a student? zebracrossing")
    slack.dm("please explode zebracrossing")                       # the answering service fails
    mock_slack.wait_for("/chat.postMessage", count=2)
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not any("zebracrossing" in r.getMessage() or "xoxb-" in r.getMessage() for r in shown)
    assert any("failed" in r.getMessage() for r in shown)          # the failure itself is still logged


def test_feedback_on_an_answer_no_longer_in_memory_thanks_without_replacing_it(slack, mock_slack, store, settings,
                                                                              answers, service, client):
    from bot.slack.app import build_app
    from tests.bot.slack.harness import SlackDriver

    slack.command("can I friend a student?")
    qid = mock_slack.wait_for("/respond/command")[0]["blocks"][-1]["elements"][0]["value"]
    restarted = SlackDriver(build_app(settings, answers, service, client=client, signing_secret=SIGNING_SECRET),
                            mock_slack)                   # a new process: its memory of ephemeral answers is empty
    restarted.click("policybot_helpful", qid, channel="CGENERAL", ephemeral=True)
    reply = mock_slack.wait_for("/respond/action-policybot_helpful")[0]
    assert reply.get("replace_original") is False and "Glad it helped" in reply["text"]
    assert store.get_question(int(qid)).feedback is True
