"""The question sets over the shared corpora are well formed and quote their policies verbatim.

A fragment that does not occur in the corpus can never hit, so a typo in a set
would silently lower its figures; these checks catch that before any scoring.
They need `../shared` beside the repository and are skipped without it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

EVAL = Path(__file__).parent
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), None)
VERDICTS = {"allowed", "prohibited", "conditional", "informational", "not_covered"}
# Words that carry no subject: a question may share these with a title and still be "title-disjoint".
FUNCTION_WORDS = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "or", "with", "by", "at", "as", "use"}

# set file -> (corpus folder under shared/corpora, minimum questions, minimum not covered, minimum title-disjoint,
#              minimum questions per policy)
SETS = {
    "minuteman.yaml": ("minuteman-ma", 85, 12, 8, 4),
    "westada_manual.yaml": ("westada-id", 40, 8, 0, 0),
}

pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared (corpora) not beside the repository")


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _title(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if front:
        return str((yaml.safe_load(front.group(1)) or {}).get("title", ""))
    return text.splitlines()[0]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())} - FUNCTION_WORDS


def _corpus(folder: str) -> dict[Path, str]:
    return {p: _ws(p.read_text(encoding="utf-8")) for p in sorted((SHARED / "corpora" / folder).iterdir())
            if p.suffix in (".txt", ".md")}


def _load(name: str) -> tuple[list[dict], set[str]]:
    """The entries, and the ids of those marked with a `# title-disjoint` comment line just above them."""
    text = (EVAL / name).read_text(encoding="utf-8")
    marked, pending = set(), False
    for line in text.splitlines():
        if line.strip() == "# title-disjoint":
            pending = True
        elif line.startswith("- "):
            if pending:
                marked.add(str(yaml.safe_load(line)[0]["id"]))
            pending = False
    return yaml.safe_load(text), marked


@pytest.mark.parametrize("name", list(SETS))
def test_entries_are_well_formed_and_counted(name):
    folder, min_total, min_uncovered, min_disjoint, per_policy = SETS[name]
    entries, marked = _load(name)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len(entries) >= min_total
    for e in entries:
        assert set(e) <= {"id", "q", "verdict", "clauses", "escalate", "collection"}, e["id"]
        assert e["verdict"] is None or (e["verdict"] and set(e["verdict"]) <= VERDICTS), e["id"]
        assert e["escalate"] in (True, False, None), e["id"]
        if e["verdict"] == ["not_covered"]:
            assert e["clauses"] == [] and e["escalate"] is True, e["id"]
        else:
            assert e["clauses"], e["id"]
    assert sum(e["verdict"] == ["not_covered"] for e in entries) >= min_uncovered
    assert len(marked) >= min_disjoint
    if per_policy:
        corpus = _corpus(folder)
        for path, text in corpus.items():
            n = sum(any(_ws(f) in text for f in e["clauses"]) for e in entries)
            assert n >= per_policy, f"{path.name} has {n} questions"


@pytest.mark.parametrize("name", list(SETS))
def test_every_fragment_is_verbatim_in_the_corpus_and_clause_sized(name):
    corpus = _corpus(SETS[name][0])
    entries, _ = _load(name)
    for e in entries:
        for fragment in e["clauses"]:
            assert 5 <= len(fragment.split()) <= 12, f"{e['id']}: {fragment!r} is not 5-12 words"
            assert "\n" not in fragment and not re.match(r"^\s*(\d+|[a-zA-Z])[.)]\s", fragment), e["id"]
            assert any(_ws(fragment) in text for text in corpus.values()), f"{e['id']}: {fragment!r} not in corpus"


@pytest.mark.parametrize("name", [n for n in SETS if SETS[n][3]])
def test_title_disjoint_questions_share_no_word_with_the_answering_title(name):
    corpus = _corpus(SETS[name][0])
    entries, marked = _load(name)
    for e in entries:
        if e["id"] not in marked:
            continue
        titles = [_title(p) for p, text in corpus.items() if any(_ws(f) in text for f in e["clauses"])]
        assert titles, e["id"]
        for title in titles:
            shared = _words(e["q"]) & _words(title)
            assert not shared, f"{e['id']} shares {shared} with {title!r}"
