"""A whole manual in one file (PDF with running headers/footers, DOCX, BoardDocs-style HTML, markdown)
comes out as one document per policy, each with its own title, code and adoption date."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from ingest.plan import plan_paths
from ingest.split_manual import split_manual
from tests.ingest.shared_docs import SHARED, coverage_problems

pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared (the shared real-world corpora) is not beside the repo")

HEADER = "Example Regional Schools - Board Policy Manual"
TABLE = Path(__file__).parent / "data" / "shared_metadata.csv"
_LATIN1 = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "¬": "",
                         "•": "-", "\u00a0": " "})


# The plain-text policies (first line the title, latin-1 once translated) the manuals below are built from;
# the markdown corpora (West Ada, Conway, Oregon) have a manual test of their own.
_PLAIN_TEXT = ("corpora/minuteman-ma/", "policies/")


def _policies() -> list[dict]:
    """The Minuteman and shared single policies: heading (title), code, date and body (title/dates stripped)."""
    out = []
    for row in csv.DictReader(TABLE.open(encoding="utf-8")):
        if not row["path"].startswith(_PLAIN_TEXT):
            continue
        lines = (SHARED / row["path"]).read_text(encoding="utf-8").translate(_LATIN1).split("\n")
        body = [l for l in lines[1:] if not re.match(r"^(Source:|date-adoption:|revision:|Policy Adopted:|"
                                                     r"Adopted on:|Revised on|Policy History:|\(West Ada)", l)]
        out.append({**row, "title": row["title"].translate(_LATIN1), "body": "\n".join(body).strip()})
    return out


POLICIES = _policies() if SHARED else []


def _blocks(policy: dict) -> list[str]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", policy["body"]) if b.strip()]
    return blocks + ([f"Adopted: {policy['adopted']}"] if policy["adopted"] else [])


def _check(path: Path, furniture: tuple[str, ...] = ()) -> None:
    (plan,) = plan_paths([path])
    assert plan.ok, plan.error
    docs = plan.documents
    assert [(d.meta.title, d.meta.policy_code, d.meta.adopted) for d in docs] == [
        (p["title"], p["code"], p["adopted"]) for p in POLICIES]
    assert len({d.doc_id for d in docs}) == len(docs) and all(d.doc_id.startswith(plan.doc_id + "/") for d in docs)
    for doc in docs:
        for clause in doc.clauses:
            assert not any(f in clause.text for f in furniture), clause.text
            assert not re.search(r"\bPage \d+ of \d+\b", clause.text)
    # Coverage, per policy, over what the splitter handed the chunker.
    for part in split_manual(load_text(path)):
        doc = chunk_policy(part.text, doc_id="x")
        assert coverage_problems(part.text, doc) == [], doc.meta.title


def test_pdf_manual_with_running_headers_and_footers(tmp_path):
    from fpdf import FPDF

    class Manual(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, HEADER, align="C")
            self.ln(10)

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Manual()
    pdf.set_auto_page_break(True, margin=18)
    for policy in POLICIES:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, policy["title"])
        pdf.ln(3)
        pdf.set_font("Helvetica", size=11)
        for block in _blocks(policy):
            pdf.multi_cell(0, 6, block)
            pdf.ln(3)
    path = tmp_path / "manual.pdf"
    pdf.output(str(path))
    assert pdf.page_no() >= 40
    _check(path, furniture=(HEADER,))


def test_docx_manual(tmp_path):
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = HEADER
    for policy in POLICIES:
        d.add_heading(policy["title"], level=1)
        for block in _blocks(policy):
            for line in block.split("\n"):
                d.add_paragraph(line.strip())
        d.add_page_break()
    path = tmp_path / "manual.docx"
    d.save(str(path))
    _check(path, furniture=(HEADER,))


def test_boarddocs_style_html_manual(tmp_path):
    from html import escape

    parts = [f"<html><head><title>{HEADER}</title></head><body><nav>Home | Policies | Search</nav>"]
    for policy in POLICIES:
        parts.append(f'<div class="policy"><h1>{escape(policy["title"])}</h1>')
        for block in _blocks(policy):
            for line in block.split("\n"):
                parts.append(f"<p>{escape(line.strip())}</p>")
        parts.append("</div>")
    parts.append("<footer>Powered by an example policy site</footer></body></html>")
    path = tmp_path / "manual.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    _check(path, furniture=("Powered by", "Home | Policies"))


def test_markdown_manual_of_front_matter_policies(tmp_path):
    files = sorted((SHARED / "corpora" / "westada-id").glob("*.md"))[:12]
    path = tmp_path / "manual.md"
    path.write_text("\n\n".join(f.read_text(encoding="utf-8").strip() for f in files) + "\n", encoding="utf-8")
    (plan,) = plan_paths([path])
    rows = {r["path"]: r for r in csv.DictReader(TABLE.open(encoding="utf-8"))}
    expected = [rows[f"corpora/westada-id/{f.name}"] for f in files]
    assert [(d.meta.title, d.meta.policy_code, d.meta.adopted, d.meta.revised) for d in plan.documents] == [
        (r["title"], r["code"], r["adopted"], r["revised"]) for r in expected]
    assert [d.doc_id for d in plan.documents] == [f"manual/{r['code'].replace('.', '-')}" for r in expected]


def test_markdown_manual_of_titled_policies(tmp_path):
    """Conway and Oregon policies (a `# 3.8—TITLE` heading, dates at the end or in an effective-date table)."""
    files = [f for d in ("conway-ar", "oregon-doc") for f in sorted((SHARED / "corpora" / d).glob("*.md"))[:8]]
    files = [f for f in files if not f.read_text(encoding="utf-8").startswith("---")]
    path = tmp_path / "manual.md"
    path.write_text("\n\n".join(f.read_text(encoding="utf-8").strip() for f in files) + "\n", encoding="utf-8")
    (plan,) = plan_paths([path])
    rows = {r["path"]: r for r in csv.DictReader(TABLE.open(encoding="utf-8"))}
    expected = [rows[str(f.relative_to(SHARED))] for f in files]
    assert [(d.meta.title, d.meta.policy_code, d.meta.adopted, d.meta.revised) for d in plan.documents] == [
        (r["title"], r["code"], r["adopted"], r["revised"]) for r in expected]


def test_a_single_policy_is_not_split():
    for row in csv.DictReader(TABLE.open(encoding="utf-8")):
        assert len(split_manual((SHARED / row["path"]).read_text(encoding="utf-8"))) == 1, row["path"]
