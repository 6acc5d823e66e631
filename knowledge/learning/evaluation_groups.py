"""How often the right staff group's version is cited first: with the asker's group given, and without it.

A question set (tests/eval/conway_groups.yaml) names, per question, the document whose version answers each
staff group. Every (question, group) pair is asked twice: with the group (the answer should quote that
group's version first) and without it (today's behaviour: whichever version ranks first). Without a group
the chat bots ask the asker when versions compete, so the share of questions where they would ask is
reported too. `ask(question, group)` is the engine's; nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from knowledge.models import Answer
from knowledge.staff_groups.vocabulary import vocabulary

Ask = Callable[[str, "str | None"], Answer]


@dataclass(frozen=True)
class GroupQuestion:
    id: str
    question: str
    expect: Mapping[str, str]        # staff group -> doc id of its version


@dataclass
class GroupFigures:
    pairs: int = 0                   # (question, group) pairs asked
    right_with_group: int = 0        # the group's version cited first, group given
    right_without_group: int = 0     # ... group not given
    wrong_with_group: int = 0        # another group's version of the policy cited first, group given
    wrong_without_group: int = 0     # ... group not given
    questions: int = 0
    would_ask: int = 0               # questions where, without a group, competing versions were found
    misses: list[str] = field(default_factory=list)   # "g01/classified: cited X" (group given)

    def share(self, n: int, of: int) -> float:
        return n / of if of else 0.0

    def lines(self) -> list[str]:
        return [f"questions {self.questions}, (question, group) pairs {self.pairs}",
                f"right group's version cited first, group given:         {self.share(self.right_with_group, self.pairs):.1%}"
                f" ({self.right_with_group}/{self.pairs})",
                f"right group's version cited first, group not given:     {self.share(self.right_without_group, self.pairs):.1%}"
                f" ({self.right_without_group}/{self.pairs})",
                f"another group's version cited first, group given:       {self.share(self.wrong_with_group, self.pairs):.1%}"
                f" ({self.wrong_with_group}/{self.pairs})",
                f"another group's version cited first, group not given:   {self.share(self.wrong_without_group, self.pairs):.1%}"
                f" ({self.wrong_without_group}/{self.pairs})",
                f"bot would ask the group (versions compete):             {self.share(self.would_ask, self.questions):.1%}"
                f" ({self.would_ask}/{self.questions})"]


def parse_set(entries: Sequence) -> list[GroupQuestion]:
    """The questions of a set file's YAML (ValueError naming the entry when one is malformed)."""
    if not isinstance(entries, list):
        raise ValueError("a staff-group question set is a list of {id, q, expect}")
    out = []
    for n, e in enumerate(entries, 1):
        if not isinstance(e, Mapping) or not isinstance(e.get("q"), str) or not isinstance(e.get("expect"), Mapping):
            raise ValueError(f"entry {n}: needs q (text) and expect ({{group: doc id}})")
        for group in e["expect"]:
            if group not in vocabulary():
                raise ValueError(f"entry {n}: {group!r} is not a staff group")
        out.append(GroupQuestion(str(e.get("id") or n), e["q"], {str(k): str(v) for k, v in e["expect"].items()}))
    return out


def first_doc(answer: Answer) -> str:
    return answer.citations[0].clause_id.rpartition(":")[0] if answer.citations else ""


def evaluate(questions: Sequence[GroupQuestion], ask: Ask) -> GroupFigures:
    figures = GroupFigures()
    for q in questions:
        figures.questions += 1
        plain = ask(q.question, None)
        figures.would_ask += bool(plain.staff_groups)
        for group, doc in q.expect.items():
            figures.pairs += 1
            others = {d for g, d in q.expect.items() if d != doc}
            figures.right_without_group += first_doc(plain) == doc
            figures.wrong_without_group += first_doc(plain) in others
            got = first_doc(ask(q.question, group))
            figures.wrong_with_group += got in others
            if got == doc:
                figures.right_with_group += 1
            else:
                figures.misses.append(f"{q.id}/{group}: cited {got or 'nothing'}")
    return figures
