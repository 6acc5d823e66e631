"""Where the manuals the written staff questions are about live: ../shared/corpora/<manual>, or the bundled policies."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")


def manual_folder(manual: str, shared: Path = SHARED) -> Path:
    return ROOT / "knowledge" / "bundled" if manual == "bundled" else shared / "corpora" / manual


def collection_for(manual: str) -> str:
    """The collection a whole manual is ingested into for training and evaluation."""
    return manual.replace("_", "-")
