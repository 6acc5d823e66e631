"""Ingest documents into a collection: load, chunk, embed only what changed, switch atomically.

Re-ingest is idempotent by content hash: a clause whose text and context are
unchanged keeps its vector (it is never re-embedded), a changed document
replaces its old clauses, and each run reports added / removed / unchanged
clauses per document. A file that fails to load is reported and leaves the
collection untouched for that document; the other files still go in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ingest.chunk_policy import PolicyDocument, chunk_policy, slugify
from ingest.loaders import SUPPORTED, LoadError, load_text
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


def ingest_document(collection: ChromaCollection, embedder: Embedder, doc: PolicyDocument,
                    path: str = "") -> DocumentReport:
    old = collection.manifest().get(doc.doc_id)
    old_vectors = collection.embeddings_by_hash(doc.doc_id) if old else {}
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
    meta = {"title": doc.title, "policy_code": doc.policy_code, "adopted": doc.adopted, "revised": doc.revised,
            "version": doc.version, "url": doc.url, "path": path}
    if old and old.get("version") == doc.version and set(c.id for c in doc.clauses) == old_current:
        return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, unchanged=len(doc.clauses))
    collection.put_document(doc_id=doc.doc_id, doc_meta=meta, clauses=doc.clauses, vectors=vectors,
                            text_vectors=text_vectors)
    old_set = set(old_vectors)
    new_set = {c.content_hash for c in doc.clauses}
    return DocumentReport(path=path, doc_id=doc.doc_id, title=doc.title, added=len(new_set - old_set),
                          removed=len(old_set - new_set), unchanged=len(new_set & old_set))


def ingest_paths(collection: ChromaCollection, embedder: Embedder, paths: Iterable[str | Path]) -> IngestReport:
    import time

    start = time.perf_counter()
    report = IngestReport()
    for path in expand_paths(paths):
        entry = DocumentReport(path=str(path))
        try:
            if not path.exists():
                raise LoadError("no such file")
            text = load_text(path)
            doc = chunk_policy(text, doc_id=doc_id_for(path), source_path=str(path))
            if not doc.clauses:
                raise LoadError("no clauses found in the text")
        except LoadError as exc:
            entry.error = str(exc)
            report.documents.append(entry)
            continue
        entry = ingest_document(collection, embedder, doc, path=str(path))
        report.embedded += entry.added
        report.documents.append(entry)
    report.seconds = time.perf_counter() - start
    return report
