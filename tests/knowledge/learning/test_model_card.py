"""The shipped encoder matches its card (checksums, id) and is what PolicyBot loads; the card records its data."""
from __future__ import annotations

import json

import pytest

from knowledge.encoder_files import TRAINED_ENCODER, default_model_path, encoder_id, has_trained_encoder
from knowledge.learning.model_card import check_card
from knowledge.learning.questions import HELD_OUT_MANUALS, TRAIN_MANUALS

pytestmark = pytest.mark.skipif(not has_trained_encoder(), reason="no trained encoder ships in this checkout")


def test_files_match_their_card():
    assert check_card(TRAINED_ENCODER) == []


def test_the_card_names_the_split_and_the_held_out_figures():
    card = json.loads((TRAINED_ENCODER / "card.json").read_text(encoding="utf-8"))
    assert card["train_manuals"] == list(TRAIN_MANUALS) and card["held_out_manuals"] == list(HELD_OUT_MANUALS)
    for manual in HELD_OUT_MANUALS:
        figures = card["figures"][manual]
        assert figures["trained"]["split"] == "held out"
        assert figures["trained"]["hit@3"] > figures["base"]["hit@3"]


def test_policybot_loads_the_trained_encoder():
    assert default_model_path() == TRAINED_ENCODER
    assert encoder_id(TRAINED_ENCODER).startswith("policybot-minilm-staff-")


def test_a_changed_weight_file_is_caught(tmp_path):
    for name in ("model.safetensors", "tokenizer.json", "config.json", "card.json"):
        (tmp_path / name).write_bytes((TRAINED_ENCODER / name).read_bytes())
    with (tmp_path / "config.json").open("a", encoding="utf-8") as f:
        f.write(" ")
    assert any("config.json" in p for p in check_card(tmp_path))
