"""Which staff groups a document or section is written for, read from what the manual itself says.

In order: the title ("Classified Personnel Sick Leave"), the policy code under a numbering convention the
collection names (CSBA's 4200s are classified), then a scope statement or definition of "employee" among
the document's first clauses. A heading inside a document that names a group narrows its own clauses.
Names after an exclusion ("sick leave – excluding bus drivers") do not count. Pure: text in, keys out.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from knowledge.staff_groups.vocabulary import GroupVocabulary, vocabulary

_FLAGS = re.IGNORECASE
# Scope statements sit at the top of a policy: its first few clauses are read, no further.
OPENING_CLAUSES = 6


@lru_cache(maxsize=8)
def _compiled(vocab: GroupVocabulary):
    names = {key: "(?:" + "|".join(g.names) + ")" for key, g in vocab.groups.items() if g.names}
    exact = {key: re.compile(rf"(?<!\w)(?<!non-)(?<!non ){alt}(?![\w-])", _FLAGS) for key, alt in names.items()}
    cut = re.compile(r"\b(?:" + "|".join(vocab.exclusions) + r")\b", _FLAGS) if vocab.exclusions else None
    scope = {key: [re.compile(p.replace("{group}", alt), _FLAGS) for p in vocab.scope] for key, alt in names.items()}
    definitions = {key: [re.compile(p, _FLAGS) for p in pats] for key, pats in vocab.definitions.items()}
    series = {name: [(re.compile(code, _FLAGS), group) for code, group in rules] for name, rules in vocab.series.items()}
    return exact, cut, scope, definitions, series


def _before_exclusion(text: str, cut) -> str:
    if cut is None:
        return text
    m = cut.search(text)
    return text[: m.start()] if m else text


def groups_named(text: str, vocab: GroupVocabulary | None = None) -> tuple[str, ...]:
    """The groups a title or heading names, before any exclusion ("excluding ...")."""
    vocab = vocab or vocabulary()
    exact, cut, *_ = _compiled(vocab)
    text = _before_exclusion(" ".join((text or "").split()), cut)
    return vocab.narrowest(key for key, pattern in exact.items() if pattern.search(text))


def groups_of_code(code: str, convention: str, vocab: GroupVocabulary | None = None) -> tuple[str, ...]:
    """The group a policy code gives under a named numbering convention (none without a convention)."""
    vocab = vocab or vocabulary()
    if not convention or not code:
        return ()
    rules = _compiled(vocab)[4].get(convention)
    if rules is None:
        raise ValueError(f"unknown staff group series {convention!r}; known: {', '.join(vocab.series)}")
    return vocab.keys_in(group for pattern, group in rules if pattern.search(code.strip()))


def groups_in_scope(opening: Sequence[str], vocab: GroupVocabulary | None = None) -> tuple[str, ...]:
    """The groups a scope statement or a definition of "employee" in the first clauses limits the policy to."""
    vocab = vocab or vocabulary()
    _exact, cut, scope, definitions, _series = _compiled(vocab)
    found: list[str] = []
    for text in list(opening)[:OPENING_CLAUSES]:
        text = " ".join(text.split())
        for key, patterns in definitions.items():
            if any(p.search(text) for p in patterns):
                found.append(key)
        if found:
            continue
        for key, patterns in scope.items():
            if any(p.search(_before_exclusion(text, cut)) for p in patterns):
                found.append(key)
    return vocab.narrowest(found)


def document_groups(*, title: str, policy_code: str = "", opening: Sequence[str] = (), series: str = "",
                    vocab: GroupVocabulary | None = None) -> tuple[str, ...]:
    """The groups a whole document is written for (empty: it applies to everyone)."""
    vocab = vocab or vocabulary()
    return (groups_named(title, vocab) or groups_of_code(policy_code, series, vocab)
            or groups_in_scope(opening, vocab))
