"""ContractNLI runner: the pure scoring on a tiny hand-made NDA, then one real run through ingest and the engine."""
import json
from types import SimpleNamespace

import pytest

from knowledge.learning.evaluation_contractnli import (ContractNliReport, DocumentLocator, Nda, evaluate_contractnli, evidence_rank,
                                        hypothesis_question, ingest_ndas, load_dev, overlaps, retrieval_candidates,
                                        score_pair, split_docs)

TEXT = ("MUTUAL NON-DISCLOSURE AGREEMENT\n"
        "1. The Recipient shall hold the Confidential Information in strict confidence.\n"
        "2. The Recipient may disclose Confidential Information to its employees who need to know it\n"
        "   and who are bound by obligations of confidentiality.\n"
        "3. Upon request, the Recipient shall return or destroy all copies of the “Confidential Information”.\n"
        "4. This Agreement is governed by the laws of the State of Delaware.\n")


def _span(fragment):
    start = TEXT.index(fragment)
    return [start, start + len(fragment)]


def _dev():
    employees = "The Recipient may disclose Confidential Information to its employees who need to know it"
    spans = [_span("MUTUAL NON-DISCLOSURE AGREEMENT"),
             _span("The Recipient shall hold the Confidential Information in strict confidence."),
             _span(employees), _span("and who are bound by obligations of confidentiality."),
             _span("Upon request, the Recipient shall return or destroy all copies"),
             _span("This Agreement is governed by the laws of the State of Delaware.")]
    annotations = {"h-share": {"choice": "Entailment", "spans": [2, 3]},
                   "h-return": {"choice": "Entailment", "spans": [4]},
                   "h-solicit": {"choice": "NotMentioned", "spans": []}}
    doc = {"id": 7, "file_name": "x.txt", "text": TEXT, "spans": spans, "document_type": "txt", "url": "",
           "annotation_sets": [{"annotations": annotations}]}
    other = dict(doc, id=8)
    labels = {"h-share": {"short_description": "", "hypothesis": "Receiving Party may share some Confidential "
                                                                  "Information with some of its employees."},
              "h-return": {"short_description": "", "hypothesis": "Receiving Party shall destroy or return some "
                                                                   "Confidential Information upon request."},
              "h-solicit": {"short_description": "", "hypothesis": "Receiving Party shall not solicit some of "
                                                                    "Disclosing Party's representatives."}}
    return {"documents": [doc, other], "labels": labels}


@pytest.fixture
def dev_file(tmp_path):
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(_dev()), encoding="utf-8")
    return path


def test_hypotheses_become_questions_by_a_generic_rewrite():
    assert hypothesis_question("Receiving Party shall not disclose the fact that Agreement was agreed.") == \
        "Can receiving party disclose the fact that agreement was agreed?"
    assert hypothesis_question("Receiving Party may share some Confidential Information with employees.") == \
        "Can receiving party share some confidential information with employees?"
    assert hypothesis_question("All Confidential Information shall be expressly identified.") == \
        "Does all confidential information have to be expressly identified?"
    assert hypothesis_question("Nothing modal here.") == "Nothing modal here?"


def test_locator_ignores_spacing_case_and_curly_quotes():
    loc = DocumentLocator(TEXT)
    wrapped = "who need to know it and who are bound"           # crosses the line break and indent
    start, end = loc.locate(wrapped)
    assert TEXT[start:end].split() == wrapped.split()
    start, end = loc.locate('all copies of the "confidential information"')
    assert TEXT[start:end] == "all copies of the “Confidential Information”"
    assert loc.locate("an arbitration clause that is not there at all") is None
    assert loc.locate("   ") is None


def test_locator_places_a_clause_the_chunker_altered_by_its_ends():
    loc = DocumentLocator(TEXT)
    altered = ("The Recipient shall hold the Confidential Information in strict confidence. [page 2] "
               "The Recipient may disclose Confidential Information to its employees")
    start, end = loc.locate(altered)
    assert TEXT[start:].startswith("The Recipient shall hold") and TEXT[:end].endswith("to its employees")


def test_overlap_and_rank():
    assert overlaps((0, 10), (9, 20)) and not overlaps((0, 10), (10, 20))
    evidence = [(100, 200)]
    assert evidence_rank([(0, 50), None, (150, 160)], evidence) == 3
    assert evidence_rank([(0, 50)], evidence) is None
    assert evidence_rank([], evidence) is None


def test_load_and_split(dev_file, tmp_path):
    docs, hypotheses = load_dev(dev_file)
    assert [d.id for d in docs] == ["7", "8"] and set(hypotheses) == {"h-share", "h-return", "h-solicit"}
    choice, evidence = docs[0].labels["h-share"]
    assert choice == "Entailment" and TEXT[evidence[0][0]:evidence[0][1]].startswith("The Recipient may disclose")
    assert [d.id for d in split_docs(docs, "train")] == ["7"]
    assert [d.id for d in split_docs(docs, "test")] == ["8"]
    assert [d.id for d in split_docs(docs, "all", limit=1)] == ["7"]
    with pytest.raises(ValueError):
        split_docs(docs, "dev")
    bad = tmp_path / "bad.json"
    bad.write_text('{"documents": [{"id": 1}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a ContractNLI file"):
        load_dev(bad)
    with pytest.raises(ValueError, match="cannot read"):
        load_dev(tmp_path / "missing.json")


def _answer(verdict, *texts):
    return SimpleNamespace(verdict=SimpleNamespace(value=verdict), citations=[SimpleNamespace(text=t) for t in texts])


def test_scoring_and_figures(dev_file):
    docs, _ = load_dev(dev_file)
    nda, loc = docs[0], DocumentLocator(TEXT)
    report = ContractNliReport([
        # evidence cited second: a hit@3, not a hit@1
        score_pair(nda, "h-share", "q1", _answer("conditional", "The Recipient shall hold the Confidential "
                   "Information in strict confidence.", "who need to know it and who are bound by obligations"),
                   loc, 5.0),
        # evidence cited first, but the answer wrongly says not covered
        score_pair(nda, "h-return", "q2", _answer("not_covered", "the Recipient shall return or destroy all copies"),
                   loc, 7.0),
        # not mentioned and answered not covered, with one citation that is nowhere in the text
        score_pair(nda, "h-solicit", "q3", _answer("not_covered", "no solicitation of employees"), loc, 9.0),
    ])
    assert [r.rank for r in report.results] == [2, 1, None]
    f = report.figures()
    assert f["hypotheses"] == 3 and f["with_evidence"] == 2 and f["documents"] == 1
    assert f["evidence_hit@1"] == 0.5 and f["evidence_hit@3"] == 1.0
    assert f["not_mentioned_accuracy"] == pytest.approx(2 / 3)
    assert f["not_mentioned_recall"] == 1.0 and f["mentioned_answered"] == 0.5
    assert f["unlocated_citations"] == 1
    assert f["mean_citation_chars"] == pytest.approx((76 + 52 + 47 + 28) / 4)
    assert f["latency_p50_ms"] == 7.0


def test_real_ingest_and_answers(dev_file, tmp_path, engine):
    """One NDA through the real pipeline and engine: its own collection, idempotent re-ingest, sane figures."""
    from bot.application.engine import Engine

    docs, hypotheses = load_dev(dev_file)
    docs = split_docs(docs, "train")
    eng = Engine(engine.settings.with_data_dir(tmp_path / "cnli"), embedder=engine.embedder)
    n, embedded = ingest_ndas(eng, docs, tmp_path / "cnli" / "texts")
    assert n == 1 and embedded > 0
    assert ingest_ndas(eng, docs, tmp_path / "cnli" / "texts") == (1, 0)        # unchanged: nothing re-embedded
    assert [s.doc_id for s in eng.sources("nda-7")] == ["nda-7"]
    report = evaluate_contractnli(eng, docs, hypotheses)
    f = report.figures()
    assert f["hypotheses"] == 3 and f["unlocated_citations"] == 0
    assert f["evidence_hit@3"] > 0                                              # the return clause is findable
    rows = retrieval_candidates(eng, docs, hypotheses, k=3)
    assert {r["hypothesis"] for r in rows} == set(hypotheses) and all(r["split"] == "train" for r in rows)
    share = next(r for r in rows if r["hypothesis"] == "h-share")
    assert share["label"] == "Entailment" and 0 < len(share["candidates"]) <= 3
    assert {"clause_id", "text", "score", "evidence"} <= set(share["candidates"][0])
    assert any(c["evidence"] for r in rows for c in r["candidates"])
