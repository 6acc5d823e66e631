"""ContractNLI hypotheses as staff-style questions, and evidence spans found in the chunked clauses."""
from bot.cli.train_samples import _normalised_with_offsets, _overlaps, hypothesis_question


def test_hypotheses_become_questions_and_clauses_find_their_spans():
    assert hypothesis_question("Receiving Party shall not reverse engineer objects.") == \
        "Does the agreement say that receiving Party shall not reverse engineer objects?"
    text = "1. Definitions.\n  Confidential   Information means all data.\n2. Term. Three years."
    norm, offsets = _normalised_with_offsets(text)
    span = [text.index("Confidential"), text.index("data.") + 5]
    assert _overlaps("Confidential Information means all data.", norm, offsets, [span])
    assert not _overlaps("Term. Three years.", norm, offsets, [span])
    assert not _overlaps("Not in the text at all.", norm, offsets, [span])
