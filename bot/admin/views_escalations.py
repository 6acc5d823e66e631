"""Escalation queue and detail pages; answering, resolving and dismissing through EscalationService."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from bot.admin.auth import current_user
from bot.admin.security import verify_csrf
from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from bot.application.escalations.models import STATUSES

router = APIRouter()
PLATFORMS = ("slack", "teams", "cli")


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=400, detail=f"Not a date (YYYY-MM-DD): {value[:40]}") from None


@router.get("/escalations")
def queue(request: Request, user: str = Depends(current_user), status: str = "open", platform: str = "",
          collection: str = "", since: str = "", until: str = "", q: str = ""):
    if status not in STATUSES + ("all",):
        raise HTTPException(status_code=400, detail="Unknown status filter.")
    store = request.app.state.store
    items = store.list_escalations(status=None if status == "all" else status, platform=platform or None,
                                   collection=collection or None, since=parse_day(since),
                                   until=parse_day(until), search=q.strip() or None)
    filters = {"status": status, "platform": platform, "collection": collection,
               "since": since, "until": until, "q": q}
    return request.app.state.render(request, "queue.html", {
        "items": items, "filters": filters, "statuses": STATUSES, "platforms": PLATFORMS,
    })


def _detail(request: Request, escalation_id: int, *, error: str = "", draft: str = "",
            status_code: int = 200):
    try:
        esc = request.app.state.store.get(escalation_id)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No escalation #{escalation_id}.") from None
    return request.app.state.render(request, "detail.html", {"e": esc, "error": error, "draft": draft},
                                    status_code=status_code)


@router.get("/escalations/{escalation_id}")
def detail(request: Request, escalation_id: int, user: str = Depends(current_user)):
    return _detail(request, escalation_id)


@router.post("/escalations/{escalation_id}/answer", dependencies=[Depends(verify_csrf)])
def answer(request: Request, escalation_id: int, user: str = Depends(current_user), text: str = Form(""),
           save_as_ruling: str = Form(""), version: int | None = Form(None)):
    service = request.app.state.service
    draft = text if len(text) <= 200_000 else ""
    try:
        esc, delivered = service.answer_and_deliver(escalation_id, by=user, text=text,
                                                    save_as_ruling=bool(save_as_ruling), expected_version=version)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No escalation #{escalation_id}.") from None
    except InvalidInput as exc:
        return _detail(request, escalation_id, error=f"Not saved: {exc}.", draft=draft, status_code=400)
    except Conflict as exc:
        return _detail(request, escalation_id, draft=draft, status_code=409,
                       error=f"Not saved: {exc}. Your text is kept below.")
    where = "and sent to the asker" if delivered else "(not delivered: no chat connection for it; it stays here)"
    ruling = f" Saved as ruling #{esc.ruling_id}." if esc.ruling_id else ""
    request.session["flash"] = f"Answer saved {where}.{ruling}"
    return RedirectResponse(f"/escalations/{escalation_id}", status_code=303)


@router.post("/escalations/{escalation_id}/{action}", dependencies=[Depends(verify_csrf)])
def close(request: Request, escalation_id: int, action: str, user: str = Depends(current_user),
          version: int | None = Form(None)):
    service = request.app.state.service
    if action not in ("resolve", "dismiss"):
        raise HTTPException(status_code=404, detail="Unknown action.")
    try:
        esc = getattr(service, action)(escalation_id, by=user, expected_version=version)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No escalation #{escalation_id}.") from None
    except Conflict as exc:
        return _detail(request, escalation_id, error=f"Not changed: {exc}.", status_code=409)
    request.session["flash"] = f"Escalation #{esc.id} {esc.status}."
    return RedirectResponse(f"/escalations/{escalation_id}", status_code=303)
