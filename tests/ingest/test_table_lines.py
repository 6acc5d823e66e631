"""Which row is a table's header, and which table rows are list items in disguise."""
from __future__ import annotations

from ingest.table_lines import is_rule, list_item_row, looks_like_header, property_row


def test_rules():
    assert is_rule("|---|---|") and is_rule("| :--- | ---: |") and is_rule("---|---")
    assert not is_rule("---") and not is_rule("| a | b |")


def test_labels_read_as_a_header():
    assert looks_like_header("| Day | Standard hours | Compressed hours |")
    assert looks_like_header("| | **Centre** | **North** |")


def test_sentences_markers_and_empty_rows_are_not_headers():
    assert not looks_like_header("| Staff must sign in at the office. | Always |")
    assert not looks_like_header("|●|Rationale for request|")
    assert not looks_like_header("| | |")


def test_a_marker_and_text_row_is_a_list_item():
    assert list_item_row("|●|Rationale for request.|") == ("●", "Rationale for request.")
    assert list_item_row("||•||Circulating rumours;|") == ("•", "Circulating rumours;")
    assert list_item_row("|1.|On-duty alcohol use;||") == ("1.", "On-duty alcohol use;")
    assert list_item_row("| Monday | 8 |") is None
    assert list_item_row("| 1. | 2. |") is None


def test_a_key_value_row_is_a_property_not_a_header():
    assert property_row("| **Effective:** | 11/05/2004 |") and not looks_like_header("| **Effective:** | 11/05/2004 |")
    assert not property_row("| Day | Hours |") and not property_row("Effective: 2004")
