"""Clause vectors for the store: the clause in its context, and its own words alone.

The store keeps two vectors per clause (`knowledge.ports.ClauseStore`): the
clause in its context (`Clause.search_text()`: heading path + lead-in + its
shown words) and its shown words alone (`Clause.shown_text()`: a table row
with its column headers). There are two ways to make them (setting `ingest.context_vectors`):

- exact (default): the model encodes both texts; a clause without a heading
  or lead-in is encoded once. Two encodings per clause, the best retrieval.
- composed: the contexts repeat (twenty items under one lead-in share it), so
  each clause's text is encoded once, each distinct context once (remembered
  across batches), and the in-context vector is composed from the two.
  MiniLM mean-pools its token vectors, so the pooled vector of "context +
  text" is close to (sum of the context's token vectors + sum of the text's) /
  token count; only attention across the seam is missed. About twice as fast;
  on the eval sets it costs a few verdicts (README, Figures).

Each recipe has a name (`scheme(compose, model)`: the encoder's id, how the
context is added and which matched text was embedded), stored with each
collection; a collection whose vectors were made another way, by another
encoder, or from an older matched text, is re-encoded from its stored texts
before new vectors are mixed in (`ingest.pipeline.reencode_if_stale`). `/v2`:
the whole heading path instead of the last heading, table rows read with
their headers.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterable, Iterator, Sequence, TypeVar

import numpy as np

from knowledge.embedder import normalize as unit
from knowledge.models import Clause
from knowledge.ports import Embedder

from knowledge.encoder_files import BASE_ID

LEGACY = f"{BASE_ID}/text+context"             # what every store held before schemes were recorded ('')
EXACT = f"{BASE_ID}/text+context/v2"           # v2: full heading path, table rows with their headers
COMPOSED = f"{BASE_ID}/text+context-sum-1.5/v2"
BATCH = 256                 # clauses encoded and written together: memory stays flat, batches stay full
CONTEXT_CACHE = 4096        # distinct contexts remembered (sum vectors, ~1.5 KB each)
# The context's sum counts this much more than its token count says: a heading or lead-in read first
# colours every token after it through attention, which a plain sum misses. 1.5 brings the composed
# vectors closest to the real ones on the bundled, fixture and shared policies (mean cosine 0.961
# against 0.955 at 1.0; worst 0.857 against 0.799).
CONTEXT_WEIGHT = 1.5

T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Consecutive lists of up to `size` items, pulled lazily from `items`."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def model_of(embedder: object) -> str:
    """The encoder's id (`MiniLMEmbedder.model_id`); an embedder without one counts as the base model."""
    return str(getattr(embedder, "model_id", BASE_ID))


def scheme(compose: bool, model: str = BASE_ID) -> str:
    return f"{model}/{(COMPOSED if compose else EXACT).split('/', 1)[1]}"


def matches(stored: str, compose: bool, model: str = BASE_ID) -> bool:
    """Whether vectors recorded under `stored` are what this recipe makes ('' = an older store: legacy exact)."""
    return (stored or LEGACY) == scheme(compose, model)


def context_of(clause: Clause) -> str:
    """What `Clause.search_text` puts before the clause's shown words ('' when nothing)."""
    return clause.context()


class ClauseEncoder:
    """`encode(clauses) -> (in_context, text_alone)`, two (n, d) arrays of unit vectors.

    `compose` picks the recipe (module docstring). Works with any `Embedder`; one that offers `encode_sums(texts) -> (sums, token_counts)` (the
    bundled MiniLM) composes as described above. For one that only offers `encode`, a
    text's sum is taken as its unit vector times its word count."""

    def __init__(self, embedder: Embedder, cache_size: int = CONTEXT_CACHE, compose: bool = False):
        self.embedder = embedder
        self.compose = compose
        self.cache_size = cache_size
        self._contexts: OrderedDict[str, np.ndarray] = OrderedDict()
        self.texts_encoded = 0           # how many strings went through the model (for tests and reports)

    def encode(self, clauses: Sequence[Clause]) -> tuple[np.ndarray, np.ndarray]:
        if not self.compose:
            return self._encode_exact(clauses)
        contexts = [context_of(c) for c in clauses]
        distinct = [c for c in dict.fromkeys(contexts) if c]
        new = [c for c in distinct if c not in self._contexts]
        sums = self._sums([c.shown_text() for c in clauses] + new)
        text_sums = sums[:len(clauses)]
        # This batch's contexts, taken before the cache may evict any of them.
        known = {c: self._contexts[c] for c in distinct if c in self._contexts}
        known.update(zip(new, sums[len(clauses):]))
        for context in distinct:
            self._remember(context, known[context])
        composed = text_sums.copy()
        for row, context in enumerate(contexts):
            if context:
                composed[row] += CONTEXT_WEIGHT * known[context]
        return unit(composed), unit(text_sums)

    def _encode_exact(self, clauses: Sequence[Clause]) -> tuple[np.ndarray, np.ndarray]:
        """Both vectors by the model itself; a clause without context needs only one encoding."""
        with_context = [n for n, c in enumerate(clauses) if context_of(c)]
        sums = self._sums([c.shown_text() for c in clauses] + [clauses[n].search_text() for n in with_context])
        text_sums = sums[:len(clauses)]
        composed = text_sums.copy()
        composed[with_context] = sums[len(clauses):]
        return unit(composed), unit(text_sums)

    def _sums(self, texts: list[str]) -> np.ndarray:
        self.texts_encoded += len(texts)
        encode_sums = getattr(self.embedder, "encode_sums", None)
        if encode_sums is not None:
            sums, _counts = encode_sums(texts)
            return np.asarray(sums, dtype=np.float32)
        vectors = np.asarray(self.embedder.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        words = np.array([max(1, len(t.split())) for t in texts], dtype=np.float32)
        return vectors * words[:, None]

    def _remember(self, context: str, vector: np.ndarray) -> None:
        self._contexts[context] = vector
        self._contexts.move_to_end(context)
        if len(self._contexts) > self.cache_size:
            self._contexts.popitem(last=False)
