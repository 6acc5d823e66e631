"""The written staff questions: one typed row each, and which manuals are trained on or held out.

The rows live in `knowledge/learning/questions/<manual>--<part>.yaml` (how they were written:
`questions/README.md`). A manual is either trained on or held out as a whole, never split by rows:
PolicyBot is judged on manuals it has never seen, so validation is too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import yaml

from knowledge.models import Verdict

QUESTIONS = Path(__file__).resolve().parent / "questions"

# Fitted parts learn from these manuals only; the held-out manual is the validation set (README, Training).
TRAIN_MANUALS = ("westada-id", "oregon-doc", "minuteman-ma", "bundled")
HELD_OUT_MANUALS = ("conway-ar",)


class QuestionKind(str, Enum):
    ANSWER = "answer"          # answered by the named document
    CROSS = "cross"            # answered by a document whose title shares no content word with the question
    ABSENT = "absent"          # the manual does not answer it (checked by reading and grepping)
    CONFLICT = "conflict"      # two clauses of the manual pull different ways


@dataclass(frozen=True)
class StaffQuestion:
    id: str
    question: str
    manual: str                # corpus folder (or "bundled")
    doc: str                   # the answering document's path in its manual, without suffix; "" when absent
    verdict: Verdict
    kind: QuestionKind
    fragments: tuple[str, ...]  # verbatim words of the answering clause(s)
    role: str = ""

    @property
    def covered(self) -> bool:
        return self.kind is not QuestionKind.ABSENT

    def as_eval_entry(self) -> dict:
        """The row in the format `policybot eval` scores (that of tests/eval/questions.yaml)."""
        return {"id": self.id, "q": self.question, "verdict": [self.verdict.value], "clauses": list(self.fragments),
                "escalate": not self.covered}


def split_of(manual: str) -> str:
    """"trained on", "held out", or "" for a manual no fitted part knows of."""
    return "trained on" if manual in TRAIN_MANUALS else "held out" if manual in HELD_OUT_MANUALS else ""


def normalise(text: str) -> str:
    """Lower case, straight quotes and dashes, single spaces: how fragments are matched to clause text."""
    text = text.lower()
    for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def manual_of(path: Path) -> str:
    return path.stem.split("--")[0]


def is_staff_question_rows(rows: object) -> bool:
    """Whether parsed YAML looks like rows of this format (they have a `kind`), not an eval set."""
    return isinstance(rows, list) and bool(rows) and all(isinstance(r, dict) and "kind" in r for r in rows)


def load_file(path: Path) -> list[StaffQuestion]:
    manual = manual_of(path)
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [StaffQuestion(id=str(r["id"]), question=str(r["q"]), manual=manual, doc=str(r.get("doc") or ""),
                          verdict=Verdict(r["verdict"]), kind=QuestionKind(r["kind"]),
                          fragments=tuple(str(f) for f in r.get("clauses") or ()), role=str(r.get("role") or ""))
            for r in rows]


def load_questions(manuals: tuple[str, ...] | None = None, folder: Path = QUESTIONS) -> list[StaffQuestion]:
    """Every row of the given manuals (all manuals when None), in file order."""
    out: list[StaffQuestion] = []
    for path in sorted(folder.glob("*.yaml")):
        if manuals is None or manual_of(path) in manuals:
            out.extend(load_file(path))
    return out
