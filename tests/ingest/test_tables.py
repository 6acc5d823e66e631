"""Tables in every format: each row a clause read with its headers; header rows and rules never clauses.

The markdown and HTML shapes are files under tests/fixtures/shapes/; the Word
and PDF ones are written here with python-docx and fpdf2.
"""
from __future__ import annotations

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from tests.conftest import FIXTURES
from tests.ingest.shared_docs import coverage_problems

SHAPES = FIXTURES / "shapes"
HOURS = [("Day", "Standard hours", "Compressed hours"), ("Monday", "8", "9"), ("Friday", "8", "Off")]


def _rows(doc) -> dict[str, object]:
    return {c.shown_text(): c for c in doc.clauses if c.columns}


def _chunk(path):
    text = load_text(path)
    doc = chunk_policy(text, doc_id="hours")
    assert coverage_problems(text, doc) == []
    return doc


@pytest.mark.parametrize("name", ["staff-hours.md", "staff-hours.html"])
def test_markdown_and_html_rows_carry_their_headers(name):
    doc = _chunk(SHAPES / name)
    rows = _rows(doc)
    friday = rows["Day: Friday; Standard hours: 8; Compressed hours: Off"]
    assert friday.text == "| Friday | 8 | Off |" and friday.section == "Schedule"
    assert "Schedule" in friday.search_text() and "Compressed hours: Off" in friday.search_text()
    texts = [c.text for c in doc.clauses]
    assert "| Day | Standard hours | Compressed hours |" not in texts
    assert not any(set(t) <= set("|-: ") for t in texts)                 # no rule is a clause
    assert any(head == "| Day | Standard hours | Compressed hours |" for _, head in doc.table_heads)


def test_an_html_caption_introduces_its_rows_and_is_not_a_clause():
    doc = _chunk(SHAPES / "staff-hours.html")
    monday = _rows(doc)["Day: Monday; Standard hours: 8; Compressed hours: 9"]
    assert monday.lead_in == "Weekly hours by schedule"
    assert "Weekly hours by schedule" not in [c.text for c in doc.clauses]


def test_a_sentence_announcing_a_table_is_its_rows_lead_in():
    doc = _chunk(SHAPES / "staff-hours.html")
    lunch = _rows(doc)["Meal: Lunch; Allowance: $8.00"]
    assert lunch.lead_in == "Travel meals are reimbursed as follows:"
    assert lunch.search_text() == "Meal allowances Travel meals are reimbursed as follows: Meal: Lunch; Allowance: $8.00"


def test_a_paragraph_that_does_not_announce_the_table_is_not_its_lead_in():
    text = "# Leave\n\nPart-time staff accrue leave pro rata.\n\n| Years | Days |\n|---|---|\n| 1-5 | 10 |\n"
    row = chunk_policy(text, doc_id="l").clauses[-1]
    assert row.lead_in == "" and row.shown_text() == "Years: 1-5; Days: 10"


def test_a_list_wrapped_in_a_table_reads_as_a_list():
    text = "# Leave\n\nRequests are judged on:\n\n|●|Rationale for request.|\n|---|---|\n|●|Effect on students.|\n"
    doc = chunk_policy(text, doc_id="l")
    assert [(c.locator, c.text, c.lead_in) for c in doc.clauses[1:]] == [
        ("item 1", "Rationale for request.", "Requests are judged on:"),
        ("item 2", "Effect on students.", "Requests are judged on:")]
    assert doc.table_heads == [] and coverage_problems(text, doc) == []


def _docx(tmp_path, *, header: str):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_heading("Schedule", level=1)
    d.add_paragraph("Staff work the following hours:")
    table = d.add_table(rows=len(HOURS), cols=3)
    for r, values in enumerate(HOURS):
        for c, value in enumerate(values):
            run = table.cell(r, c).paragraphs[0].add_run(value)
            run.bold = header == "bold" and r == 0
    if header == "repeat":
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        assert tr_pr.find(qn("w:tblHeader")) is not None
    d.add_paragraph("Overtime needs approval.")
    path = tmp_path / f"hours-{header}.docx"
    d.save(str(path))
    return path


@pytest.mark.parametrize("header", ["bold", "repeat"])
def test_docx_header_rows_bold_or_repeated_label_the_rows(tmp_path, header):
    doc = _chunk(_docx(tmp_path, header=header))
    assert [c.shown_text() for c in doc.clauses] == [
        "Staff work the following hours:", "Day: Monday; Standard hours: 8; Compressed hours: 9",
        "Day: Friday; Standard hours: 8; Compressed hours: Off", "Overtime needs approval."]
    assert doc.clauses[1].lead_in == "Staff work the following hours:"


def test_a_docx_table_without_a_marked_header_keeps_every_row(tmp_path):
    doc = _chunk(_docx(tmp_path, header="none"))
    assert "| Day | Standard hours | Compressed hours |" in [c.text for c in doc.clauses]
    assert not any(c.columns for c in doc.clauses)


def test_pdf_table_rows_carry_their_headers(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Staff Hours", "Staff work the following hours:"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for values in HOURS:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.multi_cell(0, 6, "Overtime needs approval.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "hours.pdf"
    pdf.output(str(path))
    doc = _chunk(path)
    assert [c.shown_text() for c in doc.clauses] == [
        "Staff work the following hours:", "Day: Monday; Standard hours: 8; Compressed hours: 9",
        "Day: Friday; Standard hours: 8; Compressed hours: Off", "Overtime needs approval."]
