"""The interfaces the core depends on and offers, as `typing.Protocol`s.

The core never imports Chroma, a chat SDK or a database: it talks to a
`ClauseIndex` and an `Embedder`, and the app layer offers chat adapters an
`AnswerService`. Each has a real implementation (Chroma on disk or over HTTP,
the bundled MiniLM) and tests may pass hand-written fakes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from knowledge.models import Answer, Clause


class Embedder(Protocol):
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class DenseHit:
    clause_id: str
    similarity: float       # cosine similarity in [-1, 1]


class ClauseIndex(Protocol):
    """A collection's clauses, searchable by vector."""

    def dense_search(self, vector: np.ndarray, k: int) -> list[DenseHit]: ...

    def clauses(self) -> list[Clause]: ...


@dataclass(frozen=True)
class SourceInfo:
    """One ingested document, as `policybot sources` and the chat home pages show it."""

    doc_id: str
    title: str
    policy_code: str
    adopted: str
    revised: str
    clauses: int
    version: str            # short hash of the document's content
    url: str = ""
    path: str = ""
    organization: str = ""
    reviewed: str = ""
    content_hash: str = ""  # sha256 of the document's clause texts
    groups: tuple[str, ...] = ()  # staff groups the document is written for (() = everyone)


class AnswerService(Protocol):
    """What chat adapters and the admin UI need from the answering engine."""

    def ask(self, question: str, *, collection: str | None = None, group: str | None = None) -> Answer:
        """`group`: the asker's staff group (a vocabulary key), None when unknown."""

    def sources(self, collection: str | None = None) -> list[SourceInfo]: ...
