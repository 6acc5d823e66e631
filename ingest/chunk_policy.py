"""Split a policy's text into clauses: one per bullet, numbered/lettered item or paragraph.

Real policy text is messy (lines of non-breaking spaces, "•" bullets with odd
spacing, every numbered rule written as "1.", PDF lines wrapped mid-sentence),
so the splitter works on classified lines:

- headings (markdown `#`, ALL CAPS lines, short Title Case lines without final
  punctuation) build the section path a clause sits under; the lines before
  the first body paragraph are the title block, not sections;
- list items (bullets, "1.", "a)", "(iv)") become clauses of their own, and
  carry their lead-in (the sentence(s) introducing the list, or the parent
  item for nested lists) so that "Listing current students as friends" keeps
  "Informal ... involvement with students is therefore prohibited.";
- paragraphs become clauses; long ones are cut at sentence boundaries so a
  citation stays about a clause long;
- "Adopted:", "Revised on", "created ..., reviewed ..." lines become document
  dates, not clauses.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from knowledge.models import Clause
from knowledge.text import split_sentences

MAX_CLAUSE_CHARS = 420      # paragraphs longer than this are cut at sentence boundaries
TARGET_PART_CHARS = 320

_BULLET = re.compile(r"^(?P<marker>[•\-*–·▪◦●○■□➢►]|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|\((?:[ivxlc]+|[a-z])\)|[ivxlc]{1,5}[.)])\s+(?P<body>\S.*)$")
_PAGE_FURNITURE = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|-\s*\d+\s*-)$", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"^(?:section|article|part)\s+[0-9IVXLC]+[A-Z]?(?:\.\d+)*[.:\-–—]?\s+[A-Z][^.;]{0,80}$")
_META = re.compile(
    r"^\(?\s*(?:policy\s+)?(?:history|adopted|revised|reviewed|created|approved|amended|effective|last\s+(?:revised|reviewed|updated))\b",
    re.IGNORECASE)
_DATE = r"([A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})"
_ADOPTED = re.compile(r"\b(?:adopted|created|approved|effective)\b(?:\s+on)?\s*:?\s*" + _DATE, re.IGNORECASE)
_REVISED = re.compile(r"\b(?:revised|reviewed|amended|updated)\b(?:\s+on)?\s*:?\s*" + _DATE, re.IGNORECASE)
_CODE_NUMERIC = re.compile(r"(?:^|\bpolicy\s+|\b(?:personnel|board|administration)\s+)(\d{3,4}(?:\.\d{1,3})?[A-Z]?)\b", re.IGNORECASE)
_CODE_LETTERS = re.compile(r"^([A-Z]{2,6}(?:-[A-Z0-9]{1,4})?)\s+(?=[A-Z][a-z])")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "via", "vs"}


@dataclass
class PolicyDocument:
    """A chunked document: its metadata and clauses, ready for the store."""

    doc_id: str
    title: str
    clauses: list[Clause]
    policy_code: str = ""
    adopted: str = ""
    revised: str = ""
    version: str = ""
    source_path: str = ""
    url: str = ""


@dataclass
class _Line:
    kind: str               # heading | item | para | meta
    text: str
    indent: int = 0
    level: int = 0          # heading level
    marked: bool = False    # an explicit markdown heading (from .md, .html, .docx)


@dataclass
class _State:
    headings: list[tuple[int, str]] = field(default_factory=list)
    para_count: int = 0
    item_count: int = 0
    list_lead: str = ""
    item_stack: list[tuple[int, str, str]] = field(default_factory=list)   # (indent, text, locator) of open items
    children: dict[str, int] = field(default_factory=dict)
    last_para: str = ""


def clean_text(raw: str) -> str:
    """Normalise invisible junk while keeping the words exactly as written."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", "    ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_heading(line: str) -> int:
    """0 when not a heading, else its level (1 = top)."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return max(1, len(stripped) - len(stripped.lstrip("#")) - 1) if len(stripped) > 1 else 0
    if len(stripped) > 90 or not re.search(r"[A-Za-z]", stripped) or stripped[-1] in ".;:!?\"”":
        return 0
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


def _is_dated_note(text: str) -> bool:
    """A short parenthesised or history line carrying adoption/review dates, e.g. "(created 2019-10-08)"."""
    return len(text) < 160 and bool(_ADOPTED.search(text) or _REVISED.search(text)) and (
        text.startswith("(") or text.lower().startswith("policy history"))


def _classify(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    for raw in lines:
        if not raw.strip():
            out.append(_Line("blank", ""))
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        text = _squash(raw)
        if _META.match(text) or _is_dated_note(text):
            out.append(_Line("meta", text))
            continue
        if _PAGE_FURNITURE.match(text):
            continue                       # "Page 3 of 7" from a PDF's header or footer
        section = _SECTION_HEADING.match(text)
        if section:
            out.append(_Line("heading", text, level=2, marked=True))
            continue
        bullet = _BULLET.match(text)
        if bullet:
            body = _squash(bullet.group("body"))
            numbered = not bullet.group("marker")[0] in "•-*–·▪◦●○■□➢►"
            if numbered and len(body.split()) <= 8 and _is_heading(body):
                # "1. Purpose", "B. Personal Use": a numbered heading, not a rule (see _numbered_headings)
                out.append(_Line("item", text, indent=indent, level=-1))
            else:
                out.append(_Line("item", body, indent=indent))
            continue
        level = _is_heading(text)
        if level:
            out.append(_Line("heading", text.lstrip("#").strip(), level=level, marked=text.startswith("#")))
        else:
            out.append(_Line("para", text, indent=indent))
    return _numbered_headings(_join_wrapped(out))


def _numbered_headings(lines: list[_Line]) -> list[_Line]:
    """A short title-like numbered line followed by prose is a heading ("1. Purpose" then a paragraph);
    in a run of such lines ("1. Personal gain", "2. Advertising") they stay list items."""
    for i, line in enumerate(lines):
        if line.kind == "item" and line.level == -1:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and nxt.kind == "para":
                line.kind, line.level, line.marked = "heading", 2, True
            else:
                line.level = 0
                line.text = _squash(_BULLET.match(line.text).group("body"))
    return lines


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Re-join a paragraph or item that a PDF or editor wrapped onto several lines."""
    joined: list[_Line] = []
    for line in lines:
        prev = joined[-1] if joined else None
        if (line.kind == "para" and prev is not None and prev.kind in ("para", "item")
                and not re.search(r"[.;:!?\"”)]$", prev.text)
                and (line.text[0].islower() or len(prev.text) > 60)):
            prev.text = f"{prev.text} {line.text}"
            continue
        joined.append(line)
    return [line for line in joined if line.kind != "blank"]


def _lead_in(paragraph: str) -> str:
    """The sentence(s) that introduce a list: enough to make its items stand alone."""
    sentences = split_sentences(paragraph)
    lead: list[str] = []
    for sentence in reversed(sentences):
        lead.insert(0, sentence)
        if len(" ".join(lead)) >= 60 or len(lead) == 2:
            break
    return " ".join(lead)


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CLAUSE_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        if current and len(current) + 1 + len(sentence) > TARGET_PART_CHARS:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts


def _metadata(title_block: list[str], metas: list[str]) -> tuple[str, str, str]:
    code = ""
    for line in title_block:
        m = _CODE_NUMERIC.search(line) or _CODE_LETTERS.match(line)
        if m:
            code = m.group(1)
            break
    adopted = revised = ""
    for line in title_block + metas:
        adopted = adopted or next((m.group(1) for m in [_ADOPTED.search(line)] if m), "")
        revised = revised or next((m.group(1) for m in [_REVISED.search(line)] if m), "")
    return code, adopted, revised


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80] or "document"


def chunk_policy(raw_text: str, *, doc_id: str, title: str | None = None, url: str = "",
                 source_path: str = "") -> PolicyDocument:
    """Split `raw_text` into clauses. Pure: no I/O."""
    text = clean_text(raw_text)
    lines = _classify(text.split("\n"))
    title_block: list[str] = []
    metas = [line.text for line in lines if line.kind == "meta"]
    body_start = 0
    for i, line in enumerate(lines):
        if line.kind in ("para", "item") or (line.kind == "heading" and line.marked and title_block):
            body_start = i
            break
        if line.kind == "heading" or line.kind == "meta":
            title_block.append(line.text)
        body_start = i + 1
    # A short title line ending in ")" or "," is still part of the title block.
    doc_title = title or (title_block[0] if title_block else (lines[0].text if lines else doc_id))
    code, adopted, revised = _metadata(title_block or [doc_title], metas)

    st = _State()
    clauses: list[Clause] = []
    seen: dict[str, int] = {}

    def emit(text: str, locator: str, lead: str) -> None:
        section = " › ".join(h for _, h in st.headings)
        digest = hashlib.sha256(f"{section}\x1f{lead}\x1f{text}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        clauses.append(Clause(
            id=f"{doc_id}:{digest}{suffix}", doc_id=doc_id, document=doc_title, section=section,
            locator=locator, text=text, lead_in=lead, policy_code=code, adopted=adopted,
            revised=revised, url=url, content_hash=digest, position=len(clauses)))

    for line in lines[body_start:]:
        if line.kind == "meta":
            continue
        if line.kind == "heading":
            st.headings = [h for h in st.headings if h[0] < line.level] + [(line.level, line.text)]
            st.para_count = st.item_count = 0
            st.item_stack, st.list_lead, st.last_para = [], "", ""
            continue
        if line.kind == "item":
            if not st.item_stack:
                st.item_count = 0
                st.children = {}
                st.list_lead = _lead_in(st.last_para) if st.last_para.endswith(":") else ""
            # Siblings and deeper items close; what is left open is this item's parent.
            while st.item_stack and st.item_stack[-1][0] >= line.indent - 1:
                st.item_stack.pop()
            if st.item_stack:
                _, parent_text, parent = st.item_stack[-1]
                # A nested item reads as: <the list's lead-in, last sentence> <its parent item> <itself>.
                outer = split_sentences(st.list_lead)[-1:] if st.list_lead else []
                lead = " ".join(outer + [parent_text])
                st.children[parent] = st.children.get(parent, 0) + 1
                locator = f"{parent}.{st.children[parent]}"
            else:
                st.item_count += 1
                lead, locator = st.list_lead, f"item {st.item_count}"
            st.item_stack.append((line.indent, line.text, locator))
            parts = _split_long(line.text)
            for n, part in enumerate(parts):
                emit(part, locator if len(parts) == 1 else f"{locator} (part {n + 1})", lead)
            continue
        # paragraph
        st.item_stack = []
        st.para_count += 1
        st.last_para = line.text
        parts = _split_long(line.text)
        for n, part in enumerate(parts):
            locator = f"¶ {st.para_count}" if len(parts) == 1 else f"¶ {st.para_count} (part {n + 1})"
            emit(part, locator, "")

    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return PolicyDocument(doc_id=doc_id, title=doc_title, clauses=clauses, policy_code=code,
                          adopted=adopted, revised=revised, version=version, source_path=source_path, url=url)
