"""Small text helpers shared by the chunker, the lexical index and the verdict rules."""
from __future__ import annotations

import re

from knowledge.language import word_list

_ABBREVIATIONS = tuple(word_list("abbreviations"))
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

STOPWORDS = frozenset(str(w) for w in word_list("stopwords").split())


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences without breaking on common abbreviations."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{i}\x00")
    parts = [p.strip() for p in _SENTENCE_END.split(protected) if p.strip()]
    restored = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        restored.append(part)
    return restored


def stem(word: str) -> str:
    """A light suffix stripper: enough to match texting/texts/text, images/image and shared/sharing/share."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) >= 5:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 4:
        word = word[:-1]
    for suffix, min_len in (("ing", 6), ("edly", 7), ("ed", 5)):
        if word.endswith(suffix) and len(word) >= min_len:
            base = word[: -len(suffix)]
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]           # "chatting" -> "chat"
            word = base
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]                   # "share"/"shar(ed)", "image"/"imag(es)"
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_terms(text: str) -> list[str]:
    """Stemmed words without stopwords: the terms that carry a question's topic."""
    return [stem(w.split("'")[0]) for w in words(text) if w not in STOPWORDS and len(w) > 1]
