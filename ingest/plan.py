"""From paths to the documents they hold, without touching a store or a model.

This is what `policybot ingest` does before embedding, and all that
`policybot ingest --dry-run` does:

- folders are walked (sorted, recursive); each file keeps the folder it was
  found under as its *root*;
- a document's id is its path relative to that root, without the suffix, as
  slugs joined by "/" (`hr/handbook.txt` -> `hr/handbook`, and
  `it/handbook.txt` -> `it/handbook`: two documents). A file named directly
  has its own folder as root, so its id is its slugged stem, as before.
  `--id` names a single file's document explicitly;
- a whole-manual file is split into one document per policy
  (`ingest/split_manual.py`), with ids `<file id>/<code or title slug>`;
- the *legacy id* (the slugged stem, which ids were before) is kept so that a
  store written by an older version maps its documents onto the new ids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ingest.chunk_policy import PolicyDocument, chunk_policy, slugify
from ingest.loaders import SUPPORTED, Limits, LoadError, load_file
from ingest.split_manual import split_manual

_EXPLICIT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,119}$")


@dataclass
class FilePlan:
    """One input file: the documents it yields, or why it cannot be read."""

    path: Path
    doc_id: str = ""
    legacy_id: str = ""
    documents: list[PolicyDocument] = field(default_factory=list)
    error: str = ""
    note: str = ""              # e.g. the guessed encoding
    encoding: str = ""          # text files: the encoding read ("" for PDF and Word)
    encoding_confidence: float | None = None   # 1.0 when certain (UTF-8, a BOM); a guess's confidence otherwise

    @property
    def ok(self) -> bool:
        return not self.error


def expand_paths(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(file, root) for files as given and for the supported files inside folders (sorted, recursive)."""
    out: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend((p, path) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUPPORTED
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append((path, path.parent))
    return out


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """"hr/handbook" for hr/handbook.txt under the ingested root; the slugged stem for a top-level file."""
    try:
        relative = path.relative_to(root) if root is not None else Path(path.name)
    except ValueError:
        relative = Path(path.name)
    parts = [slugify(p) for p in relative.with_suffix("").parts]
    return "/".join(parts) or slugify(path.stem)


def plan_file(path: Path, root: Path, *, doc_id: str | None = None, organization: str = "",
              limits: Limits | None = None) -> FilePlan:
    base = doc_id or doc_id_for(path, root)
    plan = FilePlan(path=path, doc_id=base, legacy_id=slugify(path.stem))
    try:
        if not path.exists():
            raise LoadError("no such file")
        loaded = load_file(path, limits)
        plan.note = loaded.encoding_note
        plan.encoding, plan.encoding_confidence = loaded.encoding, loaded.confidence
        parts = split_manual(loaded.text)
        used: set[str] = set()
        for part in parts:
            part_id = base
            if len(parts) > 1:
                part_id = f"{base}/{slugify(part.code or part.heading or 'preamble')}"
                n = 2
                while part_id in used:
                    part_id, n = f"{base}/{slugify(part.code or part.heading or 'preamble')}-{n}", n + 1
            used.add(part_id)
            doc = chunk_policy(part.text, doc_id=part_id, source_path=str(path), organization=organization)
            if doc.clauses:
                plan.documents.append(doc)
        if not plan.documents:
            raise LoadError("no clauses found in the text")
    except LoadError as exc:
        plan.error = str(exc)
    return plan


class Plans:
    """The files to ingest, each read and split only when iterated to (so one file at a time is in memory)."""

    def __init__(self, files: list[tuple[Path, Path | None]], **options):
        self.files = files
        self._options = options

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[FilePlan]:
        for path, root in self.files:
            yield plan_file(path, root, **self._options)


def plan_paths(paths: Iterable[str | Path], *, doc_id: str | None = None, organization: str = "",
               limits: Limits | None = None) -> Plans:
    """The plans of these files and folders; bad options are refused here, before any file is read."""
    files = expand_paths(paths)
    if doc_id is not None and not _EXPLICIT_ID.match(doc_id):
        raise ValueError(f"invalid --id {doc_id[:80]!r}: use up to 120 letters, digits, '.', '_', '-' or '/'")
    if doc_id is not None and len(files) != 1:
        raise ValueError(f"--id names one document, but {len(files)} files were given")
    return Plans(files, doc_id=doc_id, organization=organization, limits=limits)
