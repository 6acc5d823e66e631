"""Table lines: which row is a table's header, and which "tables" are really lists.

Markdown marks a header row with the rule under it (`|---|---|`); the HTML
and Word loaders write that rule under the rows they know are headers. But
converters also wrap plain lists in tables (`|●|Rationale for request.|`,
then `|---|---|` under the first item), so a row above a rule is the header
only when it reads like one: short labels, not sentences, not list markers.
A row made of a list marker and text is a list item, whatever its pipes. A
key-value table ("| Effective: | 11/05/2004 |") has no header row: each row
is read on its own, and one opening a document is part of its title block.
"""
from __future__ import annotations

import re

from knowledge.table_rows import cells

TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")     # markdown "|---|---|"
_MARKER_CELL = re.compile(r"^(?:[•●○■□▪◦·\-*–➢►](?:\s*[•●○■□▪◦·\-*–➢►])*|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]"
                          r"|\((?:[ivxlc]+)\)|[ivxlc]{1,5}[.)])$")
MAX_LABEL_WORDS = 15


def is_rule(text: str) -> bool:
    return bool(TABLE_RULE.match(text.strip())) and "|" in text


def list_item_row(row: str) -> tuple[str, str] | None:
    """("●", "Rationale for request.") for a row that is a list marker and text; None for a real row."""
    filled = [c for c in cells(row) if c]
    if len(filled) >= 2 and _MARKER_CELL.match(filled[0]) and not any(_MARKER_CELL.match(c) for c in filled[1:]):
        return filled[0], " ".join(filled[1:])
    return None


def property_row(row: str) -> bool:
    """A row of a key-value table: its first filled cell is a label ending in ":" ("| **Effective:** | 2004 |")."""
    if not row.strip().startswith("|"):
        return False
    row_cells = [c.strip("*_ ") for c in cells(row)]
    filled = [c for c in row_cells if c]
    return len(row_cells) >= 2 and bool(filled) and row_cells[0] == filled[0] and filled[0].endswith(":") \
        and len(filled[0].split()) <= 4


def looks_like_header(row: str) -> bool:
    """Whether a row reads as column labels: every filled cell short and not a sentence or a marker, and not
    a key-value row ("| Effective: | 11/05/2004 |")."""
    filled = [c.strip("*_ ") for c in cells(row) if c.strip("*_ ")]
    if not filled or property_row(row):
        return False
    for cell in filled:
        if len(cell.split()) > MAX_LABEL_WORDS or re.search(r"[.;,]$", cell) or _MARKER_CELL.match(cell):
            return False
    return True
