"""The admin UI's first check on every request's query string.

Applied to every route as an app-wide dependency: each query parameter (name and
value) must be printable one-line text of at most MAX_QUERY_VALUE characters,
or the request is a 400 page saying which parameter is wrong. Views and the
store then apply their own, tighter limits (bot/application/escalations/filters.py).
"""
from __future__ import annotations

from fastapi import HTTPException, Request

from bot.application.escalations.errors import InvalidInput
from bot.application.escalations.filters import clean_filter

MAX_QUERY_VALUE = 2000
MAX_QUERY_PARAMS = 20


async def check_query(request: Request) -> None:
    params = request.query_params.multi_items()
    if len(params) > MAX_QUERY_PARAMS:
        raise HTTPException(status_code=400, detail=f"Too many query parameters (the limit is {MAX_QUERY_PARAMS}).")
    for name, value in params:
        try:
            clean_filter("a query parameter name", name, 40)
            clean_filter(f"“{name}”", value, MAX_QUERY_VALUE)
        except InvalidInput as exc:
            raise HTTPException(status_code=400, detail=f"Invalid request: {exc}.") from None
