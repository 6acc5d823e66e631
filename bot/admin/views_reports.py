"""Question log, rulings (with retire), stats with an SVG chart, and CSV exports."""
from __future__ import annotations

import io

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bot.admin.auth import current_user
from bot.admin.charts import column_chart
from bot.admin.security import verify_csrf
from bot.admin.views_escalations import PLATFORMS, parse_day
from bot.application.escalations import reports
from bot.application.escalations.errors import NotFound
from bot.application.escalations.export import write_escalations_csv, write_questions_csv

router = APIRouter()
FEEDBACK = {"": None, "helpful": True, "unhelpful": False}


@router.get("/log")
def question_log(request: Request, user: str = Depends(current_user), platform: str = "", q: str = "",
                 feedback: str = "", since: str = "", until: str = ""):
    if feedback not in FEEDBACK:
        raise HTTPException(status_code=400, detail="Unknown feedback filter.")
    items = reports.list_questions(request.app.state.store, platform=platform or None, search=q.strip() or None,
                                   feedback=FEEDBACK[feedback], since=parse_day(since), until=parse_day(until))
    filters = {"platform": platform, "q": q, "feedback": feedback, "since": since, "until": until}
    return request.app.state.render(request, "log.html", {"items": items, "filters": filters,
                                                          "platforms": PLATFORMS})


@router.get("/rulings")
def rulings(request: Request, user: str = Depends(current_user)):
    return request.app.state.render(request, "rulings.html", {"items": request.app.state.store.list_rulings()})


@router.post("/rulings/{ruling_id}/retire", dependencies=[Depends(verify_csrf)])
def retire(request: Request, ruling_id: int, user: str = Depends(current_user)):
    try:
        request.app.state.store.retire_ruling(ruling_id)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No ruling #{ruling_id}.") from None
    request.session["flash"] = f"Ruling #{ruling_id} retired: the bot no longer offers it."
    return RedirectResponse("/rulings", status_code=303)


@router.get("/stats")
def stats(request: Request, user: str = Depends(current_user), days: int = 30):
    if days not in (7, 30, 90, 365):
        raise HTTPException(status_code=400, detail="days must be 7, 30, 90 or 365.")
    s = reports.stats(request.app.state.store, days=days)
    chart = column_chart([(d.strftime("%b %d"), n) for d, n in s.per_day])
    return request.app.state.render(request, "stats.html", {"s": s, "chart": chart, "days": days})


def _csv(write, store, filename: str) -> Response:
    out = io.StringIO()
    write(store, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/export/questions.csv")
def export_questions(request: Request, user: str = Depends(current_user)):
    return _csv(write_questions_csv, request.app.state.store, "policybot-questions.csv")


@router.get("/export/escalations.csv")
def export_escalations(request: Request, user: str = Depends(current_user)):
    return _csv(write_escalations_csv, request.app.state.store, "policybot-escalations.csv")
