"""The values the core passes around: clauses, citations, rulings and answers.

These are plain frozen dataclasses so that every layer (CLI, Slack, Teams,
admin UI, the escalation store) can share them without importing a framework.
`Answer.to_dict()` is the public JSON shape printed by `policybot ask --json`;
add fields, never rename or remove them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Mapping

from knowledge.language.kinds import StanceKind
from knowledge.table_rows import is_row, labelled


def citation_path(organization: str, document: str, section: str, locator: str) -> str:
    """"Org: Document › section › locator": the organisation prefixes the title only when it is known."""
    title = f"{organization}: {document}" if organization and document else document
    return " › ".join(p for p in (title, section, locator) if p)


class Verdict(str, Enum):
    ALLOWED = "allowed"
    PROHIBITED = "prohibited"
    CONDITIONAL = "conditional"
    INFORMATIONAL = "informational"
    NOT_COVERED = "not_covered"


class EscalationReason(str, Enum):
    """Why an answer goes to a person. The values are the codes `ask --json` prints as `escalation_reason`
    (a public interface: never rename one); how each reads to people is `bot.application.reason_labels`."""

    NOT_COVERED = "not_covered"            # no clause is relevant enough, or a staff policy for a student question
    CONFLICT = "conflict"                  # strongly relevant clauses of different documents say opposite things
    ASKED_FOR_PERSON = "asked_for_person"  # the asker wants a human (in the question, or with "Ask an admin")
    EXPIRED = "expired"                    # a chat question received too long ago to answer automatically

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Clause:
    """One citable unit of a policy: a bullet, a numbered item, a paragraph or a table row."""

    id: str                 # stable: document id + position + content hash
    doc_id: str             # stable slug of the source document
    document: str           # the document's title
    section: str            # heading path, " › "-joined ("" at top level)
    locator: str            # "item 3", "¶ 2", "¶ 2 (part 1)"
    text: str               # verbatim clause text, whitespace-normalised
    lead_in: str = ""       # the sentence that introduces a list item ("This includes:")
    policy_code: str = ""   # "5290", "0403.57"
    adopted: str = ""       # dates exactly as the document writes them
    revised: str = ""
    url: str = ""
    content_hash: str = ""
    position: int = 0       # order within the document
    organization: str = ""  # who issued the document ("Minuteman RVTSD"); set at ingest
    columns: str = ""       # a table row's header row, verbatim ("| Day | Hours |"); "" for anything else
    links: str = ""         # URLs of the links in the clause's sentence(s), space-separated (their text stays in `text`)
    groups: str = ""        # staff groups the clause's version is written for, space-separated keys ("" = everyone)

    @property
    def citation_path(self) -> str:
        return citation_path(self.organization, self.document, self.section, self.locator)

    def shown_text(self) -> str:
        """The clause's own words as a reader sees them: `text`, or for a table row each cell with its header."""
        if is_row(self.text):
            return labelled(self.text, self.columns)
        return self.text

    def context(self) -> str:
        """What a reader knows before the clause: its heading path and lead-in ('' when neither)."""
        return " ".join(p for p in (self.section, self.lead_in) if p)

    def search_text(self) -> str:
        """What every retriever matches (dense, lexical, document profiles, trained models): the heading
        path, the lead-in and the clause's shown words, e.g. "Schedule › Hours Day: Monday; Hours: 8".
        The one definition: nothing else may assemble a clause's matched text."""
        return " ".join(p for p in (self.context(), self.shown_text()) if p)


@dataclass(frozen=True)
class ScoredClause:
    clause: Clause
    score: float            # fused relevance in [0, 1]
    dense: float = 0.0      # cosine similarity of question and clause
    lexical: float = 0.0    # IDF-weighted share of the question's concepts in the clause
    # Every ranking feature (knowledge.learning.ranker.FEATURES) and the retrieval context the coverage decision reads.
    features: Mapping[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Citation:
    clause_id: str
    document: str
    section: str
    locator: str
    text: str
    score: float
    lead_in: str = ""
    policy_code: str = ""
    adopted: str = ""
    revised: str = ""
    url: str = ""
    stance: StanceKind = StanceKind.DESCRIBES   # what this clause alone does: prohibits / permits / requires ...
    organization: str = ""  # the issuing organisation, so two districts' same-titled policies differ
    links: tuple[str, ...] = ()   # URLs of the links in the clause ("see the leave policy" -> its address)

    def __post_init__(self):
        # Typed end to end: a plain "prohibits" becomes StanceKind.PROHIBITS, an unknown word is refused here.
        object.__setattr__(self, "stance", StanceKind(self.stance))

    @property
    def path(self) -> str:
        return citation_path(self.organization, self.document, self.section, self.locator)

    def to_dict(self) -> dict:
        """The citation in the public JSON: its fields as plain values, and its path."""
        return {**asdict(self), "stance": self.stance.value, "path": self.path}


@dataclass(frozen=True)
class Ruling:
    """An administrator's answer saved for reuse. Never presented as policy text."""

    id: int
    question: str
    answer: str
    answered_by: str
    answered_at: str        # ISO 8601
    similarity: float = 0.0


@dataclass(frozen=True)
class Answer:
    question: str
    verdict: Verdict
    escalate: bool
    escalation_reason: EscalationReason | None
    summary: str
    citations: tuple[Citation, ...] = ()
    conditions: tuple[str, ...] = ()   # verbatim condition/exception phrases from the clauses
    rulings: tuple[Ruling, ...] = ()
    collection: str = ""
    note: str = ""                     # e.g. "question truncated to 2,000 characters"
    staff_group: str = ""              # the staff group whose version the citations quote ("" = applies to all)
    staff_groups: tuple[str, ...] = ()  # groups whose differing versions compete (asked without a group)

    def __post_init__(self):
        if self.escalation_reason is not None:
            object.__setattr__(self, "escalation_reason", EscalationReason(self.escalation_reason))

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "verdict": self.verdict.value,
            "escalate": self.escalate,
            "escalation_reason": self.escalation_reason.value if self.escalation_reason else None,
            "summary": self.summary,
            "conditions": list(self.conditions),
            "citations": [c.to_dict() for c in self.citations],
            "rulings": [asdict(r) for r in self.rulings],
            "collection": self.collection,
            "note": self.note,
            "staff_group": self.staff_group or None,
            "staff_groups": list(self.staff_groups),
        }
