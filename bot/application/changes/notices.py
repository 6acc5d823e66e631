"""From a re-ingest's clause changes to queued notices and rulings put under review.

`record_and_queue` takes the `DocumentChanges` an ingest recorded (`ingest.change_recorder`) and, per
document: stores the change (for the admins' "what changed" page); puts under review every ruling whose
escalated answer cited a changed or removed clause; and finds the logged answers (within the retention
period, text not purged) that cited one. An answer cited a clause when it names the clause's id, or, for
a clause of the same document that an earlier re-ingest moved, when the words it showed are the clause's
old words (normalised). Each asker then gets one notice for the policy, holding every question they asked
from it, the wording they were shown, the wording now, and the engine's answer now.
Clauses whose words did not change (moved, renumbered) are not changes, so they reach nobody.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, Protocol, Sequence

from bot.application.changes.models import NoticeItem, PolicyChange
from bot.application.changes.store import ChangeStore, LoggedAnswer, NewNotice
from bot.application.escalations.models import ReplyAddress
from knowledge.clause_changes import ChangeKind, ClauseChange, changed_or_removed, normalise_wording
from knowledge.models import Answer

log = logging.getLogger(__name__)
NOTIFIED_PLATFORMS = ("slack", "teams")     # the platforms a notice can reach (not the CLI's terminal users)


class DocumentChangesLike(Protocol):
    """What `record_and_queue` reads of `ingest.change_recorder.DocumentChanges`."""

    @property
    def doc_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def changes(self) -> tuple[ClauseChange, ...]: ...


@dataclass
class ChangeOutcome:
    changes: list[PolicyChange] = field(default_factory=list)
    notices_queued: int = 0
    rulings_flagged: int = 0
    unreachable: int = 0        # askers with no address to send to (e.g. a Teams conversation never stored)


def stale_change_for(citation: dict, doc_id: str, stale: Sequence[ClauseChange]) -> ClauseChange | None:
    """The changed or removed clause a cited clause was, or None (not this document, or its words unchanged)."""
    clause_id = str(citation.get("clause_id", ""))
    for change in stale:
        if change.old is not None and change.old.clause_id == clause_id:
            return change
    if not clause_id.startswith(f"{doc_id}:"):
        return None
    shown = normalise_wording(str(citation.get("text", "")))
    for change in stale:
        if change.old is not None and normalise_wording(change.old.text) == shown:
            return change
    return None


def record_and_queue(store: ChangeStore, *, collection: str, documents: Iterable[DocumentChangesLike],
                     answer: Callable[[str], Answer], notices: bool = True,
                     since: datetime | None = None) -> ChangeOutcome:
    """Record each document's change, flag the rulings it touches and (unless `notices` is off) queue notices."""
    outcome = ChangeOutcome()
    for doc in documents:
        change, _ = store.record_change(collection=collection, doc_id=doc.doc_id, title=doc.title,
                                        changes=doc.changes)
        outcome.changes.append(change)
        stale = changed_or_removed(doc.changes)
        if not stale:
            continue                # clauses were only added: no earlier answer rested on them
        flagged = [ruling.id for ruling, citations in store.rulings_citing(collection, doc.doc_id)
                   if any(stale_change_for(c, doc.doc_id, stale) for c in citations)]
        outcome.rulings_flagged += store.flag_rulings(flagged, change.id)
        if not notices:
            continue
        queued = _notices_for(store, doc, stale, store.answers_citing(collection=collection, doc_id=doc.doc_id,
                                                                      since=since), answer, outcome)
        outcome.notices_queued += store.queue_notices(change.id, queued)
    return outcome


def _notices_for(store: ChangeStore, doc: DocumentChangesLike, stale: Sequence[ClauseChange],
                 answers: Sequence[LoggedAnswer], answer: Callable[[str], Answer],
                 outcome: ChangeOutcome) -> list[NewNotice]:
    by_asker: dict[tuple[str, str], list[tuple[LoggedAnswer, list[tuple[dict, ClauseChange]]]]] = {}
    for logged in answers:
        if logged.platform not in NOTIFIED_PLATFORMS or not logged.asker_id:
            continue
        hits = [(c, ch) for c in logged.citations if (ch := stale_change_for(c, doc.doc_id, stale)) is not None]
        if hits:
            by_asker.setdefault((logged.platform, logged.asker_id), []).append((logged, hits))
    fresh: dict[str, Answer] = {}
    out = []
    for (platform, asker_id), asked in by_asker.items():
        address = _address(store, platform, asked)
        if address is None:
            outcome.unreachable += 1
            log.warning("no %s address for asker %s: the notice about %s is not queued", platform, asker_id,
                        doc.doc_id)
            continue
        items: list[NoticeItem] = []
        seen: set[tuple[str, str]] = set()
        for logged, hits in asked:
            if logged.question not in fresh:
                fresh[logged.question] = _answer_now(answer, logged.question)
            now = fresh[logged.question]
            for citation, change in hits:
                key = (logged.question, change.old.clause_id if change.old else "")
                if key in seen:
                    continue        # the same question asked twice: told once
                seen.add(key)
                items.append(NoticeItem(
                    question=logged.question, asked_at=logged.asked_at.isoformat(),
                    citation=str(citation.get("path") or citation.get("locator") or ""),
                    old_text=str(citation.get("text", "")),
                    new_text=change.new.text if change.kind == ChangeKind.CHANGED and change.new else "",
                    verdict=now.verdict.value if now else "", summary=now.summary if now else ""))
        latest = asked[-1][0]
        out.append(NewNotice(platform=platform, asker_id=asker_id, asker_name=latest.asker_name,
                             reply_to=address, items=tuple(items)))
    return out


def _answer_now(answer: Callable[[str], Answer], question: str) -> Answer | None:
    """The engine's answer now; None (the notice still goes, without it) when answering failed."""
    try:
        return answer(question)
    except Exception:
        log.exception("answering %r again for its change notice failed", question[:80])
        return None


def _address(store: ChangeStore, platform: str, asked) -> ReplyAddress | None:
    """A Slack asker is written to directly (a DM); a Teams asker in the conversation they last asked in."""
    latest = asked[-1][0]
    if platform == "slack":
        return ReplyAddress("slack", {"team": latest.tenant, "user": latest.asker_id})
    found = store.reply_address(platform, [logged.id for logged, _ in asked])
    if found is None or not found.data.get("conversation_reference"):
        return None
    reference = {k: v for k, v in found.data["conversation_reference"].items() if k != "activityId"}
    return ReplyAddress(platform, {"conversation_reference": reference})   # a new message, not a reply
