"""Classify a policy's lines: heading, list item or paragraph, with the fixes real documents need.

- A marker is a bullet or "1.", "a)", "(iv)"; a phone number "(617) 565-3200",
  a dollar amount, a time ("8:30 a.m.") or a section symbol is never one.
- Inline bullets ("Prohibited: - shorts - tank tops") and run-together
  numbered items ("1.Shorts 2.Tank tops") become one item per rule.
- Markdown table rows are rows; the row above a rule ("|---|---|") is the
  table's header row (`head`), which the chunker gives to the rows below,
  when it reads as labels; a row of a marker and text is a list item
  (`ingest/table_lines.py`).
- A definition list (a term line, then ": definition" lines) reads as a
  lead-in ("Term:") and its items.
- A block quote's "> " markers are dropped: the quoted text reads as any other.
- Table-like lines (a rate line "Breakfast - $5.00, Lunch - $8.00", columns
  separated by wide gaps) are paragraphs, never headings, so they stay
  retrievable as clauses.
- Hard-wrapped lines rejoin: a line continues the one before when that one
  stops mid-sentence (no final punctuation and a small word or a comma at its
  end, or a lower-case start below it, or an indented continuation of an item).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.table_lines import is_rule, list_item_row, looks_like_header

_BULLET_CHARS = "•-*–·▪◦●○■□➢►"
_BULLET = re.compile(r"^(?P<marker>[•\-*–·▪◦●○■□➢►]|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|\((?:[ivxlc]+|[a-z])\)"
                     r"|[ivxlc]{1,5}[.)])\s+(?P<body>\S.*)$")
# "(617) 565-3200", "8. 30 a.m.": what looks like a marker but is the start of a number.
_NOT_A_BODY = re.compile(r"^(?:\d{3}[\s.-]\d{4}\b|\d{3}-\d{3,4}\b|[ap]\.?\s?m\.?(?:\s|$)|\d{2}\s*[ap]\.?m\.?\b)",
                         re.IGNORECASE)
_PAGE_FURNITURE = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|-\s*\d+\s*-)$", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"^(?:section|article|part)\s+[0-9IVXLC]+[A-Z]?(?:\.\d+)*[.:\-–—]?\s+[A-Z][^.;]{0,80}$")
_INLINE_DASH = re.compile(r"(?<=[:.;])\s+[-–•]\s+(?=\S)|(?<=\S)\s+•\s+(?=\S)")
_NEXT_DASH = re.compile(r"\s+[-–•]\s+(?=[A-Z])")
_RUN_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\.(?=[A-Z][a-z])")
_MONEY_OR_TABLE = re.compile(r"\$\s?\d|\d\s?%|\S {3,}\S|\t")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
                "via", "vs"}
_CONTINUES = re.compile(r"(?:,|\b(?:a|an|and|or|nor|the|of|to|in|on|for|with|by|at|from|as|that|which|who"
                        r"|be|is|are|shall|will|may|must|not|its|their|his|her|any|all|such|than)|[-–—/(])$",
                        re.IGNORECASE)


@dataclass
class Line:
    kind: str               # heading | item | para | row | head (a table's header row) | rule | blank
    text: str
    indent: int = 0
    level: int = 0          # heading level; -1 on a numbered line that may be a heading
    marked: bool = False    # an explicit heading (markdown #, "Section 2.", a numbered title)
    wide: bool = False      # columns separated by wide gaps in the source line


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_heading(line: str) -> int:
    """0 when not a heading, else its level (1 = top)."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return max(1, len(stripped) - len(stripped.lstrip("#")) - 1) if len(stripped) > 1 else 0
    if len(stripped) > 90 or not re.search(r"[A-Za-z]", stripped) or stripped[-1] in ".;:!?\"”":
        return 0
    if _MONEY_OR_TABLE.search(stripped) or len(re.findall(r"\s[-–]\s", stripped)) >= 2:
        return 0                            # a rate or table line is content, not a heading
    words = re.findall(r"[A-Za-z][A-Za-z'’\-/]*", stripped)
    if not words or len(words) > 12:
        return 0
    letters = [c for c in stripped if c.isalpha()]
    if sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3:
        return 1
    capitalised = [w for w in words if w[0].isupper()]
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if significant and len(capitalised) >= max(1, int(0.75 * len(significant) + 0.5)) and words[0][0].isupper():
        return 2
    return 0


def bullet(text: str):
    """The bullet match of a list-item line, or None (phone numbers, amounts and times are not markers)."""
    m = _BULLET.match(text)
    if not m or _NOT_A_BODY.match(m.group("body")):
        return None
    return m


def split_inline_items(text: str) -> list[str]:
    """One line holding several rules -> one line per rule (markers kept, so each reads as an item)."""
    numbers = list(_RUN_NUMBER.finditer(text))
    if len(numbers) >= 2 and [int(m.group(1)) for m in numbers] == list(range(int(numbers[0].group(1)),
                                                                             int(numbers[0].group(1)) + len(numbers))):
        cuts = [m.start() for m in numbers]
        head = text[:cuts[0]].strip()
        parts = [text[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(text)])]
        return ([head] if head else []) + [re.sub(r"^(\d{1,2})\.", r"\1. ", p) for p in parts]
    if len(numbers) == 1 and numbers[0].start() == 0:
        return [re.sub(r"^(\d{1,2})\.", r"\1. ", text)]
    first = _INLINE_DASH.search(text)
    if first and not _MONEY_OR_TABLE.search(text):
        # After "...: - first rule", each further " - Capitalised" starts the next rule.
        pieces = [text[:first.start()]] + _NEXT_DASH.split(text[first.end():])
        if len(pieces) >= 3 or (len(pieces) == 2 and pieces[0].rstrip().endswith(":")):
            return [pieces[0].strip()] + [f"- {p.strip()}" for p in pieces[1:] if p.strip()]
    return [text]


def classify(raw_lines: list[str]) -> list[Line]:
    out: list[Line] = []
    for raw in raw_lines:
        if not raw.strip():
            out.append(Line("blank", ""))
            continue
        if raw.lstrip().startswith(">"):
            raw = re.sub(r"^(\s*)(?:>\s?)+", r"\1", raw)      # a block quote reads as the text it quotes
            if not raw.strip():
                out.append(Line("blank", ""))
                continue
        indent = len(raw) - len(raw.lstrip(" "))
        wide = bool(re.search(r"\S {3,}\S", raw.strip()))
        for n, piece in enumerate(split_inline_items(squash(raw))):
            out.append(_classify_one(piece, indent + (2 if n and piece.startswith("- ") else 0), wide))
    return table_heads(definition_terms(numbered_headings(join_wrapped(out))))


def definition_terms(lines: list[Line]) -> list[Line]:
    """A definition list ("Term" then ": definition"): the term is its definitions' lead-in, so it ends in ":"."""
    for prev, line in zip(lines, lines[1:]):
        if line.kind == "item" and line.level == -2:
            line.level = 0
            if prev.kind in ("para", "heading") and not prev.marked and not prev.text.endswith(":"):
                prev.kind, prev.level, prev.text = "para", 0, prev.text + ":"
    return lines


def table_heads(lines: list[Line]) -> list[Line]:
    """A row directly above a table rule ("|---|---|") is its table's header row, if it reads as labels."""
    for prev, line in zip(lines, lines[1:]):
        if line.kind == "rule" and prev.kind == "row" and looks_like_header(prev.text):
            prev.kind = "head"
    return lines


def _classify_one(text: str, indent: int, wide: bool) -> Line:
    if text.startswith(": ") and len(text) > 2:
        return Line("item", text[2:].strip(), indent=indent, level=-2)   # a definition (": ...") under its term
    if is_rule(text):
        return Line("rule", text)                    # "|---|---|" under a header row
    if text.startswith("|") and text.count("|") >= 2:
        if (as_item := list_item_row(text)) is not None:
            return Line("item", as_item[1], indent=indent)   # "|●|Rationale for request.|": a list in a table
        return Line("row", text, wide=True)          # a markdown table row
    if _SECTION_HEADING.match(text):
        return Line("heading", text, level=2, marked=True)
    m = bullet(text)
    if m:
        body = squash(m.group("body"))
        numbered = m.group("marker")[0] not in _BULLET_CHARS
        title_like = body.rstrip(":") if body.endswith(":") and len(body) < 60 else body
        if numbered and len(body.split()) <= 8 and is_heading(title_like):
            # "1. Purpose", "B. Personal Use": a numbered heading, not a rule (see numbered_headings)
            return Line("item", text, indent=indent, level=-1)
        return Line("item", body, indent=indent)
    body = text.lstrip("#").strip()
    if text.startswith("#") and (re.search(r"[.;:]$", body) and len(body.split()) >= 6 or _MONEY_OR_TABLE.search(body)):
        # "### CTE courses: a maximum of $500 per course." is a rule typed as a heading: keep it retrievable.
        return Line("para", body, indent=indent)
    level = 0 if wide else is_heading(text)
    if level:
        return Line("heading", text.lstrip("#").strip(), level=level, marked=text.startswith("#"))
    return Line("para", text, indent=indent, wide=wide)


def is_page_furniture(text: str) -> bool:
    return bool(_PAGE_FURNITURE.match(squash(text)))


def numbered_headings(lines: list[Line]) -> list[Line]:
    """A short title-like numbered line followed by prose is a heading ("1. Purpose" then a paragraph);
    in a run of such lines ("1. Personal gain", "2. Advertising") they stay list items."""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (line.kind == "para" and line.text.endswith(":") and len(line.text.split()) <= 6
                and nxt is not None and nxt.kind == "para" and is_heading(line.text[:-1])):
            # "Investigation:" above a paragraph is a run-in subheading; above a list it is the list's lead-in.
            line.kind, line.level, line.marked = "heading", 3, True
            line.text = line.text[:-1].rstrip()
            continue
        if line.kind == "item" and line.level == -1:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and nxt.kind == "para":
                line.kind, line.level, line.marked = "heading", 2, True
                line.text = line.text.rstrip(":").rstrip()
            else:
                line.level = 0
                line.text = squash(_BULLET.match(line.text).group("body"))
    return lines


def _continues(prev: Line, line: Line, gap: bool) -> bool:
    if prev.kind not in ("para", "item") or re.search(r"[.;:!?\"”)]$", prev.text):
        return False
    if line.kind == "para":
        if gap:
            return bool(_CONTINUES.search(prev.text)) and line.text[0].islower()
        return line.text[0].islower() or len(prev.text) > 60 or bool(_CONTINUES.search(prev.text)) or (
            prev.kind == "item" and line.indent > 0)
    if line.kind == "heading" and not line.marked and not gap:
        # A wrapped line that happens to look like a heading ("Committee and the district Parent Council"):
        # the line above stops mid-sentence, on a small word or after running long.
        return bool(_CONTINUES.search(prev.text)) or (line.level == 2 and len(prev.text) > 50)
    return False


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Re-join a paragraph or item that a PDF or editor wrapped onto several lines."""
    joined: list[Line] = []
    gap = False
    for line in lines:
        if line.kind == "blank":
            gap = True
            continue
        prev = joined[-1] if joined else None
        if prev is not None and _continues(prev, line, gap):
            prev.text = f"{prev.text} {line.text}"
            gap = False
            continue
        joined.append(line)
        gap = False
    return joined
