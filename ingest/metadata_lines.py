"""Take a policy's metadata lines out of its text, line by line, recording them in a `DocMeta`.

What counts as metadata is decided in `ingest/metadata.py` (one line at a
time); this pass adds what needs context: a reference block continues under
its "Legal References:" label, an agency's address is a block of short lines
judged together, and "Title:"/"Code:" labels count only near the top, where
they label the document rather than a rule, and a markdown table's rule line
stays in the text when it follows the header row (the chunker reads it as
"the row above is the header"). Each line taken is blanked (so paragraph
breaks survive) and kept, as written, in `DocMeta.lines`. A line of nothing
but links (`ingest/link_lines.py`) goes to `DocMeta.links`, and so does the
short line introducing a list made only of such lines ("Related pages:").
"""
from __future__ import annotations

import re

from ingest import metadata as md
from ingest.lines import bullet, is_page_furniture
from ingest.link_lines import is_link_line
from ingest.table_lines import TABLE_RULE as _TABLE_RULE

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


def _after_row(lines: list[str], i: int) -> bool:
    """Whether the last non-blank line before `i` is a table row (`| a | b |`)."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    prev = lines[j].strip() if j >= 0 else ""
    return prev.startswith("|") and prev.count("|") >= 2


def _link_list_lead(lines: list[str], i: int) -> int | None:
    """The line introducing a list of nothing but links ("Related pages:"), if line `i` starts that list."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0:
        return None
    lead = lines[j].strip()
    if not lead.endswith(":") or len(lead.split()) > 8 or bullet(lead):
        return None
    k = i + 1
    while k < len(lines) and (not lines[k].strip() or is_link_line(lines[k])):
        k += 1
    if k < len(lines) and bullet(lines[k].strip()):
        return None                          # the list goes on with items that are not links
    return j


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
        if _TABLE_RULE.match(text) and "|" in text and _after_row(out, i):
            pass                             # "| Day | Hours |" then "|---|---|": the chunker's header mark
        elif is_page_furniture(text) or _TABLE_RULE.match(text):
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
                meta.fill(url=value)
            elif key == "title":
                meta.fill(title=value)
            elif key == "code":
                meta.fill(policy_code=value)
            elif key == "references":
                meta.references.append(value)
                in_refs = True
            take(i)
        elif md.is_url_line(text):
            meta.fill(url=text.strip("<>"))
            take(i)
        elif is_link_line(text):
            lead = _link_list_lead(out, i)
            if lead is not None:
                meta.links.append(out[lead].strip())
                take(lead)
            meta.links.append(text)
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
