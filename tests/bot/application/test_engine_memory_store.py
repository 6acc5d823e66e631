"""The engine on the in-memory store: ingest and ask end to end, with the answers Chroma on disk gives."""
from bot.application.engine import Engine
from ingest.pipeline import ingest_paths
from knowledge.learning.ranker import RankerWeights
from knowledge.store.memory_store import MemoryStore
from tests.conftest import FIXTURES

QUESTIONS = ["Can I text my team about practice?", "May I friend a student on Facebook?",
             "How many sick days do I get?"]


def test_ingest_and_ask_on_the_memory_store_match_chroma(engine, settings):
    """First use fills the default collection with the bundled policies; a second collection is ingested from
    files; every answer (verdict, escalation, citations) is the one the Chroma-backed engine gives."""
    store = MemoryStore()
    memory = Engine(settings, embedder=engine.embedder, store=store)
    for question in QUESTIONS:
        got, expected = memory.ask(question), engine.ask(question)
        assert got.to_dict() == expected.to_dict(), question
    assert memory.ask(QUESTIONS[0]).citations                       # answered from the policies, not escalated
    assert store.collection_names() == [settings.default_collection]
    assert [s.doc_id for s in memory.sources()] == [s.doc_id for s in engine.sources()]

    report = ingest_paths(store.collection("district-b"), memory.embedder, [FIXTURES / "policies"],
                          organization="District B")
    assert not report.failed and report.clauses > 0
    answer = memory.ask("Can I text my team about practice?", collection="district-b")
    assert answer.collection == "district-b"
    assert all(c.organization == "District B" for c in answer.citations)
    assert {s.organization for s in memory.sources("district-b")} == {"District B"}
    assert store.collection("district-b").remove_document(report.documents[0].doc_id)


def test_the_engine_takes_its_learned_parts_as_arguments(settings, hash_embedder):
    plain = RankerWeights()
    engine = Engine(settings, embedder=hash_embedder, store=MemoryStore(), ranker=plain, coverage=None,
                    verdict_head=None)
    assert engine.ranker is plain and engine.coverage is None and engine.verdict_head is None
    assert engine.retriever().ranker is plain
    shipped = Engine(settings, embedder=hash_embedder, store=MemoryStore())
    assert shipped.ranker == RankerWeights.load(dense_weight=settings.retrieval.dense_weight)
