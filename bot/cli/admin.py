"""`policybot admin` (the admin web UI) and `policybot admin-user add|remove|list|passwd`."""
from __future__ import annotations

import argparse
import getpass
import sys

from bot.cli.common import settings_from
from bot.cli.escalations import open_service
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.errors import PolicyBotStoreError


def register(subparsers) -> None:
    serve = subparsers.add_parser("admin", help="serve the admin web UI (default http://127.0.0.1:8080)")
    serve.add_argument("--host", help="default: admin.host in app.yaml")
    serve.add_argument("--port", type=int, help="default: admin.port in app.yaml")
    serve.set_defaults(func=_serve)

    users = subparsers.add_parser("admin-user", help="manage admin web UI accounts")
    sub = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, helptext in (("add", "create an account"), ("passwd", "change an account's password")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("name")
        p.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
        p.set_defaults(func=_add if name == "add" else _passwd)
    rm = sub.add_parser("remove", help="delete an account")
    rm.add_argument("name")
    rm.set_defaults(func=_remove)
    sub.add_parser("list", help="list accounts").set_defaults(func=_list)


def _serve(args: argparse.Namespace) -> int:
    from bot.admin.app import bind_warning, create_app
    from bot.application.stopping import serve_uvicorn

    settings = settings_from(args)     # admin.* checked there (bot/admin/settings.py)
    service = open_service(settings)
    if not AdminAccounts(service.store).list():
        print("no admin accounts yet: create one with `policybot admin-user add NAME`", file=sys.stderr)
    if settings.admin.retention_days > 0:
        try:
            purged = service.store.purge_question_text(settings.admin.retention_days)
        except PolicyBotStoreError as exc:
            print(f"policybot admin: admin.retention_days: {exc}", file=sys.stderr)
            return 2
        print(f"retention: blanked {purged} questions older than {settings.admin.retention_days} days "
              "(run `policybot log purge` daily, e.g. from cron, to keep it applied)", file=sys.stderr)
    host, port = args.host or settings.admin.host, args.port or settings.admin.port
    warning = bind_warning(settings, host)
    if warning:
        print(warning, file=sys.stderr)
    print(f"PolicyBot admin on http://{host}:{port}", file=sys.stderr)
    # proxy_headers off: uvicorn would otherwise take X-Forwarded-For from any local peer as the
    # client address; the app believes it only from admin.trusted_proxies (bot/admin/proxies.py).
    stopped_by = serve_uvicorn(create_app(settings, service.store, service), host=host, port=port, log_level="info",
                               proxy_headers=False, timeout_graceful_shutdown=settings.inbox.stop_grace_seconds)
    print(f"PolicyBot admin stopped ({stopped_by})", file=sys.stderr)
    return 0


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        print("error: the passwords differ", file=sys.stderr)
        return None
    return first


def _accounts(args: argparse.Namespace) -> AdminAccounts:
    from bot.application.wiring import open_store

    return AdminAccounts(open_store(settings_from(args)))


def _add(args: argparse.Namespace) -> int:
    return _set_password(args, lambda accounts, password: accounts.add(args.name, password),
                         f"added admin user {args.name}")


def _passwd(args: argparse.Namespace) -> int:
    return _set_password(args, lambda accounts, password: accounts.set_password(args.name, password),
                         f"changed the password of {args.name}")


def _set_password(args: argparse.Namespace, action, done: str) -> int:
    password = _read_password(args)
    if password is None:
        return 1
    try:
        action(_accounts(args), password)
    except PolicyBotStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(done)
    return 0


def _remove(args: argparse.Namespace) -> int:
    try:
        _accounts(args).remove(args.name)
    except PolicyBotStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"removed admin user {args.name}")
    return 0


def _list(args: argparse.Namespace) -> int:
    users = _accounts(args).list()
    for user in users:
        print(f"{user.username}\t(created {user.created_at:%Y-%m-%d})")
    if not users:
        print("no admin users")
    return 0
