"""Question log views, stats and admin accounts, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.application.escalations import reports
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from tests.bot.application.escalations.factories import log_question, open_escalation


def test_list_questions_newest_first_with_filters(store):
    log_question(store, "first about Facebook", escalate=False)
    second = log_question(store, "second about TikTok", platform="teams")
    store.set_feedback(second.id, helpful=True)
    assert [q.question for q in reports.list_questions(store)] == ["second about TikTok", "first about Facebook"]
    assert [q.id for q in reports.list_questions(store, platform="teams")] == [second.id]
    assert [q.id for q in reports.list_questions(store, search="tiktok")] == [second.id]
    assert [q.id for q in reports.list_questions(store, feedback=True)] == [second.id]


def test_stats_counts_rates_and_topics(store):
    helpful = log_question(store, "a", escalate=False)
    store.set_feedback(helpful.id, helpful=True)
    unhelpful = log_question(store, "b", escalate=False)
    store.set_feedback(unhelpful.id, helpful=False)
    open_escalation(store, "c")
    log_question(store, "d", escalate=False)
    s = reports.stats(store, days=7)
    assert s.questions == 4 and s.escalated == 1 and s.open_escalations == 1
    assert s.escalation_rate == pytest.approx(0.25) and s.helpful_rate == pytest.approx(0.5)
    assert s.top_topics == [("Employee Use of Social Media › Personal Use", 4)]
    assert s.top_escalated_topics == [("Employee Use of Social Media › Personal Use", 1)]
    assert len(s.per_day) == 7 and s.per_day[-1][1] == 4 and sum(n for _, n in s.per_day) == 4
    later = reports.stats(store, days=7, today=s.per_day[-1][0] + timedelta(days=30))
    assert later.questions == 0 and later.escalation_rate is None and later.helpful_rate is None


def test_admin_accounts(store):
    accounts = AdminAccounts(store)
    user = accounts.add("principal", "a long passphrase")
    assert user.username == "principal" and [u.username for u in accounts.list()] == ["principal"]
    assert accounts.verify("principal", "a long passphrase")
    assert not accounts.verify("principal", "A long passphrase")
    assert not accounts.verify("nobody", "a long passphrase")
    with pytest.raises(Conflict):
        accounts.add("principal", "another passphrase")
    with pytest.raises(InvalidInput):
        accounts.add("bad name!", "a long passphrase")
    with pytest.raises(InvalidInput):
        accounts.add("ok", "short")
    accounts.set_password("principal", "a new passphrase")
    assert accounts.verify("principal", "a new passphrase")
    accounts.remove("principal")
    with pytest.raises(NotFound):
        accounts.remove("principal")
    assert not accounts.verify("principal", "a new passphrase")
