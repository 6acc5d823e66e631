"""Builds the admin web app: `create_app(settings, store, service)` (tests inject their own).

Server-rendered Jinja2 pages (autoescaped), one stylesheet, no JavaScript.
Sessions are signed HttpOnly SameSite=Lax cookies; see security.py.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import jinja2
from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from bot.admin import auth, views_escalations, views_reports
from bot.admin.security import LoginThrottle, csrf_token, session_secret
from bot.escalations.accounts import AdminAccounts
from bot.escalations.service import EscalationService
from bot.escalations.store import MAX_ANSWER_CHARS, EscalationStore
from bot.health import HEALTH_PATH, READY_PATH, Health
from knowledge.settings import Settings

HERE = Path(__file__).resolve().parent
SESSION_HOURS = 12
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def safe_url(value: str | None) -> str:
    """Only http(s) links reach an href (no javascript: or data: URLs from stored data)."""
    if value and urlparse(value).scheme in ("http", "https"):
        return value
    return ""


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(safe_url=safe_url, when=when, percent=percent)
    env.globals["MAX_ANSWER_CHARS"] = MAX_ANSWER_CHARS
    return env


def create_app(settings: Settings, store: EscalationStore, service: EscalationService, *,
               throttle: LoginThrottle | None = None) -> FastAPI:
    app = FastAPI(title="PolicyBot admin", docs_url=None, redoc_url=None, openapi_url=None)
    env = _environment()
    app.state.settings = settings
    app.state.store = store
    app.state.service = service
    app.state.accounts = AdminAccounts(store)
    app.state.throttle = throttle or LoginThrottle()

    def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
        page = {"request": request, "user": request.session.get("user", ""),
                "csrf": csrf_token(request), "flash": request.session.pop("flash", ""),
                "path": request.url.path, **context}
        return HTMLResponse(env.get_template(template).render(page), status_code=status_code)

    app.state.render = render

    @app.exception_handler(auth.LoginRequired)
    async def _login_required(request: Request, exc: auth.LoginRequired):
        if request.method in ("GET", "HEAD"):
            return auth.login_redirect(request)
        return HTMLResponse("Login required", status_code=401)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        return render(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError):
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return render(request, "error.html", {"status": 400, "message": f"Invalid value for: {fields}."},
                      status_code=400)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings), session_cookie="policybot_admin",
                       max_age=SESSION_HOURS * 3600, same_site="lax", https_only=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(auth.router)
    app.include_router(views_escalations.router)
    app.include_router(views_reports.router)

    @app.get("/")
    def _home():
        return RedirectResponse("/escalations", status_code=303)

    # Load-balancer probes (no login): the admin UI needs only its database to be ready.
    health = Health(store=store)

    @app.get(HEALTH_PATH)
    @app.get(READY_PATH)
    def _probe(request: Request):
        status, body = health.respond(request.url.path)
        return Response(body, status_code=status, media_type="application/json")

    return app
