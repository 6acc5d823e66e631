"""Answering for one staff group: which clauses apply to an asker, and which groups' versions compete.

A clause marked for no group applies to everyone. A clause marked for groups applies to an asker whose
group, or a wider group it belongs to, is among them (a bus driver is told the classified rule unless a
bus drivers' version exists; a teacher is never told the classified one). Among the clauses that apply,
the asker's own group's version goes ahead of a wider group's or a general one when they score alike.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from knowledge.models import Clause, ScoredClause
from knowledge.staff_groups.vocabulary import GroupVocabulary, vocabulary

# A version written for the asker's own subgroup (bus drivers) goes ahead of its wider group's (classified), or
# a general one, that scores up to this much higher.
OWN_VERSION_LEAD = 0.04
# Versions "compete" when clauses for different groups are among this many best candidates...
COMPETING_TOP = 5
# ...scoring at least this share of the best one.
COMPETING_SHARE = 0.8
# The first-hit features retrieval computes for the coverage decision, carried to the new first hit.
_FIRST_HIT = ("standout", "unseen", "doc_terms")


def clause_groups(clause: Clause) -> tuple[str, ...]:
    return tuple(clause.groups.split()) if clause.groups else ()


@dataclass(frozen=True)
class GroupPreference:
    """Retrieval's view of one asker's staff group (a known key of the vocabulary)."""

    group: str
    vocab: GroupVocabulary = None

    def __post_init__(self):
        if self.vocab is None:
            object.__setattr__(self, "vocab", vocabulary())
        if self.group not in self.vocab:
            raise ValueError(f"unknown staff group {self.group!r}")

    def fit(self, clause: Clause) -> int | None:
        """How closely a clause is written for this group: 0 its own version, n a version n groups wider,
        a large number for a general clause, None when it is another group's version (does not apply)."""
        groups = clause_groups(clause)
        if not groups:
            return 99
        lineage = self.vocab.lineage(self.group)
        ranks = [lineage.index(g) for g in groups if g in lineage]
        return min(ranks) if ranks else None

    def applies(self, clause: Clause) -> bool:
        return self.fit(clause) is not None

    def arrange(self, scored: Sequence[ScoredClause]) -> list[ScoredClause]:
        """The candidates that apply to this group, the narrowest version first among near-equal scores."""
        if not scored:
            return []
        first = scored[0].features
        kept = [(sc, fit) for sc in scored if (fit := self.fit(sc.clause)) is not None]
        # Only a subgroup's own version leads (bus drivers' over classified); everyone else keeps score order.
        lead = OWN_VERSION_LEAD if len(self.vocab.lineage(self.group)) > 1 else 0.0

        def key(item):
            sc, fit = item
            return (-(sc.score + (lead if fit == 0 else 0.0)), sc.clause.doc_id, sc.clause.position)

        out = [sc for sc, _ in sorted(kept, key=key)]
        if out and out[0] is not scored[0]:
            carried = {k: first[k] for k in _FIRST_HIT if k in first}
            out[0] = replace(out[0], features={**out[0].features, **carried})
        return out


def competing_groups(hits: Sequence[ScoredClause], vocab: GroupVocabulary | None = None) -> tuple[str, ...]:
    """The groups whose versions compete at the top of a ranking made without knowing the asker's group.

    Empty unless the best candidates include versions for at least two unrelated groups (licensed and
    classified; not classified and its bus drivers alone)."""
    vocab = vocab or vocabulary()
    if not hits:
        return ()
    best = hits[0].score
    found: list[str] = []
    for sc in hits[:COMPETING_TOP]:
        if sc.score >= COMPETING_SHARE * best:
            found.extend(clause_groups(sc.clause))
    keys = vocab.keys_in(found)
    if len({vocab.family(k) for k in keys}) < 2:
        return ()
    return keys


def version_group(clause: Clause | None, asker: str | None = None, vocab: GroupVocabulary | None = None) -> str:
    """The group a quoted clause is written for ("" when it applies to everyone): of several, the one the
    asker belongs to, else the first in vocabulary order."""
    vocab = vocab or vocabulary()
    groups = vocab.keys_in(clause_groups(clause)) if clause is not None else ()
    if not groups:
        return ""
    lineage = vocab.lineage(asker) if asker else ()
    return next((g for g in lineage if g in groups), groups[0])
