"""How staff phrase things versus how policies are written.

Staff ask "can I vape in the parking lot?"; policies say "tobacco products on school grounds". The
expansions in `knowledge/language/lexicon.yaml` map everyday staff vocabulary across a board manual's topics
(leave, pay, gifts, weapons, medication, trips, devices, relatives, social media ...) onto the register of
written policy. They feed the lexical retriever (as alternatives, counted once per concept), the dense query
and the exception matcher. Collection-specific expansions (a manual's own definitions) are added by the
retriever on top of these (`knowledge/definitions.py`).
"""
from __future__ import annotations

import re

from knowledge.language import lexicon
from knowledge.text import content_terms

_COMPILED = lexicon()


def expand(question: str) -> str:
    """The question plus the policy-register words its phrasing implies."""
    lowered = question.lower()
    extra = [add for pattern, add in _COMPILED if pattern.search(lowered)]
    return question if not extra else f"{question} {' '.join(extra)}"


def expanded_query_terms(question: str) -> list[str]:
    """Content terms of the expanded question, each once, in order."""
    return list(dict.fromkeys(content_terms(expand(question))))


def term_groups(question: str) -> list[frozenset[str]]:
    """The question's concepts: each content term with the policy-register words that can stand for it.

    Expansions are alternatives (a clause saying "texting" covers "DM"), not
    extra requirements, so coverage is counted per group.
    """
    lowered = question.lower()
    groups: dict[str, set[str]] = {t: {t} for t in content_terms(question)}
    for pattern, add in _COMPILED:
        for match in pattern.finditer(lowered):
            alternatives = set(content_terms(add))
            span_terms = content_terms(match.group(0)) or []
            for term in span_terms:
                groups.setdefault(term, {term}).update(alternatives)
    merged: list[frozenset[str]] = []
    for group in groups.values():
        frozen = frozenset(group)
        if frozen not in merged:
            merged.append(frozen)
    return merged


def expanded_terms(question: str) -> set[str]:
    return set(content_terms(expand(question)))
