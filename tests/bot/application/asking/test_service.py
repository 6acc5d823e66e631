"""The ask service on the real store (SQLite and PostgreSQL): logging, escalation, junk, limits, outages."""
from __future__ import annotations

from dataclasses import replace

from bot.application.asking.question import Question
from bot.application.asking.service import ANSWERED, JUNK, PLEASE_ASK, AskService
from bot.application.escalations.models import ReplyAddress
from bot.application.escalations.store import EscalationStore, create_engine
from bot.application.settings import AskingSettings, Settings

ADDRESS = ReplyAddress("slack", {"team": "T1", "channel": "DASKER", "thread_ts": None, "user": "UASKER"})


def ask(service, replier, text, asker="UASKER", platform="slack"):
    return service.ask(Question(platform=platform, text=text, tenant="T1", channel="DASKER", asker_id=asker,
                                asker_name="Pat", reply_to=ADDRESS), replier)


def test_answer_is_logged_sent_and_typed(store, answers, replier):
    result = ask(AskService(Settings(env={}), answers, store), replier, "Can I friend a student?")
    assert result.outcome == ANSWERED and result.answer.verdict.value == "prohibited"
    assert replier.kinds() == ["answer"]
    record = store.get_question(result.question_id)
    assert (record.question, record.asker_id, record.platform) == ("Can I friend a student?", "UASKER", "slack")


def test_nul_bytes_are_stripped_before_storing_on_every_backend(store, answers, replier):
    result = ask(AskService(Settings(env={}), answers, store), replier, "can I\x00 post\x00 a photo?\x1b")
    assert result.answered and result.log_error == ""
    assert store.get_question(result.question_id).question == "can I post a photo?"
    assert answers.asked[0][0] == "can I post a photo?"


def test_escalating_answer_opens_one_escalation_with_the_reply_address(store, answers, replier):
    result = ask(AskService(Settings(env={}), answers, store), replier, "Can I take a sick day?")
    assert replier.kinds() == ["answer", "escalated"]
    [escalation] = store.list_escalations()
    assert escalation.id == result.escalation.id and escalation.reply_to == ADDRESS


def test_junk_gets_please_ask_and_is_neither_answered_nor_escalated(store, answers, replier):
    service = AskService(Settings(env={}), answers, store)
    for junk in ("👍👍👍", "???", "!!! ... !!!"):
        assert ask(service, replier, junk).outcome == JUNK
    assert replier.sent == [("notice", PLEASE_ASK)] * 3
    assert answers.asked == [] and store.list_escalations() == []


def test_escalations_per_asker_per_hour_are_limited(store, answers, replier):
    settings = replace(Settings(env={}), asking=AskingSettings(escalations_per_asker_per_hour=2))
    service = AskService(settings, answers, store)
    results = [ask(service, replier, f"Can I take sick day number {i}?") for i in range(4)]
    assert [r.rate_limited for r in results] == [False, False, True, True]
    assert len(store.list_escalations()) == 2
    # The limited questions are still answered and logged, and the asker is told to wait.
    assert all(r.answered and r.question_id for r in results)
    waits = [payload for kind, payload in replier.sent if kind == "notice"]
    assert len(waits) == 2 and all("last hour" in w for w in waits)
    # Another asker is not affected.
    assert not ask(service, replier, "Can I take a sick day?", asker="UOTHER").rate_limited


def test_a_rate_limited_answer_is_shown_without_its_escalation(store, answers, replier):
    settings = replace(Settings(env={}), asking=AskingSettings(escalations_per_asker_per_hour=1))
    service = AskService(settings, answers, store)
    first, limited = (ask(service, replier, f"Can I take sick day number {i}?") for i in range(2))
    assert first.shown_answer is first.answer and first.shown_answer.escalate
    assert limited.rate_limited and limited.answer.escalate       # the engine would escalate it...
    assert not limited.shown_answer.escalate                       # ...but the asker is not told it was
    assert replace(limited.shown_answer, escalate=True) == limited.answer


def test_answer_is_sent_even_when_the_database_is_down(answers, replier, caplog):
    down = EscalationStore(create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"))
    result = ask(AskService(Settings(env={}), answers, down), replier, "Can I take a sick day?")
    assert result.answered and result.question_id is None and result.escalation is None
    assert "could not log" in result.log_error
    assert replier.kinds() == ["answer"]
    assert any("could not log" in r.getMessage() for r in caplog.records)


def test_engine_failure_tells_the_asker(store, answers, replier):
    result = ask(AskService(Settings(env={}), answers, store), replier, "will this explode?")
    assert result.outcome == "failed" and isinstance(result.error, RuntimeError)
    assert replier.kinds() == ["notice"] and "Sorry" in replier.sent[0][1]
