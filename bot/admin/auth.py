"""Login, logout and the `current_user` dependency that guards every page.

Not logged in: GET requests are redirected to /login (returning afterwards),
anything else gets 401. A session whose account was removed is logged out.
Sessions live server-side (sessions.py); login starts a fresh one, logout deletes it.
"""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from bot.admin import sessions
from bot.admin.proxies import client_address
from bot.admin.security import verify_csrf
from bot.application.escalations.errors import NotFound

router = APIRouter()


class LoginRequired(Exception):
    pass


def safe_next(target: str | None) -> str:
    """Only same-site paths: "/x" but never "//evil.example" or "http://..."."""
    if (target and len(target) <= 2000 and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and target.isprintable()):
        return target
    return "/"


def current_user(request: Request) -> str:
    username = request.session.get("user")
    if not username:
        raise LoginRequired()
    try:
        request.app.state.accounts.get(username)
    except NotFound:
        sessions.end(request)
        raise LoginRequired() from None
    return username


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return request.app.state.render(request, "login.html", {"next": safe_next(next), "error": ""})


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/")):
    state = request.app.state
    keys = state.throttle.keys(client_address(request.scope, state.trusted_proxies), username)
    wait = state.throttle.wait_seconds(*keys)
    if wait > 0:
        message = f"Too many failed attempts. Try again in {int(wait) + 1} seconds."
        return state.render(request, "login.html", {"next": safe_next(next), "error": message}, status_code=429)
    if not state.accounts.verify(username.strip(), password):
        state.throttle.failed(*keys)
        return state.render(request, "login.html", {"next": safe_next(next), "error": "Wrong username or password."},
                            status_code=401)
    state.throttle.succeeded(*keys)     # a real admin at this address: its typos are forgiven
    sessions.begin(request, username.strip())     # a fresh session (and CSRF token) on every login
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request):
    sessions.end(request)
    return RedirectResponse("/login", status_code=303)
