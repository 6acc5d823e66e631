"""Fine-tunes MiniLM on staff-question triples: MultipleNegativesRankingLoss, in-batch plus one hard negative.

This is the only place that needs torch and sentence-transformers, and only to fit: the result is saved as
the plain files `knowledge.embedder` reads (safetensors, stored in float16 to halve the repository's
share; widened to float32 on load), so nothing learned needs torch at run time.

Deterministic on a CPU for a given seed and thread count: the seed fixes the shuffle and the initial state,
and batches are formed in a seeded order (each batch keeps one row's triples apart, so a row's own second
positive is never another row's in-batch negative).
"""
from __future__ import annotations

import json
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from knowledge.learning.pairs import Triple


@dataclass(frozen=True)
class FitSettings:
    epochs: int = 2
    batch_size: int = 32
    learning_rate: float = 3e-5
    warmup: float = 0.1              # share of the steps with a linearly rising learning rate
    scale: float = 20.0              # MNRL's similarity scale (sentence-transformers' default)
    max_tokens: int = 160            # matched clause texts are up to ~420 characters plus context
    seed: int = 13
    threads: int = 2


def batches(triples: Sequence[Triple], size: int, rng: random.Random) -> list[list[Triple]]:
    """Shuffled batches in which no row (and no positive text) appears twice."""
    pending = list(triples)
    rng.shuffle(pending)
    out: list[list[Triple]] = []
    while pending:
        batch, rows, texts, rest = [], set(), set(), []
        for t in pending:
            if len(batch) < size and t.row_id not in rows and t.positive not in texts:
                batch.append(t)
                rows.add(t.row_id)
                texts.add(t.positive)
            else:
                rest.append(t)
        out.append(batch)
        pending = rest
    return out


def fine_tune(triples: Sequence[Triple], base: Path, out: Path, settings: FitSettings = FitSettings(),
              log: Callable[[str], None] = print) -> dict:
    """Trains from the model at `base` and writes model.safetensors (fp16), tokenizer.json, config.json to
    `out`. Returns what the model card records about the run."""
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.losses import MultipleNegativesRankingLoss

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    model = SentenceTransformer(str(base), device="cpu")
    model.max_seq_length = settings.max_tokens
    loss = MultipleNegativesRankingLoss(model, scale=settings.scale)
    plan = [batches(triples, settings.batch_size, rng) for _ in range(settings.epochs)]
    steps = sum(len(p) for p in plan)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    prepare = getattr(model, "preprocess", None) or model.tokenize     # renamed in sentence-transformers 6
    model.train()
    started, step, recent = time.monotonic(), 0, []
    for epoch, epoch_batches in enumerate(plan, 1):
        for batch in epoch_batches:
            features = [prepare([getattr(t, col) for t in batch]) for col in ("anchor", "positive", "negative")]
            value = loss(features, None)
            value.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            recent.append(float(value.detach()))
            if step % 20 == 0 or step == steps:
                log(f"  epoch {epoch} step {step}/{steps} loss {sum(recent) / len(recent):.4f} "
                    f"({time.monotonic() - started:.0f} s)")
                recent = []
    seconds = time.monotonic() - started
    out.mkdir(parents=True, exist_ok=True)
    bert = model[0].auto_model
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in bert.state_dict().items()}
    save_file(state, str(out / "model.safetensors"))
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps(bert.config.to_dict(), indent=2, sort_keys=True) + "\n",
                                     encoding="utf-8")
    return {"settings": asdict(settings), "triples": len(triples), "steps": steps,
            "train_seconds": round(seconds, 1), "final_loss": round(float(value.detach()), 4) if steps else math.nan}
