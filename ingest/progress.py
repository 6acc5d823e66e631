"""A one-line progress bar for long ingests, on stderr: documents, clauses, rate and time left.

    ingest  [########------------]  3/35 docs  1,234/3,100 clauses  118 clauses/s  ETA 0:16

It draws only on a terminal (or when told to), redraws at most a few times a
second with a carriage return, and clears its line when done, so piped
output and logs stay clean. Clause totals are known document by document
(a file is chunked when its turn comes), so the estimate for documents not
yet read assumes they are as long as the ones read so far.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

WIDTH = 20


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, interval: float = 0.25,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.interval = interval
        self.clock = clock
        self.label = "ingest"
        self.documents = 0          # files to go through (0: not counted, e.g. re-encoding)
        self.documents_done = 0
        self.documents_seen = 0     # documents whose clause count is known
        self.clauses_known = 0      # clauses of the documents seen so far
        self.clauses_done = 0
        self.encoded = 0            # clauses that went through the model
        self._started = 0.0
        self._drawn_at = float("-inf")
        self._width = 0

    # -- events from the pipeline -------------------------------------------------
    def start(self, documents: int, label: str = "ingest") -> None:
        self.label, self.documents = label, documents
        self.documents_done = self.documents_seen = self.clauses_known = self.clauses_done = self.encoded = 0
        self._started = self.clock()
        self._drawn_at = float("-inf")

    def document(self, clauses: int) -> None:
        """A document has been read and split into `clauses` clauses."""
        self.documents_seen += 1
        self.clauses_known += clauses
        self._draw()

    def advance(self, clauses: int, *, encoded: int) -> None:
        self.clauses_done += clauses
        self.encoded += encoded
        self._draw()

    def document_done(self) -> None:
        self.documents_done += 1
        self._draw()

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        self._width = 0

    # -- figures ---------------------------------------------------------------------
    def rate(self) -> float:
        """Clauses encoded per second (skipped, unchanged clauses cost nothing and are not counted)."""
        elapsed = self.clock() - self._started
        return self.encoded / elapsed if elapsed > 0 else 0.0

    def expected_clauses(self) -> int:
        unseen = max(0, self.documents - self.documents_seen)
        per_document = self.clauses_known / self.documents_seen if self.documents_seen else 0
        return self.clauses_known + round(unseen * per_document)

    def eta(self) -> float | None:
        rate = self.rate()
        if rate <= 0:
            return None
        return max(0, self.expected_clauses() - self.clauses_done) / rate

    def line(self) -> str:
        total = self.expected_clauses()
        share = min(1.0, self.clauses_done / total) if total else 0.0
        filled = round(share * WIDTH)
        parts = [f"{self.label}  [{'#' * filled}{'-' * (WIDTH - filled)}]"]
        if self.documents:
            parts.append(f"{self.documents_done}/{self.documents} docs")
        parts.append(f"{self.clauses_done:,}/{total:,} clauses")
        parts.append(f"{self.rate():,.0f} clauses/s")
        eta = self.eta()
        parts.append("ETA " + (_clock(eta) if eta is not None else "?"))
        return "  ".join(parts)

    def _draw(self) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self._drawn_at < self.interval:
            return
        self._drawn_at = now
        text = self.line()
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(text))


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
