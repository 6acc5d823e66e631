"""Questions from DMs, @mentions and /policy: answered, recorded, replied in the right place."""
from __future__ import annotations

from tests.bot.slack.harness import texts


def test_dm_is_answered_with_verdict_and_citation_and_recorded(slack, mock_slack, answers, store):
    resp = slack.dm("Can I friend a student on Facebook?", ts="1699999001.000200")
    assert resp.status == 200

    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert post["channel"] == "DASKER"
    assert post.get("thread_ts") is None
    first = post["blocks"][0]["text"]["text"]
    assert first.startswith("⛔ *Not allowed*")
    body = texts(post["blocks"])
    assert "\n> Employees shall not accept students as friends" in body
    assert "Employee Use of Social Media › Personal Use › item 3" in body
    assert "Adopted March 10, 2014" in body and "Revised June 1, 2020" in body
    assert "<https://example.org/policies/5290|Open policy>" in body
    assert "Not allowed" in post["text"]
    assert answers.asked == [("Can I friend a student on Facebook?", "kimberly")]   # T1 -> kimberly

    recent = store.recent_questions(platform="slack", asker_id="UASKER")
    assert len(recent) == 1
    rec = recent[0]
    assert (rec.tenant, rec.channel, rec.asker_name, rec.verdict) == ("T1", "DASKER", "Name of UASKER", "prohibited")
    assert rec.latency_ms >= 0


def test_ruling_is_labelled_as_an_admin_ruling_not_policy(slack, mock_slack):
    slack.dm("Can I friend a student?")
    body = texts(mock_slack.wait_for("/chat.postMessage")[0]["blocks"])
    assert "*Admin ruling* (an administrator's answer, not policy text) — Pat Lee, 2025-09-01" in body
    assert "_Original question:_ Can I follow a student on Instagram?" in body


def test_mention_is_answered_in_the_thread_without_the_mention(slack, mock_slack, answers):
    slack.mention("<@UBOT> may I post photos of my class?", ts="1700000600.000100", thread_ts="1700000100.000100")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert post["channel"] == "CGENERAL"
    assert post["thread_ts"] == "1700000100.000100"
    assert answers.asked[0][0] == "may I post photos of my class?"
    assert post["blocks"][0]["text"]["text"].startswith("⚠️ *Allowed with conditions*")


def test_top_level_mention_starts_a_thread_on_the_question(slack, mock_slack):
    slack.mention("<@UBOT> can I friend a student?", ts="1700000700.000100")
    assert mock_slack.wait_for("/chat.postMessage")[0]["thread_ts"] == "1700000700.000100"


def test_empty_mention_gets_help_and_asks_nothing(slack, mock_slack, answers, store):
    slack.mention("<@UBOT>  ")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert "Hi! I'm PolicyBot" in texts(post["blocks"])
    assert "/policy" in post["text"]
    assert answers.asked == []
    assert store.recent_questions(platform="slack", asker_id="UASKER") == []


def test_empty_dm_gets_help(slack, mock_slack, answers):
    slack.dm("   ")
    assert "Hi! I'm PolicyBot" in texts(mock_slack.wait_for("/chat.postMessage")[0]["blocks"])
    assert answers.asked == []


def test_slash_command_replies_ephemerally_with_share_button_then_shares(slack, mock_slack):
    resp = slack.command("can I friend a student?")
    assert resp.status == 200
    reply = mock_slack.wait_for("/respond/command")[0]
    assert reply["response_type"] == "ephemeral"
    assert mock_slack.bodies("/chat.postMessage") == []          # nothing public yet
    buttons = {e["action_id"]: e["value"] for e in reply["blocks"][-1]["elements"]}
    assert set(buttons) == {"policybot_helpful", "policybot_not_helpful", "policybot_ask_admin", "policybot_share"}

    slack.click("policybot_share", buttons["policybot_share"], channel="CGENERAL", ephemeral=True)
    shared = mock_slack.wait_for("/respond/action-policybot_share")[0]
    assert shared["response_type"] == "in_channel"
    assert shared["delete_original"] is True
    assert "<@UASKER> asked: can I friend a student?" in texts(shared["blocks"])
    assert "policybot_share" not in str(shared["blocks"])


def test_feedback_buttons_store_feedback(slack, mock_slack, store):
    slack.dm("Can I friend a student?")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    qid = post["blocks"][-1]["elements"][0]["value"]

    slack.click("policybot_not_helpful", qid)
    mock_slack.wait_for("/respond/action-policybot_not_helpful")
    assert store.get_question(int(qid)).feedback is False

    slack.click("policybot_helpful", qid)
    mock_slack.wait_for("/respond/action-policybot_helpful")
    assert store.get_question(int(qid)).feedback is True


def test_app_home_shows_sources_and_recent_questions(slack, mock_slack):
    slack.dm("Can I friend a student?")
    mock_slack.wait_for("/chat.postMessage")
    slack.home_opened()
    view = mock_slack.wait_for("/views.publish")[0]
    assert view["user_id"] == "UASKER"
    body = texts(view["view"]["blocks"])
    assert "<https://example.org/policies/5290|Employee Use of Social Media> (Policy 5290)" in body
    assert "adopted March 10, 2014, revised June 1, 2020" in body
    assert "How to ask" in body
    assert "Can I friend a student?" in body


def test_a_failing_answer_service_gets_an_apology_not_silence(slack, mock_slack, store):
    slack.dm("please explode")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert "Sorry, I couldn't look that up" in post["text"]
    assert store.recent_questions(platform="slack", asker_id="UASKER") == []
