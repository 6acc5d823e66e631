"""What changed in the policies (clause by clause, word-level highlighting) and rulings under review.

`/changes` lists the policy changes re-ingests found; `/changes/{id}` shows one document's clauses old
against new, with the deleted and inserted words marked (every word autoescaped by Jinja), and the notices
sent for it. `POST /rulings/{id}/confirm` takes a ruling out of review, as it is or with an edited answer.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from bot.admin.auth import current_user
from bot.admin.security import verify_csrf
from bot.application.changes.store import ChangeStore
from bot.application.escalations.errors import NotFound
from knowledge.clause_changes import ChangeKind, word_diff

router = APIRouter()


def _changes(request: Request) -> ChangeStore:
    return ChangeStore(request.app.state.store.engine)


@router.get("/changes")
def changes_list(request: Request, user: str = Depends(current_user)):
    store = _changes(request)
    return request.app.state.render(request, "changes.html", {
        "items": store.list_changes(), "reviews": store.rulings_to_review(), "ChangeKind": ChangeKind})


@router.get("/changes/{change_id}")
def change_detail(request: Request, change_id: int, user: str = Depends(current_user)):
    store = _changes(request)
    try:
        change = store.get_change(change_id)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No policy change #{change_id}.") from None
    rows = [{"kind": c.kind.value, "old": c.old, "new": c.new,
             "segments": word_diff(c.old.text, c.new.text) if c.old and c.new else []} for c in change.changes]
    reviews = [r for r in store.rulings_to_review() if r.review_change_id == change.id]
    return request.app.state.render(request, "change_detail.html", {
        "change": change, "rows": rows, "notices": store.list_notices(change_id=change.id), "reviews": reviews})


@router.post("/rulings/{ruling_id}/confirm", dependencies=[Depends(verify_csrf)])
def confirm_ruling(request: Request, ruling_id: int, user: str = Depends(current_user),
                   answer: str = Form("")):
    """Show the ruling to askers again: unchanged when `answer` is empty, else with `answer` as its text."""
    try:
        ruling = _changes(request).confirm_ruling(ruling_id, answer=answer if answer.strip() else None)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No ruling #{ruling_id}.") from None
    edited = " with your edit" if answer.strip() else ""
    request.session["flash"] = f"Ruling #{ruling.id} confirmed{edited}: the bot offers it again."
    return RedirectResponse("/rulings", status_code=303)
