"""Storage faults told in one line: the errors of SQLite, PostgreSQL, Chroma and the OS, mapped once.

`storage_fault(exc)` walks an exception and everything it was raised from (the
`__cause__`/`__context__` chain and SQLAlchemy's wrapped driver error) and, when
the root is a storage problem, returns a `StorageFault`: a kind, a one-line
message and an exit code. Anything else returns None and stays a real bug with
a traceback. The CLI (`bot/cli/main.py`) and the admin server use it; neither
repeats try/except per command.

    kind          exit  what happened
    read_only       77  a read-only file system or database file
    permission      77  permission denied (a file or directory of another user, unreadable)
    disk_full       74  no space left on the device
    io              74  another I/O error reported by the database
    busy            75  the database stayed locked by another process
    corrupt         65  the file is not a database
    unreachable     69  the database (or Chroma) server cannot be reached (closed port, unknown host, refused login)

Drivers and Chroma (confined to knowledge/store/; its Rust core raises plain
exceptions) are recognised by their messages, so nothing here imports them.

`first_line(text)` and `error_line(exc)` are the one way to quote an error in a log line, a
warning or a reply: its first line only (drivers add pages of context below it).
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Iterator

EXIT_DATAERR, EXIT_UNAVAILABLE, EXIT_IOERR, EXIT_TEMPFAIL, EXIT_NOPERM = 65, 69, 74, 75, 77

_KINDS = {
    "read_only": ("storage is read-only", EXIT_NOPERM),
    "permission": ("permission denied", EXIT_NOPERM),
    "disk_full": ("the disk is full", EXIT_IOERR),
    "io": ("the storage reported an I/O error", EXIT_IOERR),
    "busy": ("the database is locked by another process", EXIT_TEMPFAIL),
    "corrupt": ("the database file is damaged or not a database", EXIT_DATAERR),
    "unreachable": ("the database server cannot be reached", EXIT_UNAVAILABLE),
}
_ERRNO_KINDS = {errno.EROFS: "read_only", errno.EACCES: "permission", errno.EPERM: "permission",
                errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EIO: "io"}
# Substrings of driver messages (SQLite's own, as sqlite3 and Chroma's Rust client word them;
# libpq's), in the order they are tried.
_MESSAGE_KINDS = [
    ("readonly database", "read_only"), ("read-only file system", "read_only"),
    ("database or disk is full", "disk_full"), ("no space left on device", "disk_full"),
    ("disk quota exceeded", "disk_full"),
    ("permission denied", "permission"), ("unable to open database file", "permission"),
    ("database is locked", "busy"),
    ("file is not a database", "corrupt"), ("database disk image is malformed", "corrupt"),
    ("disk i/o error", "io"),
    ("connection refused", "unreachable"), ("could not connect", "unreachable"),
    ("connection failed", "unreachable"), ("could not translate host name", "unreachable"),
    ("name or service not known", "unreachable"), ("timeout expired", "unreachable"),
    ("password authentication failed", "unreachable"), ("server closed the connection", "unreachable"),
    ("no route to host", "unreachable"), ("network is unreachable", "unreachable"),
]


@dataclass(frozen=True)
class StorageFault:
    kind: str
    detail: str          # the root error's own words, first line only

    @property
    def exit_code(self) -> int:
        return _KINDS[self.kind][1]

    @property
    def summary(self) -> str:
        """What happened, without the driver's words (hosts, paths): fit to show a web visitor."""
        return _KINDS[self.kind][0]

    def message(self, where: str = "") -> str:
        """One line: what happened, the driver's words, and (if known) where."""
        text = f"{self.summary}: {self.detail}"
        return f"{text} ({where})" if where else text


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([getattr(current, "orig", None), current.__cause__, current.__context__])


def first_line(text: str) -> str:
    """The first line of `text`, stripped ("" when there is none)."""
    return (text.strip().splitlines() or [""])[0]


def error_line(exc: BaseException, default: str | None = None) -> str:
    """An exception's message in one line; `default` (else the exception's type name) when it has none."""
    return first_line(str(exc)) or (type(exc).__name__ if default is None else default)


def storage_fault(exc: BaseException) -> StorageFault | None:
    for current in _chain(exc):
        if isinstance(current, OSError) and not _is_connect_error(current) and current.errno in _ERRNO_KINDS:
            where = f": {current.filename}" if current.filename else ""
            return StorageFault(_ERRNO_KINDS[current.errno], f"{current.strerror or current}{where}")
        if getattr(current, "orig", None) is not None:
            continue        # SQLAlchemy's wrapper: the driver's own error (next in the chain) says it plainer
        words = str(current).lower()
        for needle, kind in _MESSAGE_KINDS:
            if needle in words:
                return StorageFault(kind, first_line(str(current))[:300])
    return None


def _is_connect_error(exc: OSError) -> bool:
    # ConnectionRefusedError etc. are OSErrors too, but about a server, not a file.
    return isinstance(exc, ConnectionError)


def safe_url(url: str) -> str:
    """A database URL fit to print: the password masked."""
    try:
        import sqlalchemy as sa

        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:        # an unparseable URL is shown as nothing rather than risk a secret
        return "the configured database"
