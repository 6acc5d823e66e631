"""Ingest documents into a collection: load, chunk, embed only what changed, switch atomically.

Re-ingest is idempotent by content hash: a clause whose text and context are
unchanged keeps its vector (it is never re-embedded), a changed document
replaces its old clauses, and each run reports added / removed / unchanged
clauses per document. A file that fails to load is reported and leaves the
collection untouched for that document; the other files still go in.
Which documents a file holds, and their ids, is decided in `ingest/plan.py`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ingest.chunk_policy import PolicyDocument
from ingest.loaders import Limits
from ingest.plan import plan_paths
from knowledge.ports import Embedder
from knowledge.store.chroma_store import ChromaCollection


@dataclass
class DocumentReport:
    path: str
    doc_id: str = ""
    title: str = ""
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    error: str = ""
    note: str = ""          # e.g. "not UTF-8; encoding guessed: cp1252"
    replaced: str = ""      # the old id this document was stored under, now mapped to doc_id

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)
    embedded: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.ok]

    @property
    def clauses(self) -> int:
        return sum(d.added + d.unchanged for d in self.documents if d.ok)


def _document_meta(doc: PolicyDocument, path: str) -> dict:
    """What the manifest keeps per document (what `policybot sources --json` shows)."""
    return {"title": doc.title, "policy_code": doc.policy_code, "adopted": doc.adopted, "revised": doc.revised,
            "reviewed": doc.reviewed, "organization": doc.organization, "version": doc.version, "url": doc.url,
            "path": path, "content_hash": hashlib.sha256("\x1f".join(c.text for c in doc.clauses).encode()).hexdigest(),
            "references": "; ".join(doc.references)[:2000]}


def _legacy_entry(manifest: dict, legacy_id: str, doc: PolicyDocument, path: str) -> str:
    """The id an older version stored this file under (its slugged stem), when it differs from the new id."""
    if not legacy_id or legacy_id == doc.doc_id or legacy_id not in manifest:
        return ""
    stored = manifest[legacy_id].get("path", "")
    try:
        same = bool(stored) and Path(stored).resolve() == Path(path).resolve()
    except OSError:
        same = False
    return legacy_id if same else ""


def ingest_document(collection: ChromaCollection, embedder: Embedder, doc: PolicyDocument,
                    path: str = "", legacy_id: str = "") -> DocumentReport:
    manifest = collection.manifest()
    old = manifest.get(doc.doc_id)
    replaced = "" if old else _legacy_entry(manifest, legacy_id, doc, path)
    if replaced:
        # A store from before ids were paths: re-use its vectors, then retire the old id below.
        old = manifest[replaced]
    old_vectors = collection.embeddings_by_hash(replaced or doc.doc_id) if old else {}
    old_current = set(old["clause_ids"]) if old else set()
    known = dict(old_vectors)
    to_embed = [c for c in doc.clauses if c.content_hash not in known]
    if to_embed:
        # Each clause gets two vectors: in its context (heading, lead-in) and its own words alone.
        fresh = embedder.encode([c.search_text() for c in to_embed] + [c.text for c in to_embed])
        for n, clause in enumerate(to_embed):
            known[clause.content_hash] = (fresh[n], fresh[len(to_embed) + n])
    vectors = [known[c.content_hash][0] for c in doc.clauses]
    text_vectors = [known[c.content_hash][1] for c in doc.clauses]
    meta = _document_meta(doc, path)
    if (not replaced and old and old.get("version") == doc.version and set(c.id for c in doc.clauses) == old_current
            and all(old.get(k, "") == meta[k] for k in ("organization", "content_hash"))):
        return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, unchanged=len(doc.clauses))
    collection.put_document(doc_id=doc.doc_id, doc_meta=meta, clauses=doc.clauses, vectors=vectors,
                            text_vectors=text_vectors)
    if replaced:
        collection.remove_document(replaced)
    old_set = set(old_vectors)
    new_set = {c.content_hash for c in doc.clauses}
    return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, added=len(new_set - old_set),
                          removed=len(old_set - new_set), unchanged=len(new_set & old_set), replaced=replaced)


def _retire_dropped_parts(collection: ChromaCollection, plan) -> list[DocumentReport]:
    """A policy taken out of a re-ingested manual leaves the collection too, and is reported."""
    keep = {d.doc_id for d in plan.documents}
    out = []
    for doc_id, entry in collection.manifest().items():
        if (doc_id not in keep and doc_id.startswith(plan.doc_id + "/") and entry.get("path") == str(plan.path)):
            collection.remove_document(doc_id)
            out.append(DocumentReport(path=str(plan.path), doc_id=doc_id, title=entry.get("title", ""),
                                      removed=len(entry["clause_ids"]), note="no longer in the file: removed"))
    return out


def ingest_paths(collection: ChromaCollection, embedder: Embedder, paths: Iterable[str | Path], *,
                 organization: str = "", doc_id: str | None = None, limits: Limits | None = None) -> IngestReport:
    import time

    start = time.perf_counter()
    report = IngestReport()
    for plan in plan_paths(paths, doc_id=doc_id, organization=organization, limits=limits):
        if not plan.ok:
            report.documents.append(DocumentReport(path=str(plan.path), error=plan.error))
            continue
        # A single-policy file may map onto its pre-path id; a manual's parts are new ids.
        legacy = plan.legacy_id if len(plan.documents) == 1 else ""
        for doc in plan.documents:
            entry = ingest_document(collection, embedder, doc, path=str(plan.path), legacy_id=legacy)
            entry.note = plan.note
            report.embedded += entry.added
            report.documents.append(entry)
        report.documents += _retire_dropped_parts(collection, plan)
    report.seconds = time.perf_counter() - start
    return report
