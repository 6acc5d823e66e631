"""PolicyBot's core: clauses, retrieval, verdicts and the `answer()` function.

Nothing in this package imports a chat platform, a web framework, a database
driver or the loaders in `ingest/`. Adapters for the vector store and the
embedding model live in `knowledge.store` and `knowledge.embedder`; the pure
core (`knowledge.answer`) only sees them through `knowledge.ports`.
"""
