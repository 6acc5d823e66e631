"""Links: lines that are only links or site furniture go to metadata; links inside a sentence keep their text.

Handbooks exported from wikis and static sites (Jekyll, GitBook, Docusaurus,
SharePoint) carry navigation: "[Leave policy](…) · [Form 71](…)", link
lists, "Back to top", "Edit this page", "Next →". None of it is a rule, so a
line (or list item) made only of links, bare URLs and such furniture is
document metadata (`DocMeta.links`), never a clause. In a sentence,
"see the [leave policy](https://…)" reads "see the leave policy": the link's
text stays in the clause and its URL is kept beside it (`Clause.links`).
"""
from __future__ import annotations

import re

# [text](url "title") and ![alt](src); <https://...>; bare URLs.
MD_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<url><[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_ANGLE_URL = re.compile(r"<(?P<url>(?:https?://|mailto:)[^>\s]+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MARKER = re.compile(r"^(?:[-*+•·▪◦]|\d{1,3}[.)])\s+")
# Site furniture said in words: navigation and page tools, never policy.
_FURNITURE = re.compile(
    r"^(?:[↑↩⬆^]\s*)?(?:back\s+to\s+(?:top|the\s+top|index|contents|home)|return\s+to\s+(?:top|index|contents)"
    r"|top\s+of\s+page|edit\s+(?:this\s+page|on\s+github|page)|suggest\s+(?:an\s+)?edits?|improve\s+this\s+page"
    r"|skip\s+to\s+(?:main\s+)?content|print(?:\s+this\s+page)?|share(?:\s+this\s+page)?|on\s+this\s+page"
    r"|table\s+of\s+contents|was\s+this\s+page\s+helpful\??|last\s+updated\s+by\s+.{1,60}"
    r"|(?:[←«‹]\s*)?(?:previous|prev|next)(?:\s+page)?(?:\s*[→»›])?)\s*[.:]?$",
    re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s·•|,;/–—\-»«›‹→←↑]+|\band\b|\bor\b", re.IGNORECASE)


def unlink(text: str) -> tuple[str, list[str]]:
    """`text` with each markdown link replaced by its text, and the links' URLs in order."""
    urls: list[str] = []

    def keep_text(m: re.Match) -> str:
        url = m.group("url").strip("<>")
        if url:
            urls.append(url)
        return m.group("text")

    out = MD_LINK.sub(keep_text, text)

    def angle(m: re.Match) -> str:
        urls.append(m.group("url"))
        return ""

    out = _ANGLE_URL.sub(angle, out)
    if out != text:
        out = re.sub(r"\s{2,}", " ", out).strip()
    return out, urls


def is_link_line(line: str) -> bool:
    """A line (or list item) holding only links, bare URLs and separators, or site furniture ("Back to top")."""
    text = _MARKER.sub("", line.strip())
    if not text or len(text) > 600:
        return False
    if _FURNITURE.match(text):
        return True
    rest = MD_LINK.sub(" ", text)
    rest = _ANGLE_URL.sub(" ", rest)
    links_seen = rest != text
    rest = _BARE_URL.sub(" ", rest)
    links_seen = links_seen or bool(_BARE_URL.search(text))
    if not links_seen:
        return False
    rest = _SEPARATORS.sub("", rest)
    return not rest or bool(_FURNITURE.match(rest))
