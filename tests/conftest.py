"""Shared fixtures: settings on a temp data dir, the real engine on the bundled policies, a fake embedder."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from bot.application.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BUNDLED = ROOT / "knowledge" / "bundled"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    """No test reads the developer's own config, data or secrets."""
    for name in list(os.environ):
        if name.startswith(("POLICYBOT_", "SLACK_", "Microsoft")) or name == "DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYBOT_CONFIG", str(ROOT / "tests" / "fixtures" / "no-config.yaml"))


@pytest.fixture
def settings(tmp_path):
    return load_settings(path=tmp_path / "none.yaml", env={}, data_dir=tmp_path / "data")


class HashEmbedder:
    """Deterministic bag-of-words vectors: for tests where the model is not what is tested."""

    dimension = 64

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


@pytest.fixture
def hash_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """The real engine (bundled MiniLM, Chroma on disk) on the bundled policies, built once."""
    from bot.application.engine import Engine

    data = tmp_path_factory.mktemp("engine-data")
    eng = Engine(load_settings(path=data / "none.yaml", env={}, data_dir=data))
    eng.retriever()          # first use ingests the bundled policies
    return eng


@pytest.fixture
def bundled_data(tmp_path, engine):
    """A private data dir holding the bundled policies already ingested (no question log yet)."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(engine.settings.chroma_path, data / "chroma")
    return data
