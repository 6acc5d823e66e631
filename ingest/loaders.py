"""Read policy files into text whose structure the chunker understands.

Headings come out as markdown `#` lines and list items as `- ` lines, so
every format goes through the same clause splitter. Formats use well-kept
libraries: pypdf, python-docx and BeautifulSoup.
"""
from __future__ import annotations

from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


class LoadError(Exception):
    """A file that cannot be ingested; the message says why, for the person running ingest."""


def load_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")
    if path.stat().st_size == 0:
        raise LoadError("the file is empty")
    try:
        if suffix in (".txt", ".md", ".markdown"):
            text = _read_plain(path)
        elif suffix in (".html", ".htm"):
            text = _read_html(path)
        elif suffix == ".pdf":
            text = _read_pdf(path)
        else:
            text = _read_docx(path)
    except LoadError:
        raise
    except Exception as exc:  # the libraries raise many types for corrupt files
        raise LoadError(f"cannot read {suffix[1:].upper()} file ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise LoadError("no text found in the file")
    return text


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise LoadError("the file looks binary, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError("the file is not valid UTF-8 or Windows-1252 text")


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_plain(path), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript"]):
        tag.decompose()
    lines: list[str] = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if title:
        lines.append(title)
    for el in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "dt", "dd", "pre"]):
        if el.find_parent(["li", "p", "td"]) and el.name in ("p", "li"):
            if el.name == "p":
                continue
        text = el.get_text(" ", strip=True)
        if not text or (title and text == title and el.name == "h1"):
            continue
        if el.name.startswith("h"):
            lines.append("#" * int(el.name[1]) + " " + text)
        elif el.name == "li":
            depth = len(el.find_parents(["ul", "ol"])) - 1
            own = " ".join(t.strip() for t in el.find_all(string=True, recursive=False) if t.strip())
            for child in el.find_all(["p", "span", "a", "strong", "em", "b", "i"], recursive=False):
                own += " " + child.get_text(" ", strip=True)
            lines.append("    " * depth + "- " + (own.strip() or text))
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise LoadError("the PDF is encrypted") from None
    pages = [page.extract_text() or "" for page in reader.pages]
    return "\n\n".join(pages)


def _read_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []
    for para in document.paragraphs:
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
