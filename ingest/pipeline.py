"""Ingest documents into a collection: load, chunk, embed only what changed, switch atomically.

Which documents a file holds, and their ids, is decided in `ingest/plan.py`, one file at a time. Clauses go
through in bounded batches (`ingest.encode_clauses.BATCH`): each batch is encoded and written before the next
is touched, so memory does not grow with the size of a document, and the document's manifest is switched to
the new clauses only after the last batch is written.

Re-ingest is idempotent by content hash: a clause whose text and context are
unchanged keeps its vector (it is never re-embedded), a changed document
replaces its old clauses, and each run reports added / removed / unchanged
clauses per document. A file that fails to load is reported and leaves the
collection untouched for that document; the other files still go in.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ingest.chunk_policy import PolicyDocument
from ingest.encode_clauses import BATCH, ClauseEncoder, batched, matches, model_of, scheme
from ingest.loaders import Limits
from ingest.plan import plan_paths
from ingest.progress import Progress
from ingest.staff_groups import mark_groups
from knowledge.manifest import ManifestEntry
from knowledge.staff_groups.rules import GroupRules
from knowledge.models import Clause
from knowledge.ports import ClauseStore, Embedder


@dataclass
class DocumentReport:
    path: str
    doc_id: str = ""
    title: str = ""
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    error: str = ""
    note: str = ""          # e.g. "not UTF-8; encoding guessed: cp1252, confidence 0.97"
    encoding: str = ""      # text files: the encoding read
    encoding_confidence: float | None = None   # 1.0 when certain, else the guess's confidence
    replaced: str = ""      # the old id this document was stored under, now mapped to doc_id

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)
    embedded: int = 0
    seconds: float = 0.0
    reencoded: int = 0          # clauses of an older embedding scheme brought up to date first

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.ok]

    @property
    def clauses(self) -> int:
        return sum(d.added + d.unchanged for d in self.documents if d.ok)


def _manifest_entry(doc: PolicyDocument, path: str) -> ManifestEntry:
    """What the manifest keeps per document (what `policybot sources --json` shows), its clauses listed."""
    return ManifestEntry(doc_id=doc.doc_id, meta=doc.meta, version=doc.version, path=path,
                         content_hash=hashlib.sha256("\x1f".join(c.text for c in doc.clauses).encode()).hexdigest(),
                         references="; ".join(doc.references), clause_ids=tuple(c.id for c in doc.clauses),
                         groups=tuple(dict.fromkeys(g for c in doc.clauses for g in c.groups.split())))


def _legacy_entry(collection: ClauseStore, legacy_id: str, doc: PolicyDocument, path: str) -> str:
    """The id an older version stored this file under (its slugged stem), when it differs from the new id."""
    entry = collection.manifest_entry(legacy_id) if legacy_id and legacy_id != doc.doc_id else None
    if entry is None:
        return ""
    stored = entry.path
    try:
        same = bool(stored) and Path(stored).resolve() == Path(path).resolve()
    except OSError:
        same = False
    return legacy_id if same else ""


def ingest_document(collection: ClauseStore, encoder: ClauseEncoder, doc: PolicyDocument,
                    path: str = "", legacy_id: str = "", progress: Progress | None = None,
                    batch_size: int = BATCH, consume: bool = False) -> DocumentReport:
    """Store one document's clauses in bounded batches, re-using the vectors of unchanged clauses.

    An unchanged document (same content version, same clauses, same organisation) is recognised from its
    manifest record alone: nothing is read from the vector index and nothing is encoded. A document stored
    under its old id (before ids were paths) re-uses that id's vectors, and the old id is retired. With
    `consume`, `doc.clauses` is emptied as its batches are stored, so a big document's clauses are let go
    while the store grows (the caller has no further use for them)."""
    progress = progress or Progress(enabled=False)
    old = collection.manifest_entry(doc.doc_id)
    replaced = "" if old else _legacy_entry(collection, legacy_id, doc, path)
    if replaced:
        old = collection.manifest_entry(replaced)
    entry = _manifest_entry(doc, path)
    clause_ids = entry.clause_ids
    if (not replaced and old and old.version == doc.version and set(clause_ids) == set(old.clause_ids)
            and old.meta.organization == entry.meta.organization and old.content_hash == entry.content_hash
            and old.groups == entry.groups):
        progress.advance(len(clause_ids), encoded=0)
        return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.meta.title, unchanged=len(clause_ids))
    old_ids = collection.clause_hashes(replaced or doc.doc_id) if old else {}
    new_hashes: set[str] = set()
    for batch in batched(_drain(doc.clauses) if consume else doc.clauses, batch_size):
        new_hashes.update(c.content_hash for c in batch)
        vectors, text_vectors = _batch_vectors(collection, encoder, batch, old_ids)
        collection.write_clauses(batch, vectors, text_vectors)
        progress.advance(len(batch), encoded=sum(c.content_hash not in old_ids for c in batch))
    # Only now do readers see the new clauses: a kill before this line leaves the old version current.
    collection.switch_document(entry)
    if replaced:
        collection.remove_document(replaced)
    old_hashes = set(old_ids)
    return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.meta.title, added=len(new_hashes - old_hashes),
                          removed=len(old_hashes - new_hashes), unchanged=len(new_hashes & old_hashes),
                          replaced=replaced)


def _drain(items: list) -> Iterator:
    """Yield the items of a list in order, removing each from the list as it goes."""
    items.reverse()
    while items:
        yield items.pop()


def _retire_dropped_parts(collection: ClauseStore, plan) -> list[DocumentReport]:
    """A policy taken out of a re-ingested manual leaves the collection too, and is reported."""
    keep = {d.doc_id for d in plan.documents}
    out = []
    for doc_id, entry in collection.manifest().items():
        if (doc_id not in keep and doc_id.startswith(plan.doc_id + "/") and entry.path == str(plan.path)):
            collection.remove_document(doc_id)
            out.append(DocumentReport(path=str(plan.path), doc_id=doc_id, title=entry.meta.title,
                                      removed=len(entry.clause_ids), note="no longer in the file: removed"))
    return out




def _batch_vectors(collection: ClauseStore, encoder: ClauseEncoder, batch: list[Clause],
                   old_ids: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Both vectors of each clause of the batch: stored ones for unchanged clauses, fresh ones for the rest."""
    fresh = [n for n, c in enumerate(batch) if c.content_hash not in old_ids]
    kept = [n for n, c in enumerate(batch) if c.content_hash in old_ids]
    vectors = text_vectors = None
    if fresh:
        ctx, text = encoder.encode([batch[n] for n in fresh])
        vectors = np.empty((len(batch), ctx.shape[1]), dtype=np.float32)
        text_vectors = np.empty_like(vectors)
        vectors[fresh], text_vectors[fresh] = ctx, text
    if kept:
        # Clauses with the same words (a checklist's repeated items) share one stored clause: ask for it once.
        wanted = list(dict.fromkeys(old_ids[batch[n].content_hash] for n in kept))
        ctx, text = collection.vectors(wanted)
        rows = [wanted.index(old_ids[batch[n].content_hash]) for n in kept]
        if vectors is None:
            vectors = np.empty((len(batch), ctx.shape[1]), dtype=np.float32)
            text_vectors = np.empty_like(vectors)
        vectors[kept], text_vectors[kept] = ctx[rows], text[rows]
    return vectors, text_vectors


def reencode_if_stale(collection: ClauseStore, embedder: Embedder, *, compose: bool = False,
                      progress: Progress | None = None) -> int:
    """Re-encode every current clause if the collection's vectors were made by another recipe.

    Vectors of two recipes must not be mixed (their in-context vectors are not quite comparable),
    so a store is brought up to the configured recipe from its stored texts, which needs no
    source file. The recipe is recorded only at the end: an interrupted run starts over next time.
    Returns the number of clauses re-encoded."""
    model = model_of(embedder)
    if matches(collection.embedding_scheme, compose, model):
        return 0            # (writes nothing: this also runs on the read path, maybe on a read-only store)
    current = collection.current_ids()
    encoder = ClauseEncoder(embedder, compose=compose)
    done = 0
    if current:
        progress = progress or Progress(enabled=False)
        progress.start(documents=0, label="re-encoding")
        progress.document(len(current))
        for page in collection.stored_clauses():
            for batch in batched(c for c in page if c.id in current):
                vectors, text_vectors = encoder.encode(batch)
                collection.replace_vectors([c.id for c in batch], vectors, text_vectors)
                progress.advance(len(batch), encoded=len(batch))
                done += len(batch)
        progress.close()
    collection.set_embedding_scheme(scheme(compose, model))
    return done


def ingest_paths(collection: ClauseStore, embedder: Embedder, paths: Iterable[str | Path], *,
                 organization: str = "", doc_id: str | None = None, limits: Limits | None = None,
                 compose: bool = False, progress: Progress | None = None, batch_size: int = BATCH,
                 groups: GroupRules | None = None) -> IngestReport:
    """Ingest files and folders.

    `organization` and `doc_id` (one file only) name what goes in; `limits` bound file sizes. `compose` picks how in-context vectors are made (`ingest.encode_clauses`; the setting
    `ingest.context_vectors`); `progress` (quiet unless given) shows documents, clauses, rate, ETA. `groups`: the
    operator's staff-group settings (default: each document's groups are read from what it says)."""
    groups = groups or GroupRules()
    start = time.perf_counter()
    progress = progress or Progress(enabled=False)
    report = IngestReport()
    report.reencoded = reencode_if_stale(collection, embedder, compose=compose, progress=progress)
    if collection.embedding_scheme != scheme(compose, model_of(embedder)):
        collection.set_embedding_scheme(scheme(compose, model_of(embedder)))   # an empty or older store: name it
    encoder = ClauseEncoder(embedder, compose=compose)
    plans = plan_paths(paths, doc_id=doc_id, organization=organization, limits=limits)
    progress.start(documents=len(plans))
    try:
        for plan in plans:                  # one file read and split at a time
            if not plan.ok:
                report.documents.append(DocumentReport(path=str(plan.path), error=plan.error))
                progress.document_done()
                continue
            progress.document(sum(len(d.clauses) for d in plan.documents))
            # A single-policy file may map onto its pre-path id; a manual's parts are new ids.
            legacy = plan.legacy_id if len(plan.documents) == 1 else ""
            for doc in plan.documents:
                mark_groups(doc, groups)
                entry = ingest_document(collection, encoder, doc, path=str(plan.path), legacy_id=legacy,
                                        progress=progress, batch_size=batch_size, consume=True)
                entry.note = plan.note
                entry.encoding, entry.encoding_confidence = plan.encoding, plan.encoding_confidence
                report.embedded += entry.added
                report.documents.append(entry)
            report.documents += _retire_dropped_parts(collection, plan)
            progress.document_done()
    finally:
        progress.close()
    report.seconds = time.perf_counter() - start
    return report
