"""Pure Block Kit rendering: verdict first, quoted citations, labelled rulings, and Slack's limits."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

from bot.application.escalations.models import Escalation
from bot.slack.blocks import MAX_BLOCKS, MAX_FALLBACK_CHARS, MAX_SECTION_CHARS, answer_blocks, fallback_text
from bot.slack.cards import admin_card, asker_answer_blocks
from knowledge.models import Answer, Citation, Ruling, Verdict
from tests.bot.slack.fakes import FRIEND_CLAUSE, PHOTO_CLAUSE
from tests.bot.slack.harness import texts


def huge_answer(n_citations: int = 80) -> Answer:
    citations = tuple(
        Citation(clause_id=f"c{i}", document=f"Policy Manual Volume {i}", section="Staff › Conduct & Ethics",
                 locator=f"item {i}", text=("Employees <must> & shall keep records. " * 300) + f"END{i}",
                 score=0.5, lead_in="The following applies:", policy_code=f"{i}", adopted="2014", revised="2020",
                 url=f"https://example.org/p/{i}")
        for i in range(n_citations))
    rulings = tuple(Ruling(id=i, question="q" * 2000, answer="a" * 5000, answered_by="Pat",
                           answered_at="2025-01-01T00:00:00") for i in range(6))
    return Answer(question="x" * 2000, verdict=Verdict.CONDITIONAL, escalate=False, escalation_reason=None,
                  summary="S" * 5000, citations=citations, conditions=tuple("c" * 600 for _ in range(10)),
                  rulings=rulings, collection="kimberly", note="question truncated to 2,000 characters")


def section_texts(blocks):
    for b in blocks:
        if b["type"] == "section":
            yield b["text"]["text"]
        for e in b.get("elements", []):
            if b["type"] == "context":
                yield e["text"]


def test_huge_answer_respects_limits_and_keeps_every_citation_path():
    answer = huge_answer()
    blocks = answer_blocks(answer, question_id=1, shareable=True)
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(t) <= MAX_SECTION_CHARS for t in section_texts(blocks))
    body = texts(blocks)
    for c in answer.citations:
        assert c.path.replace("&", "&amp;") in body, c.path
    assert "…" in body                                   # clause text was shortened, not dropped
    assert blocks[0]["text"]["text"].startswith("⚠️ *Allowed with conditions*")
    assert blocks[-1]["type"] == "actions"               # buttons survive the trimming
    text = fallback_text(answer)
    assert len(text) <= MAX_FALLBACK_CHARS
    assert all(c.path.replace("&", "&amp;") in text for c in answer.citations)   # text is mrkdwn: escaped
    assert len(json.dumps(blocks)) < 100_000


def test_answer_blocks_escape_mrkdwn_and_quote_clauses():
    clause = replace(FRIEND_CLAUSE, text="Use <b>tags</b> & links")
    blocks = answer_blocks(Answer(question="q", verdict=Verdict.ALLOWED, escalate=False, escalation_reason=None,
                                  summary="Yes & no", citations=(clause,)), question_id=3)
    body = texts(blocks)
    assert "> Use &lt;b&gt;tags&lt;/b&gt; &amp; links" in body
    assert blocks[0]["text"]["text"] == "✅ *Allowed*\nYes &amp; no"


def test_every_verdict_has_a_word_and_emoji():
    for verdict in Verdict:
        first = answer_blocks(Answer(question="q", verdict=verdict, escalate=False, escalation_reason=None,
                                     summary="s"), question_id=None)[0]["text"]["text"]
        emoji, word = first.split("\n")[0].split(" ", 1)
        assert emoji and word.startswith("*") and len(word) > 4


def test_no_buttons_without_a_question_id_and_conditions_listed():
    answer = Answer(question="q", verdict=Verdict.CONDITIONAL, escalate=False, escalation_reason=None,
                    summary="Only with consent.", citations=(PHOTO_CLAUSE,),
                    conditions=("only with written parental consent on file",))
    blocks = answer_blocks(answer, question_id=None)
    assert all(b["type"] != "actions" for b in blocks)
    assert "*Conditions*\n• only with written parental consent on file" in texts(blocks)


def Esc(**kw) -> Escalation:
    fields = dict(
        id=4, question_id=1, question="Can I?", platform="slack", tenant="T1", channel="CGEN", asker_id="U1",
        asker_name="Dana", collection="kimberly", reason="", status="open",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc), bot_answer={}, reply_to=None, permalink="",
        admin_message={}, answered_by="", answer="", answered_at=None, resolved_by="", resolved_at=None,
        ruling_id=None, version=1)
    return Escalation(**{**fields, **kw})


def test_admin_card_follows_status():
    open_card, _ = admin_card(Esc())
    assert "_The bot found no relevant clause._" in texts(open_card)
    assert "<@U1> asked in <#CGEN>" in texts(open_card)
    answered, _ = admin_card(Esc(status="answered", answer="Yes.", answered_by="Pat", ruling_id=9,
                                 answered_at=datetime(2026, 1, 2, 10, 30, tzinfo=timezone.utc)))
    assert "Answered by Pat* on 2026-01-02 10:30" in texts(answered)
    assert "Saved as admin ruling #9." in texts(answered)
    assert [e["action_id"] for e in answered[-1]["elements"]] == ["policybot_esc_resolve"]
    resolved, _ = admin_card(Esc(status="resolved", resolved_by="Pat", resolved_at=datetime(2026, 1, 3, tzinfo=timezone.utc)))
    assert all(b["type"] != "actions" for b in resolved)


def test_asker_answer_is_labelled_as_an_admin_answer():
    blocks, text = asker_answer_blocks(Esc(status="answered", answer="Yes.", answered_by="Pat"))
    assert "not policy text" in texts(blocks)
    assert text.startswith("An administrator answered your question")


def test_fallback_text_says_the_verdict_once():
    from knowledge.summary import build_summary

    for verdict, conditions in ((Verdict.PROHIBITED, ()), (Verdict.ALLOWED, ()), (Verdict.CONDITIONAL, ("with approval",)),
                                (Verdict.INFORMATIONAL, ())):
        summary = build_summary(verdict, FRIEND_CLAUSE, conditions, reason=None, collection="kimberly",
                                permission_question=True)
        answer = Answer(question="q", verdict=verdict, escalate=False, escalation_reason=None, summary=summary,
                        citations=(FRIEND_CLAUSE,), conditions=conditions)
        text = fallback_text(answer)
        assert "Not allowed: Not allowed" not in text and "Allowed: Allowed" not in text
        assert not text.startswith("Allowed with conditions: Allowed only with conditions")
    prohibited = Answer(question="q", verdict=Verdict.PROHIBITED, escalate=False, escalation_reason=None,
                        summary=build_summary(Verdict.PROHIBITED, FRIEND_CLAUSE, (), reason=None, collection="k"),
                        citations=(FRIEND_CLAUSE,))
    assert fallback_text(prohibited).startswith("Not allowed: ")
    assert fallback_text(prohibited).count("Not allowed") == 1
    informational = Answer(question="q", verdict=Verdict.INFORMATIONAL, escalate=False, escalation_reason=None,
                           summary="JNDC › item 1 says “x”.", citations=(FRIEND_CLAUSE,))
    assert fallback_text(informational).startswith("What the policy says: JNDC")


def test_admin_card_shows_the_bots_verdict_as_people_read_it():
    card, _ = admin_card(Esc(bot_answer={"verdict": "not_covered", "citations": []}))
    assert "Bot verdict: ❓ Not covered by the policies" in texts(card)
    assert "not_covered" not in texts(card)
    odd, _ = admin_card(Esc(bot_answer={"verdict": "<b>weird</b>", "citations": []}))
    assert "Bot verdict: &lt;b&gt;weird&lt;/b&gt;" in texts(odd)
