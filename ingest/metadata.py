"""Recognise a policy's metadata lines: title, code, dates, source URL, references, addresses.

Districts put the same facts in many shapes: YAML front matter (`created:`,
`updated:`, `code:`, `title:`, `legal:`), label lines ("Policy Title: ...",
"Code No.: ...", "Adoption Date: ...", "Source: <url>"), bare notes
("Adopted 10-17-17", "(Adopted – September 19, 2012)", "Policy History:")
and reference blocks ("Legal Reference(s):" then a list). None of these is a
rule a member of staff can be held to, so the chunker takes every line this
module recognises out of the clauses and section headings and keeps it as
document metadata instead (lines that are only links or site navigation too:
`ingest/link_lines.py`). Everything here is pure text handling.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace

import yaml

from knowledge.document_meta import DocumentMeta

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# Every common way of writing a date: "September 19, 2012", "Sept. 19 2012", "19 September 2012",
# "September 2012", "2/2011", "10-17-17", "04/01/2021", "2019-10-08", "1.5.2020", "1st day of May, 2016".
DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)\s+day\s+of\s+{_MONTH},?\s+\d{{4}}"
        rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}"
        rf"|{_MONTH}\.?,?\s+\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
        rf"|\d{{1,2}}/\d{{4}})")
_DATE_RE = re.compile(rf"(?<![\w/.-]){DATE}(?![\w/-])", re.IGNORECASE)

_ADOPTED_WORDS = (r"date[-\s]+(?:of\s+)?(?:adoption|adopted|approved|approval)|(?:original\s+)?adoption(?:\s+date)?"
                  r"|adopted|approved|approval\s+date|created|effective(?:\s+date)?|policy\s+date|date\s+issued"
                  r"|issued|enacted|first\s+reading|second\s+reading|original(?:\s+date)?")
_REVISED_WORDS = (r"revision(?:\s+dates?|s)?|revised|amended|amendments?|updated|last\s+(?:revised|amended|updated)"
                  r"|date[-\s]+(?:of\s+)?revision|date\s+revised|modified")
_REVIEWED_WORDS = r"reviewed|review\s+dates?|last\s+reviewed|date\s+reviewed|readopted|re-adopted|reaffirmed"
# "Effective:" is when the text in force was adopted; "Supersedes:" dates the version it replaced, so that
# line is metadata but dates nothing in this text.
_SUPERSEDED_WORDS = r"supersedes|superseded"
_ALL_DATE_WORDS = rf"{_ADOPTED_WORDS}|{_REVISED_WORDS}|{_REVIEWED_WORDS}|{_SUPERSEDED_WORDS}"
_ANY_DATE_WORD = re.compile(rf"\b(?:{_ALL_DATE_WORDS})\b", re.IGNORECASE)
_KIND = [("adopted", re.compile(rf"\b(?:{_ADOPTED_WORDS})\b", re.IGNORECASE)),
         ("reviewed", re.compile(rf"\b(?:{_REVIEWED_WORDS})\b", re.IGNORECASE)),
         ("revised", re.compile(rf"\b(?:{_REVISED_WORDS})\b", re.IGNORECASE)),
         ("superseded", re.compile(rf"\b(?:{_SUPERSEDED_WORDS})\b", re.IGNORECASE))]

# A line that is nothing but dated notes: "Adopted: 2/2011; Revised: 3/2015", "(Adopted – September 19, 2012)",
# "Policy History:", "Revised on", "date-adoption: 2012-05-22", "Policy Date: 04/01/2021".
_DATE_LINE_WORDS = re.compile(
    rf"^[(\[]?\s*(?:(?:board|policy|school\s+committee)\s+)?(?:history|(?:{_ALL_DATE_WORDS})"
    rf"(?:\s+(?:on|by(?:\s+the)?(?:\s+board)?|date))?)\b", re.IGNORECASE)
_FILLER = re.compile(rf"{DATE}|\b(?:{_ALL_DATE_WORDS}|history|on|by|the|board"
                     r"|school|committee|of|trustees|education|policy|date|dates|and|in|as|at|meeting)\b|[\W\d_]",
                     re.IGNORECASE)

# A date note that ends a paragraph: " Date Adopted: 6/1/2007 Last Revised:" (a label and its colon start it).
_NOTE_START = re.compile(rf"(?<=\s)(?:(?:board|policy|school\s+committee)\s+)?(?:{_ALL_DATE_WORDS})\s*:",
                         re.IGNORECASE)
_TRAILING_DATES = re.compile(rf"(?:(?<![\w/.-])(?:{DATE})[\s,;]*)+$", re.IGNORECASE)

# A label whose value is missing or on the next line: "Policy History:", "Revised on", "Adoption Date:".
_AWAITING_VALUE = re.compile(r"(?::|\bon|\bdates?|^policy\s+history)\s*\)?$", re.IGNORECASE)
REFERENCE_WORDS = re.compile(r"\d|§|\bU\.?S\.?C|\bC\.?F\.?R|\bAct\b|\bCode\b|\bLaws?\b|\bPolicy\b|\bStatutes?\b"
                             r"|\bRegulations?\b|\bAmendment\b|\bChapter\b|\bM\.?G\.?L|\bIDAPA\b|\bTitle\b",
                             re.IGNORECASE)

_LABELS = {
    "source": r"source|url|link|web\s*address|retrieved\s+from",
    "title": r"(?:policy\s+)?title|policy\s+name|subject",
    "code": r"(?:policy\s+)?code(?:\s+no\.?)?|code\s+number|policy\s+(?:no\.?|number|#)|file(?:\s+code)?|section\s+code",
    "references": (r"(?:legal\s+)?ref(?:s|erences?|erence\(s\))?\.?|legal(?:\s+(?:authority|basis|citations?))?"
                   r"|legal\s+reference(?:\(s\)|s)?|cross[-\s]+references?|cross[-\s]+reference\(s\)"
                   r"|statutory\s+authority|authority|related\s+(?:policies|policy)|see\s+also"
                   r"|law(?:s)?\s+implemented|references?\(s\)"),
    "series": r"series|section|chapter|category|classification|status|kind|type",
}
_LABEL_LINE = {key: re.compile(rf"^\s*(?:{pattern})\s*[:\-–—]\s*(?P<value>.*)$", re.IGNORECASE)
               for key, pattern in _LABELS.items()}
_REF_HEAD = re.compile(rf"^\s*(?:{_LABELS['references']})\s*:?\s*$", re.IGNORECASE)
# A table cell of nothing but labels, dates among them: "Legal References: Date Adopted: Last Revised:".
_LABEL_CELL = re.compile(rf"^(?:(?:{_ALL_DATE_WORDS}|{_LABELS['references']})\s*:\s*)+$", re.IGNORECASE)

# Codes: "GBEBB", "JJA-R", "IJND1", "P 4310", "AR 5141.40", "BP 1234", "7E", "474", "0401.10", "5290".
_CODE_PREFIX = (r"(?:(?:board\s+|administrative\s+)?policy|regulation|procedure|personnel|board|administration"
                r"|AR|BP|E|P|R|No\.?)")
_DASHES = "–—―─"           # en dash, em dash, horizontal bar, box-drawing line: typed between code and title
_CODE_NUMERIC = re.compile(rf"^(?:(?P<prefix>{_CODE_PREFIX})\s*#?\s*)?(?P<code>\d{{1,4}}(?:\.\d{{1,3}}){{0,2}}[A-Z]?"
                           rf"(?:-[A-Z0-9]{{1,3}})?)(?=\s*[-{_DASHES}:.]?\s+\S|\s*[{_DASHES}]\S|$)", re.IGNORECASE)
_CODE_LETTERS = re.compile(r"^(?P<code>[A-Z]{2,6}\d?(?:-[A-Z0-9]{1,4})?)(?:\s*[-–—:]\s+|\s+(?=[A-Z][a-z]))(?=\S)")
_CODE_IN_LINE = re.compile(rf"\b(?:{_CODE_PREFIX})\s+#?(\d{{3,4}}(?:\.\d{{1,3}})?[A-Z]?)\b", re.IGNORECASE)

_PHONE = re.compile(r"^(?:(?:tel|phone|fax|tty|tdd|voice)\.?\s*:?\s*)?\(?\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}"
                    r"(?:\s*(?:ext\.?|x)\s*\d+)?(?:\s+\((?:voice|fax|tty)\))?$", re.IGNORECASE)
_CONTACT_LABEL = re.compile(r"^(?:tel|phone|fax|tty|tdd|voice|e-?mail|telephone)\b\.?\s*:", re.IGNORECASE)
_CITY_STATE_ZIP = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},?\s+[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?$")
_STREET = re.compile(r"^(?:\d{1,6}|One|Two|Three|Four|Five|P\.?\s?O\.?\s+Box\s+\d+)\b[\w .,'#-]{2,60}\b(?:Street|St\.?|Avenue"
                     r"|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Place|Square|Drive|Dr\.?|Lane|Ln\.?|Way|Court|Plaza"
                     r"|Parkway|Highway|Suite|Room|Floor|Box)\b[\w .,'#-]{0,40}$", re.IGNORECASE)
_URL_ONLY = re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.IGNORECASE)


@dataclass
class DocMeta:
    """What the metadata lines of one document say, gathered as they are read.

    `found` is the document's `knowledge.document_meta.DocumentMeta` so far (its title, code, dates, URL);
    the rest is what a document record keeps beside it."""

    found: DocumentMeta = field(default_factory=DocumentMeta)
    references: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)      # related links: link-only lines, URLs cut from sentences
    lines: list[str] = field(default_factory=list)      # every line taken as metadata, as written

    def fill(self, **values: str) -> None:
        """Set the fields still empty (the first line to name a fact wins)."""
        self.found = replace(self.found, **{k: v for k, v in values.items() if v and not getattr(self.found, k)})

    def merge_dates(self, kind: str, dates: list[str]) -> None:
        if not dates:
            return
        if kind == "adopted":
            self.fill(adopted=dates[0])
        elif kind in ("revised", "reviewed"):
            # the latest revision (or review) is the one a reader wants
            self.found = replace(self.found, **{kind: dates[-1]})
        # "superseded": the replaced version's date dates nothing in this text


def find_dates(text: str) -> list[str]:
    return [m.group(0).strip() for m in _DATE_RE.finditer(text)]


# Date notes are also typed as a heading ("## Date Adopted: ..."), as a table row ("| **Effective:** | 11/05/2004 |",
# or a cell of labels beside a cell ending in their dates) or at the end of a paragraph ("... Date Adopted: X").
def _plain(line: str) -> str:
    """A line without its markdown: heading marks, bold, and a table row's pipes ("| **Adopted:** | 2/2011 |")."""
    text = line.strip()
    if text.startswith("|") and text.endswith("|") and len(text) > 1:
        text = " ".join(cell.strip() for cell in text[1:-1].split("|") if cell.strip())
    return re.sub(r"^#{1,6}\s+", "", text).replace("**", "").strip()


def dated_note(line: str) -> dict[str, list[str]] | None:
    """The dates of a line made only of date labels and dates, by kind; None when the line says more."""
    text = _plain(line)
    if len(text) > 200:
        return None
    # "(West Ada School District; created 2019-10-08, reviewed 2019-10-08)": a parenthesised dated note.
    note = (text.startswith("(") and text.endswith(")") and len(text) < 160
            and re.search(rf"\b(?:{_ADOPTED_WORDS}|{_REVISED_WORDS}|{_REVIEWED_WORDS})\b\W*{DATE}", text, re.IGNORECASE))
    if not note:
        if not _DATE_LINE_WORDS.match(text):
            return None
        if _FILLER.sub("", text).strip():
            return None                      # other words: a sentence that mentions adoption, not a note
    if not find_dates(text) and not _AWAITING_VALUE.search(text):
        return None                          # a heading "History" or "Approved Vendors" is not a note
    out: dict[str, list[str]] = {}
    # Each label owns the dates up to the next label: "Adopted: 2/2011; Revised: 3/2015, 4/2019".
    labels = list(_ANY_DATE_WORD.finditer(text))
    for n, label in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        kind = next(k for k, pattern in _KIND if pattern.fullmatch(label.group(0)))
        dates = find_dates(text[label.end():end])
        if dates:
            out.setdefault(kind, []).extend(dates)
    return out


def trailing_note(line: str) -> tuple[int, dict[str, list[str]]] | None:
    """Where a date note ending a line of text starts ("... leave. Date Adopted: 6/1/2007 Last Revised:"),
    with its dates by kind; None when the line has none (or is a note, or a table row, as a whole)."""
    if line.lstrip().startswith("|") or dated_note(line) is not None:
        return None
    for label in _NOTE_START.finditer(line):
        if not line[:label.start()].strip():
            return None                      # the whole line is the note: `dated_note` reads it
        note = dated_note(line[label.start():])
        if note is not None:
            return label.start(), note
    return None


def labelled_row(line: str) -> tuple[str, str, dict[str, list[str]]] | None:
    """A table row with one cell of labels ("Legal References: Date Adopted: Last Revised:") and the next cell
    ending in their dates, in order: (the row without them, the labels and dates taken, the dates by kind)."""
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|")) or dated_note(text) is not None:
        return None
    cells = text[1:-1].split("|")
    for n, cell in enumerate(cells):
        labels = cell.replace("**", "").strip()
        kinds = [next(k for k, pattern in _KIND if pattern.fullmatch(m.group(0)))
                 for m in _ANY_DATE_WORD.finditer(labels)]
        if not kinds or not _LABEL_CELL.match(labels):
            continue
        v = next((v for v in range(n + 1, len(cells)) if cells[v].strip()), None)
        tail = _TRAILING_DATES.search(cells[v]) if v is not None else None
        if tail is None:
            return None
        dates = find_dates(tail.group(0))
        dates = dates[-len(kinds):]         # values come in the labels' order; a missing last one is empty
        note: dict[str, list[str]] = {}
        for kind, date in zip(kinds, dates):
            note.setdefault(kind, []).append(date)
        cells[n], cells[v] = "", cells[v][:tail.start()].rstrip()
        return "|" + "|".join(cells) + "|", f"{labels} {tail.group(0).strip()}", note
    return None


def label_line(line: str) -> tuple[str, str] | None:
    """("source" | "title" | "code" | "references" | "series", value) for a "Label: value" line."""
    text = line.strip()
    if len(text) > 400:
        return None
    for key, pattern in _LABEL_LINE.items():
        m = pattern.match(text)
        if not m:
            continue
        value = m.group("value").strip()
        if key == "source" and not value:
            return None
        if key in ("title", "code", "series") and (not value or len(value) > 150 or value.endswith(".")
                                                    and len(value.split()) > 12):
            continue
        if key == "code" and (len(value.split()) > 3):
            continue
        if key == "references" and value and not REFERENCE_WORDS.search(value):
            continue                         # "Authority: the Superintendent shall ..." is a rule, not a citation
        if key == "series" and (len(value.split()) > 6 or ":" not in text[:30]):
            continue
        return key, value
    return None


def is_reference_heading(line: str) -> bool:
    return bool(_REF_HEAD.match(line.strip()))


def is_address_line(line: str) -> bool:
    """Agency contact lines: phone numbers, street addresses, "City, ST 02108"."""
    text = line.strip()
    return bool(_PHONE.match(text) or _CITY_STATE_ZIP.match(text) or _STREET.match(text)
                or (_CONTACT_LABEL.match(text) and len(text) < 80))


def is_url_line(line: str) -> bool:
    return bool(_URL_ONLY.match(line.strip()))


def code_of(title: str) -> str:
    """The policy code a title line starts with ("GBED - Tobacco...", "P 4310 General Attendance", "0401.10 ...")."""
    text = title.strip().lstrip("#").strip()
    m = _CODE_LETTERS.match(text)
    if m and not m.group("code").isdigit():
        return m.group("code")
    m = _CODE_NUMERIC.match(text)
    if m:
        prefix = (m.group("prefix") or "").strip()
        code = m.group("code")
        # A bare "1. Purpose" is a numbered heading, not a code: bare numbers need 3+ digits or a letter or a dot.
        if not prefix and not re.match(r"^(?:\d{3,4}|\d+\.\d+|\d{1,3}[A-Z])", code):
            return ""
        if prefix.upper() in ("AR", "BP", "E", "P", "R"):
            return f"{prefix.upper()} {code}"
        return code
    m = _CODE_IN_LINE.search(text)
    return m.group(1) if m else ""


def front_matter(text: str) -> tuple[dict, str, list[str]]:
    """YAML front matter (`---` ... `---` at the very top): (fields, the rest of the text, its lines)."""
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text, []
    block = text[4:end]
    if len(block) > 20_000 or "&" in block and "*" in block:
        return {}, text, []                  # too big, or YAML anchors/aliases: not a policy's front matter
    rest_start = text.find("\n", end + 1)
    rest = text[rest_start + 1:] if rest_start >= 0 else ""
    try:
        fields = yaml.safe_load(block)
    except yaml.YAMLError:
        fields = None
    if not isinstance(fields, dict):
        # Not YAML after all (a markdown rule, say): keep the text as it is.
        return {}, text, []
    clean = {}
    for key, value in fields.items():
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()[:10]
        elif isinstance(value, list):
            value = "; ".join(str(v) for v in value if isinstance(v, (str, int, float, _dt.date)))
        elif isinstance(value, dict):
            continue
        clean[str(key).lower()] = "" if value is None else str(value)
    lines = ["---", *block.split("\n"), "---"]
    return clean, rest, lines


def apply_front_matter(meta: DocMeta, fields: dict) -> None:
    meta.fill(title=fields.get("title", "").strip(),
              policy_code=fields.get("code", fields.get("policy_code", "")).strip())
    for key in ("created", "adopted", "date-adoption", "date_adopted", "approved", "effective"):
        if fields.get(key):
            meta.merge_dates("adopted", find_dates(fields[key]) or [fields[key]])
            break
    for key in ("updated", "revised", "revision", "date-revised", "amended"):
        if fields.get(key):
            meta.merge_dates("revised", find_dates(fields[key]) or [fields[key]])
            break
    if fields.get("reviewed"):
        meta.merge_dates("reviewed", find_dates(fields["reviewed"]) or [fields["reviewed"]])
    meta.fill(url=fields.get("url", fields.get("source", "")).strip())
    for key in ("legal", "reference", "references", "cross_reference", "cross-reference"):
        if fields.get(key):
            meta.references.append(fields[key])
