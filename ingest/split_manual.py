"""Split a whole-manual file (PDF, DOCX, HTML or markdown holding many policies) into one text per policy.

Districts publish their manual as one file: a PDF or Word document of
hundreds of policies with running headers, footers and page numbers, a
BoardDocs / Simbli / Neola-style saved page, or a markdown file of policies
each under its own heading or front matter. A new policy starts at a heading
line that opens with a policy code and a title ("GBEBB - Staff Conduct with
Students", "Policy 5290 Employee Use of Social Media", "# 0401.10 Contracts")
or at a YAML front-matter block; such a line directly followed by another is
a list of titles (cross references, contents), not a heading. A file with
fewer than two such starts is a single policy and is left alone.

Page furniture comes off first: lines that recur at the top or bottom of most
pages (after digits are masked, so "Page 3 of 40" and "Page 4 of 40" count as
one) are running headers and footers. Pure text handling, no I/O.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.lines import is_heading, squash
from ingest.metadata import code_of

PAGE_BREAK = "\f"           # loaders put a form feed between pages
_EDGE_LINES = 3             # lines at the top and bottom of a page that may be furniture
_TOC_LINE = re.compile(r"\.{4,}|\s\d{1,4}$")
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’.,&/()-]*(?:\s|$)")     # a title opens with a word
_FRONT_MATTER_START = re.compile(r"^---\n[A-Za-z][\w-]*:\s", re.MULTILINE)


@dataclass
class PolicyText:
    """One policy cut out of a manual: its text and the code/heading that started it."""

    text: str
    code: str = ""
    heading: str = ""


def strip_page_furniture(text: str) -> tuple[str, list[str]]:
    """Remove running headers/footers and page numbers; returns (text, removed lines)."""
    pages = text.split(PAGE_BREAK)
    if len(pages) < 3:
        return text, []
    masked = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        for line in set(lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]):
            masked[_mask(line)] += 1
    furniture = {m for m, n in masked.items() if n >= max(3, len(pages) // 2)}
    removed: list[str] = []
    out_pages = []
    for page in pages:
        lines = page.split("\n")
        non_blank = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(non_blank[:_EDGE_LINES] + non_blank[-_EDGE_LINES:])
        kept = []
        for i, line in enumerate(lines):
            if i in edge and (_mask(line) in furniture or re.fullmatch(r"\s*(?:page\s+)?\d{1,4}\s*", line, re.I)):
                removed.append(line.strip())
                continue
            kept.append(line)
        out_pages.append("\n".join(kept))
    return "\n".join(out_pages), removed


def _front_matter_names(head: str) -> tuple[str, str]:
    """(code, title) from the `code:` and `title:` fields of a front-matter block, for the part's id."""
    block = head.split("\n---", 2)[0]
    code = re.search(r"^code:\s*[\"']?([^\"'\n]+)", block, re.MULTILINE)
    title = re.search(r"^title:\s*[\"']?([^\"'\n]+)", block, re.MULTILINE)
    return (code.group(1).strip() if code else ""), (title.group(1).strip() if title else "")


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", squash(line)).lower()


def _policy_start(line: str) -> str:
    """The code when `line` opens a policy (a heading that starts with a policy code), else ""."""
    text = line.strip()
    marked = text.startswith("#")
    text = text.lstrip("#").strip()
    if not text or len(text) > 150 or _TOC_LINE.search(text):
        return ""
    code = code_of(text)
    # The title after the code has words: "603 CMR 23.00" is a citation, not a policy heading.
    if not code or len(re.findall(r"[A-Za-z]{2,}", text.split(code, 1)[-1])) < 2:
        return ""
    rest = re.sub(r"^[\s\-–—―─:.]+", "", text.split(code, 1)[-1])
    if not _TITLE_WORD.match(rest):
        return ""                            # "BSE – BSE+12 – MSE": a sequence of codes, not a title
    return code if marked or is_heading(text) or is_heading(rest) or rest.isupper() else ""


def split_manual(text: str) -> list[PolicyText]:
    """One PolicyText per policy; a single-policy text comes back whole (furniture removed)."""
    text, _ = strip_page_furniture(text)
    starts = [m.start() for m in _FRONT_MATTER_START.finditer(text)]
    if len(starts) >= 2:
        return _cut(text, [(s, *_front_matter_names(text[s:s + 2000])) for s in starts])
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    found: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        prev_blank = i == 0 or not lines[i - 1].strip()
        code = _policy_start(line) if prev_blank or line.lstrip().startswith("#") else ""
        if code and i + 1 < len(lines) and _policy_start(lines[i + 1]):
            code = ""                        # a list of policy titles (cross references, contents), not a heading
        if code and (not found or found[-1][1] != code):
            found.append((offsets[i], code, squash(line.lstrip("#"))))
    if len({code for _, code, _ in found}) < 2:
        return [PolicyText(text)]
    return _cut(text, found)


def _cut(text: str, starts: list[tuple[int, str, str]]) -> list[PolicyText]:
    parts: list[PolicyText] = []
    preamble = text[:starts[0][0]]
    if len(re.findall(r"[.!?](?:\s|$)", preamble)) >= 2:
        parts.append(PolicyText(preamble))      # an introduction in prose is kept; a cover or contents page is not
    for n, (start, code, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
        body = text[start:end]
        if len(squash(body)) > len(heading) + 20:   # a contents-page entry has no body
            parts.append(PolicyText(body, code=code, heading=heading))
    return parts
