"""ContractNLI as a PolicyBot measurement: NDA hypotheses asked as staff-style questions.

ContractNLI (Koreeda & Manning, Findings of EMNLP 2021; CC BY 4.0) gives, for each
NDA, 17 hypotheses labelled Entailment / Contradiction / NotMentioned with evidence
spans (indices into the document's `spans`, which are [start, end) character
offsets into `text`). Each NDA is ingested as its own collection through the real
ingest pipeline; each hypothesis is turned into a question by a small generic
rewrite ("X shall not V" -> "Can X V?") and asked. Figures:

- evidence hit@1 / hit@3: over hypotheses with evidence, a citation hits when its
  text, located in the document by normalised-whitespace search, overlaps a span;
- mean citation length in characters;
- not-mentioned accuracy: share of hypotheses whose label is NotMentioned exactly
  when the answer is `not_covered`.

The scoring functions are pure; `ingest_ndas`, `evaluate_contractnli` and
`retrieval_candidates` drive an `Engine`.
"""
from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, Sequence

Span = tuple[int, int]
NOT_MENTIONED = "NotMentioned"


@dataclass(frozen=True)
class Nda:
    index: int                      # position in the file: train = even, test = odd
    id: str
    text: str
    labels: dict[str, tuple[str, tuple[Span, ...]]]   # hypothesis key -> (choice, evidence char spans)

    @property
    def collection(self) -> str:
        return f"nda-{self.id}"


def load_dev(path: str | Path) -> tuple[list[Nda], dict[str, str]]:
    """The NDAs and the hypothesis statements (key -> text); ValueError with a one-line reason on a bad file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        hypotheses = {k: str(v["hypothesis"]) for k, v in data["labels"].items()}
        docs = []
        for i, d in enumerate(data["documents"]):
            spans = [(int(a), int(b)) for a, b in d["spans"]]
            annotations = d["annotation_sets"][0]["annotations"]
            labels = {k: (str(a["choice"]), tuple(spans[s] for s in a["spans"])) for k, a in annotations.items()}
            docs.append(Nda(i, str(d["id"]), str(d["text"]), labels))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"{path} is not a ContractNLI file ({type(exc).__name__}: {exc})") from None
    return docs, hypotheses


def split_docs(docs: Sequence[Nda], split: str = "all", limit: int | None = None) -> list[Nda]:
    """train = NDAs at even positions, test = odd positions, all = every one; then the first `limit`."""
    if split not in ("train", "test", "all"):
        raise ValueError(f"unknown split {split!r} (train, test or all)")
    chosen = [d for d in docs if split == "all" or (d.index % 2 == 0) == (split == "train")]
    return chosen[:limit] if limit is not None else chosen


_MODAL = re.compile(r"\b(shall not|must not|will not|may not|cannot|shall|must|will|may)\s+", re.I)


def hypothesis_question(statement: str) -> str:
    """A generic rewrite of a contract statement into a question a reader would ask.

    "X shall not V ..." / "X may V ..." -> "Can X V ...?"; "X shall V ..." -> "Does X have to V ...?".
    """
    s = " ".join(statement.split()).rstrip(" .")
    m = _MODAL.search(s)
    if not m or m.start() == 0:
        q = s
    elif m.group(1).lower() in ("shall", "must", "will"):
        q = f"does {s[:m.start()].strip()} have to {s[m.end():]}"
    else:
        q = f"can {s[:m.start()].strip()} {s[m.end():]}"
    q = q.lower()
    return q[:1].upper() + q[1:] + "?"


def _norm_char(ch: str) -> str:
    return {"“": '"', "”": '"', "’": "'", "‘": "'"}.get(ch, ch).lower()


class DocumentLocator:
    """Finds where a clause's text sits in the original document, ignoring case, quotes and spacing."""

    def __init__(self, text: str):
        chars, offsets, space = [], [], False
        for i, ch in enumerate(text):
            if ch.isspace():
                space = bool(chars)
                continue
            if space:
                chars.append(" ")
                offsets.append(i)
                space = False
            chars.append(_norm_char(ch))
            offsets.append(i)
        self._text = "".join(chars)
        self._offsets = offsets

    @staticmethod
    def _normalise(text: str) -> str:
        return " ".join("".join(_norm_char(c) for c in text).split())

    def locate(self, clause_text: str) -> Span | None:
        """[start, end) in the original text; a clause the chunker altered is placed by its first and last words."""
        needle = self._normalise(clause_text)
        if not needle:
            return None
        at = self._text.find(needle)
        if at >= 0:
            return self._offsets[at], self._offsets[at + len(needle) - 1] + 1
        head, tail = needle[:60], needle[-60:]
        start = self._text.find(head)
        end = self._text.find(tail, max(start, 0))
        if start < 0 or end < 0 or end - start > 2 * len(needle):
            return None
        return self._offsets[start], self._offsets[end + len(tail) - 1] + 1


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evidence_rank(cited: Sequence[Span | None], evidence: Iterable[Span]) -> int | None:
    """1-based rank of the first located citation that overlaps any evidence span."""
    evidence = list(evidence)
    for rank, span in enumerate(cited, 1):
        if span is not None and any(overlaps(span, e) for e in evidence):
            return rank
    return None


@dataclass
class PairResult:
    doc_id: str
    key: str
    label: str
    question: str
    verdict: str
    rank: int | None
    citation_chars: list[int]
    unlocated: int
    latency_ms: float

    @property
    def has_evidence(self) -> bool:
        return self.label != NOT_MENTIONED

    @property
    def not_mentioned_ok(self) -> bool:
        return (self.label == NOT_MENTIONED) == (self.verdict == "not_covered")


@dataclass
class ContractNliReport:
    results: list[PairResult] = field(default_factory=list)

    def _with_evidence(self) -> list[PairResult]:
        return [r for r in self.results if r.has_evidence]

    def _hit(self, k: int) -> float:
        rs = self._with_evidence()
        return sum(1 for r in rs if r.rank is not None and r.rank <= k) / len(rs) if rs else 0.0

    def figures(self) -> dict[str, float]:
        rs = self.results
        lens = [n for r in rs for n in r.citation_chars]
        lat = sorted(r.latency_ms for r in rs)
        nm = [r for r in rs if r.label == NOT_MENTIONED]
        mentioned = [r for r in rs if r.label != NOT_MENTIONED]
        return {
            "documents": len({r.doc_id for r in rs}), "hypotheses": len(rs), "with_evidence": len(mentioned),
            "evidence_hit@1": self._hit(1), "evidence_hit@3": self._hit(3),
            "mean_citation_chars": statistics.fmean(lens) if lens else 0.0,
            "not_mentioned_accuracy": sum(r.not_mentioned_ok for r in rs) / len(rs) if rs else 0.0,
            # the two halves of that accuracy: NotMentioned answered not_covered, mentioned answered otherwise
            "not_mentioned_recall": sum(r.verdict == "not_covered" for r in nm) / len(nm) if nm else 0.0,
            "mentioned_answered": sum(r.verdict != "not_covered" for r in mentioned) / len(mentioned)
            if mentioned else 0.0,
            "unlocated_citations": sum(r.unlocated for r in rs),
            "latency_p50_ms": lat[len(lat) // 2] if lat else 0.0,
            "latency_p95_ms": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else 0.0,
        }


def score_pair(nda: Nda, key: str, question: str, answer, locator: DocumentLocator,
               latency_ms: float = 0.0) -> PairResult:
    """Scores one answer (anything with `.verdict.value` and `.citations[].text`) against the gold label."""
    label, evidence = nda.labels[key]
    spans = [locator.locate(c.text) for c in answer.citations]
    return PairResult(nda.id, key, label, question, answer.verdict.value, evidence_rank(spans, evidence),
                      [len(c.text) for c in answer.citations], sum(s is None for s in spans), latency_ms)


# -- driving the engine ------------------------------------------------------------------------

def ingest_ndas(engine, docs: Sequence[Nda], text_dir: Path) -> tuple[int, int]:
    """Each NDA into its own collection through the real pipeline; returns (documents, clauses embedded).

    The texts are written once under `text_dir`; unchanged NDAs are skipped by the pipeline's content hash.
    """
    from ingest.pipeline import ingest_paths

    text_dir.mkdir(parents=True, exist_ok=True)
    embedded = 0
    for nda in docs:
        path = text_dir / f"{nda.collection}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != nda.text:
            path.write_text(nda.text, encoding="utf-8")
        report = ingest_paths(engine.store.collection(nda.collection), engine.embedder, [path])
        if report.failed:
            raise ValueError(f"{nda.collection}: {report.failed[0].error}")
        if report.embedded:
            engine.invalidate(nda.collection)
        embedded += report.embedded
    return len(docs), embedded


def evaluate_contractnli(engine, docs: Sequence[Nda], hypotheses: dict[str, str]) -> ContractNliReport:
    report = ContractNliReport()
    for nda in docs:
        locator = DocumentLocator(nda.text)
        engine.retriever(nda.collection)                     # load before timing the questions
        for key in sorted(nda.labels):
            question = hypothesis_question(hypotheses[key])
            start = time.perf_counter()
            answer = engine.ask(question, collection=nda.collection)
            report.results.append(score_pair(nda, key, question, answer, locator,
                                             (time.perf_counter() - start) * 1000))
    return report


def retrieval_candidates(engine, docs: Sequence[Nda], hypotheses: dict[str, str], k: int = 10) -> list[dict[str, Any]]:
    """For each (NDA, hypothesis): the gold label and the top-k retrieved clauses with every score the
    retriever reports and whether the clause overlaps the evidence. Meant for fitting a coverage model
    on the train split (`split_docs(docs, "train")`)."""
    rows = []
    for nda in docs:
        locator = DocumentLocator(nda.text)
        retriever = engine.retriever(nda.collection)
        for key in sorted(nda.labels):
            label, evidence = nda.labels[key]
            question = hypothesis_question(hypotheses[key])
            candidates = []
            for sc in retriever.search(question, k=k):
                span = locator.locate(sc.clause.text)
                scores = {f.name: getattr(sc, f.name) for f in fields(sc)
                          if isinstance(getattr(sc, f.name), (int, float))}
                candidates.append({"clause_id": sc.clause.id, "text": sc.clause.text, "section": sc.clause.section,
                                   **scores, "evidence": bool(span and any(overlaps(span, e) for e in evidence))})
            rows.append({"doc": nda.id, "split": "train" if nda.index % 2 == 0 else "test", "hypothesis": key,
                         "question": question, "label": label, "candidates": candidates})
    return rows
