"""Take a policy's metadata lines out of its text, line by line, recording them in a `DocMeta`.

What counts as metadata is decided in `ingest/metadata.py` (one line at a
time); this pass adds what needs context: a reference block continues under
its "Legal References:" label, an agency's address is a block of short lines
judged together, and "Title:"/"Code:" labels count only near the top, where
they label the document rather than a rule. Each line taken is blanked (so
paragraph breaks survive) and kept, as written, in `DocMeta.lines`.
"""
from __future__ import annotations

import re

from ingest import metadata as md
from ingest.lines import is_page_furniture

_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")     # markdown "|---|---|"
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:")                                       # "[^ic-33-320]: Idaho Code ..."


def _is_reference_line(text: str) -> bool:
    """A line continuing a "Legal References:" block: a cited statute, code, act or policy."""
    stripped = text.strip()
    if not stripped or len(stripped) > 250:
        return False
    if stripped[0] in "-•*–·▪" and len(stripped.split()) < 40:
        return True
    return bool(md.REFERENCE_WORDS.search(stripped)) and len(stripped.split()) < 30 and not stripped.endswith(":")


def _merge_note(meta: md.DocMeta, note: dict[str, list[str]]) -> None:
    for kind, dates in note.items():
        meta.merge_dates(kind, dates)


def _cut_run_in_note(out: list[str], i: int, meta: md.DocMeta) -> None:
    """Take a date note run into line `i` (at the end of its text, or as a table row's label cell) out of it."""
    if (cut := md.trailing_note(out[i])) is not None:
        start, note = cut
        taken, out[i] = out[i][start:].strip(), out[i][:start].rstrip()
    elif (row := md.labelled_row(out[i])) is not None:
        out[i], taken, note = row
    else:
        return
    _merge_note(meta, note)
    meta.lines.append(taken)


def _address_block(lines: list[str]) -> bool:
    """A block of short lines holding a phone number or a "City, ST 02108" line: an agency's address."""
    texts = [t.strip() for t in lines]
    if not texts or any(len(t) > 70 for t in texts) or re.match(r"^(?:\(?\d{1,2}[.)]|[a-zA-Z][.)])\s", texts[0]):
        return False
    hits = sum(md.is_address_line(t) for t in texts)
    return hits >= 1 and hits * 2 >= len(texts) - 1


def take_metadata(lines: list[str], meta: md.DocMeta) -> list[str]:
    """Blank out every metadata line (recording it in `meta`); the rest is the policy's text."""
    out = list(lines)
    in_refs = False
    head = True              # before the first long prose line: where "Title:"/"Code:" labels live

    def take(i: int) -> None:
        meta.lines.append(out[i].strip())
        out[i] = ""

    i = 0
    while i < len(out):
        text = out[i].strip()
        if not text:
            i += 1
            continue
        _cut_run_in_note(out, i, meta)
        text = out[i].strip()
        if in_refs:
            if _is_reference_line(text) and md.dated_note(text) is None:     # a date note ends the block
                meta.references.append(text)
                take(i)
                i += 1
                continue
            in_refs = False
        if is_page_furniture(text) or _TABLE_RULE.match(text):
            take(i)
        elif _FOOTNOTE.match(text):
            meta.references.append(text)
            take(i)
        elif (note := md.dated_note(text)) is not None:
            _merge_note(meta, note)
            take(i)
        elif md.is_reference_heading(text):
            in_refs = True
            take(i)
        elif (label := md.label_line(text)) is not None and (head or label[0] in ("source", "references")):
            key, value = label
            if key == "source":
                meta.url = meta.url or value
            elif key == "title":
                meta.title = meta.title or value
            elif key == "code":
                meta.code = meta.code or value
            elif key == "references":
                meta.references.append(value)
                in_refs = True
            take(i)
        elif md.is_url_line(text):
            meta.url = meta.url or text.strip("<>")
            take(i)
        else:
            # An address block: consecutive non-blank lines, judged together.
            end = i
            while end < len(out) and out[end].strip() and (
                    end == i or (md.dated_note(out[end]) is None and md.label_line(out[end]) is None)):
                end += 1
            if _address_block(out[i:end]):
                meta.addresses.append(" / ".join(t.strip() for t in out[i:end]))
                for j in range(i, end):
                    take(j)
                i = end
                continue
            if len(text) > 100:
                head = False
        i += 1
    return out
