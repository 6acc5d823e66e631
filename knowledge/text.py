"""Small text helpers shared by the chunker, the lexical index and the verdict rules."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "U.S.", "Mr.", "Mrs.", "Ms.", "Dr.", "No.", "St.", "Inc.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further get got had has have having he her
here hers herself him himself his how i if in into is it its itself just let me more most my myself no nor
not of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves okay ok allowed
allow able want wanted need needs like really please thanks thank hi hello hey mine im ive id dont cant
""".split())


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
    """A light suffix stripper: enough to match texting/texts/text and friends/friend."""
    for suffix, min_len in (("ies", 5), ("ing", 6), ("edly", 7), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith("ss"):
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if suffix in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]:
                base = base[:-1]           # "chatting" -> "chat"
            return base
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_terms(text: str) -> list[str]:
    """Stemmed words without stopwords: the terms that carry a question's topic."""
    return [stem(w.split("'")[0]) for w in words(text) if w not in STOPWORDS and len(w) > 1]
