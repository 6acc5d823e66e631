"""Which clauses a re-ingest took out of each document and which it brought in, recorded as it happens.

`ChangeRecorder` wraps a collection for `ingest.pipeline.ingest_paths` and changes nothing it does: at the
two moments a document's current clauses are replaced (`switch_document`, once the new clauses are written)
or dropped (`remove_document`), it reads the clauses leaving and arriving, while both are still stored.
Only those are read (an unchanged document is never switched), so recording costs nothing for the
documents a run leaves alone. `document_changes(report)` then turns them into `DocumentChanges`
(`knowledge.clause_changes`), keyed by the document ids of the run's report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.clause_changes import ClauseChange, ClauseVersion, diff_clauses
from knowledge.manifest import ManifestEntry
from knowledge.models import Clause
from knowledge.ports import ClauseStore


def version_of(clause: Clause) -> ClauseVersion:
    return ClauseVersion(clause_id=clause.id, text=clause.shown_text(), section=clause.section, locator=clause.locator)


@dataclass
class _Swap:
    title: str = ""
    left: list[Clause] = field(default_factory=list)
    came: list[Clause] = field(default_factory=list)
    existed: bool = False


@dataclass(frozen=True)
class DocumentChanges:
    """One document's clause-level changes in one ingest run (moves and renumbering excluded)."""

    doc_id: str
    title: str
    changes: tuple[ClauseChange, ...]


class ChangeRecorder:
    """A collection that remembers, per document, the clauses each switch or removal replaced."""

    def __init__(self, collection: ClauseStore):
        self._collection = collection
        self._swaps: dict[str, _Swap] = {}

    def __getattr__(self, name):
        return getattr(self._collection, name)

    def switch_document(self, entry: ManifestEntry) -> None:
        before = self._collection.manifest_entry(entry.doc_id)
        old = set(before.clause_ids) if before else set()
        swap = self._swaps.setdefault(entry.doc_id, _Swap())
        swap.title = entry.meta.title or swap.title
        swap.existed = swap.existed or before is not None
        swap.left += self._collection.clauses_by_id(sorted(old - set(entry.clause_ids)))
        swap.came += self._collection.clauses_by_id([cid for cid in entry.clause_ids if cid not in old])
        self._collection.switch_document(entry)

    def remove_document(self, doc_id: str) -> bool:
        before = self._collection.manifest_entry(doc_id)
        if before is not None:
            swap = self._swaps.setdefault(doc_id, _Swap())
            swap.title = before.meta.title or swap.title
            swap.existed = True
            swap.left += self._collection.clauses_by_id(list(before.clause_ids))
        return self._collection.remove_document(doc_id)

    def document_changes(self, report=None) -> list[DocumentChanges]:
        """Each document that existed before and whose wording changed. A document moved onto a new id
        (`DocumentReport.replaced`) is compared with what its old id held."""
        swaps = dict(self._swaps)
        for entry in getattr(report, "documents", None) or ():
            if entry.ok and entry.replaced and entry.replaced in swaps and entry.doc_id in swaps:
                old, new = swaps.pop(entry.replaced), swaps[entry.doc_id]
                new.left = old.left + new.left
                new.existed = True
        out = []
        for doc_id, swap in sorted(swaps.items()):
            if not swap.existed:
                continue            # a new document: nothing anyone was told has changed
            changes = diff_clauses([version_of(c) for c in swap.left], [version_of(c) for c in swap.came])
            if changes:
                out.append(DocumentChanges(doc_id=doc_id, title=swap.title, changes=tuple(changes)))
        return out
