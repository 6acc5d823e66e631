"""`GapService`: the gaps report of a period, and marking a topic "policy requested".

Vectors come from the engine's embedder (the bundled MiniLM, or the trained encoder when it
ships) and are kept in memory per (question id, text), so a page viewed again embeds only the
questions asked since. Grouping is average linkage cut at `similarity` (cosine); the default,
0.45, keeps paraphrases of one need together while "sick leave for a parent" and "pets in the
classroom" stay apart (tests/knowledge/gaps/test_grouping.py).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Sequence

import numpy as np

from bot.application.escalations.errors import Conflict, NotFound
from bot.application.escalations.gap_log import (GapQuestion, RequestedTopic, RequestedTopics, gap_questions,
                                                 period_texts, rulings_by_id)
from bot.application.escalations.models import OPEN
from bot.application.gaps.period import Period
from bot.application.gaps.report import GapReport, GapTopic, TopicExample, TopicRuling
from knowledge.gaps.grouping import centroid, group_by_similarity
from knowledge.gaps.identity import Fingerprint, match_topics
from knowledge.gaps.naming import document_frequencies, topic_words
from knowledge.gaps.trend import weekly_counts
from knowledge.ports import Embedder

DEFAULT_SIMILARITY = 0.45
MAX_QUESTIONS = 3000        # newest unanswered questions grouped per report (a 3,000² similarity matrix is 36 MB)
MAX_EXAMPLES = 3
MAX_QUESTION_CHARS = 2000   # what the engine reads of a question
_CACHE_SIZE = 50_000


class GapService:
    def __init__(self, store, embedder: Embedder | Callable[[], Embedder], *, similarity: float = DEFAULT_SIMILARITY,
                 min_questions: int = 2, max_questions: int = MAX_QUESTIONS):
        """`embedder`: an Embedder, or a function giving one when first needed (loading a model takes time)."""
        self.store = store
        self._embedder = embedder if hasattr(embedder, "encode") else None
        self._make_embedder = None if self._embedder is not None else embedder
        self.similarity = similarity
        self.min_questions = min_questions
        self.max_questions = max_questions
        self.requests = RequestedTopics(store)
        self._vectors: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = self._make_embedder()
            return self._embedder

    @property
    def encoder(self) -> str:
        """The id of the encoder the vectors (and saved centroids) come from."""
        embedder = self.embedder
        return str(getattr(embedder, "model_id", "") or type(embedder).__name__)

    # -- the report ----------------------------------------------------------------------
    def report(self, period: Period) -> GapReport:
        scope = dict(since=period.since, until=period.until, collection=period.collection)
        items, truncated = gap_questions(self.store, limit=self.max_questions, **scope)
        frequencies, asked = document_frequencies(period_texts(self.store, **scope))
        vectors = self._vectors_of(items)
        groups = group_by_similarity(vectors, self.similarity) if items else []
        kept = [g for g in groups if len(g) >= self.min_questions]
        centroids = [centroid(vectors[g]) for g in kept]
        names = [topic_words([items[i].question for i in g], frequencies, asked) for g in kept]
        saved = self.requests.list()
        encoder = self.encoder
        matched = match_topics([Fingerprint(c, encoder, " · ".join(n)) for c, n in zip(centroids, names)],
                               [Fingerprint(np.asarray(s.centroid, dtype=np.float32), s.encoder, s.name)
                                for s in saved])
        rulings = rulings_by_id(self.store, [items[i].ruling_id for g in kept for i in g if items[i].ruling_id])
        topics = [self._topic(period, [items[i] for i in g], vectors[g], c, n, rulings,
                              saved[matched[k]] if k in matched else None)
                  for k, (g, c, n) in enumerate(zip(kept, centroids, names))]
        topics.sort(key=lambda t: (-t.askers, -t.questions, t.name, t.anchor))
        return GapReport(period=period, asked=asked, unanswered=len(items), truncated=truncated, topics=topics,
                         single=len(items) - sum(len(g) for g in kept),
                         weekly=weekly_counts([q.asked_at.date() for q in items], period.since, period.until),
                         requested_elsewhere=[s for j, s in enumerate(saved) if j not in set(matched.values())])

    def _topic(self, period: Period, members: Sequence[GapQuestion], vectors: np.ndarray, center: np.ndarray,
               words: list[str], rulings: dict, requested: RequestedTopic | None) -> GapTopic:
        askers = {q.asker or f"?{q.id}" for q in members}
        closeness = vectors @ center
        examples, seen = [], set()
        for i in sorted(range(len(members)), key=lambda i: (-float(closeness[i]), i)):
            q = members[i]
            text = " ".join(q.question.lower().split())
            if text in seen:
                continue
            seen.add(text)
            examples.append(TopicExample(question_id=q.id, question=q.question, asked_at=q.asked_at,
                                         collection=q.collection, escalation_id=q.escalation_id,
                                         escalation_status=q.escalation_status))
            if len(examples) == MAX_EXAMPLES:
                break
        given = [rulings[q.ruling_id] for q in members if q.ruling_id in rulings]
        given.sort(key=lambda r: (not r.active, -r.answered_at.timestamp(), r.id))
        return GapTopic(
            anchor=members[0].id, name=" · ".join(words) or "(no words)", words=tuple(words),
            questions=len(members), askers=len(askers),
            escalated=sum(1 for q in members if q.escalation_id), open_escalations=sum(
                1 for q in members if q.escalation_status == OPEN),
            collections=tuple(sorted({q.collection for q in members})),
            first_asked=members[0].asked_at, last_asked=members[-1].asked_at,
            weekly=weekly_counts([q.asked_at.date() for q in members], period.since, period.until),
            examples=examples,
            rulings=[TopicRuling(id=r.id, question=r.question, answer=r.answer, answered_at=r.answered_at,
                                 active=r.active, escalation_id=r.escalation_id) for r in given],
            requested=requested, question_ids=tuple(q.id for q in members), centroid=center)

    def _vectors_of(self, items: Sequence[GapQuestion]) -> np.ndarray:
        keys = [(q.id, " ".join(q.question.split())[:MAX_QUESTION_CHARS]) for q in items]
        with self._lock:
            missing = [k for k in dict.fromkeys(keys) if k not in self._vectors]
        if missing:
            encoded = self.embedder.encode([text for _, text in missing])
            with self._lock:
                for key, vector in zip(missing, encoded):
                    self._vectors[key] = np.asarray(vector, dtype=np.float32)
                while len(self._vectors) > _CACHE_SIZE:
                    self._vectors.popitem(last=False)
        with self._lock:
            found = [self._vectors.get(k) for k in keys]
        if any(v is None for v in found):       # evicted meanwhile by a very large report: encode again
            return np.asarray(self.embedder.encode([text for _, text in keys]), dtype=np.float32)
        return np.stack(found) if found else np.zeros((0, getattr(self.embedder, "dimension", 0)), np.float32)

    # -- "policy requested" --------------------------------------------------------------
    def topic_of(self, period: Period, question_id: int) -> GapTopic:
        """The topic of `period` holding that question; NotFound when none does (any more)."""
        for topic in self.report(period).topics:
            if question_id in topic.question_ids:
                return topic
        raise NotFound(f"question #{question_id} is in no topic of this period (the topics may have changed; "
                       "reload the page)")

    def request_policy(self, period: Period, question_id: int, *, by: str) -> RequestedTopic:
        """Mark the topic holding `question_id` as "policy requested"; Conflict if it already is."""
        topic = self.topic_of(period, question_id)
        if topic.requested is not None:
            raise Conflict(f"a policy is already requested for “{topic.name}”")
        return self.requests.add(name=topic.name, centroid=topic.centroid.tolist(), encoder=self.encoder,
                                 collection=period.collection or "", questions=topic.questions, by=by)

    def withdraw(self, requested_id: int) -> None:
        self.requests.remove(requested_id)


def gap_service(settings, store) -> GapService:
    """The service with the engine's embedder (the same encoder and model cache as `Engine.embedder`), loaded
    when the first report needs it."""
    def embedder():
        from knowledge.embedder import default_embedder

        return default_embedder(settings.data_dir.resolve() / "models")

    return GapService(store, embedder)
