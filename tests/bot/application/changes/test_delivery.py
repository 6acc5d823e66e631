"""Sending queued notices: once each, taken over after a crash mid-send, retried, then given up on."""
from __future__ import annotations

import asyncio

from slack_sdk import WebClient

from bot.application.changes.delivery import deliver_notices
from bot.application.changes.notices import record_and_queue
from bot.application.changes.store import MAX_ATTEMPTS
from bot.application.escalations.inbox import Inbox
from bot.application.escalations.notify import NotifierRegistry
from tests.bot.application.changes.conftest import (HOME, NEW_PHONE, OLD_PHONE, PHONE, REVISION, log,
                                                   teams_address)


class Recording:
    def __init__(self, fail: int = 0):
        self.sent, self.fail = [], fail

    def notify_change(self, notice):
        if self.fail:
            self.fail -= 1
            raise ConnectionError("chat is down")
        self.sent.append(notice)


def queued(store, changes, now_answers, *askers):
    for asker in askers:
        log(store, "Can I give a student my cell number?", PHONE, asker=asker)
    record_and_queue(changes, collection="kimberly", documents=[REVISION], answer=now_answers)
    return changes.list_notices()


def test_each_notice_is_sent_once(store, changes, now_answers):
    queued(store, changes, now_answers, "U1", "U2")
    notifier = Recording()
    registry = NotifierRegistry({"slack": notifier})
    assert deliver_notices(changes, registry).sent == 2
    assert deliver_notices(changes, registry).sent == 0
    assert sorted(n.asker_id for n in notifier.sent) == ["U1", "U2"]
    assert {n.status for n in changes.list_notices()} == {"sent"}
    assert all(n.sent_at is not None for n in changes.list_notices())


def test_a_notice_held_by_a_sender_that_died_is_sent_once_its_lease_runs_out(store, changes, now_answers, clock):
    [notice] = queued(store, changes, now_answers, "U1")
    assert changes.claim_notice(notice.id, owner="crashed:1", lease_seconds=120) is not None   # then killed
    notifier = Recording()
    registry = NotifierRegistry({"slack": notifier})
    assert deliver_notices(changes, registry, owner="next:2").sent == 0       # still leased: not sent twice
    clock.advance(121)
    assert deliver_notices(changes, registry, owner="next:2").sent == 1
    assert deliver_notices(changes, registry, owner="next:2").sent == 0
    assert [n.id for n in notifier.sent] == [notice.id]
    assert not changes.finish_notice(notice.id, owner="crashed:1")           # the dead sender cannot mark it


def test_a_failing_platform_is_retried_then_given_up_on(store, changes, now_answers):
    queued(store, changes, now_answers, "U1")
    flaky = Recording(fail=1)
    registry = NotifierRegistry({"slack": flaky})
    report = deliver_notices(changes, registry)
    assert (report.sent, report.failed) == (0, 1)
    [waiting] = changes.list_notices()
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 1, "ConnectionError: chat is down")
    assert deliver_notices(changes, registry).sent == 1

    log(store, "Can I give a student my cell number?", PHONE, asker="U7")
    record_and_queue(changes, collection="kimberly", documents=[REVISION], answer=now_answers)
    down = NotifierRegistry({"slack": Recording(fail=MAX_ATTEMPTS + 5)})
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_notices(changes, down)
    [given_up] = changes.list_notices(status="failed")
    assert (given_up.asker_id, given_up.attempts) == ("U7", MAX_ATTEMPTS)


def test_notices_for_a_platform_without_a_notifier_wait_untouched(store, changes, now_answers):
    queued(store, changes, now_answers, "U1")
    assert deliver_notices(changes, NotifierRegistry()).sent == 0
    assert deliver_notices(changes, NotifierRegistry({"teams": Recording()})).sent == 0
    [notice] = changes.list_notices()
    assert (notice.status, notice.attempts) == ("pending", 0)


def test_slack_notice_is_a_direct_message_with_escaped_words(store, changes, now_answers):
    from bot.slack.notifier import SlackNotifier
    from tests.bot.slack.mock_slack import MockSlack

    log(store, "Can I give <!channel> my number & more?", PHONE, HOME, asker="U1")
    record_and_queue(changes, collection="kimberly", documents=[REVISION], answer=now_answers)
    slack = MockSlack().start()
    try:
        registry = NotifierRegistry({"slack": SlackNotifier(WebClient(token="xoxb-test", base_url=slack.base_url))})
        assert deliver_notices(changes, registry).sent == 1
        [opened] = slack.bodies("/conversations.open")
        [post] = slack.bodies("/chat.postMessage")
    finally:
        slack.stop()
    assert opened["users"] == "U1" and post["channel"] == "DIMU1"
    text = "\n".join(b["text"]["text"] for b in post["blocks"] if b.get("text"))
    assert "A policy you asked about has changed:* GBEBB - Staff Conduct" in text
    assert "Can I give &lt;!channel&gt; my number &amp; more?" in text and "<!channel>" not in text
    assert f"> {OLD_PHONE}" in text and f"> {NEW_PHONE}" in text
    assert "That passage was removed from the policy" in text
    assert "⛔ *Not allowed* No. Giving students your number is prohibited." in text
    assert post["text"] == "A policy you asked about has changed: GBEBB - Staff Conduct"


def test_teams_notice_is_a_proactive_card_in_the_askers_conversation(store, changes, now_answers, tmp_path):
    from bot.teams.server import teams_notifier
    from bot.application.settings import Settings
    from tests.bot.teams.cardtext import card_texts
    from tests.bot.teams.connector import TeamsHarness
    from tests.bot.teams.fakes import FakeAnswerService

    settings = Settings(data_dir=tmp_path / "data", env={})

    async def scenario():
        async with TeamsHarness(settings, FakeAnswerService(), store) as h:
            record = log(store, "Can I give a student my cell number?", PHONE, platform="teams", asker="aad-1")
            inbox = Inbox(store.engine)
            address = teams_address()
            address.data["conversation_reference"]["serviceUrl"] = h.service_url
            item = inbox.receive(platform="teams", key="act-1", text=record.question, reply_to=address)
            inbox.claim(item, owner="w", lease_seconds=60)
            inbox.finish(item, owner="w", question_id=record.id)
            record_and_queue(changes, collection="kimberly", documents=[REVISION], answer=now_answers)
            registry = NotifierRegistry({"teams": teams_notifier(settings)})
            await asyncio.to_thread(deliver_notices, changes, registry)
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert [n.status for n in changes.list_notices()] == ["sent"]   # by us, or by the harness's own poller
    [call] = calls
    assert call.conversation == "a:personal" and call.activity_id is None      # a new message, not a reply
    texts = card_texts(call.card)
    assert "A policy you asked about has changed: GBEBB - Staff Conduct" in texts
    assert OLD_PHONE in texts and NEW_PHONE in texts and "Not allowed" in texts
