"""A collection's own vocabulary, read from its definitions: "X means ...", "X includes ...", "X: ...".

Manuals define their terms ("Tobacco Products: Cigarettes, cigars, chewing tobacco ...", "Dangerous weapon
includes ..."). A question that uses a word from a definition ("can I smoke a cigar at the game?") is then
also about the defined term, whatever words the rules themselves use. The mapping is built from the
clauses at retrieval time, so it holds for any collection and needs no list of its own.
"""
from __future__ import annotations

import re
from typing import Sequence

from knowledge.language import word_list
from knowledge.models import Clause
from knowledge.text import content_terms

_TERM = r"[\"“']?(?P<term>[A-Za-z][\w'’/-]*(?:\s+[A-Za-z][\w'’/-]*){0,3})[\"”']?"
_DEFINITION = re.compile(
    r"^\s*(?:the\s+terms?\s+)?" + _TERM
    + r"\s*(?::|\s[–—-]\s|\s+(?:" + "|".join(re.escape(v) for v in word_list("definition_verbs")) + r")\b)"
    r"\s*(?P<body>.+)", re.IGNORECASE | re.DOTALL)
BODY_WORDS = 30
# A defined term that many clauses repeat is the manual's everyday vocabulary, not a term of art.
MAX_TERM_SPREAD = 0.05


def defined_terms(clauses: Sequence[Clause]) -> dict[str, frozenset[str]]:
    """word (stemmed) in a definition's body -> the stemmed words of the term it defines."""
    raw: dict[str, set[str]] = {}
    for clause in clauses:
        m = _DEFINITION.match(clause.text)
        if not m:
            continue
        term = content_terms(m.group("term"))
        body = content_terms(" ".join(m.group("body").split()[:BODY_WORDS]))
        if not term or not body or len(term) > 3:
            continue
        for word in set(body) - set(term):
            raw.setdefault(word, set()).update(term)
    if not raw:
        return {}
    # Leave out defined terms so common in the collection that they would match everything.
    counts: dict[str, int] = {}
    for clause in clauses:
        for t in set(content_terms(clause.text)):
            counts[t] = counts.get(t, 0) + 1
    limit = max(3, MAX_TERM_SPREAD * len(clauses))
    out = {}
    for word, terms in raw.items():
        if counts.get(word, 0) > limit:
            continue
        kept = frozenset(t for t in terms if counts.get(t, 0) <= limit)
        if kept:
            out[word] = kept
    return out
