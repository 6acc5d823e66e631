"""The core's own settings: retrieval, ingest and the clause store (Chroma), typed and checked once.

Each part of PolicyBot owns its sections of `app.yaml` (README, "Configuration"): these three are the
core's; the chat adapters' live in their folders (bot/slack/settings.py, bot/teams/settings.py,
bot/admin/settings.py), and bot/application/settings.py reads the file and the environment and composes
every section into the one `Settings` object. The core reads no file and no environment.

Every value is checked when its section is built (knowledge/sections.py): a bad one is a
`SettingsError` naming the dotted key, e.g. `retrieval.min_relevance: expected a number, got 'high'`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from knowledge.sections import Section, SettingsError, read_section, setting

__all__ = ["ChromaSettings", "IngestSettings", "RetrievalSettings", "SettingsError", "StoreSettings",
           "read_section"]


@dataclass(frozen=True)
class ChromaSettings(Section):
    KEY = "chroma"
    # "embedded" (on-disk, in-process) or "http" (a `chroma run` server)
    mode: str = setting("embedded", choices=("embedded", "http"))
    host: str = "127.0.0.1"
    port: int = setting(8000, low=1, high=65535)


@dataclass(frozen=True)
class RetrievalSettings(Section):
    KEY = "retrieval"
    top_k: int = setting(4, low=1)              # citations returned
    candidates: int = setting(20, low=1)        # per retriever before fusion
    # Without trained ranking weights: the dense share of the score.
    dense_weight: float = setting(0.6, low=0, high=1)
    # Without a trained coverage model (knowledge/trained/coverage.json): escalate as not covered when the
    # best clause scores below this.
    min_relevance: float = 0.34
    # A verdict needs this much confidence above the "not covered" line (coverage probability minus its
    # threshold); below it the clauses are quoted without a verdict.
    weak_margin: float = setting(0.02, low=0, high=1)
    # Citations after the first must score at least this fraction of the best.
    keep_ratio: float = setting(0.75, low=0, high=1)
    max_question_chars: int = setting(2000, low=1)


@dataclass(frozen=True)
class IngestSettings(Section):
    KEY = "ingest"
    # How a clause's in-context vector is made: "exact" encodes the clause with its heading and
    # lead-in (a second encoding per clause); "composed" encodes each distinct heading/lead-in once
    # and adds it to the clause's own vector: about twice as fast, slightly lower quality (README).
    context_vectors: str = setting("exact", choices=("exact", "composed"))
    max_file_mb: float = setting(25.0, low=0)                 # larger files are refused, naming this setting
    max_pdf_pages: int = setting(2000, low=1)
    max_docx_uncompressed_mb: float = setting(200.0, low=0)   # a .docx is a zip: checked before it is unpacked
    max_docx_ratio: float = setting(100.0, low=1)             # uncompressed/compressed size; above it, a zip bomb
    # A text file that is not UTF-8 (or UTF-16 with BOM) is read in the encoding charset-normalizer guesses;
    # a guess less sure than this (0..1) is refused, with an error naming this setting.
    min_encoding_confidence: float = setting(0.8, low=0, high=1)

    @property
    def compose(self) -> bool:
        return self.context_vectors == "composed"


class StoreSettings(Protocol):
    """What the clause store needs to open (the application's `Settings` has it)."""

    @property
    def chroma(self) -> ChromaSettings: ...

    @property
    def chroma_path(self) -> Path: ...
