"""A topic's name: its most telling words, frequent in the topic and rare across the period.

Each word is reduced to its stem (`knowledge.text.stem`, so "texting" and "texts" count as
one word) and scored like tf-idf over questions: the share of the topic's questions that use
it, times the log of how rare it is among all the period's questions. Stopwords (from
`knowledge/language/words.yaml`) and one-letter words never name a topic. The name shows,
for each chosen stem, the form the topic's questions use most (ties: alphabetical).
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

from knowledge.text import STOPWORDS, stem, words

__all__ = ["question_stems", "document_frequencies", "topic_words"]


def question_stems(text: str) -> dict[str, str]:
    """stem -> the first surface form using it, for the content words of one question."""
    found: dict[str, str] = {}
    for word in words(text):
        word = word.split("'")[0]
        if word in STOPWORDS or len(word) < 2 or word.isdigit():
            continue
        found.setdefault(stem(word), word)
    return found


def document_frequencies(texts: Iterable[str]) -> tuple[Counter, int]:
    """(how many of `texts` use each stem, how many texts there are)."""
    frequencies: Counter = Counter()
    count = 0
    for text in texts:
        frequencies.update(question_stems(text).keys())
        count += 1
    return frequencies, count


def topic_words(topic_texts: Sequence[str], frequencies: Counter, total: int, *, limit: int = 3) -> list[str]:
    """The `limit` most telling words of a topic, most telling first.

    `frequencies`/`total` come from `document_frequencies` over every question of the period
    (the topic's own included). A word used by a single question of a larger topic is not
    telling of the topic, so it only counts when nothing shared is left.
    """
    in_topic: Counter = Counter()
    forms: dict[str, Counter] = {}
    for text in topic_texts:
        for s, form in question_stems(text).items():
            in_topic[s] += 1
            forms.setdefault(s, Counter())[form] += 1
    size = max(len(topic_texts), 1)
    total = max(total, size)

    def score(s: str) -> float:
        rarity = math.log((1 + total) / (1 + max(frequencies.get(s, 0), in_topic[s]))) + 1.0
        return (in_topic[s] / size) * rarity

    shared = [s for s in in_topic if in_topic[s] > 1 or size == 1]
    pool = shared if len(shared) >= min(limit, len(in_topic)) else list(in_topic)
    chosen = sorted(pool, key=lambda s: (-score(s), s))[:limit]
    return [sorted(forms[s].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for s in chosen]
