"""The core's sections (chroma, retrieval, ingest): typed, checked once, a bad value named by its dotted key."""
import pytest

from knowledge.sections import SettingsError, read_section
from knowledge.settings import ChromaSettings, IngestSettings, RetrievalSettings


def test_defaults_and_a_good_section():
    assert read_section(RetrievalSettings, None, "retrieval") == RetrievalSettings()
    retrieval = read_section(RetrievalSettings, {"top_k": 6, "min_relevance": 1}, "retrieval")
    assert retrieval.top_k == 6 and retrieval.min_relevance == 1.0 and isinstance(retrieval.min_relevance, float)
    assert read_section(IngestSettings, {"context_vectors": "composed"}, "ingest").compose


def test_a_word_for_a_number_is_one_line_naming_the_key():
    with pytest.raises(SettingsError) as caught:
        read_section(RetrievalSettings, {"min_relevance": "high"}, "retrieval")
    assert str(caught.value) == "retrieval.min_relevance: expected a number, got 'high'"
    assert caught.value.key == "retrieval.min_relevance"


@pytest.mark.parametrize("cls, key, raw, message", [
    (RetrievalSettings, "retrieval", {"top_k": 2.5}, "retrieval.top_k: expected a whole number, got 2.5"),
    (RetrievalSettings, "retrieval", {"top_k": True}, "retrieval.top_k: expected a whole number, got True"),
    (RetrievalSettings, "retrieval", {"min_relevance": float("nan")}, "retrieval.min_relevance: expected a number, got nan"),
    (RetrievalSettings, "retrieval", {"top_k": 0}, "retrieval.top_k: expected a number >= 1, got 0"),
    (RetrievalSettings, "retrieval", {"keep_ratio": 1.5}, "retrieval.keep_ratio: expected a number from 0 to 1, got 1.5"),
    (RetrievalSettings, "retrieval", {"topk": 3}, "retrieval.topk: unknown setting (known: candidates, dense_weight, "
                                                  "keep_ratio, max_question_chars, min_relevance, top_k, weak_margin)"),
    (RetrievalSettings, "retrieval", ["top_k"], "retrieval: expected a mapping of settings, got ['top_k']"),
    (IngestSettings, "ingest", {"context_vectors": "fast"}, "ingest.context_vectors: expected one of exact, composed, got 'fast'"),
    (IngestSettings, "ingest", {"min_encoding_confidence": 2}, "ingest.min_encoding_confidence: expected a number from 0 to 1, got 2"),
    (ChromaSettings, "chroma", {"port": "8000"}, "chroma.port: expected a whole number, got '8000'"),
    (ChromaSettings, "chroma", {"port": 70000}, "chroma.port: expected a number from 1 to 65535, got 70000"),
    (ChromaSettings, "chroma", {"host": 5}, "chroma.host: expected text (in quotes), got 5"),
    (ChromaSettings, "chroma", {"mode": None}, "chroma.mode: expected text, got nothing (an empty value)"),
])
def test_bad_values_are_refused_by_key(cls, key, raw, message):
    with pytest.raises(SettingsError) as caught:
        read_section(cls, raw, key)
    assert str(caught.value) == message and "\n" not in str(caught.value)


def test_sections_built_in_code_are_checked_too():
    with pytest.raises(SettingsError, match=r"^ingest.context_vectors: expected one of exact, composed, got 'fast'$"):
        IngestSettings(context_vectors="fast")
    with pytest.raises(ValueError, match="^retrieval.dense_weight: "):      # SettingsError is a ValueError
        RetrievalSettings(dense_weight="most")
