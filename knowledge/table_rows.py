"""Table rows read as a person reads them: each cell with its column's header.

A row is stored verbatim as the chunker saw it (`| Monday | 8 | 9 |`) and its
table's header row beside it (`Clause.columns`); what is shown, embedded and
matched is the labelled form "Day: Monday; Standard hours: 8; Compressed hours: 9".
Nothing here invents words: every label is a header cell of the same table.
"""
from __future__ import annotations


def cells(row: str) -> list[str]:
    """The cells of a `| a | b |` row, empty ones kept so that columns stay aligned."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split("|")]


def is_row(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def labelled(row: str, columns: str) -> str:
    """"Header: cell; Header: cell" for a row under `columns` (its table's header row); the row's cells
    joined by "; " when there is no header row. Empty cells are left out; a cell under an empty header
    stands alone."""
    values = cells(row)
    heads = cells(columns) if columns else []
    filled = [v for v in values if v]
    if not heads and len(filled) >= 2 and filled[0].strip("*_ ").endswith(":"):
        # A key-value row ("| **Effective:** | 11/05/2004 |") reads "Effective: 11/05/2004".
        return " ".join([filled[0].strip("*_ "), "; ".join(filled[1:])])
    parts: list[str] = []
    for n, value in enumerate(values):
        if not value:
            continue
        head = heads[n].strip("*_ ") if n < len(heads) else ""     # "**Hours**": the label, not its emphasis
        parts.append(f"{head}: {value}" if head and head != value else value)
    return "; ".join(parts)
