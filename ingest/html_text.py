"""HTML to the chunker's plain text: `#` headings, `- ` list items, one line per block, table rows as `| a | b |`.

A link is written `[text](href)`, as in markdown. A table's header row (`<th>` cells, or a row in `<thead>`) is followed by a
markdown rule (`|---|---|`), which is how the chunker knows it is the header
that every row below is read with. A definition list's term (`<dt>`) becomes
a lead-in line ending in ":" and each of its definitions (`<dd>`) an item
under it, so a definition is read with its term.

Saved policy pages (BoardDocs, Simbli, Neola-style sites) put text anywhere:
in `<p>`, in bare `<div>`s split by `<br>`, in tables. The page is walked in
document order and every text node lands on some line, so nothing a reader
sees is lost; scripts, styles and the site's navigation, header and footer
are dropped.
"""
from __future__ import annotations

import re

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button", "select"}
_BLOCK = {"p", "div", "section", "article", "main", "aside", "blockquote", "pre", "dl", "table",
          "tbody", "thead", "tfoot", "figure", "figcaption", "caption", "address", "center", "body", "html", "fieldset"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def text(self, value: str) -> None:
        if value.strip():
            self.current.append(value)

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.lines.append(self.prefix + text)
            self.lines.append("")
            self.prefix = ""


def _kept_href(tag) -> str:
    """A link's address worth keeping (web, mail or in-page); '' for scripts and empty ones."""
    href = (tag.get("href") or "").strip().replace(" ", "%20").replace(")", "%29")
    return href if href and not href.lower().startswith(("javascript:", "data:")) else ""


def _is_header_row(row, cells) -> bool:
    """A `<tr>` of `<th>` cells, or one inside `<thead>`: its table's header row."""
    if row.parent is not None and row.parent.name == "thead":
        return True
    return bool(cells) and all(c.name == "th" for c in cells)


def html_to_text(markup: str) -> str:
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(markup, "html.parser")
    out = _Writer()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    if title:
        out.text(title)
        out.flush()

    def walk(node, depth: int) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                out.text(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP or child.name == "head":
                continue
            name = child.name
            if name in _HEADING:
                out.flush()
                text = child.get_text(" ", strip=True)
                if text and not (title and text == title and name == "h1"):
                    out.text("#" * _HEADING[name] + " " + text)
                out.flush()
            elif name == "br":
                out.flush()
            elif name in ("ul", "ol"):
                out.flush()
                walk(child, depth + 1)
                out.flush()
            elif name == "li":
                out.flush()
                out.prefix = "    " * max(depth - 1, 0) + "- "
                walk(child, depth)
                out.flush()
                out.prefix = ""
            elif name == "tr":
                out.flush()
                tags = child.find_all(["td", "th"], recursive=False)
                cells = [" ".join(c.get_text(" ", strip=True).replace("|", "/").split()) for c in tags]
                if sum(1 for c in cells if c) > 1:
                    out.text("| " + " | ".join(cells) + " |")
                    out.flush()
                    if _is_header_row(child, tags):
                        out.lines.append("|" + "---|" * len(cells))
                        out.lines.append("")
                elif any(cells):
                    out.text(next(c for c in cells if c))
                out.flush()
            elif name == "dt":
                out.flush()
                term = child.get_text(" ", strip=True)
                if term:
                    out.text(term if term[-1] in ":.?!" else term + ":")
                out.flush()
            elif name == "dd":
                out.flush()
                out.prefix = "- "
                walk(child, depth)
                out.flush()
                out.prefix = ""
            elif name == "a" and _kept_href(child):
                # A link keeps its address, written the markdown way: the chunker keeps the text in the clause
                # and the URL in the metadata; a line of nothing but links is metadata altogether.
                label = " ".join(child.get_text(" ", strip=True).replace("]", ")").split())
                if label:
                    out.text(f"[{label}]({_kept_href(child)})")
            elif name in _BLOCK:
                out.flush()
                walk(child, depth)
                out.flush()
            else:
                walk(child, depth)           # inline: span, a, strong, em, font ...

    walk(soup, 0)
    out.flush()
    return "\n".join(out.lines)
