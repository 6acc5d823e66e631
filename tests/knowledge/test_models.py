"""`Clause.search_text()` is the one definition of what a clause is matched on."""
from __future__ import annotations

from knowledge.models import Clause


def _clause(**kw) -> Clause:
    base = dict(id="d:1", doc_id="d", document="Staff Hours", section="", locator="¶ 1", text="")
    return Clause(**{**base, **kw})


def test_an_item_is_matched_with_its_whole_heading_path_and_lead_in():
    item = _clause(section="Conduct › Overtime", lead_in="You must not:", text="work overtime without approval")
    assert item.search_text() == "Conduct › Overtime You must not: work overtime without approval"
    assert item.context() == "Conduct › Overtime You must not:"
    assert item.shown_text() == item.text                       # prose is shown as written


def test_a_row_is_matched_and_shown_with_its_headers():
    row = _clause(section="Schedule", text="| Monday | 8 | 9 |", columns="| Day | Standard hours | Compressed hours |")
    assert row.shown_text() == "Day: Monday; Standard hours: 8; Compressed hours: 9"
    assert row.search_text() == "Schedule Day: Monday; Standard hours: 8; Compressed hours: 9"
    assert row.text == "| Monday | 8 | 9 |"                     # stored as the source wrote it


def test_a_clause_without_context_is_matched_on_its_words_alone():
    assert _clause(text="Badges are worn.").search_text() == "Badges are worn."


def test_escalation_reason_codes_are_the_public_json_values():
    from knowledge.models import EscalationReason

    assert {r.value for r in EscalationReason} == {"not_covered", "conflict", "asked_for_person", "expired"}
    assert str(EscalationReason.NOT_COVERED) == "not_covered" and EscalationReason("conflict") is EscalationReason.CONFLICT


def test_a_citation_stance_is_a_stance_kind_and_an_unknown_word_is_refused():
    import pytest

    from knowledge.language import StanceKind
    from knowledge.models import Citation

    base = dict(clause_id="c", document="D", section="", locator="¶ 1", text="t", score=0.5)
    assert Citation(**base, stance="prohibits").stance is StanceKind.PROHIBITS
    assert Citation(**base).stance is StanceKind.DESCRIBES
    with pytest.raises(ValueError):
        Citation(**base, stance="conditions")
