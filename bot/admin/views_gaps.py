"""The gaps page: what the policies leave open, as topics of the period's unanswered questions.

Lists the topics of a chosen period and collection with counts, a weekly trend (server-side
SVG), example questions and the rulings already given, and lets an admin mark a topic
"policy requested" (or withdraw the mark). Asker names and ids never appear here: an example
links to its escalation, whose page shows who asked. Period and collection come from the
query string or the form and are checked by `parse_period` (a 400 page says what is wrong).
"""
from __future__ import annotations

import io
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bot.admin.auth import current_user
from bot.admin.charts import column_chart
from bot.admin.security import verify_csrf
from bot.application.escalations.errors import Conflict, NotFound
from bot.application.gaps.export import write_gaps_csv
from bot.application.gaps.period import Period, parse_period

router = APIRouter()


def _back(period: Period) -> str:
    query = {"since": period.since.isoformat(), "until": period.until.isoformat()}
    if period.collection:
        query["collection"] = period.collection
    return "/gaps?" + urlencode(query)


def _weekly_chart(weekly, *, width: int, height: int, labels: int = 8):
    """Bars per week, with at most about `labels` week labels under them (a small chart has room for few)."""
    return column_chart([(monday.strftime("%b %d"), n) for monday, n in weekly], width=width, height=height,
                        label_every=max(1, -(-len(weekly) // labels)))


@router.get("/gaps")
def gaps(request: Request, user: str = Depends(current_user), since: str = "", until: str = "",
         collection: str = ""):
    period = parse_period(since or None, until or None, collection or None)
    report = request.app.state.gaps.report(period)
    charts = {t.anchor: _weekly_chart(t.weekly, width=360, height=90, labels=3) for t in report.topics}
    return request.app.state.render(request, "gaps.html", {
        "r": report, "chart": _weekly_chart(report.weekly, width=720, height=180), "charts": charts,
        "filters": {"since": period.since.isoformat(), "until": period.until.isoformat(),
                    "collection": period.collection or ""},
        "csv_url": _back(period).replace("/gaps?", "/export/gaps.csv?", 1),
    })


@router.get("/export/gaps.csv")
def export_gaps(request: Request, user: str = Depends(current_user), since: str = "", until: str = "",
                collection: str = ""):
    report = request.app.state.gaps.report(parse_period(since or None, until or None, collection or None))
    out = io.StringIO()
    write_gaps_csv(report, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policybot-gaps.csv"'})


@router.post("/gaps/request", dependencies=[Depends(verify_csrf)])
def request_policy(request: Request, user: str = Depends(current_user), question: int = Form(...),
                   since: str = Form(""), until: str = Form(""), collection: str = Form("")):
    period = parse_period(since or None, until or None, collection or None)
    try:
        saved = request.app.state.gaps.request_policy(period, question, by=user)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail=f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    except Conflict as exc:
        raise HTTPException(status_code=409, detail=f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    request.session["flash"] = f"Policy requested for “{saved.name}”."
    return RedirectResponse(_back(period), status_code=303)


@router.post("/gaps/requested/{requested_id}/withdraw", dependencies=[Depends(verify_csrf)])
def withdraw(request: Request, requested_id: int, user: str = Depends(current_user), since: str = Form(""),
             until: str = Form(""), collection: str = Form("")):
    period = parse_period(since or None, until or None, collection or None)
    try:
        request.app.state.gaps.withdraw(requested_id)
    except NotFound:
        raise HTTPException(status_code=404, detail=f"No requested topic #{requested_id}.") from None
    request.session["flash"] = "Policy request withdrawn."
    return RedirectResponse(_back(period), status_code=303)
