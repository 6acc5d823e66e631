"""The gaps service on a real store, SQLite and PostgreSQL alike, with the bundled encoder."""
from __future__ import annotations

import pytest

from tests.bot.application.escalations.db import database_url, drop_database
from tests.knowledge.gaps.embedding import shared_embedder


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    from bot.application.escalations.store import EscalationStore

    url = database_url(request.param, tmp_path)
    s = EscalationStore.open(url)
    yield s
    s.close()
    drop_database(url)


class CountingEmbedder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self):
        self.inner = shared_embedder()
        self.dimension = self.inner.dimension
        self.model_id = self.inner.model_id
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        return self.inner.encode(texts)


@pytest.fixture
def embedder():
    return CountingEmbedder()


@pytest.fixture
def gaps(store, embedder):
    from bot.application.gaps.service import GapService

    return GapService(store, embedder)
