"""What a document says about itself, declared once: `DocumentMeta`.

The chunker fills it (`ingest.chunk_policy.PolicyDocument.meta`), the store's manifest keeps it
(`knowledge.manifest.ManifestEntry.meta`), `policybot sources` and the chat home pages show it
(`knowledge.ports.SourceInfo` extends it) and every clause carries a copy of it (`clause_fields`), so a
citation needs no second look-up.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, kw_only=True)
class DocumentMeta:
    title: str = ""
    policy_code: str = ""   # "5290", "0403.57"
    adopted: str = ""       # dates exactly as the document writes them
    revised: str = ""
    reviewed: str = ""
    url: str = ""
    organization: str = ""  # who issued the document ("Minuteman RVTSD"); set at ingest

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(DocumentMeta))

    @classmethod
    def of(cls, record) -> "DocumentMeta":
        """The document metadata of any record that extends or carries it (a `SourceInfo`, a dict)."""
        get = record.get if isinstance(record, dict) else (lambda name, default: getattr(record, name, default))
        return DocumentMeta(**{name: str(get(name, "") or "") for name in cls.names()})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.names()}

    def clause_fields(self) -> dict[str, str]:
        """The copy each of the document's clauses carries (`knowledge.models.Clause`): the title as `document`."""
        return {"document": self.title, "policy_code": self.policy_code, "adopted": self.adopted,
                "revised": self.revised, "url": self.url, "organization": self.organization}
