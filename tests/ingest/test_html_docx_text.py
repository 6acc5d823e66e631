"""Saved policy pages and Word files lose no text: bare <div>/<br> text, tables, nested lists."""
from __future__ import annotations

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from tests.ingest.shared_docs import coverage_problems, words

SIMBLI_LIKE = """<html><head><title>Policy Site</title><style>p{}</style></head><body>
<nav>Home | Search</nav>
<div class="policy-title">GBXX - Staff Travel</div>
<div class="content">Staff who travel on district business are reimbursed.<br>
Receipts are required for every claim.<br>
<span>Claims are filed within 30 days.</span></div>
<table><tr><th>Meal</th><th>Allowance</th></tr>
<tr><td>Breakfast</td><td>$5.00</td></tr><tr><td>Lunch</td><td>$8.00</td></tr></table>
<ul><li>Mileage is paid at the state rate.<ul><li>Only for personal vehicles.</li></ul></li>
<li><p>Tolls are reimbursed.</p></li></ul>
<footer>Copyright the policy site</footer></body></html>"""


def test_div_br_table_and_nested_list_text_all_survive(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(SIMBLI_LIKE, encoding="utf-8")
    text = load_text(path)
    doc = chunk_policy(text, doc_id="p")
    clauses = {c.text: c for c in doc.clauses}
    for sentence in ("Staff who travel on district business are reimbursed.", "Receipts are required for every claim.",
                     "Claims are filed within 30 days.", "| Breakfast | $5.00 |", "Tolls are reimbursed."):
        assert sentence in clauses, sentence
    lunch = clauses["| Lunch | $8.00 |"]
    assert lunch.columns == "| Meal | Allowance |" and lunch.shown_text() == "Meal: Lunch; Allowance: $8.00"
    assert "| Meal | Allowance |" not in clauses and doc.table_heads == [(lunch.position - 1, "| Meal | Allowance |")]
    assert clauses["Only for personal vehicles."].locator == "item 1.1"
    assert "Home" not in text and "Copyright" not in text and "p{}" not in text
    assert coverage_problems(text, doc) == []


def test_docx_tables_are_read_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Staff Travel", level=1)
    d.add_paragraph("Meals are reimbursed as follows.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Breakfast", "$5.00"
    table.cell(1, 0).text, table.cell(1, 1).text = "Lunch", "$8.00"
    d.add_paragraph("Receipts are required.")
    path = tmp_path / "t.docx"
    d.save(str(path))
    text = load_text(path)
    assert words(text) == words("Staff Travel Meals are reimbursed as follows. Breakfast Lunch Receipts are required.")
    texts = [c.text for c in chunk_policy(text, doc_id="t").clauses]
    assert texts == ["Meals are reimbursed as follows.", "| Breakfast | $5.00 |", "| Lunch | $8.00 |",
                     "Receipts are required."]
