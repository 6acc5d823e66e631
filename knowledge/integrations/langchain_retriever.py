"""PolicyBot's hybrid clause retrieval as a LangChain retriever.

For teams that build their own LangChain chains on the district's policies:
each returned `Document` is one verbatim clause, with the citation (document ›
section › item), dates and relevance scores in its metadata, so a chain can
cite as precisely as PolicyBot does.

    retriever = PolicyClauseRetriever(search=engine.retriever("kimberly").search, k=4)
    docs = retriever.invoke("can I text my team?")
"""
from __future__ import annotations

from typing import Any, Callable

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from knowledge.models import ScoredClause


def clause_document(hit: ScoredClause) -> Document:
    c = hit.clause
    return Document(page_content=c.text, id=c.id, metadata={
        "clause_id": c.id, "document": c.document, "section": c.section, "locator": c.locator,
        "citation": c.citation_path, "lead_in": c.lead_in, "policy_code": c.policy_code,
        "adopted": c.adopted, "revised": c.revised, "url": c.url,
        "score": round(hit.score, 4), "dense": round(hit.dense, 4), "lexical": round(hit.lexical, 4)})


class PolicyClauseRetriever(BaseRetriever):
    """Wraps a `search(question, k) -> list[ScoredClause]` function (e.g. `HybridRetriever.search`)."""

    search: Callable[..., list[ScoredClause]]
    k: int = 4
    min_score: float = 0.0

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        hits = self.search(query, self.k)
        return [clause_document(h) for h in hits[: self.k] if h.score >= self.min_score]
