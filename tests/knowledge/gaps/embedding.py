"""The bundled encoder, loaded once per test run (numpy backend: nothing is built on disk)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def shared_embedder():
    from knowledge.embedder import default_embedder

    return default_embedder()
