"""Policy language as data: the phrase lists PolicyBot reads clauses and questions with.

The wording lives in the YAML files beside this module, not in the engine's logic:
- `stance.yaml`: how a clause signals that it prohibits, discourages, permits, requires or describes;
- `exceptions.yaml`: the exceptions and conditions a clause can attach, by `ExceptionKind`;
- `questions.yaml`: how staff ask for a permission, a duty or a fact, and when they want a person;
- `words.yaml`: stopwords, abbreviations, the verbs that introduce a definition;
- `lexicon.yaml`: everyday staff words mapped onto the register of written policy, across topics.

Everything is loaded and compiled once, at import. Patterns are matched case-insensitively.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from knowledge.language.kinds import ExceptionKind, StanceKind

__all__ = ["ExceptionKind", "StanceKind", "stance_cues", "exception_cues", "permission_condition", "question_cues", "content_kinds",
           "word_sets", "word_list", "lexicon"]

_HERE = Path(__file__).resolve().parent
_FLAGS = re.IGNORECASE | re.MULTILINE

# An exception phrase runs to the end of its clause part, but not into a list of examples.
EXCEPTION_TAIL = r"(?:(?!\b(?:[Ii]ncluding|such as|e\.g\.|for example)\b)[^.;:()])*"


def _load(name: str):
    return yaml.safe_load((_HERE / name).read_text(encoding="utf-8"))


def _alternation(patterns: list[str], tail: str = "") -> re.Pattern:
    return re.compile("|".join(f"(?:{p}){tail}" for p in patterns), _FLAGS)


@lru_cache(maxsize=None)
def word_list(name: str):
    """A plain list from `words.yaml`: stopwords, abbreviations, definition_verbs."""
    return _load("words.yaml")[name]


@lru_cache(maxsize=None)
def stance_cues() -> Mapping[str, re.Pattern]:
    """Cue name (permits_strong, prohibits, discourages, permits, requires, consequence, restricts) -> pattern."""
    return {key: _alternation(patterns) for key, patterns in _load("stance.yaml").items()}


@lru_cache(maxsize=None)
def exception_cues() -> tuple[tuple[ExceptionKind, re.Pattern], ...]:
    """(kind, pattern) in the order they are tried: approval, then carve-out, then circumstance."""
    raw = _load("exceptions.yaml")
    return tuple((ExceptionKind(kind), _alternation(raw[kind], EXCEPTION_TAIL))
                 for kind in ("approval", "carve_out", "circumstance"))


@lru_cache(maxsize=None)
def permission_condition() -> re.Pattern:
    """Where a permission's own condition starts ("... is permitted where such use supports ...")."""
    return _alternation(_load("exceptions.yaml")["permission_condition"], EXCEPTION_TAIL)


@lru_cache(maxsize=None)
def question_cues() -> Mapping[str, re.Pattern]:
    """permission, obligation, wh, asks_for_person, student_actor, binds_students -> pattern."""
    return {key: _alternation(patterns) for key, patterns in _load("questions.yaml").items()
            if key not in ("content_kinds", "ownership", "generic_words")}


@lru_cache(maxsize=None)
def content_kinds() -> frozenset[str]:
    """Kinds of content a rule can be about (word forms; stem them to compare)."""
    return frozenset(_load("questions.yaml")["content_kinds"])


@lru_cache(maxsize=None)
def word_sets() -> Mapping[str, frozenset[str]]:
    """owners, institutional, personal, generic: the word sets the exception matcher reads (stems)."""
    raw = _load("questions.yaml")
    sets = {key: frozenset(words) for key, words in raw["ownership"].items()}
    return {**sets, "generic": frozenset(raw["generic_words"])}


@lru_cache(maxsize=None)
def lexicon() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern on the lower-cased question, policy-register words it implies)."""
    return tuple((re.compile(entry["match"]), str(entry["add"])) for entry in _load("lexicon.yaml"))
