"""Tables in a PDF page: found in pypdf's layout text, written as `| a | b |` rows in its plain text.

pypdf's plain extraction (what the loader reads) writes a table row as its
cells joined by single spaces ("Monday 8 9"), so the columns are lost. Its
layout extraction keeps them apart by wide gaps. A run of layout lines that
split into the same number of short, aligned cells is a table; each of its
rows is found again in the plain text (the cells joined by spaces, exactly)
and rewritten as a row, and the first row is followed by a rule when it reads
as the header (labels without figures, over rows with figures). Only lines that
match exactly are touched, so prose is never rewritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.table_lines import looks_like_header

_GAP = re.compile(r"\S(?: {3,})\S")
MAX_CELL_WORDS = 8          # a table cell is short; two columns of prose are not a table
MAX_MEAN_CELL_WORDS = 4.0
ALIGN_SLACK = 3             # characters a column's start may wander between rows


@dataclass
class _Row:
    cells: list[str]
    starts: list[int]


def _split(line: str) -> _Row | None:
    """A layout line's cells and where each starts; None when it has no wide gap."""
    if not _GAP.search(line):
        return None
    cells, starts = [], []
    for m in re.finditer(r"\S+(?: {1,2}\S+)*", line):
        cells.append(m.group(0))
        starts.append(m.start())
    return _Row(cells, starts) if len(cells) >= 2 else None


def _is_table(rows: list[_Row]) -> bool:
    if len(rows) < 2:
        return False
    width = len(rows[0].cells)
    if any(len(r.cells) != width for r in rows):
        return False
    words = [len(c.split()) for r in rows for c in r.cells]
    if max(words) > MAX_CELL_WORDS or sum(words) / len(words) > MAX_MEAN_CELL_WORDS:
        return False
    return all(abs(r.starts[n] - rows[0].starts[n]) <= ALIGN_SLACK for r in rows for n in range(width))


def tables(layout: str) -> list[list[list[str]]]:
    """The tables of a page's layout text: each a list of rows of cells (blank lines between rows allowed)."""
    found: list[list[list[str]]] = []
    run: list[_Row] = []

    def close() -> None:
        if _is_table(run):
            found.append([r.cells for r in run])
        run.clear()

    for line in layout.split("\n"):
        if not line.strip():
            continue
        row = _split(line)
        if row is None or (run and len(row.cells) != len(run[0].cells)):
            close()
        if row is not None:
            run.append(row)
    close()
    return found


def _has_figures(cells: list[str]) -> bool:
    return any(re.search(r"\d", c) for c in cells)


def mark_tables(plain: str, layout: str) -> str:
    """`plain` with the rows of the tables seen in `layout` written as `| a | b |` (a rule under a header)."""
    lines = plain.split("\n")
    for table in tables(layout):
        header = looks_like_header("| " + " | ".join(table[0]) + " |") and not _has_figures(table[0]) and any(
            _has_figures(r) for r in table[1:])
        at = 0
        for n, cells in enumerate(table):
            joined = " ".join(cells)
            for i in range(at, len(lines)):
                if lines[i].strip() == joined:
                    lines[i] = "| " + " | ".join(cells) + " |" + ("\n|" + "---|" * len(cells) if n == 0 and header else "")
                    at = i + 1
                    break
    return "\n".join(lines)
