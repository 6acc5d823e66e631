"""Logging questions on chosen days, for gaps tests (the admin page and the CLI tests use it too)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import sqlalchemy as sa

from bot.application.escalations.tables import escalations, questions
from tests.bot.application.escalations.factories import log_question, open_escalation

SICK_LEAVE = ["Can I take a sick day to care for my mother?", "may I use sick leave to look after my sick mom?",
              "Is sick leave allowed for caring for a parent?", "can I use my sick days when my dad is in hospital"]
PETS = ["Can I bring my dog to school?", "Are pets allowed in the classroom?",
        "can I keep a hamster in my classroom", "Is there a policy on bringing animals to class?"]


def asked_on(store, day: date, question: str, *, escalate: bool = True, open_one: bool = False, **kwargs):
    """Log `question` as asked at noon UTC on `day` (escalated, when `open_one`); returns the question id."""
    if open_one:
        esc = open_escalation(store, question, **kwargs)
        question_id = esc.question_id
    else:
        question_id = log_question(store, question, escalate=escalate, **kwargs).id
    stamp = datetime.combine(day, time(12), tzinfo=timezone.utc)
    with store.engine.begin() as conn:
        conn.execute(sa.update(questions).where(questions.c.id == question_id).values(asked_at=stamp))
        conn.execute(sa.update(escalations).where(escalations.c.question_id == question_id).values(created_at=stamp))
    return question_id
