"""Hybrid retrieval: dense (the bundled MiniLM through the vector store) plus lexical (BM25), fused.

The fused score is `w * cosine + (1 - w) * coverage`, where coverage is the
IDF-weighted share of the question's terms (expanded with `knowledge.lexicon`)
that the clause contains. Both parts are absolute (not rank-based), so the
fused score also answers "is anything here relevant at all?" for the
escalation decision.
"""
from __future__ import annotations

from functools import lru_cache

from knowledge.lexical import LexicalIndex
from knowledge.lexicon import expand, expanded_query_terms, term_groups
from knowledge.models import Clause, ScoredClause
from knowledge.ports import ClauseIndex, Embedder
from knowledge.settings import RetrievalSettings


INTRO_PENALTY = 0.85


class HybridRetriever:
    def __init__(self, index: ClauseIndex, embedder: Embedder, settings: RetrievalSettings):
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.clauses: list[Clause] = index.clauses()
        self._row = {c.id: i for i, c in enumerate(self.clauses)}
        self.lexical = LexicalIndex([c.id for c in self.clauses], [c.search_text() for c in self.clauses])
        # Tiny on purpose: it only spares the second encoding of the same question (rulings), never
        # turns a repeated question into a cache hit that would flatter the latency figures.
        self._encode = lru_cache(maxsize=2)(lambda text: self.embedder.encode([text])[0])

    def __len__(self) -> int:
        return len(self.clauses)

    def encode_query(self, question: str):
        """The question's vector; the dense query sees the same policy-register expansions as the lexical one.

        Cached for the last couple of questions, so matching admin rulings costs no second encoding."""
        return self._encode(expand(question))

    def query_terms(self, question: str) -> list[str]:
        return expanded_query_terms(question)

    def search(self, question: str, k: int | None = None) -> list[ScoredClause]:
        if not self.clauses:
            return []
        s = self.settings
        vector = self.encode_query(question)
        dense = {h.clause_id: h.similarity for h in self.index.dense_search(vector, s.candidates) if h.clause_id in self._row}
        groups = self._with_typos_corrected(term_groups(question))
        terms = list(dict.fromkeys(self.query_terms(question) + [t for g in groups for t in g]))
        rows = {self._row[cid] for cid in dense}
        rows.update(row for row, _ in self.lexical.search(terms, s.candidates))
        floor = min(dense.values()) if dense else 0.0
        scored = []
        for row in rows:
            clause = self.clauses[row]
            cos = dense.get(clause.id, floor)
            cov = self.lexical.group_coverage(row, groups)
            scored.append(ScoredClause(clause, self._fused(clause, cos, cov), cos, cov))
        scored.sort(key=lambda sc: (-sc.score, sc.clause.doc_id, sc.clause.position))
        return scored[: k or s.candidates]

    def _with_typos_corrected(self, groups: list[frozenset[str]]) -> list[frozenset[str]]:
        """Chat is typed fast: a word the collection has never seen also matches its nearest known spelling."""
        out = []
        for group in groups:
            fixes = {c for t in group if (c := self.lexical.correct(t))}
            out.append(group | fixes if fixes else group)
        return out

    def _fused(self, clause: Clause, cos: float, cov: float) -> float:
        score = self.settings.dense_weight * cos + (1 - self.settings.dense_weight) * cov
        if clause.text.rstrip().endswith(":"):
            # "... shall comply with the following rules:" introduces rules; the rules themselves
            # (which carry it as their lead-in) are the better citation.
            score *= INTRO_PENALTY
        return score
