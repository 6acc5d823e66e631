"""A question as it comes in from any platform, and the one cleaning policy applied to it.

Every question is cleaned the same way on Slack, Teams and the CLI: NUL and other control
characters removed (PostgreSQL refuses NUL in text, and control characters are never part of
a question), whitespace collapsed, and the length capped at `retrieval.max_question_chars` (the one
cap), with `truncation_note` (the one note) when it was cut.

Cleaning happens once, at the ask service's edge (`AskService.intake`): a chat question when the inbox
takes it (before it is stored), a CLI question when `AskService.ask` gets it. The adapters hand raw text
over; the engine and the core (`knowledge.answer`) trust the text they are given and clean nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from bot.application.escalations.models import ReplyAddress

# C0/C1 controls (tab and newlines become spaces first), plus the Unicode "format" characters that
# can hide text (zero-width, bidi overrides); the zero-width joiner stays because emoji need it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_KEEP_FORMAT = {"\u200d"}
# A "word" needs at least one letter in some script; digits, punctuation and emoji alone are not a question.
_LETTER = re.compile(r"[^\W\d_]")


def clean_text(text: str, max_chars: int) -> tuple[str, int]:
    """The question without control characters, whitespace collapsed, cut to `max_chars`; and its length
    before the cut (larger than the result's when it was cut)."""
    text = _CONTROL.sub(" ", text or "")
    text = "".join(ch for ch in text if ch in _KEEP_FORMAT or unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    return text[:max_chars].rstrip(), len(text)


def truncation_note(length: int, max_chars: int) -> str:
    """What the asker is told when their question was longer than the cap ("" when it was not)."""
    if length <= max_chars:
        return ""
    return f"Your question was {length:,} characters long; only the first {max_chars:,} were read."


def has_words(text: str) -> bool:
    """True when the text contains a letter (of any script): emoji, punctuation or numbers alone are junk."""
    return bool(_LETTER.search(text or ""))


@dataclass(frozen=True)
class Question:
    """One question to answer; `reply_to` says where an admin's later answer goes (None: the CLI)."""

    platform: str                   # "slack" | "teams" | "cli"
    text: str
    tenant: str = ""
    channel: str = ""
    asker_id: str = ""
    asker_name: str = ""
    reply_to: ReplyAddress | None = None
    collection: str | None = None   # None: the default collection
    received_at: datetime | None = None
    # Characters as received. Set when the text was cleaned (by the inbox's intake); None: `text` is raw.
    length: int | None = None
    staff_group: str | None = None  # the asker's staff group named for this question (CLI --group, a button press)
    platform_group: str | None = None   # the group the platform's membership gives (Slack user group, Teams team)

    @property
    def is_clean(self) -> bool:
        return self.length is not None

    def cleaned(self, max_chars: int) -> "Question":
        """This question with its text cleaned and capped (itself when already clean: cleaning is done once)."""
        if self.is_clean:
            return self
        text, length = clean_text(self.text, max_chars)
        return replace(self, text=text, length=length)
