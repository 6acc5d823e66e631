"""Hybrid retrieval: dense (the bundled MiniLM through the vector store) plus lexical, with document evidence.

Candidates come from both retrievers (the dense store's nearest clauses and the lexical index's best BM25
rows). Each is then described by the features of `knowledge.learning.ranker` (its own dense and lexical match, and
how well its document's title and headings match the question) and scored with the trained weights. The
scores are absolute (in [0, 1], not rank-based), so the best one also feeds the "is anything here relevant
at all?" decision (`knowledge.learning.coverage`).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from knowledge.definitions import defined_terms
from knowledge.documents import DocumentProfiles
from knowledge.lexical import LexicalIndex
from knowledge.lexicon import expand, expanded_query_terms, term_groups
from knowledge.models import Clause, ScoredClause
from knowledge.ports import ClauseIndex, Embedder
from knowledge.learning.ranker import RankerWeights
from knowledge.settings import RetrievalSettings
from knowledge.staff_groups.preference import GroupPreference
from knowledge.text import content_terms

# A whole manual needs a deeper candidate pool than one policy: the right clause of the right policy may sit
# below a few dozen near-misses on the dense side alone.
MIN_CANDIDATES = 40
# Up to this many clauses, every clause's vectors are held in memory and dense search is exact (and faster
# than a nearest-neighbour index); above it, the vector store's index answers.
EXACT_DENSE_LIMIT = 30_000
# The clauses of the documents whose titles and headings best match the question join the candidates, so
# the right policy's clauses compete even when none is among the nearest neighbours overall.
TOP_DOCUMENTS = 3
# ...all of them up to this many (the longest policy of a 224-policy board manual has 131 clauses, of a
# 132-policy personnel manual 180); of a longer document (a handbook loaded as one file), the ones closest to
# the question by dense cosine. Every candidate is scored one by one, so this bounds the time of a question.
DOCUMENT_CLAUSES = 200
_VECTOR_PAGE = 5000


class HybridRetriever:
    def __init__(self, index: ClauseIndex, embedder: Embedder, settings: RetrievalSettings,
                 ranker: RankerWeights | None = None):
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.ranker = ranker or RankerWeights.load(dense_weight=settings.dense_weight)
        self.clauses: list[Clause] = index.clauses()
        self._row = {c.id: i for i, c in enumerate(self.clauses)}
        self.lexical = LexicalIndex([c.id for c in self.clauses], [c.search_text() for c in self.clauses])
        self.documents = DocumentProfiles(self.clauses, embedder)
        self._doc_rows: dict[str, list[int]] = {}
        for row, c in enumerate(self.clauses):
            self._doc_rows.setdefault(c.doc_id, []).append(row)
        self._vectors = self._load_vectors()
        self._masks: dict[str, np.ndarray | None] = {}    # staff group -> rows that apply to it
        # The collection's own vocabulary: "Tobacco Products: cigarettes, cigars, ..." lets "cigar" find "tobacco".
        self.definitions = defined_terms(self.clauses)
        # Tiny on purpose: it only spares the second encoding of the same question (rulings), never
        # turns a repeated question into a cache hit that would flatter the latency figures.
        self._encode = lru_cache(maxsize=2)(lambda text: self.embedder.encode([text])[0])

    def __len__(self) -> int:
        return len(self.clauses)

    def encode_query(self, question: str):
        """The question's vector; the dense query sees the same policy-register expansions as the lexical one.

        Cached for the last couple of questions, so matching admin rulings costs no second encoding."""
        return self._encode(expand(question))

    def clause_vector(self, clause: Clause) -> np.ndarray:
        """The clause's in-context vector: from memory when the collection is held there, else encoded."""
        row = self._row.get(clause.id)
        if self._vectors is not None and row is not None:
            return self._vectors[0][row]
        return self.embedder.encode([clause.search_text()])[0]

    def query_terms(self, question: str) -> list[str]:
        return expanded_query_terms(question)

    def concept_groups(self, question: str) -> list[frozenset[str]]:
        groups = self._with_typos_corrected(term_groups(question))
        if self.definitions:
            groups = [g | frozenset(t for term in g for t in self.definitions.get(term, ())) for g in groups]
        return groups

    def _load_vectors(self):
        """(in-context, alone) vectors of every clause, row-aligned, when the collection is small enough."""
        if not self.clauses or len(self.clauses) > EXACT_DENSE_LIMIT:
            return None
        ids = [c.id for c in self.clauses]
        parts = [self.index.vectors(ids[i:i + _VECTOR_PAGE]) for i in range(0, len(ids), _VECTOR_PAGE)]
        return np.vstack([p[0] for p in parts]), np.vstack([p[1] for p in parts])

    def _dense(self, vector, n: int, mask: np.ndarray | None = None) -> tuple[dict[str, float], np.ndarray | None]:
        """clause id -> cosine for the n nearest clauses (among those `mask` keeps); and every clause's cosine
        when held in memory."""
        if self._vectors is None:
            hits = self.index.dense_search(vector, n if mask is None else 3 * n)
            return {h.clause_id: h.similarity for h in hits if h.clause_id in self._row
                    and (mask is None or mask[self._row[h.clause_id]])}, None
        q = np.asarray(vector, dtype=np.float32)
        sims = np.maximum(self._vectors[0] @ q, self._vectors[1] @ q)
        ranked = sims if mask is None else np.where(mask, sims, -np.inf)
        top = np.argpartition(-ranked, min(n, len(sims) - 1))[:n]
        return {self.clauses[int(r)].id: float(sims[r]) for r in top if mask is None or mask[r]}, sims

    def _group_mask(self, prefer: GroupPreference | None) -> np.ndarray | None:
        """Which clause rows apply to the asker's staff group (None: no group, or every clause applies)."""
        if prefer is None:
            return None
        key = prefer.group
        if key not in self._masks:
            mask = np.fromiter((prefer.applies(c) for c in self.clauses), dtype=bool, count=len(self.clauses))
            self._masks[key] = None if mask.all() else mask
        return self._masks[key]

    def search(self, question: str, k: int | None = None, *, prefer: GroupPreference | None = None) -> list[ScoredClause]:
        """The best candidates, best first; with `prefer`, only those that apply to the asker's staff group."""
        if not self.clauses:
            return []
        s = self.settings
        n = max(s.candidates, MIN_CANDIDATES)
        vector = self.encode_query(question)
        mask = self._group_mask(prefer)
        dense, all_sims = self._dense(vector, n, mask)
        groups = self.concept_groups(question)
        terms = list(dict.fromkeys(self.query_terms(question) + [t for g in groups for t in g]))
        lexical_rows = self.lexical.search(terms, n if mask is None else 2 * n)
        if mask is not None:
            # Another staff group's version never takes a candidate's place: the asker's own version must compete.
            lexical_rows = [(row, score) for row, score in lexical_rows if mask[row]][:n]
        rows = {self._row[cid] for cid in dense}
        rows.update(row for row, _ in lexical_rows)
        titles = self.documents.title_similarity(vector)
        profiles: dict[str, float] = {}
        if all_sims is not None:
            # The policies the question names by subject: all their clauses compete, with exact cosines.
            profiles = {d: self.documents.profile_coverage(d, groups) for d in titles}
            by_doc = sorted(titles, key=lambda d: -(titles[d] + profiles[d]))
            if mask is not None:
                by_doc = [d for d in by_doc if any(mask[r] for r in self._doc_rows.get(d, ()))]
            for doc_id in by_doc[:TOP_DOCUMENTS]:
                rows.update(self._closest_rows(doc_id, all_sims))
            dense = {self.clauses[r].id: float(all_sims[r]) for r in rows}
        floor = min(dense.values()) if dense else 0.0
        evidence = []
        for row in rows:
            clause = self.clauses[row]
            cos = dense.get(clause.id, floor)
            cov = self.lexical.group_coverage(row, groups)
            evidence.append((clause, max(cos, 0.0), cov))
        best_in_doc: dict[str, float] = {}
        for clause, cos, cov in evidence:
            base = self.ranker.base(cos, cov)
            best_in_doc[clause.doc_id] = max(best_in_doc.get(clause.doc_id, 0.0), base)
        dense_rank = {cid: i for i, cid in enumerate(sorted(dense, key=lambda c: -dense[c])[:3])}
        lexical_top = {self.clauses[row].id for row, _ in lexical_rows[:3]}
        scored = []
        for clause, cos, cov in evidence:
            if clause.doc_id not in profiles:
                profiles[clause.doc_id] = self.documents.profile_coverage(clause.doc_id, groups)
            features = {"dense": cos, "lexical": cov, "title": max(titles.get(clause.doc_id, 0.0), 0.0),
                        "profile": profiles[clause.doc_id], "document": best_in_doc[clause.doc_id],
                        "agreement": float(clause.id in dense_rank and clause.id in lexical_top)}
            score = self.ranker.score(features, introduces_list=clause.text.rstrip().endswith(":"))
            scored.append(ScoredClause(clause, score, cos, cov, features))
        scored.sort(key=lambda sc: (-sc.score, sc.clause.doc_id, sc.clause.position))
        if prefer is not None:
            scored = prefer.arrange(scored)
            if not scored:
                return []
        top_dense = sorted(dense.values(), reverse=True)
        spread = (top_dense[0] - sum(top_dense[1:11]) / len(top_dense[1:11])) if len(top_dense) > 1 else 0.0
        for sc in scored[:1]:
            sc.features["standout"] = spread     # how far the best dense match stands above the rest
            sc.features["unseen"] = self._unseen(question)
            sc.features["doc_terms"] = self.documents.term_coverage(sc.clause.doc_id, groups)
        return scored[: k or s.candidates]

    def _closest_rows(self, doc_id: str, sims: np.ndarray) -> list[int]:
        """A document's clause rows: all of them, or the `DOCUMENT_CLAUSES` nearest the question."""
        doc_rows = self._doc_rows[doc_id]
        if len(doc_rows) <= DOCUMENT_CLAUSES:
            return doc_rows
        idx = np.asarray(doc_rows)
        return [int(r) for r in idx[np.argpartition(-sims[idx], DOCUMENT_CLAUSES)[:DOCUMENT_CLAUSES]]]

    def _unseen(self, question: str) -> float:
        """IDF-weighted share of the question's own words that no clause of the collection uses (typos forgiven).

        Lexicon alternatives are left out on purpose: "jury duty" is unseen in a manual that never mentions
        juries, however many generic leave words the lexicon adds to it."""
        terms = [t for t in dict.fromkeys(content_terms(question))]
        if not terms:
            return 0.0
        idf = self.lexical.idf
        total = sum(idf(t) for t in terms)
        unseen = sum(idf(t) for t in terms if not self.lexical.known(t) and not self.lexical.correct(t))
        return unseen / total if total else 0.0

    def _with_typos_corrected(self, groups: list[frozenset[str]]) -> list[frozenset[str]]:
        """Chat is typed fast: a word the collection has never seen also matches its nearest known spelling."""
        out = []
        for group in groups:
            fixes = {c for t in group if (c := self.lexical.correct(t))}
            out.append(group | fixes if fixes else group)
        return out
