"""Checks the written training questions against the clauses the chunker makes.

Run on one file while writing (`python -m tests.knowledge.learning.check_questions FILE...`);
`test_questions.py` runs it on every file. A file's name says its manual:
`<corpus>--<part>.yaml`, where `<corpus>` is a folder of ../shared/corpora, or
`bundled` for the bundled policies (knowledge/bundled).
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.plan import expand_paths, plan_file

ROOT = Path(__file__).resolve().parents[3]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), None)
VERDICTS = {"allowed", "prohibited", "conditional", "informational", "not_covered"}
KINDS = {"answer", "cross", "absent", "conflict"}
FIELDS = {"id", "q", "doc", "verdict", "kind", "clauses", "role"}
FUNCTION_WORDS = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "or", "with", "by", "at", "as", "use",
                  "i", "my", "me", "can", "do", "is", "it", "if", "we", "our", "you", "your", "be", "are", "what",
                  "how", "who", "when", "does", "am", "this", "that", "from", "about", "policy", "policies"}


def norm(text: str) -> str:
    text = text.lower()
    for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def corpus_folder(corpus: str) -> Path:
    if corpus == "bundled":
        return ROOT / "knowledge" / "bundled"
    if SHARED is None:
        raise FileNotFoundError("../shared is not beside the repository")
    return SHARED / "corpora" / corpus


@lru_cache(maxsize=None)
def manual(corpus: str) -> dict[str, list[tuple[str, str]]]:
    """doc (file path relative to the corpus folder, without suffix) -> [(clause text, title)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    folder = corpus_folder(corpus)
    for path, root in expand_paths([folder]):
        plan = plan_file(path, root)
        key = str(path.relative_to(folder).with_suffix(""))
        out[key] = [(norm(c.text), d.meta.title) for d in plan.documents for c in d.clauses]
    return out


def words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())} - FUNCTION_WORDS


def corpus_of(path: Path) -> str:
    return path.stem.split("--")[0]


def check_file(path: Path, seen: dict[str, str] | None = None) -> list[str]:
    """Every problem in one file, as lines; [] when it is clean."""
    seen = {} if seen is None else seen
    corpus = corpus_of(path)
    docs = manual(corpus)
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    errors: list[str] = []
    ids: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{path.name}:{row.get('id', i) if isinstance(row, dict) else i}"
        if not isinstance(row, dict) or not {"id", "q", "verdict", "kind", "clauses"} <= set(row) \
                or set(row) - FIELDS:
            errors.append(f"{where}: fields must be {sorted(FIELDS)}")
            continue
        rid, q = str(row["id"]), str(row["q"])
        if rid in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(rid)
        key = norm(q)
        if key in seen:
            errors.append(f"{where}: duplicate question (also {seen[key]})")
        seen[key] = where
        if row["verdict"] not in VERDICTS:
            errors.append(f"{where}: verdict {row['verdict']!r} not one of {sorted(VERDICTS)}")
        if row["kind"] not in KINDS:
            errors.append(f"{where}: kind {row['kind']!r} not one of {sorted(KINDS)}")
        if row["kind"] == "absent":
            if row["clauses"] or row["verdict"] != "not_covered" or row.get("doc"):
                errors.append(f"{where}: an absent row has verdict not_covered, no doc and no clauses")
            continue
        if row["verdict"] == "not_covered":
            errors.append(f"{where}: only absent rows are not_covered")
        doc = str(row.get("doc") or "")
        if doc not in docs:
            errors.append(f"{where}: doc {doc!r} is not a file of {corpus}")
            continue
        if not row["clauses"]:
            errors.append(f"{where}: no clauses")
        for fragment in row["clauses"]:
            f = norm(str(fragment))
            if not 4 <= len(f.split()) <= 25:
                errors.append(f"{where}: fragment must be 4-25 words: {fragment!r}")
            elif not any(f in text for text, _ in docs[doc]):
                inside = any(f in text for clauses in docs.values() for text, _ in clauses)
                errors.append(f"{where}: fragment not inside one clause of {doc}"
                              f"{' (found in another document)' if inside else ''}: {fragment!r}")
        if row["kind"] == "cross":
            title = docs[doc][0][1] if docs[doc] else ""
            shared = words(q) & words(title)
            if shared:
                errors.append(f"{where}: a cross question shares {sorted(shared)} with the title {title!r}")
    absent = sum(1 for r in rows if isinstance(r, dict) and r.get("kind") == "absent")
    if rows and absent / len(rows) < 0.15:
        errors.append(f"{path.name}: {absent} of {len(rows)} rows are absent; at least 15 % must be")
    return errors


def main(argv: list[str]) -> int:
    seen: dict[str, str] = {}
    bad = 0
    for name in argv:
        errors = check_file(Path(name), seen)
        for line in errors:
            print(line)
        bad += len(errors)
        rows = yaml.safe_load(Path(name).read_text(encoding="utf-8")) or []
        print(f"{name}: {len(rows)} rows, {len(errors)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
