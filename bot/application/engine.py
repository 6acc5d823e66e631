"""The answering engine: wires the store, the embedder and the retriever to the pure core.

`Engine(settings).ask(question)` is what the CLI, the chat adapters and the
admin UI call (it implements `knowledge.ports.AnswerService`). It opens
collections lazily, fills the default collection with the bundled policies on
first use, keeps one retriever per collection in memory, and finds admin
rulings close to the question.

The engine trusts the question text like the core does: chat and CLI questions reach it through the ask
service, which cleaned and capped them (`bot.application.asking.question`, the one cleaning policy);
evaluation passes its curated questions as they are. Nothing here cuts or rewrites a question.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from bot.application.errors import error_line
from knowledge.answer import answer
from knowledge.learning.coverage import CoverageModel
from knowledge.learning.ranker import RankerWeights
from knowledge.learning.verdict_head import VerdictHead
from knowledge.models import Answer, Ruling
from knowledge.ports import ClauseStore, CollectionStore, SourceInfo
from knowledge.retrieve import HybridRetriever
from bot.application.settings import Settings
from knowledge.staff_groups.preference import GroupPreference

BUNDLED_POLICIES = Path(__file__).resolve().parents[2] / "knowledge" / "bundled"

# A ruling is shown beside the clauses when its question is this close (cosine) to the new one.
RULING_SIMILARITY = 0.75

RulingSource = Callable[[str], Sequence[Ruling]]   # collection -> active rulings


class _Shipped:
    """The default of a learned part: the one shipped in knowledge/trained/ (None is "no model")."""


SHIPPED = _Shipped()


class Engine:
    """Answers questions from the collections of one store.

    `store` is any `knowledge.ports.CollectionStore` (default: Chroma as configured). The learned parts
    default to the ones shipped in knowledge/trained/ (fitted by `policybot train`); `ranker` replaces the
    ranking weights, `coverage` and `verdict_head` their models (None: the hand rules decide alone)."""

    def __init__(self, settings: Settings, *, embedder=None, rulings: RulingSource | None = None,
                 store: CollectionStore | None = None, ranker: RankerWeights | None = None,
                 coverage: CoverageModel | None | _Shipped = SHIPPED,
                 verdict_head: VerdictHead | None | _Shipped = SHIPPED):
        self.settings = settings
        self._embedder = embedder
        self.rulings = rulings
        self._store = store
        self._retrievers: dict[str, HybridRetriever] = {}
        self._ruling_vectors: dict[tuple[int, str], np.ndarray] = {}
        self._lock = threading.RLock()
        self.ranker = ranker if ranker is not None else RankerWeights.load(dense_weight=settings.retrieval.dense_weight)
        self.coverage = CoverageModel.load() if coverage is SHIPPED else coverage
        self.verdict_head = VerdictHead.load() if verdict_head is SHIPPED else verdict_head

    # -- wiring ----------------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            from knowledge.embedder import default_embedder

            self._embedder = default_embedder(self.settings.data_dir.resolve() / "models")
        return self._embedder

    @property
    def store(self) -> CollectionStore:
        if self._store is None:
            from knowledge.store.chroma_store import ChromaStore

            self._store = ChromaStore(self.settings)
        return self._store

    def collection(self, name: str | None = None, *, for_search: bool = True) -> ClauseStore:
        """The named collection (the default one filled with the bundled policies on first use). A
        collection opened `for_search` has its vectors brought up to the configured encoder first;
        listing its documents needs no vectors and re-encodes nothing."""
        name = name or self.settings.default_collection
        col = self.store.collection(name)
        if name == self.settings.default_collection and not col.manifest():
            self._ingest_bundled(col)
        elif for_search:
            # A store written by an older PolicyBot holds vectors made another way: bring them up
            # to date once, before any question is compared with them.
            from ingest.pipeline import reencode_if_stale

            reencode_if_stale(col, self.embedder, compose=self.settings.ingest.compose)
        return col

    def _ingest_bundled(self, col: ClauseStore) -> None:
        from ingest.pipeline import ingest_paths

        ingest_paths(col, self.embedder, [BUNDLED_POLICIES], compose=self.settings.ingest.compose,
                     organization=self.settings.organization_for(self.settings.default_collection),
                     groups=self.settings.group_rules(self.settings.default_collection))

    def retriever(self, name: str | None = None) -> HybridRetriever:
        name = name or self.settings.default_collection
        with self._lock:
            if name not in self._retrievers:
                self._retrievers[name] = HybridRetriever(self.collection(name), self.embedder, self.settings.retrieval,
                                                       ranker=self.ranker)
            return self._retrievers[name]

    def invalidate(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._retrievers.clear()
            else:
                self._retrievers.pop(name, None)

    # -- serving -----------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model, open (and on first use fill) the default collection, and run one encoding,
        so a server's first question is as quick as the rest."""
        self.retriever().encode_query("warm up")

    @property
    def is_warm(self) -> bool:
        return self._embedder is not None and self.settings.default_collection in self._retrievers

    def readiness(self) -> dict[str, str]:
        """Problems that stop answering, by check name ({} when ready); cheap enough for a probe."""
        if not self.is_warm:
            return {"model": "not loaded yet"}
        try:
            self.store.collection_names()
        except Exception as exc:      # the vector store (on disk or a Chroma server) is unreachable
            return {"vector_store": error_line(exc)}
        return {}

    # -- AnswerService -----------------------------------------------------------
    def ask(self, question: str, *, collection: str | None = None, group: str | None = None) -> Answer:
        """`group`: the asker's staff group (a key of knowledge/language/staff_groups.yaml), None when unknown."""
        name = collection or self.settings.default_collection
        retriever = self.retriever(name)
        result = answer(question, retriever=retriever, settings=self.settings.retrieval, collection=name,
                        rulings=self._matching_rulings(question, name, retriever), coverage=self.coverage,
                        verdict_head=self._verdict_head(), prefer=GroupPreference(group) if group else None)
        return result

    def _verdict_head(self) -> VerdictHead | None:
        """The learned verdict head, when it reads this engine's encoder (else the hand rules decide)."""
        from ingest.encode_clauses import model_of

        head = self.verdict_head
        return head if head is not None and head.reads(model_of(self.embedder)) else None

    def sources(self, collection: str | None = None) -> list[SourceInfo]:
        return self.collection(collection, for_search=False).sources()

    # -- rulings -------------------------------------------------------------------
    def _matching_rulings(self, question: str, collection: str, retriever: HybridRetriever) -> list[Ruling]:
        if self.rulings is None or not question.strip():
            return []
        rulings = list(self.rulings(collection))
        if not rulings:
            return []
        # Questions are compared the way retrieval sees them (expanded); the question's vector is the
        # one retrieval computes anyway (cached), so a ruling lookup costs no extra encoding.
        missing = [r for r in rulings if (r.id, r.question) not in self._ruling_vectors]
        if missing:
            from knowledge.lexicon import expand

            vecs = self.embedder.encode([expand(r.question) for r in missing])
            for r, v in zip(missing, vecs):
                self._ruling_vectors[(r.id, r.question)] = v
        q = retriever.encode_query(question)
        matches = []
        for r in rulings:
            sim = float(np.dot(q, self._ruling_vectors[(r.id, r.question)]))
            if sim >= RULING_SIMILARITY:
                matches.append(Ruling(r.id, r.question, r.answer, r.answered_by, r.answered_at, round(sim, 3)))
        return sorted(matches, key=lambda r: -r.similarity)[:2]
