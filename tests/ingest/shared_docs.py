"""Where the shared real-world policies live (`../shared` beside the repo root), and how to compare texts.

In a git worktree kept one level deeper (`wt/<name>`), `../../shared` is tried
too. Tests that need the documents skip cleanly when neither exists.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_CANDIDATES = [ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]
SHARED = next((p.resolve() for p in _CANDIDATES if (p / "corpora").is_dir()), None)


def shared_documents() -> list[Path]:
    if SHARED is None:
        return []
    files = [p for p in (SHARED / "corpora").rglob("*") if p.is_file() and p.suffix in (".md", ".txt")
             and p.name != "README.md"]
    files += [p for p in (SHARED / "policies").rglob("*") if p.is_file()]
    return sorted(files)


_ROMAN = re.compile(r"^[ivxlc]+$")


def words(text: str) -> list[str]:
    """The words of a text for coverage checks: list markers ("a)", "iv.", "1.") and punctuation don't count."""
    return [w for w in re.findall(r"[a-z]{2,}", text.lower()) if not _ROMAN.match(w)]


def coverage_problems(source: str, doc) -> list[str]:
    """What the chunked `doc` lost or duplicated from `source`, word for word (empty when nothing).

    A clause counts its `text` (a table row's own cells, not the headers it is read with); a table's
    header row counts once, where it stands (`doc.table_heads`)."""
    body: list[str] = []
    heads = getattr(doc, "table_heads", [])
    for n, clause in enumerate(doc.clauses + [None]):
        body += [w for pos, _, text in doc.headings if pos == n for w in words(text)]
        body += [w for pos, text in heads if pos == n for w in words(text)]
        if clause is not None:
            body += words(clause.text)
    have = Counter(body) + Counter(w for line in doc.metadata_lines for w in words(line))
    want = Counter(words(source))
    problems = []
    lost, extra = want - have, have - want
    if lost:
        problems.append(f"lost: {dict(lost.most_common(8))}")
    if extra:
        problems.append(f"duplicated or invented: {dict(extra.most_common(8))}")
    # Clauses and headings keep the source's order (a subsequence of its words).
    it = iter(words(source))
    if not all(any(w == s for s in it) for w in body):
        problems.append("clauses are out of order")
    return problems
