"""The learned verdict: what the best clause says about THIS question, read from vectors and typed language.

The hand rules (`knowledge.verdict`, `knowledge.answer.decide_verdict`) read a clause's stance from its
wording; they miss how a question relates to it ("how many days ..." asked of a prohibition is a question of
fact; "can I ..." asked of a requirement is often a no). The head is a multinomial logistic regression over
one typed record, `VerdictEvidence`:

- the typed language of `knowledge.language` as features: the clause's stance and exception kind, the
  question's cues (permission, obligation, wh-question) and the verdict the hand rules reach (block `typed`);
- the question's vector (`question`), the best clause's vector (`clause`), both from the trained encoder,
  and their element-wise product (`product`).

Which blocks are read, and the regularisation, are chosen by validation on the training manuals (one manual
left out at a time; `bot/cli/train.py`) and recorded with the parameters.

`fit_verdict_head` (fitting) and `VerdictHead.predict` (answering) both go through `VerdictEvidence.vector`,
so nothing is computed two ways. Parameters ship in `knowledge/trained/verdict.json` with the id of the encoder
whose vectors they read (`encoder`); without the file, or with another encoder, the hand rules decide alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from knowledge.language import ExceptionKind, StanceKind, question_cues
from knowledge.learning.ranker import TRAINED
from knowledge.models import Verdict

BLOCKS = ("typed", "question", "clause", "product")
CLASSES = (Verdict.ALLOWED, Verdict.PROHIBITED, Verdict.CONDITIONAL, Verdict.INFORMATIONAL)
QUESTION_CUES = ("permission", "obligation", "wh")
TYPED_FEATURES = (tuple(f"stance:{k.value}" for k in StanceKind)
                  + tuple(f"exception:{k.value or 'none'}" for k in ExceptionKind)
                  + tuple(f"rule:{v.value}" for v in CLASSES)
                  + tuple(f"question:{c}" for c in QUESTION_CUES))


@dataclass(frozen=True)
class VerdictEvidence:
    """Everything the head reads about one question and the clause the answer would rest on."""

    question: str
    question_vector: np.ndarray
    clause_vector: np.ndarray
    stance: StanceKind
    exception: ExceptionKind
    rule_verdict: Verdict

    def typed(self) -> np.ndarray:
        cues = question_cues()
        on = {f"stance:{self.stance.value}", f"exception:{self.exception.value or 'none'}",
              f"rule:{self.rule_verdict.value}"}
        on |= {f"question:{c}" for c in QUESTION_CUES if cues[c].search(self.question)}
        return np.array([1.0 if name in on else 0.0 for name in TYPED_FEATURES])

    def vector(self, blocks: Sequence[str] = BLOCKS) -> np.ndarray:
        q = np.asarray(self.question_vector, dtype=np.float64)
        c = np.asarray(self.clause_vector, dtype=np.float64)
        parts = {"typed": self.typed, "question": lambda: q, "clause": lambda: c, "product": lambda: q * c}
        return np.concatenate([parts[b]() for b in blocks])


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class VerdictHead:
    weights: np.ndarray          # (classes, features), on standardised features
    bias: np.ndarray             # (classes,)
    mean: np.ndarray             # (features,)
    scale: np.ndarray            # (features,)
    blocks: tuple[str, ...] = BLOCKS
    encoder: str = ""            # the id of the encoder whose vectors it was fitted on (`encoder_files.encoder_id`)

    @classmethod
    def load(cls, path: Path | None = None) -> "VerdictHead | None":
        path = path or TRAINED / "verdict.json"
        if not path.is_file():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        if tuple(raw["classes"]) != tuple(v.value for v in CLASSES) or tuple(raw["typed"]) != TYPED_FEATURES:
            raise ValueError(f"{path}: made for other classes or features; rebuild it (make models)")
        blocks = tuple(raw.get("blocks", BLOCKS))
        if set(blocks) - set(BLOCKS):
            raise ValueError(f"{path}: unknown feature block(s) {sorted(set(blocks) - set(BLOCKS))}")
        if not raw.get("encoder"):
            raise ValueError(f"{path}: does not say which encoder's vectors it reads; rebuild it (make models)")
        head = cls(np.array(raw["weights"]), np.array(raw["bias"]), np.array(raw["mean"]), np.array(raw["scale"]),
                   blocks, str(raw["encoder"]))
        if head.weights.shape != (len(CLASSES), len(head.mean)):
            raise ValueError(f"{path}: weights of shape {head.weights.shape} do not fit {len(head.mean)} features")
        return head

    def reads(self, encoder: str) -> bool:
        """Whether it can read vectors of this encoder (its vectors mean nothing to a head fitted on another)."""
        return self.encoder == encoder

    def probabilities(self, evidence: VerdictEvidence) -> np.ndarray:
        x = (evidence.vector(self.blocks) - self.mean) / self.scale
        return softmax(self.weights @ x + self.bias)

    def predict(self, evidence: VerdictEvidence) -> tuple[Verdict, float]:
        p = self.probabilities(evidence)
        best = int(np.argmax(p))
        return CLASSES[best], float(p[best])

    def to_json(self, extra: dict[str, Any] | None = None) -> str:
        record = {"classes": [v.value for v in CLASSES], "typed": list(TYPED_FEATURES), "blocks": list(self.blocks),
                  "encoder": self.encoder,
                  "weights": np.round(self.weights, 5).tolist(), "bias": np.round(self.bias, 5).tolist(),
                  "mean": np.round(self.mean, 6).tolist(), "scale": np.round(self.scale, 6).tolist(), **(extra or {})}
        return json.dumps(record) + "\n"


def fit_verdict_head(evidence: Sequence[VerdictEvidence], labels: Sequence[Verdict], *, l2: float = 1.0,
                     blocks: Sequence[str] = BLOCKS, steps: int = 400, rate: float = 0.5,
                     encoder: str = "") -> VerdictHead:
    """Multinomial logistic regression with L2, full-batch gradient descent from zero (deterministic)."""
    x = np.stack([e.vector(blocks) for e in evidence])
    y = np.zeros((len(labels), len(CLASSES)))
    for row, label in enumerate(labels):
        y[row, CLASSES.index(label)] = 1.0
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros((len(CLASSES), z.shape[1])), np.zeros(len(CLASSES))
    n = len(z)
    for _ in range(steps):
        p = softmax(z @ w.T + b)
        g = p - y
        w -= rate * (g.T @ z / n + l2 / n * w)
        b -= rate * g.mean(axis=0)
    return VerdictHead(w, b, mean, scale, tuple(blocks), encoder)


def accuracy(head: VerdictHead, evidence: Sequence[VerdictEvidence], labels: Sequence[Verdict]) -> float:
    if not evidence:
        return 0.0
    return sum(head.predict(e)[0] is label for e, label in zip(evidence, labels)) / len(evidence)
