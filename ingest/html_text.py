"""HTML to the chunker's plain text: `#` headings, `- ` list items, one line per block, table rows as `| a | b |`.

Saved policy pages (BoardDocs, Simbli, Neola-style sites) put text anywhere:
in `<p>`, in bare `<div>`s split by `<br>`, in tables. The page is walked in
document order and every text node lands on some line, so nothing a reader
sees is lost; scripts, styles and the site's navigation, header and footer
are dropped.
"""
from __future__ import annotations

import re

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button", "select"}
_BLOCK = {"p", "div", "section", "article", "main", "aside", "blockquote", "pre", "dl", "dt", "dd", "table",
          "tbody", "thead", "tfoot", "figure", "figcaption", "address", "center", "body", "html", "fieldset"}
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
                cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"], recursive=False)]
                cells = [c for c in cells if c]
                if len(cells) > 1:
                    out.text("| " + " | ".join(cells) + " |")
                elif cells:
                    out.text(cells[0])
                out.flush()
            elif name in _BLOCK:
                out.flush()
                walk(child, depth)
                out.flush()
            else:
                walk(child, depth)           # inline: span, a, strong, em, font ...

    walk(soup, 0)
    out.flush()
    return "\n".join(out.lines)
