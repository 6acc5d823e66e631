"""Split a policy's text into clauses: one per bullet, numbered/lettered item or paragraph.

Real policy text is messy, so the work is done in three passes:

1. metadata (`ingest/metadata.py`, `ingest/metadata_lines.py`): YAML front matter, "Source:", "Policy
   Title:", "Code No.:", date notes in any common format, reference blocks
   ("Legal Reference(s):" and its list), agency addresses and page furniture
   are taken out of the text and become document metadata, never clauses
   or section headings;
2. lines (`ingest/lines.py`): headings, list items and paragraphs, with
   wrapped lines rejoined and inline bullets split;
3. clauses (here): headings build the section path a clause sits under (the
   lines before the first body paragraph are the title block, not sections);
   list items become clauses carrying their lead-in (the sentence(s)
   introducing the list, or the parent item for nested lists);
   paragraphs become clauses, long ones cut at sentence boundaries; a table
   row is a clause carrying its table's header row (`Clause.columns`) and the
   sentence or caption introducing the table as its lead-in, and a header row is never
   a clause (`PolicyDocument.table_heads`). A link in a sentence keeps its
   text; its URL goes to `Clause.links` and the metadata.

What a clause is matched on (heading path, lead-in, the row with its headers)
is `Clause.search_text()`; `text` stays the source's words.

Every word of the source ends up in exactly one place: a clause, a heading
(`PolicyDocument.headings`), a table's header row (`PolicyDocument.table_heads`)
or a metadata line (`PolicyDocument.metadata_lines`);
`tests/ingest/test_coverage.py` checks this on every shared document.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from ingest import metadata as md
from ingest.lines import Line, classify
from ingest.link_lines import unlink
from ingest.metadata_lines import take_metadata
from ingest.table_lines import property_row
from knowledge.document_meta import DocumentMeta
from knowledge.models import Clause
from knowledge.table_rows import cells
from knowledge.text import split_sentences

MAX_CLAUSE_CHARS = 420      # paragraphs longer than this are cut at sentence boundaries
TARGET_PART_CHARS = 320


@dataclass
class PolicyDocument:
    """A chunked document: its metadata and clauses, ready for the store."""

    doc_id: str
    meta: DocumentMeta            # title, code, dates, URL, organisation: what each of its clauses carries too
    clauses: list[Clause]
    version: str = ""
    source_path: str = ""
    references: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    # Where each heading sits: (index of the first clause under it, level, text), in order.
    headings: list[tuple[int, int, str]] = field(default_factory=list)
    # Table captions and header rows, never clauses: (index of the first clause after it, the line as written).
    table_heads: list[tuple[int, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)             # related links: link-only lines and cut URLs
    metadata_lines: list[str] = field(default_factory=list)   # lines read as metadata (title block included)


@dataclass
class _State:
    headings: list[tuple[int, str]] = field(default_factory=list)
    para_count: int = 0
    item_count: int = 0
    list_lead: str = ""
    item_stack: list[tuple[int, str, str]] = field(default_factory=list)   # (indent, text, locator) of open items
    children: dict[str, int] = field(default_factory=dict)
    last_para: str = ""
    table_head: str = ""        # the current table's header row ("" when it has none)
    table_lead: str = ""        # the sentence(s) introducing the current table
    in_table: bool = False


def clean_text(raw: str) -> str:
    """Normalise invisible junk while keeping the words exactly as written."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", "    ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\f", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _lead_in(paragraph: str) -> str:
    """The sentence(s) that introduce a list: enough to make its items stand alone."""
    sentences = split_sentences(paragraph)
    lead: list[str] = []
    for sentence in reversed(sentences):
        lead.insert(0, sentence)
        if len(" ".join(lead)) >= 60 or len(lead) == 2:
            break
    return " ".join(lead)


def _table_lead(paragraph: str) -> str:
    """What introduces a table: the paragraph just above it when it announces the table ("...as follows:")
    or is a caption (a short line, not a sentence). Any other paragraph is just the text before it."""
    if paragraph.endswith(":"):
        return _lead_in(paragraph)
    if paragraph and len(paragraph.split()) <= 15 and not re.search(r"[.;!?]$", paragraph):
        return paragraph
    return ""


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


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80] or "document"


def _title_block(lines: list[Line], meta: md.DocMeta) -> int:
    """Consume the title block (heading lines before the first body line); returns where the body starts."""
    taken: list[str] = []
    for i, line in enumerate(lines):
        if line.kind in ("para", "item"):
            break
        if line.kind in ("row", "head") and not (property_row(line.text) or (
                taken and taken[-1].startswith("|") and not cells(line.text)[0])):
            # A table opens the body; a key-value table ("| Effective: | 11/05/2004 |", and its rows that go on
            # under the last key with an empty first cell) is the title block's.
            break
        if line.kind == "rule" and not (taken and property_row(taken[-1])):
            break
        if meta.found.title and not taken and line.text.strip() != meta.found.title.strip() and line.marked:
            break                               # front matter named the title: a "## Heading" is a section
        if line.kind == "heading" and line.marked and taken:
            break
        taken.append(line.text)
    if (not taken and not meta.found.title and lines and lines[0].kind == "para" and len(lines) > 1
            and len(lines[0].text) <= 150 and not re.search(r"[.;:!?]$", lines[0].text)):
        # "GBEBD - ONLINE FUNDRAISING – CROWDFUNDING": a first line too dashed to pass for a heading is the title.
        taken.append(lines[0].text)
    meta.lines.extend(taken)
    meta.fill(title=taken[0] if taken else "")
    return len(taken)


def chunk_policy(raw_text: str, *, doc_id: str, title: str | None = None, url: str = "",
                 source_path: str = "", organization: str = "") -> PolicyDocument:
    """Split `raw_text` into clauses. Pure: no I/O."""
    text = clean_text(raw_text)
    meta = md.DocMeta()
    fields, body, fm_lines = md.front_matter(text)
    md.apply_front_matter(meta, fields)
    meta.lines.extend(fm_lines)
    lines = classify(take_metadata(body.split("\n"), meta))
    body_start = _title_block(lines, meta)
    found = meta.found
    doc_title = title or found.title or (lines[0].text if lines else doc_id)
    code = found.policy_code
    if not code:
        for candidate in [doc_title] + meta.lines[:6]:
            code = md.code_of(candidate)
            if code:
                break
    # Every clause carries its document's metadata as it stands here (links found later go to `meta.links`).
    document = replace(found, title=doc_title, policy_code=code, url=url or found.url, organization=organization)

    st = _State()
    clauses: list[Clause] = []
    headings: list[tuple[int, int, str]] = []
    seen: dict[str, int] = {}

    table_heads: list[tuple[int, str]] = []

    def unlinked(text: str) -> tuple[str, str]:
        """The line with its links' text kept and their URLs recorded as metadata."""
        plain, urls = unlink(text)
        for url in urls:
            meta.lines.append(url)
            meta.links.append(url)
        return plain, " ".join(urls)

    def emit(text: str, locator: str, lead: str, columns: str = "", links: str = "") -> None:
        section = " › ".join(h for _, h in st.headings)
        digest = hashlib.sha256(f"{section}\x1f{lead}\x1f{text}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        clauses.append(Clause(
            id=f"{doc_id}:{digest}{suffix}", doc_id=doc_id, section=section, locator=locator, text=text,
            lead_in=lead, content_hash=digest, position=len(clauses), columns=columns, links=links,
            **document.clause_fields()))

    previous = ""                                # the kind of the line before this one
    for line in lines[body_start:]:
        before, previous = previous, line.kind
        if line.kind == "rule" and not st.in_table:
            meta.lines.append(line.text)         # under a list item that a converter wrapped in a table
            previous = before
            continue
        if line.kind in ("row", "head", "rule"):
            if not st.in_table:
                # A table opens: the paragraph right above it (a sentence, not a row) introduces every row.
                st.in_table, st.table_head = True, ""
                st.table_lead = _table_lead(st.last_para) if before == "para" else ""
                st.item_stack = []
                if st.table_lead and not st.table_lead.endswith(":") and clauses and clauses[-1].text == st.last_para:
                    # A caption ("Weekly hours by schedule") is the table's title, not a clause of its own.
                    table_heads.append((len(clauses) - 1, clauses.pop().text))
                    st.para_count -= 1
            if line.kind == "rule":
                meta.lines.append(line.text)
                continue
            text, links = unlinked(line.text)
            if line.kind == "head":
                st.table_head = text
                table_heads.append((len(clauses), text))
                continue
            st.para_count += 1
            emit(text, f"¶ {st.para_count}", st.table_lead, st.table_head, links)
            continue
        st.in_table, st.table_head, st.table_lead = False, "", ""
        line.text, line_links = unlinked(line.text)
        if not line.text:
            continue
        if line.kind == "heading":
            headings.append((len(clauses), line.level, line.text))
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
                _, _, parent = st.item_stack[-1]
                # A nested item reads as: <the list's lead-in, last sentence> <its parent items, outermost first>
                # <itself>.
                outer = split_sentences(st.list_lead)[-1:] if st.list_lead else []
                lead = " ".join(outer + [text for _, text, _ in st.item_stack])
                st.children[parent] = st.children.get(parent, 0) + 1
                locator = f"{parent}.{st.children[parent]}"
            else:
                st.item_count += 1
                lead, locator = st.list_lead, f"item {st.item_count}"
            st.item_stack.append((line.indent, line.text, locator))
            parts = _split_long(line.text)
            for n, part in enumerate(parts):
                emit(part, locator if len(parts) == 1 else f"{locator} (part {n + 1})", lead, links=line_links)
            continue
        # paragraph
        st.item_stack = []
        st.para_count += 1
        st.last_para = line.text
        parts = _split_long(line.text)
        for n, part in enumerate(parts):
            locator = f"¶ {st.para_count}" if len(parts) == 1 else f"¶ {st.para_count} (part {n + 1})"
            emit(part, locator, "", links=line_links)

    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return PolicyDocument(doc_id=doc_id, meta=document, clauses=clauses, version=version, source_path=source_path,
                          references=meta.references,
                          addresses=meta.addresses, headings=headings, table_heads=table_heads,
                          links=meta.links, metadata_lines=meta.lines)
