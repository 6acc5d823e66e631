"""The store's manifest: one `ManifestEntry` per document, naming the clauses that are current.

Readers only see clauses a manifest entry lists, and ingest switches a document's entry in one write after
its new clauses are stored (`knowledge.ports.ClauseStore`). An entry is kept as a flat dict of scalars
(`to_dict`), the shape vector stores take as metadata, with a schema number so that a later PolicyBot can
tell which shape it reads. Entries written before the number existed (schema 0) hold the same keys and
load as they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.document_meta import DocumentMeta
from knowledge.ports import SourceInfo

SCHEMA = 1
SCHEMA_KEY = "manifest_schema"
REFERENCES_CHARS = 2000         # a manual's reference block, cut: the manifest is metadata, not text


@dataclass(frozen=True)
class ManifestEntry:
    doc_id: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    version: str = ""           # short hash of the document's source text
    path: str = ""              # the file it was read from
    content_hash: str = ""      # sha256 of the document's clause texts
    references: str = ""        # its legal references, "; "-joined
    clause_ids: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()   # staff groups the document's clauses are written for (() = everyone)

    def to_dict(self) -> dict:
        """The stored shape: scalars, plus `clause_ids` (a list) that a store may keep apart."""
        return {SCHEMA_KEY: SCHEMA, **self.meta.as_dict(), "version": self.version, "path": self.path,
                "content_hash": self.content_hash, "references": self.references[:REFERENCES_CHARS],
                "groups": " ".join(self.groups), "clause_ids": list(self.clause_ids)}

    @classmethod
    def from_dict(cls, doc_id: str, data: dict) -> "ManifestEntry":
        """An entry as stored by this or any earlier PolicyBot; a newer schema is refused, not misread."""
        schema = data.get(SCHEMA_KEY, 0)
        if not isinstance(schema, int) or schema > SCHEMA:
            raise ValueError(f"manifest entry {doc_id!r} has schema {schema!r}; this PolicyBot reads up to "
                             f"{SCHEMA}: upgrade PolicyBot to read this store")
        meta = DocumentMeta.of(data)
        if not meta.title:
            meta = DocumentMeta(**{**meta.as_dict(), "title": doc_id})
        ids = data.get("clause_ids") or ()
        return cls(doc_id=doc_id, meta=meta, version=str(data.get("version", "") or ""),
                   path=str(data.get("path", "") or ""), content_hash=str(data.get("content_hash", "") or ""),
                   references=str(data.get("references", "") or ""), clause_ids=tuple(str(i) for i in ids),
                   groups=tuple(str(data.get("groups", "") or "").split()))

    def source(self) -> SourceInfo:
        """The entry as `policybot sources` and the chat home pages show it."""
        return SourceInfo(**self.meta.as_dict(), doc_id=self.doc_id, clauses=len(self.clause_ids),
                          version=self.version, path=self.path, content_hash=self.content_hash, groups=self.groups)
