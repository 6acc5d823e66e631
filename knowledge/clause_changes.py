"""What changed between two versions of a document, clause by clause (pure: no I/O).

A clause has *changed* only when its words changed. Before comparing, the wording is normalised:
whitespace is collapsed, a leading list marker or number ("3.", "(b)", "iv)", "•") is dropped, and so is
the list punctuation a move leaves behind at the end ("; and", ";", ","). So a clause that moved to
another place, another section or another number is the same clause, and nobody is told it changed.

`diff_clauses(old, new)` pairs the clauses that left a document with those that came in: equal wording
is a move (not reported), the most similar remaining pair (at least `MIN_SIMILARITY` of the words in
common) is a *changed* clause, and what is left over was *removed* or *added*.
`word_diff(old, new)` gives word-level segments for showing a change.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Sequence

MIN_SIMILARITY = 0.5
ALL_PAIRS = 10_000          # up to this many (old, new) pairs, every pair is compared
CANDIDATES = 8              # beyond it, each old clause is compared with this many likely new ones
COMMON_POSTINGS = 50

# A list marker at the start: bullets, "1.", "1)", "(1)", "a.", "(b)", "iv)", "IV.", "1.2.3".
_MARKER = re.compile(r"^\s*(?:[-*•●○◦▪▫■□·–—]|\(?(?:\d+(?:\.\d+)*|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)](?=\s))\s*")
_TRAILING = re.compile(r"(?:[;,.:]\s*(?:and|or)?|\s+(?:and|or))\s*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalise_wording(text: str) -> str:
    """The words of a clause with whitespace, list markers and list-end punctuation taken out."""
    text = _SPACE.sub(" ", text or "").strip()
    while True:
        stripped = _MARKER.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    while True:
        stripped = _TRAILING.sub("", text).rstrip()
        if stripped == text:
            break
        text = stripped
    return text


def same_wording(old: str, new: str) -> bool:
    return normalise_wording(old) == normalise_wording(new)


class ChangeKind(str, Enum):
    CHANGED = "changed"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class ClauseVersion:
    """One version of a clause as a reader saw it."""

    clause_id: str
    text: str               # the clause's shown words (a table row with its headers)
    section: str = ""
    locator: str = ""


@dataclass(frozen=True)
class ClauseChange:
    kind: ChangeKind
    old: ClauseVersion | None       # None when added
    new: ClauseVersion | None       # None when removed

    def to_dict(self) -> dict:
        def version(v: ClauseVersion | None) -> dict | None:
            return None if v is None else {"clause_id": v.clause_id, "text": v.text, "section": v.section,
                                           "locator": v.locator}
        return {"kind": self.kind.value, "old": version(self.old), "new": version(self.new)}

    @classmethod
    def from_dict(cls, raw: dict) -> "ClauseChange":
        def version(v: dict | None) -> ClauseVersion | None:
            return None if not v else ClauseVersion(clause_id=str(v.get("clause_id", "")), text=str(v.get("text", "")),
                                                    section=str(v.get("section", "")),
                                                    locator=str(v.get("locator", "")))
        return cls(kind=ChangeKind(raw["kind"]), old=version(raw.get("old")), new=version(raw.get("new")))


def _words(text: str) -> list[str]:
    return normalise_wording(text).split()


def similarity(old: str, new: str) -> float:
    """The share of words two wordings have in common, in order (difflib's ratio over words)."""
    return difflib.SequenceMatcher(a=_words(old), b=_words(new), autojunk=False).ratio()


def diff_clauses(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> list[ClauseChange]:
    """The clause-level changes from `old` to `new` (the clauses that left and came in); moves are not changes."""
    left = list(old)
    came = list(new)
    # Equal wording: a move or a renumbering. Pair them off first, one for one.
    waiting: dict[str, list[int]] = {}
    for n, clause in enumerate(came):
        waiting.setdefault(normalise_wording(clause.text), []).append(n)
    used_new: set[int] = set()
    unmatched_old: list[ClauseVersion] = []
    for clause in left:
        slots = waiting.get(normalise_wording(clause.text))
        if slots:
            used_new.add(slots.pop(0))
        else:
            unmatched_old.append(clause)
    unmatched_new = [c for n, c in enumerate(came) if n not in used_new]
    # The rest: most similar pairs first, each clause in at most one pair.
    pairs = sorted(((similarity(unmatched_old[i].text, unmatched_new[j].text), i, j)
                    for i, j in _candidates(unmatched_old, unmatched_new)), key=lambda p: (-p[0], p[1], p[2]))
    paired_old: dict[int, int] = {}
    paired_new: set[int] = set()
    for score, i, j in pairs:
        if score < MIN_SIMILARITY:
            break
        if i not in paired_old and j not in paired_new:
            paired_old[i] = j
            paired_new.add(j)
    changes = []
    for i, clause in enumerate(unmatched_old):
        if i in paired_old:
            changes.append(ClauseChange(ChangeKind.CHANGED, clause, unmatched_new[paired_old[i]]))
        else:
            changes.append(ClauseChange(ChangeKind.REMOVED, clause, None))
    changes += [ClauseChange(ChangeKind.ADDED, None, c) for j, c in enumerate(unmatched_new) if j not in paired_new]
    return changes


def _candidates(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> Iterable[tuple[int, int]]:
    """The (old, new) pairs worth comparing: all of them for a usual revision; for a document rewritten
    wholesale (more than `ALL_PAIRS` pairs), only each old clause's `CANDIDATES` new clauses sharing the most
    of its less common words, so a 3,000-clause rewrite costs seconds, not hours."""
    if len(old) * len(new) <= ALL_PAIRS:
        return [(i, j) for i in range(len(old)) for j in range(len(new))]
    postings: dict[str, list[int]] = {}
    for j, clause in enumerate(new):
        for word in set(_words(clause.text)):
            postings.setdefault(word.lower(), []).append(j)
    common = max(COMMON_POSTINGS, len(new) // 20)
    out = []
    for i, clause in enumerate(old):
        shared: dict[int, int] = {}
        for word in set(_words(clause.text)):
            hits = postings.get(word.lower(), ())
            if len(hits) <= common:         # words in most clauses ("the", "staff") tell nothing apart
                for j in hits:
                    shared[j] = shared.get(j, 0) + 1
        best = sorted(shared, key=lambda j: (-shared[j], j))[:CANDIDATES]
        out += [(i, j) for j in best]
    return out


@dataclass(frozen=True)
class Segment:
    """A run of words in a word-level diff: kept, deleted (old only) or inserted (new only)."""

    op: str                 # "same" | "del" | "ins"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level segments turning `old` into `new` (whitespace-normalised; markers kept as written)."""
    a, b = (old or "").split(), (new or "").split()
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Segment("same", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            out.append(Segment("del", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(Segment("ins", " ".join(b[j1:j2])))
    return out


def changed_or_removed(changes: Iterable[ClauseChange]) -> list[ClauseChange]:
    """The changes that can make an earlier answer stale (an added clause answered nobody yet)."""
    return [c for c in changes if c.kind in (ChangeKind.CHANGED, ChangeKind.REMOVED)]
