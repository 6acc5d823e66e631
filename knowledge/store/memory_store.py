"""Clauses in memory: the store port with numpy exact search, for tests, tools and small deployments.

It keeps what the Chroma adapter keeps, with the same visibility rules (`knowledge.ports.ClauseStore`):
written clauses stay invisible until their document's manifest entry lists them, a switch sweeps the
document's clauses it no longer lists, and a removed document takes its clauses with it. Manifest entries
are held in their stored shape (`ManifestEntry.to_dict`) so that both adapters read them back the same way.
Nothing persists beyond the process.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

import numpy as np

from knowledge.manifest import ManifestEntry
from knowledge.models import Clause
from knowledge.ports import DenseHit, SourceInfo
from knowledge.store.names import validate_collection_name

_PAGE = 5000


class MemoryCollection:
    """One tenant's clauses. Implements `knowledge.ports.ClauseStore`."""

    def __init__(self, name: str):
        self.name = validate_collection_name(name)
        self._clauses: dict[str, Clause] = {}
        self._vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}    # id -> (in context, alone)
        self._docs: dict[str, dict] = {}                                # doc id -> stored manifest entry
        self._scheme = ""

    # -- reading -------------------------------------------------------------
    def manifest(self) -> dict[str, ManifestEntry]:
        return {doc_id: ManifestEntry.from_dict(doc_id, record) for doc_id, record in self._docs.items()}

    def manifest_entry(self, doc_id: str) -> ManifestEntry | None:
        record = self._docs.get(doc_id)
        return ManifestEntry.from_dict(doc_id, record) if record is not None else None

    def current_ids(self) -> set[str]:
        return {cid for record in self._docs.values() for cid in record["clause_ids"]}

    def clauses(self) -> list[Clause]:
        current = self.current_ids()
        return sorted((c for cid, c in self._clauses.items() if cid in current), key=lambda c: (c.doc_id, c.position))

    def sources(self) -> list[SourceInfo]:
        return [entry.source() for _, entry in sorted(self.manifest().items())]

    def clause_hashes(self, doc_id: str) -> dict[str, str]:
        entry = self.manifest_entry(doc_id)
        return {self._clauses[cid].content_hash: cid for cid in (entry.clause_ids if entry else ())
                if cid in self._clauses}

    def vectors(self, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if not ids:
            return np.zeros((0, 0), dtype=np.float32), np.zeros((0, 0), dtype=np.float32)
        rows = [self._vectors[cid] for cid in ids]      # an unknown id is a KeyError, as in Chroma
        return np.vstack([r[0] for r in rows]), np.vstack([r[1] for r in rows])

    def dense_search(self, vector: np.ndarray, k: int) -> list[DenseHit]:
        ids = sorted(self.current_ids() & self._vectors.keys())
        if not ids or k <= 0:
            return []
        q = _unit(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        ctx, text = self.vectors(ids)
        sims = np.maximum(_unit(ctx) @ q, _unit(text) @ q)
        top = np.argsort(-sims, kind="stable")[:k]
        return [DenseHit(ids[int(r)], float(sims[r])) for r in top]

    def stored_clauses(self, batch: int = _PAGE) -> Iterator[list[Clause]]:
        stored = list(self._clauses.values())
        for start in range(0, len(stored), batch):
            yield stored[start:start + batch]

    @property
    def embedding_scheme(self) -> str:
        return self._scheme

    def set_embedding_scheme(self, scheme: str) -> None:
        self._scheme = scheme

    # -- writing -------------------------------------------------------------
    def write_clauses(self, clauses: list[Clause], vectors, text_vectors) -> None:
        ctx, text = _matrix(vectors), _matrix(text_vectors)
        for n, clause in enumerate(clauses):
            self._clauses[clause.id] = clause
            self._vectors[clause.id] = (ctx[n].copy(), text[n].copy())

    def replace_vectors(self, ids: list[str], vectors, text_vectors) -> None:
        ctx, text = _matrix(vectors), _matrix(text_vectors)
        for n, cid in enumerate(ids):
            if cid in self._vectors:        # like Chroma's update: an id never written is left alone
                self._vectors[cid] = (ctx[n].copy(), text[n].copy())

    def switch_document(self, entry: ManifestEntry) -> None:
        self._docs[entry.doc_id] = entry.to_dict()
        self._sweep(entry.doc_id, keep=set(entry.clause_ids))

    def put_document(self, entry: ManifestEntry, clauses: list[Clause], vectors, text_vectors) -> None:
        self.write_clauses(clauses, vectors, text_vectors)
        self.switch_document(replace(entry, clause_ids=tuple(c.id for c in clauses)))

    def remove_document(self, doc_id: str) -> bool:
        existed = self._docs.pop(doc_id, None) is not None
        self._sweep(doc_id, keep=set())
        return existed

    def _sweep(self, doc_id: str, keep: set[str]) -> None:
        for cid in [cid for cid, c in self._clauses.items() if c.doc_id == doc_id and cid not in keep]:
            del self._clauses[cid]
            del self._vectors[cid]


def _matrix(vectors) -> np.ndarray:
    return np.atleast_2d(np.asarray(vectors, dtype=np.float32))


def _unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero): cosine, as Chroma's cosine space measures it."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


class MemoryStore:
    """Collections in memory, by name. Implements `knowledge.ports.CollectionStore`."""

    def __init__(self):
        self._open: dict[str, MemoryCollection] = {}

    def collection(self, name: str) -> MemoryCollection:
        if name not in self._open:
            self._open[name] = MemoryCollection(name)
        return self._open[name]

    def collection_names(self) -> list[str]:
        return sorted(self._open)

    def exists(self, name: str) -> bool:
        return name in self._open
