"""What each document of a collection is about: its title line and its profile (title, code, headings).

Built once per collection from the clauses themselves (every clause carries its document's title, code and
section path), so it needs no extra storage: the title vectors are encoded when a retriever is built (one
short text per document) and the profiles form a small lexical index of their own.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from knowledge.lexical import LexicalIndex
from knowledge.models import Clause
from knowledge.ports import Embedder
from knowledge.text import content_terms


def title_line(clause: Clause) -> str:
    """The document's title with its policy code, as a reader would name it."""
    title = clause.document
    if clause.policy_code and clause.policy_code.lower() not in title.lower():
        title = f"{clause.policy_code} {title}"
    return title


class DocumentProfiles:
    def __init__(self, clauses: Sequence[Clause], embedder: Embedder):
        docs: dict[str, dict] = {}
        for c in clauses:
            d = docs.setdefault(c.doc_id, {"title": title_line(c), "headings": {}})
            for heading in (c.section.split(" › ") if c.section else ()):
                d["headings"].setdefault(heading, None)
        self.doc_ids = list(docs)
        self._row = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        titles = [docs[d]["title"] for d in self.doc_ids]
        profiles = [" ".join([docs[d]["title"], *docs[d]["headings"]]) for d in self.doc_ids]
        self.lexical = LexicalIndex(self.doc_ids, profiles)
        # Every word each document uses anywhere, to tell whether one policy speaks to all of a question.
        self._terms: dict[str, set[str]] = {}
        for c in clauses:
            self._terms.setdefault(c.doc_id, set()).update(content_terms(c.search_text()))
        self._vectors = (np.asarray(embedder.encode(titles), dtype=np.float32) if titles
                         else np.zeros((0, getattr(embedder, "dimension", 384)), dtype=np.float32))

    def title_similarity(self, vector: np.ndarray) -> dict[str, float]:
        """doc id -> cosine of the question and the document's title line."""
        if not self.doc_ids:
            return {}
        sims = self._vectors @ np.asarray(vector, dtype=np.float32)
        return {doc_id: float(s) for doc_id, s in zip(self.doc_ids, sims)}

    def term_coverage(self, doc_id: str, groups: Sequence[frozenset[str]]) -> float:
        """Share of the question's concepts (each counted once, equally) that the document uses anywhere."""
        terms = self._terms.get(doc_id, set())
        if not groups:
            return 0.0
        return sum(1 for g in groups if not terms.isdisjoint(g)) / len(groups)

    def profile_coverage(self, doc_id: str, groups: Sequence[frozenset[str]]) -> float:
        return self.lexical.group_coverage(self._row[doc_id], groups)
