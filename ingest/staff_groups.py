"""Marks each clause of a document with the staff groups its version is written for, before it is stored.

The decision is `knowledge.staff_groups.rules.GroupRules`' (the operator's settings, else what the
document says in its title, code or scope statement, narrowed by headings); this only applies it to a
`PolicyDocument`'s clauses. The document's groups (the union of its clauses') go into its manifest
record, so `policybot sources` shows them and a change of groups re-stores the document.
"""
from __future__ import annotations

from dataclasses import replace

from ingest.chunk_policy import PolicyDocument
from knowledge.staff_groups.detect import OPENING_CLAUSES
from knowledge.staff_groups.rules import GroupRules
from knowledge.staff_groups.vocabulary import vocabulary


def mark_groups(doc: PolicyDocument, rules: GroupRules) -> tuple[str, ...]:
    """Set every clause's `groups`; returns the document's groups (all its clauses' together)."""
    opening = [c.text for c in doc.clauses[:OPENING_CLAUSES]]
    groups = rules.document(doc_id=doc.doc_id, title=doc.meta.title, policy_code=doc.meta.policy_code,
                            opening=opening)
    found: list[str] = []
    marked = []
    for clause in doc.clauses:
        own = rules.clause(groups, clause.section, doc_id=doc.doc_id, policy_code=doc.meta.policy_code)
        found.extend(own)
        marked.append(replace(clause, groups=" ".join(own)) if " ".join(own) != clause.groups else clause)
    doc.clauses[:] = marked
    return vocabulary().keys_in(found)
