"""The clause-wording table itself is well formed: real sources, enough organisations, valid labels."""
from pathlib import Path

import yaml

from knowledge.language import StanceKind

ROWS = yaml.safe_load((Path(__file__).parent / "wording_cases.yaml").read_text(encoding="utf-8"))
EXCLUDED = ("jndc", "kimberly", "west ada")          # the bundled and fixture districts do not count


def test_rows_are_labelled_and_sourced():
    assert len(ROWS) >= 45
    for row in ROWS:
        assert set(row) <= {"org", "source", "phrase", "text", "stance", "exception_kind", "question", "verdict"}
        assert row["org"] and row["source"] and row["phrase"] and len(row["text"].split()) >= 5, row
        assert not any(name in row["org"].lower() for name in EXCLUDED), row["org"]
        assert row["stance"] in {s.value for s in StanceKind}, row
        assert row["exception_kind"] in {"approval", "carve_out", "circumstance", "none"}, row
        assert ("question" in row) == ("verdict" in row), row
        if "verdict" in row:
            assert row["verdict"] in {"allowed", "prohibited", "conditional", "informational"}, row


def test_enough_organisations_and_stances():
    assert len({r["org"] for r in ROWS}) >= 12
    assert {r["stance"] for r in ROWS} == {s.value for s in StanceKind}
    assert {r["exception_kind"] for r in ROWS} == {"approval", "carve_out", "circumstance", "none"}
    texts = [" ".join(r["text"].split()) for r in ROWS]
    assert len(texts) == len(set(texts)), "a clause appears twice"
