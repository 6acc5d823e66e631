"""The interfaces the core depends on and offers, as `typing.Protocol`s.

The core never imports Chroma, a chat SDK or a database: retrieval reads a
`ClauseIndex`, ingest reads and writes a `ClauseStore` (which is one), a
`CollectionStore` opens them by name, an `Embedder` makes vectors, and the app
layer offers chat adapters an `AnswerService`. The stores have two real
implementations that one contract test holds to the same behaviour
(`knowledge.store.chroma_store`: Chroma on disk or over HTTP;
`knowledge.store.memory_store`: numpy, in memory).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Protocol, Sequence, runtime_checkable

import numpy as np

from knowledge.document_meta import DocumentMeta
from knowledge.models import Answer, Clause

if TYPE_CHECKING:
    from knowledge.manifest import ManifestEntry


class Embedder(Protocol):
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class DenseHit:
    clause_id: str
    similarity: float       # cosine similarity in [-1, 1]


class ClauseIndex(Protocol):
    """A collection's current clauses, as retrieval reads them: listed, with their vectors, searched by vector.

    Each clause has two vectors: of the clause in its context, and of its own words alone."""

    def clauses(self) -> list[Clause]:
        """Every current clause (those a manifest entry lists), by document then position."""

    def vectors(self, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The stored (in-context, alone) vectors of these clauses, row-aligned with `ids`."""

    def dense_search(self, vector: np.ndarray, k: int) -> list[DenseHit]:
        """The k current clauses nearest `vector` (the better cosine of their two vectors), best first."""


@runtime_checkable
class ClauseStore(ClauseIndex, Protocol):
    """One collection as ingest uses it: written in batches, switched per document, swept, re-encoded.

    Written clauses stay invisible to readers until `switch_document` lists them; the switch is one write,
    and it sweeps the document's clauses it no longer lists."""

    # -- the manifest
    def manifest(self) -> dict[str, ManifestEntry]: ...

    def manifest_entry(self, doc_id: str) -> ManifestEntry | None: ...

    def current_ids(self) -> set[str]: ...

    def sources(self) -> list[SourceInfo]: ...

    def clause_hashes(self, doc_id: str) -> dict[str, str]:
        """content hash -> clause id of a document's current clauses."""

    def stored_clauses(self, batch: int = ...) -> Iterator[list[Clause]]:
        """Every stored clause, current or not, in pages."""

    def clauses_by_id(self, ids: list[str]) -> list[Clause]:
        """The stored clauses with these ids, current or not (what a re-ingest replaces, read before the switch)."""

    # -- how the vectors were made ('' before it was recorded)
    @property
    def embedding_scheme(self) -> str: ...

    def set_embedding_scheme(self, scheme: str) -> None: ...

    # -- writing
    def write_clauses(self, clauses: list[Clause], vectors, text_vectors) -> None: ...

    def replace_vectors(self, ids: list[str], vectors, text_vectors) -> None: ...

    def switch_document(self, entry: ManifestEntry) -> None: ...

    def put_document(self, entry: ManifestEntry, clauses: list[Clause], vectors, text_vectors) -> None:
        """Write the clauses, then switch the document's entry to them (its `clause_ids` are the clauses')."""

    def remove_document(self, doc_id: str) -> bool:
        """Retire a document and its clauses; False when there was none."""


@runtime_checkable
class CollectionStore(Protocol):
    """Opens one tenant's collection by name (created on first use)."""

    def collection(self, name: str) -> ClauseStore: ...

    def collection_names(self) -> list[str]: ...

    def exists(self, name: str) -> bool: ...


@dataclass(frozen=True, kw_only=True)
class SourceInfo(DocumentMeta):
    """One ingested document, as `policybot sources` and the chat home pages show it."""

    doc_id: str
    clauses: int
    version: str            # short hash of the document's content
    path: str = ""
    content_hash: str = ""  # sha256 of the document's clause texts
    groups: tuple[str, ...] = ()  # staff groups the document is written for (() = everyone)


class AnswerService(Protocol):
    """What chat adapters and the admin UI need from the answering engine."""

    def ask(self, question: str, *, collection: str | None = None, group: str | None = None) -> Answer:
        """`group`: the asker's staff group (a vocabulary key), None when unknown."""

    def sources(self, collection: str | None = None) -> list[SourceInfo]: ...
