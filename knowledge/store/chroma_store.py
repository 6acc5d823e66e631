"""Clauses in Chroma: an embedded on-disk client by default, a `chroma run` server when configured.

Each collection (one per district/tenant) is three Chroma collections:
`<name>` holds the clauses (the vector of the clause in its context, the
verbatim text, the citation metadata), `<name>--text` the vector of each
clause's own words (a long clause is best found by its words, a short list
item by its context: dense search takes the better of the two), and
`<name>--docs` one manifest record per document listing the clause ids
that are current. Readers only see clauses listed in a manifest, and a
document's manifest record is switched in a single upsert after its new
clauses are written, so a crash mid-ingest leaves the previous version
answerable and a stale clause can never be cited; leftovers are swept on the
next ingest of that document.
"""
from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from knowledge.manifest import ManifestEntry
from knowledge.models import Clause
from knowledge.ports import DenseHit, SourceInfo
from knowledge.settings import StoreSettings
from knowledge.store.names import SUFFIXES as _SUFFIXES, validate_collection_name

# What a clause's metadata holds: every field but its id and its text (kept as the record's id and document).
_CLAUSE_FIELDS = tuple(f.name for f in fields(Clause) if f.name not in ("id", "text"))
_PAGE = 5000


def make_client(settings: StoreSettings):
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma.mode == "http":
        return chromadb.HttpClient(host=settings.chroma.host, port=settings.chroma.port, settings=chroma_settings)
    path = Path(settings.chroma_path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ChromaCollection:
    """One tenant's clauses. Implements `knowledge.ports.ClauseStore`."""

    def __init__(self, client, name: str):
        self.name = validate_collection_name(name)
        self._clauses = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        self._texts = client.get_or_create_collection(f"{name}--text", metadata={"hnsw:space": "cosine"},
                                                      embedding_function=None)
        self._docs = client.get_or_create_collection(f"{name}--docs", embedding_function=None)
        self._cache: tuple[list[Clause], set[str]] | None = None

    # -- reading -------------------------------------------------------------
    def manifest(self) -> dict[str, ManifestEntry]:
        got = self._docs.get(include=["metadatas", "documents"])
        return {doc_id: _entry(doc_id, meta, ids_json)
                for doc_id, meta, ids_json in zip(got["ids"], got["metadatas"], got["documents"])}

    def current_ids(self) -> set[str]:
        return {cid for entry in self.manifest().values() for cid in entry.clause_ids}

    def clauses(self) -> list[Clause]:
        if self._cache is None:
            current = self.current_ids()
            clauses = []
            # Paged: one `get` with 100 000 ids exceeds SQLite's variable limit inside Chroma.
            for offset in range(0, self._clauses.count() if current else 0, _PAGE):
                got = self._clauses.get(include=["metadatas", "documents"], limit=_PAGE, offset=offset)
                clauses += [_clause(cid, meta, text)
                            for cid, meta, text in zip(got["ids"], got["metadatas"], got["documents"]) if cid in current]
            clauses.sort(key=lambda c: (c.doc_id, c.position))
            self._cache = (clauses, current)
        return self._cache[0]

    def dense_search(self, vector: np.ndarray, k: int) -> list[DenseHit]:
        current = self._cache[1] if self._cache else self.current_ids()
        if not current:
            return []
        # Ask for a few extra so that swept-but-not-yet-deleted clauses can be skipped.
        n = min(k + 8, len(current) + 8)
        query = [np.asarray(vector, dtype=np.float32).tolist()]
        best: dict[str, float] = {}
        for index in (self._clauses, self._texts):
            res = index.query(query_embeddings=query, n_results=n, include=["distances"])
            for cid, distance in zip(res["ids"][0], res["distances"][0]):
                if cid in current:
                    best[cid] = max(best.get(cid, -1.0), 1.0 - float(distance))
        hits = sorted((DenseHit(cid, sim) for cid, sim in best.items()), key=lambda h: -h.similarity)
        return hits[:k]

    def sources(self) -> list[SourceInfo]:
        return [entry.source() for _, entry in sorted(self.manifest().items())]

    def manifest_entry(self, doc_id: str) -> ManifestEntry | None:
        """One document's manifest entry (as in `manifest()`), or None."""
        got = self._docs.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return _entry(doc_id, got["metadatas"][0], got["documents"][0])

    def clause_hashes(self, doc_id: str) -> dict[str, str]:
        """content hash -> clause id of a document's current clauses (metadata only, read in pages)."""
        entry = self.manifest_entry(doc_id)
        current = set(entry.clause_ids) if entry else set()
        out: dict[str, str] = {}
        offset = 0
        while current:
            got = self._clauses.get(where={"doc_id": doc_id}, include=["metadatas"], limit=_PAGE, offset=offset)
            out.update((meta["content_hash"], cid) for cid, meta in zip(got["ids"], got["metadatas"]) if cid in current)
            if len(got["ids"]) < _PAGE:
                break
            offset += _PAGE
        return out

    def vectors(self, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The stored (in-context, text-alone) vectors of these clauses, in this order."""
        if not ids:
            return np.zeros((0, 0), dtype=np.float32), np.zeros((0, 0), dtype=np.float32)
        out = []
        for index in (self._clauses, self._texts):
            got = index.get(ids=ids, include=["embeddings"])
            row = {cid: vec for cid, vec in zip(got["ids"], got["embeddings"])}
            out.append(np.asarray([row[cid] for cid in ids], dtype=np.float32))
        return out[0], out[1]

    def stored_clauses(self, batch: int = _PAGE):
        """Every stored clause (current or not), in pages: lists of Clause."""
        for offset in range(0, self._clauses.count(), batch):
            got = self._clauses.get(include=["metadatas", "documents"], limit=batch, offset=offset)
            yield [_clause(cid, meta, text) for cid, meta, text in zip(got["ids"], got["metadatas"], got["documents"])]

    @property
    def embedding_scheme(self) -> str:
        """How the stored vectors were made ('' before schemes were recorded); set by ingest."""
        return str((self._docs.metadata or {}).get("embedding_scheme", ""))

    def set_embedding_scheme(self, scheme: str) -> None:
        self._docs.modify(metadata={**(self._docs.metadata or {}), "embedding_scheme": scheme})

    # -- writing -------------------------------------------------------------
    def write_clauses(self, clauses: list[Clause], vectors, text_vectors) -> None:
        """Store clauses with their two vectors. Invisible to readers until a manifest lists them."""
        for start in range(0, len(clauses), _PAGE):
            batch = clauses[start:start + _PAGE]
            ids = [c.id for c in batch]
            self._texts.upsert(ids=ids, embeddings=_rows(text_vectors[start:start + _PAGE]),
                               metadatas=[{"doc_id": c.doc_id} for c in batch])
            self._clauses.upsert(
                ids=ids,
                embeddings=_rows(vectors[start:start + _PAGE]),
                documents=[c.text for c in batch],
                metadatas=[{f: getattr(c, f) for f in _CLAUSE_FIELDS} for c in batch],
            )

    def replace_vectors(self, ids: list[str], vectors, text_vectors) -> None:
        """New vectors for stored clauses (re-encoding), leaving their text and metadata as they are."""
        self._clauses.update(ids=ids, embeddings=_rows(vectors))
        self._texts.update(ids=ids, embeddings=_rows(text_vectors))

    def switch_document(self, entry: ManifestEntry) -> None:
        """Make the entry's clauses (already written) the document's current ones in one upsert, then sweep
        the rest. The entry's clause ids are the record's document (JSON), the rest its metadata."""
        record = entry.to_dict()
        clause_ids = record.pop("clause_ids")
        self._docs.upsert(ids=[entry.doc_id], embeddings=[[1.0]], metadatas=[record],
                          documents=[json.dumps(clause_ids)])
        self._sweep(entry.doc_id, keep=set(clause_ids))
        self._cache = None

    def put_document(self, entry: ManifestEntry, clauses: list[Clause], vectors, text_vectors) -> None:
        """Write the clauses, then switch the document's manifest to them, then sweep the old ones."""
        self.write_clauses(clauses, vectors, text_vectors)
        self.switch_document(replace(entry, clause_ids=tuple(c.id for c in clauses)))

    def remove_document(self, doc_id: str) -> bool:
        existed = bool(self._docs.get(ids=[doc_id])["ids"])
        self._docs.delete(ids=[doc_id])
        self._sweep(doc_id, keep=set())
        self._cache = None
        return existed

    def _sweep(self, doc_id: str, keep: set[str]) -> None:
        for index in (self._clauses, self._texts):
            # Read in pages: a 100 000-clause document's ids in one `get` cost a burst of memory.
            stale: list[str] = []
            offset = 0
            while True:
                ids = index.get(where={"doc_id": doc_id}, include=[], limit=_PAGE, offset=offset)["ids"]
                stale += [cid for cid in ids if cid not in keep]
                if len(ids) < _PAGE:
                    break
                offset += _PAGE
            for start in range(0, len(stale), _PAGE):
                index.delete(ids=stale[start:start + _PAGE])


def _entry(doc_id: str, meta: dict | None, ids_json: str | None) -> ManifestEntry:
    return ManifestEntry.from_dict(doc_id, {**(meta or {}), "clause_ids": json.loads(ids_json or "[]")})


def _clause(cid: str, meta: dict, text: str) -> Clause:
    return Clause(id=cid, text=text, **{f: meta.get(f, 0 if f == "position" else "") for f in _CLAUSE_FIELDS})


def _rows(vectors) -> list[list[float]]:
    """Vectors as Chroma takes them everywhere (plain lists; one numpy conversion, not a float() per value)."""
    return np.asarray(vectors, dtype=np.float32).tolist()


class ChromaStore:
    """Opens collections on one Chroma client (embedded or HTTP). Implements `knowledge.ports.CollectionStore`."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        self._client = make_client(settings)
        self._open: dict[str, ChromaCollection] = {}

    def collection(self, name: str) -> ChromaCollection:
        if name not in self._open:
            self._open[name] = ChromaCollection(self._client, name)
        return self._open[name]

    def collection_names(self) -> list[str]:
        names = [c if isinstance(c, str) else c.name for c in self._client.list_collections()]
        return sorted(n for n in names if not n.endswith(_SUFFIXES))

    def exists(self, name: str) -> bool:
        return name in self.collection_names()
