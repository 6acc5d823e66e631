"""Read policy files into text whose structure the chunker understands.

Headings come out as markdown `#` lines, list items as `- ` lines and table
rows as `| a | b |` (a header row followed by a `|---|` rule), so every
format goes through the same clause splitter; PDF pages are separated
by a form feed so that running headers and footers can be recognised
(`ingest/split_manual.py`). Formats use well-kept libraries: pypdf,
python-docx, BeautifulSoup and charset-normalizer.

Files are hostile until read: the size is checked before anything is read
(`ingest.max_file_mb`), a .docx's zip members before it is unpacked (total
uncompressed size and compression ratio: a 300 KB file must not inflate to
gigabytes), and a PDF's page count before its text is extracted.
Text files are UTF-8, UTF-8 with BOM or UTF-16 with BOM; anything else is
detected with charset-normalizer and the guess is reported with its confidence. A guess
less sure than `ingest.min_encoding_confidence` is refused: the text would be read wrong.
"""
from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


class LoadError(Exception):
    """A file that cannot be ingested; the message says why, for the person running ingest."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost (`ingest:` in app.yaml)."""

    max_file_mb: float = 25.0
    max_pdf_pages: int = 2000
    max_docx_uncompressed_mb: float = 200.0
    max_docx_ratio: float = 100.0       # uncompressed / compressed, over the whole archive
    min_encoding_confidence: float = 0.8  # a guessed text encoding less sure than this is refused


@dataclass(frozen=True)
class Loaded:
    text: str
    encoding: str = ""          # for text files: the encoding used
    encoding_note: str = ""     # set when the encoding was guessed, e.g. "encoding guessed: cp1252"
    confidence: float | None = None   # text files: 1.0 when the encoding is certain (UTF-8, a BOM), else the guess's


def load_text(path: Path, limits: Limits | None = None) -> str:
    return load_file(path, limits).text


def load_file(path: Path, limits: Limits | None = None) -> Loaded:
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")
    size = path.stat().st_size
    if size == 0:
        raise LoadError("the file is empty")
    if size > limits.max_file_mb * 1024 * 1024:
        raise LoadError(f"the file is {size / 1024 / 1024:.1f} MB, over the limit of {limits.max_file_mb:g} MB "
                        f"(setting ingest.max_file_mb)")
    try:
        if suffix in (".txt", ".md", ".markdown"):
            loaded = _read_plain(path, limits)
        elif suffix in (".html", ".htm"):
            plain = _read_plain(path, limits)
            loaded = Loaded(_read_html(plain.text), plain.encoding, plain.encoding_note, plain.confidence)
        elif suffix == ".pdf":
            loaded = Loaded(_read_pdf(path, limits))
        else:
            _check_docx(path, limits)
            loaded = Loaded(_read_docx(path))
    except LoadError:
        raise
    except Exception as exc:  # the libraries raise many types for corrupt files
        raise LoadError(f"cannot read {suffix[1:].upper()} file ({type(exc).__name__}: {exc})") from None
    if not loaded.text.strip():
        raise LoadError("no text found in the file")
    return loaded


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

_WESTERN_LOOKALIKES = {"cp1250", "cp1252", "cp1257", "latin_1", "iso8859_2", "iso8859_10", "iso8859_15",
                       "iso8859_13", "iso8859_4", "mac_roman", "mac_latin2", "mac_iceland", "cp775", "cp850", "cp852",
                       "hp_roman8"}


# charset-normalizer drops candidates whose "mess" (share of implausible characters) exceeds 0.2;
# confidence is how far below that line the best guess stays: 1.0 for no mess, 0.0 at the line.
MAX_MESS = 0.2


def guess_confidence(mess: float) -> float:
    return round(max(0.0, min(1.0, 1.0 - mess / MAX_MESS)), 2)


def _guessed(text: str, encoding: str, confidence: float, limits: Limits) -> Loaded:
    if confidence < limits.min_encoding_confidence:
        raise LoadError(f"the file is not UTF-8, and its encoding could only be guessed ({encoding}, confidence "
                        f"{confidence:.2f}, below {limits.min_encoding_confidence:g}: setting "
                        "ingest.min_encoding_confidence); save it as UTF-8, or lower the setting if the guess is right")
    return Loaded(text, encoding, f"not UTF-8; encoding guessed: {encoding}, confidence {confidence:.2f}", confidence)


def _read_plain(path: Path, limits: Limits | None = None) -> Loaded:
    limits = limits or Limits()
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Loaded(data.decode(encoding), encoding, confidence=1.0)
            except UnicodeDecodeError:
                raise LoadError(f"the file starts with a {encoding} byte-order mark but is not valid {encoding}") \
                    from None
    if b"\x00" in data[:8192]:
        raise LoadError("the file looks binary, not text")
    try:
        return Loaded(data.decode("utf-8"), "utf-8", confidence=1.0)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError("the file is not text in any encoding that could be recognised")
    encoding = best.encoding
    confidence = guess_confidence(best.chaos)
    if encoding in _WESTERN_LOOKALIKES:
        # Short texts fit several single-byte Latin code pages equally well; a US district's non-UTF-8 file
        # is overwhelmingly Windows-1252 (Word's "Plain text"), so that wins a tie it can decode.
        try:
            return _guessed(data.decode("cp1252"), "cp1252", confidence, limits)
        except UnicodeDecodeError:
            pass
    return _guessed(str(best), encoding, confidence, limits)


def _read_html(markup: str) -> str:
    from ingest.html_text import html_to_text

    return html_to_text(markup)


def _read_pdf(path: Path, limits: Limits) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise LoadError("the PDF is encrypted") from None
    if len(reader.pages) > limits.max_pdf_pages:
        raise LoadError(f"the PDF has {len(reader.pages)} pages, over the limit of {limits.max_pdf_pages} "
                        f"(setting ingest.max_pdf_pages)")
    pages = [_page_text(page) for page in reader.pages]
    return "\n\f\n".join(pages)       # the form feed lets running headers and footers be found


def _page_text(page) -> str:
    """A page's text, with the tables its layout shows written as `| a | b |` rows (`ingest/pdf_tables.py`)."""
    from ingest.pdf_tables import mark_tables

    plain = page.extract_text() or ""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:       # layout mode is newer and stricter; the plain text is still good
        return plain
    return mark_tables(plain, layout) if layout else plain


def _check_docx(path: Path, limits: Limits) -> None:
    """Refuse a zip bomb before python-docx unpacks it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise LoadError("cannot read DOCX file (not a valid .docx: it is not a zip archive)") from None
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if total > limits.max_docx_uncompressed_mb * 1024 * 1024:
        raise LoadError(f"the DOCX unpacks to {total / 1024 / 1024:.0f} MB, over the limit of "
                        f"{limits.max_docx_uncompressed_mb:g} MB (setting ingest.max_docx_uncompressed_mb)")
    if total / packed > limits.max_docx_ratio:
        raise LoadError(f"the DOCX is compressed {total / packed:.0f}:1, over the limit of "
                        f"{limits.max_docx_ratio:g}:1 (setting ingest.max_docx_ratio): refusing a likely zip bomb")


def _docx_header_row(row) -> bool:
    """A Word table's header row: marked "repeat as header row", or every word in it bold."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.trPr
    if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
        return True
    runs = [r for cell in row.cells for p in cell.paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)


def _read_docx(path: Path) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    lines: list[str] = []
    # Paragraphs and tables in document order (`document.paragraphs` alone would drop every table).
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for n, row in enumerate(block.rows):
                cells: list[str] = []
                seen = None
                for cell in row.cells:
                    if cell._tc is seen:
                        continue                      # a merged cell is listed once per grid column it spans
                    seen = cell._tc
                    cells.append(" ".join(cell.text.replace("|", "/").split()))
                filled = [c for c in cells if c]
                if len(filled) > 1:
                    lines.append("| " + " | ".join(cells) + " |")
                    if n == 0 and len(block.rows) > 1 and _docx_header_row(row):
                        lines.append("|" + "---|" * len(cells))    # the header every row below is read with
                elif filled:
                    lines.append(filled[0])
            lines.append("")
            continue
        para = block
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading") or style == "title":
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            lines.append("#" * level + " " + text)
        elif "list" in style or para._p.pPr is not None and para._p.pPr.numPr is not None:
            lines.append("- " + text)
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines)
