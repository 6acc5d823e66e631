"""A chat bot's background sender of change notices: what an ingest queued but could not send goes out here.

`policybot ingest` sends the notices it queues through the platforms whose credentials are in its own
environment. One run on a machine without them (or during a chat outage) leaves notices waiting; each
`policybot slack` / `policybot teams` process sends its own platform's waiting notices every
`inbox.poll_seconds`. Claims and leases (`ChangeStore`) keep two senders from sending one notice twice.
"""
from __future__ import annotations

import logging
import threading

from bot.application.changes.delivery import deliver_notices, sender_name
from bot.application.changes.store import ChangeStore
from bot.application.escalations.notify import NotifierRegistry

log = logging.getLogger(__name__)


class NoticePoller:
    def __init__(self, store: ChangeStore, notifiers: NotifierRegistry, *, every: float = 5.0):
        self.store, self.notifiers, self.every = store, notifiers, max(0.1, float(every))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._owner = sender_name()

    def start(self) -> "NoticePoller":
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="change-notices", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                report = deliver_notices(self.store, self.notifiers, owner=self._owner)
                if report.sent or report.failed:
                    log.info("change notices: %s sent, %s failed", report.sent, report.failed)
            except Exception as exc:     # the database is briefly unreachable: try again next time
                log.warning("change notices could not be sent: %s", str(exc).splitlines()[0] if str(exc) else exc)
