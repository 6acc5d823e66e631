from knowledge.integrations.langchain_retriever import PolicyClauseRetriever


def test_clauses_come_back_as_cited_documents(engine):
    retriever = PolicyClauseRetriever(search=engine.retriever().search, k=3)
    docs = retriever.invoke("Can I give my home phone number to a student?")
    assert 1 <= len(docs) <= 3
    top = docs[0]
    assert "home phone numbers to students without prior approval" in top.page_content
    assert top.metadata["citation"].endswith(top.metadata["locator"])
    assert top.metadata["score"] >= docs[-1].metadata["score"]


def test_min_score_filters(engine):
    retriever = PolicyClauseRetriever(search=engine.retriever().search, k=3, min_score=0.99)
    assert retriever.invoke("How do I enroll in health insurance?") == []
