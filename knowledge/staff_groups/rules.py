"""How the groups of each ingested document are decided: the operator's word first, then the manual's.

`GroupRules` holds what the operator said: groups forced for every document of one ingest run
(`policybot ingest --group classified`), per-document settings from app.yaml
(`collections.<name>.groups: {doc id or glob: [group, ...]}`, matched on the document id or its policy
code; an empty list marks a document as applying to everyone), and the numbering convention the
collection follows (`collections.<name>.group_series`). Without an operator's word, the groups are read
from the document (`knowledge.staff_groups.detect`).
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Mapping, Sequence

from knowledge.staff_groups.detect import document_groups, groups_named
from knowledge.staff_groups.vocabulary import GroupVocabulary, vocabulary

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class GroupRules:
    forced: tuple[str, ...] = ()
    patterns: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (doc id or code glob, groups), first match wins
    series: str = ""

    @classmethod
    def build(cls, *, forced: Sequence[str] = (), patterns: Mapping[str, Sequence[str]] | None = None,
              series: str = "", vocab: GroupVocabulary | None = None) -> "GroupRules":
        """Rules from outside values, each group checked against the vocabulary (UnknownGroup if not one)."""
        vocab = vocab or vocabulary()
        forced = tuple(dict.fromkeys(vocab.parse(g) for g in forced))
        rules = tuple((str(glob), tuple(dict.fromkeys(vocab.parse(g) for g in groups)))
                      for glob, groups in (patterns or {}).items())
        if series and series not in vocab.series:
            raise ValueError(f"unknown staff group series {series!r}; known: {', '.join(vocab.series)}")
        return cls(forced=forced, patterns=rules, series=series)

    def configured(self, doc_id: str, policy_code: str = "") -> tuple[str, ...] | None:
        """The groups the operator set for a document (None: not set, read them from the document)."""
        if self.forced:
            return self.forced
        for glob, groups in self.patterns:
            g = glob.lower()
            if fnmatchcase(doc_id.lower(), g) or (policy_code and fnmatchcase(policy_code.lower(), g)):
                return groups
        return None

    def document(self, *, doc_id: str, title: str, policy_code: str = "", opening: Sequence[str] = ()) -> tuple[str, ...]:
        configured = self.configured(doc_id, policy_code)
        if configured is not None:
            return configured
        return document_groups(title=title, policy_code=policy_code, opening=opening, series=self.series)

    def clause(self, document: tuple[str, ...], section: str, *, doc_id: str, policy_code: str = "") -> tuple[str, ...]:
        """A clause's groups: its document's, narrowed by the deepest heading above it that names a group
        (unless the operator set the document's groups)."""
        if self.configured(doc_id, policy_code) is not None or not section:
            return document
        for heading in reversed(section.split(SECTION_SEPARATOR)):
            named = groups_named(heading)
            if named:
                return named
        return document
