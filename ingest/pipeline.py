"""Ingest documents into a collection: load, chunk, embed only what changed, switch atomically.

Clauses go through in bounded batches (`ingest.encode_clauses.BATCH`): each
batch is encoded and written before the next is touched, so memory does not
grow with the size of a document, and the document's manifest is switched to
the new clauses only after the last batch is written.

Re-ingest is idempotent by content hash: a clause whose text and context are
unchanged keeps its vector (it is never re-embedded), a changed document
replaces its old clauses, and each run reports added / removed / unchanged
clauses per document. A file that fails to load is reported and leaves the
collection untouched for that document; the other files still go in.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ingest.chunk_policy import PolicyDocument, chunk_policy, slugify
from ingest.encode_clauses import BATCH, ClauseEncoder, batched, matches, scheme
from ingest.loaders import SUPPORTED, LoadError, load_text
from ingest.progress import Progress
from knowledge.models import Clause
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


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                              and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def doc_id_for(path: Path) -> str:
    return slugify(path.stem)


def ingest_document(collection: ChromaCollection, encoder: ClauseEncoder, doc: PolicyDocument,
                    path: str = "", progress: Progress | None = None, batch_size: int = BATCH,
                    consume: bool = False) -> DocumentReport:
    """Store one document's clauses in bounded batches, re-using the vectors of unchanged clauses.

    An unchanged document (same content version, same clauses) is recognised from its manifest
    record alone: nothing is read from the vector index and nothing is encoded. With `consume`,
    `doc.clauses` is emptied as its batches are stored, so a big document's clauses are let go
    while the store grows (the caller has no further use for them)."""
    progress = progress or Progress(enabled=False)
    old = collection.manifest_entry(doc.doc_id)
    clause_ids = [c.id for c in doc.clauses]
    if old and old.get("version") == doc.version and set(clause_ids) == set(old["clause_ids"]):
        progress.advance(len(clause_ids), encoded=0)
        return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, unchanged=len(clause_ids))
    old_ids = collection.clause_hashes(doc.doc_id) if old else {}
    new_hashes: set[str] = set()
    for batch in batched(_drain(doc.clauses) if consume else doc.clauses, batch_size):
        new_hashes.update(c.content_hash for c in batch)
        vectors, text_vectors = _batch_vectors(collection, encoder, batch, old_ids)
        collection.write_clauses(batch, vectors, text_vectors)
        progress.advance(len(batch), encoded=sum(c.content_hash not in old_ids for c in batch))
    meta = {"title": doc.title, "policy_code": doc.policy_code, "adopted": doc.adopted, "revised": doc.revised,
            "version": doc.version, "url": doc.url, "path": path}
    # Only now do readers see the new clauses: a kill before this line leaves the old version current.
    collection.switch_document(doc_id=doc.doc_id, doc_meta=meta, clause_ids=clause_ids)
    old_hashes = set(old_ids)
    return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, added=len(new_hashes - old_hashes),
                          removed=len(old_hashes - new_hashes), unchanged=len(new_hashes & old_hashes))


def _drain(items: list) -> Iterator:
    """Yield the items of a list in order, removing each from the list as it goes."""
    items.reverse()
    while items:
        yield items.pop()


def _batch_vectors(collection: ChromaCollection, encoder: ClauseEncoder, batch: list[Clause],
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
        ctx, text = collection.vectors([old_ids[batch[n].content_hash] for n in kept])
        if vectors is None:
            vectors = np.empty((len(batch), ctx.shape[1]), dtype=np.float32)
            text_vectors = np.empty_like(vectors)
        vectors[kept], text_vectors[kept] = ctx, text
    return vectors, text_vectors


def reencode_if_stale(collection: ChromaCollection, embedder: Embedder, *, compose: bool = False,
                      progress: Progress | None = None) -> int:
    """Re-encode every current clause if the collection's vectors were made by another recipe.

    Vectors of two recipes must not be mixed (their in-context vectors are not quite comparable),
    so a store is brought up to the configured recipe from its stored texts, which needs no
    source file. The recipe is recorded only at the end: an interrupted run starts over next time.
    Returns the number of clauses re-encoded."""
    if matches(collection.embedding_scheme, compose):
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
    collection.set_embedding_scheme(scheme(compose))
    return done


def ingest_paths(collection: ChromaCollection, embedder: Embedder, paths: Iterable[str | Path], *,
                 compose: bool = False, progress: Progress | None = None, batch_size: int = BATCH) -> IngestReport:
    """Ingest files and folders.

    `compose` picks how in-context vectors are made (`ingest.encode_clauses`; the setting
    `ingest.context_vectors`); `progress` (quiet unless given) shows documents, clauses, rate, ETA."""
    start = time.perf_counter()
    progress = progress or Progress(enabled=False)
    report = IngestReport()
    report.reencoded = reencode_if_stale(collection, embedder, compose=compose, progress=progress)
    if collection.embedding_scheme != scheme(compose):
        collection.set_embedding_scheme(scheme(compose))      # an empty or older store: name its recipe
    encoder = ClauseEncoder(embedder, compose=compose)
    files = expand_paths(paths)
    progress.start(documents=len(files))
    try:
        for path in files:
            entry = DocumentReport(path=str(path))
            try:
                if not path.exists():
                    raise LoadError("no such file")
                text = load_text(path)
                doc = chunk_policy(text, doc_id=doc_id_for(path), source_path=str(path))
                del text
                if not doc.clauses:
                    raise LoadError("no clauses found in the text")
            except LoadError as exc:
                entry.error = str(exc)
                report.documents.append(entry)
                progress.document_done()
                continue
            progress.document(len(doc.clauses))
            entry = ingest_document(collection, encoder, doc, path=str(path), progress=progress,
                                    batch_size=batch_size, consume=True)
            del doc
            report.embedded += entry.added
            report.documents.append(entry)
            progress.document_done()
    finally:
        progress.close()
    report.seconds = time.perf_counter() - start
    return report
