"""The one ask flow every platform uses: clean -> answer -> log -> reply -> escalate.

Cleaning happens here and only here (`intake`, the policy in `question.py`): the inbox worker calls
`intake` on a chat question before storing it, and `ask`/`expire` clean a question that is still raw
(the CLI's). The answer service (the engine and the core behind it) gets the clean text and trusts it.

Slack, Teams and the CLI differ only in how they reply, so each passes a `Replier`. The order
matters: the answer is sent even when logging it fails (the database may be down), and that
failure is reported in the result (and logged) instead of costing the asker their answer.

Junk (no words at all: emoji, punctuation) gets a short "please ask a question" and is neither
answered nor escalated. Each asker may open at most `asking.escalations_per_asker_per_hour`
escalations; past that the question is still answered and logged, and the asker told to wait.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Callable, Protocol

from bot.application.asking.question import Question, clean_text, has_words, truncation_note
from bot.application.errors import error_line, storage_fault
from bot.application.escalations import rows
from bot.application.escalations.models import Escalation
from bot.application.escalations.store import EscalationStore
from bot.application.staff_groups.askers import AskerGroup, AskerGroups, asker_groups
from knowledge.models import Answer, EscalationReason, Verdict
from knowledge.ports import AnswerService
from bot.application.settings import Settings

log = logging.getLogger(__name__)

ANSWERED, JUNK, FAILED, EXPIRED = "answered", "junk", "failed", "expired"
PLEASE_ASK = "Please ask a question in words, for example: “Can I text my team?”"
SORRY = "😕 Sorry, I couldn't look that up just now. Please try again in a minute."
LATE_ANSWER = "⏳ Sorry for the late answer: I was restarting when you asked."   # before a late answer


def wait_notice(limit: int) -> str:
    """What an asker over the hourly escalation limit is told."""
    return (f"You've already sent {limit} question{'s' if limit != 1 else ''} to the policy admins in the last "
            "hour, so I haven't sent this one. Please wait a while, or contact an admin directly.")


def expired_notice(when: str, *, escalated: bool) -> str:
    if escalated:
        return (f"Sorry, I couldn't answer the question you sent at {when} in time. "
                "I've passed it to the policy admins instead.")
    return f"Sorry, I couldn't answer the question you sent at {when}. Please ask it again."


@dataclass(frozen=True)
class AskResult:
    """What happened to one question (typed: adapters never read an answer dict by string keys)."""

    question: Question               # as answered: cleaned and capped
    outcome: str                     # answered | junk | failed | expired
    answer: Answer | None = None
    question_id: int | None = None   # the question log row (None when logging failed)
    escalation: Escalation | None = None
    rate_limited: bool = False       # the answer escalates, but the asker's hourly limit was reached
    log_error: str = ""              # why logging or escalating failed ("" when it did not)
    late: bool = False               # answered after a restart or a lost worker
    error: Exception | None = None   # why answering failed (outcome "failed")
    asker_group: AskerGroup = AskerGroup(None)   # the asker's staff group, as answered
    ask_group: bool = False          # versions for different staff groups compete and the asker's is unknown:
                                     # chat adapters ask which group (bot/application/staff_groups)

    @property
    def answered(self) -> bool:
        return self.outcome == ANSWERED

    @property
    def shown_answer(self) -> Answer | None:
        """The answer as the asker is shown it: when the hourly limit kept it from being escalated, it does
        not say it was passed on."""
        if self.answer is not None and self.rate_limited:
            return replace(self.answer, escalate=False)
        return self.answer


class Replier(Protocol):
    """How one platform replies to the asker of one question."""

    def answer(self, result: AskResult) -> None:
        """Send the answer (`result.answer`; `result.late` asks for a "sorry for the delay")."""

    def notice(self, text: str) -> None:
        """Send a short plain message (junk, failures, rate limits)."""

    def escalated(self, escalation: Escalation) -> None:
        """Post the escalation to the admins and tell the asker it was passed on."""


class AskService:
    def __init__(self, settings: Settings, answers: AnswerService, store: EscalationStore | None, *,
                 clock: Callable = rows.now, groups: AskerGroups | None = None):
        self.settings = settings
        self.answers = answers
        self.store = store
        self._clock = clock
        self.groups = groups if groups is not None else asker_groups(settings, store)

    def asker_group(self, question: Question) -> AskerGroup:
        return self.groups.of(question.platform, question.asker_id, given=question.staff_group,
                              platform_group=question.platform_group)

    def _answer(self, question: Question, collection: str, group: str | None) -> Answer:
        if group is None:
            return self.answers.ask(question.text, collection=collection)
        return self.answers.ask(question.text, collection=collection, group=group)

    def collection_for(self, question: Question) -> str:
        return question.collection or self.settings.default_collection

    @property
    def max_chars(self) -> int:
        """The one cap on a question's length (`retrieval.max_question_chars`)."""
        return self.settings.retrieval.max_question_chars

    def intake(self, text: str) -> tuple[str, int]:
        """Raw question text, cleaned and capped by the one policy; and its length as received."""
        return clean_text(text, self.max_chars)

    def ask(self, question: Question, replier: Replier, *, late: bool = False) -> AskResult:
        """Answer, log, reply and escalate one question; never raises for a logging or escalation failure."""
        question = question.cleaned(self.max_chars)
        if not has_words(question.text):
            replier.notice(PLEASE_ASK)
            return AskResult(question, JUNK, late=late)
        collection = self.collection_for(question)
        started = time.perf_counter()
        asker = self.asker_group(question)
        try:
            answer = self._answer(question, collection, asker.group)
        except Exception as exc:
            fault = storage_fault(exc)
            # A storage fault is one line (its kind and root cause); anything else is a bug worth a traceback.
            log.error("answering a %s question failed: %s", question.platform, fault or exc, exc_info=fault is None)
            replier.notice(SORRY)
            return AskResult(question, FAILED, late=late, error=exc)
        note = truncation_note(question.length, self.max_chars)
        if note:        # the one truncation note, before what the core noted (a weak match)
            answer = replace(answer, note=" ".join(filter(None, [note, answer.note])))
        latency_ms = (time.perf_counter() - started) * 1000
        question_id, error = self._log(question, answer, collection, latency_ms)
        limited = bool(answer.escalate and question_id is not None
                       and self.over_limit(question.platform, question.asker_id))
        ask_group = (not asker.known and bool(answer.staff_groups) and self.settings.staff_groups.ask
                     and question.platform != "cli")
        result = AskResult(question, ANSWERED, answer=answer, question_id=question_id, rate_limited=limited,
                           log_error=error, late=late, asker_group=asker, ask_group=ask_group)
        replier.answer(result)
        if not answer.escalate:
            return result
        if question_id is None:
            return result
        if limited:
            _after_answer(replier.notice, wait_notice(self.settings.asking.escalations_per_asker_per_hour))
            return result
        try:
            escalation = self.store.escalate(question_id, reason=answer.escalation_reason,
                                             reply_to=question.reply_to)
        except Exception as exc:
            log.warning("escalating question #%s failed: %s", question_id, exc)
            return replace(result, log_error=f"escalating failed: {exc}")
        result = replace(result, escalation=escalation)
        _after_answer(replier.escalated, escalation)
        return result

    def expire(self, question: Question, replier: Replier) -> AskResult:
        """A question received too long ago to answer now: log it, escalate it to the admins, tell the asker.

        The bot's answer is still computed (the admins see it on the card), but not sent as if fresh.
        """
        question = question.cleaned(self.max_chars)
        when = question.received_at.strftime("%Y-%m-%d %H:%M UTC") if question.received_at else "earlier"
        if not has_words(question.text):
            return AskResult(question, JUNK)
        collection = self.collection_for(question)
        try:
            answer = self._answer(question, collection, self.asker_group(question).group)
        except Exception as exc:
            log.warning("answering an expired question failed: %s", exc)
            answer = Answer(question=question.text, verdict=Verdict.NOT_COVERED, escalate=True,
                            escalation_reason=None, summary="", collection=collection)
        reason = EscalationReason.EXPIRED        # the asker is told when; the inbox row keeps received_at
        answer = replace(answer, escalate=True, escalation_reason=reason)
        question_id, error = self._log(question, answer, collection, 0.0)
        result = AskResult(question, EXPIRED, answer=answer, question_id=question_id, log_error=error, late=True)
        if question_id is None:
            replier.notice(expired_notice(when, escalated=False))
            return result
        try:
            escalation = self.store.escalate(question_id, reason=reason, reply_to=question.reply_to)
        except Exception as exc:
            log.warning("escalating expired question #%s failed: %s", question_id, exc)
            replier.notice(expired_notice(when, escalated=False))
            return replace(result, log_error=f"escalating failed: {exc}")
        replier.notice(expired_notice(when, escalated=True))
        _after_answer(replier.escalated, escalation)
        return replace(result, escalation=escalation)

    def _log(self, question: Question, answer: Answer, collection: str, latency_ms: float) -> tuple[int | None, str]:
        if self.store is None:
            return None, "the question log is not available"
        try:
            record = self.store.record_question(
                platform=question.platform, question=question.text, answer=answer, latency_ms=latency_ms,
                collection=answer.collection or collection, tenant=question.tenant, channel=question.channel,
                asker_id=question.asker_id, asker_name=question.asker_name)
        except Exception as exc:      # the asker still gets the answer; the failure is reported
            reason = error_line(exc)
            log.warning("could not log a %s question (the answer is still sent): %s", question.platform, reason)
            return None, f"could not log the question: {reason}"
        return record.id, ""

    def over_limit(self, platform: str, asker_id: str) -> bool:
        """True when this chat asker already opened the hourly maximum of escalations (also checked
        before an "Ask an admin" press escalates)."""
        limit = self.settings.asking.escalations_per_asker_per_hour
        if not asker_id or platform == "cli" or self.store is None:
            return False     # the CLI user is the operator; only chat askers are limited
        try:
            since = self._clock() - timedelta(hours=1)
            return self.store.count_escalations(platform=platform, asker_id=asker_id, since=since) >= limit
        except Exception as exc:
            log.warning("could not count escalations: %s", exc)
            return False


def _after_answer(send: Callable, *args) -> None:
    """Replies after the answer: a failure is logged, not raised, so that a retry never answers twice."""
    try:
        send(*args)
    except Exception:
        log.exception("a follow-up reply failed (the answer itself was sent)")
