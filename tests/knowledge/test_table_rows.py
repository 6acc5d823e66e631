"""A table row is read with its column headers; no word is invented."""
from __future__ import annotations

from knowledge.table_rows import cells, is_row, labelled


def test_cells_keep_empty_ones_so_columns_stay_aligned():
    assert cells("| Monday | | 9 |") == ["Monday", "", "9"]
    assert cells("Monday | 8") == ["Monday", "8"]


def test_each_cell_is_read_with_its_header():
    assert labelled("| Monday | 8 | Off |", "| Day | Standard hours | Compressed hours |") == \
        "Day: Monday; Standard hours: 8; Compressed hours: Off"


def test_empty_cells_drop_out_and_extra_cells_stand_alone():
    assert labelled("| Monday | | 9 | note |", "| Day | Standard | Compressed |") == "Day: Monday; Compressed: 9; note"


def test_header_emphasis_is_not_part_of_the_label():
    assert labelled("| 1-5 | 10 days |", "| **Years** | __Annual accrual__ |") == "Years: 1-5; Annual accrual: 10 days"


def test_a_row_without_a_header_is_its_cells():
    assert labelled("| Breakfast | $5.00 |", "") == "Breakfast; $5.00"


def test_is_row():
    assert is_row("| a | b |") and not is_row("a | b") and not is_row("|a")


def test_a_key_value_row_reads_as_its_key_and_value():
    assert labelled("| **Effective:** | 11/05/2004 |", "") == "Effective: 11/05/2004"
