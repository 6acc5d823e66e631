"""Tables in a PDF page's layout text are found, and only their rows are rewritten in the plain text."""
from __future__ import annotations

from ingest.pdf_tables import mark_tables, tables

LAYOUT = """Staff work the following hours:
Day                 Standard hours          Compressed hours

Monday              8                       9

Friday              8                       Off
Overtime needs approval."""
PLAIN = """Staff work the following hours:
Day Standard hours Compressed hours
Monday 8 9
Friday 8 Off
Overtime needs approval."""


def test_a_table_is_found_across_blank_layout_lines():
    assert tables(LAYOUT) == [[["Day", "Standard hours", "Compressed hours"], ["Monday", "8", "9"],
                               ["Friday", "8", "Off"]]]


def test_its_rows_are_rewritten_with_a_rule_under_the_header():
    assert mark_tables(PLAIN, LAYOUT).split("\n") == [
        "Staff work the following hours:", "| Day | Standard hours | Compressed hours |", "|---|---|---|",
        "| Monday | 8 | 9 |", "| Friday | 8 | Off |", "Overtime needs approval."]


def test_two_columns_of_prose_are_not_a_table():
    layout = ("Staff who travel on district business     Receipts are kept for every claim made\n"
              "are reimbursed at the state rate for       and filed with the business office in\n"
              "mileage and meals on approved trips.       the month the travel took place.")
    assert tables(layout) == []


def test_a_table_without_a_labelled_first_row_gets_no_rule():
    layout = "Breakfast      $5.00\nLunch          $8.00"
    assert mark_tables("Breakfast $5.00\nLunch $8.00", layout) == "| Breakfast | $5.00 |\n| Lunch | $8.00 |"
