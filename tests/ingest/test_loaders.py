import zlib

import pytest

from ingest.loaders import LoadError, load_text
from ingest.chunk_policy import chunk_policy


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with the given text lines (Helvetica)."""
    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(
        "(" + l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for l in lines) + " ET"
    stream = zlib.compress(content.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(make_pdf(["Cell Phone Policy", "Employees shall not text students", "after 9 pm."]))
    text = load_text(path)
    assert "Employees shall not text students" in text
    doc = chunk_policy(text, doc_id="p")
    assert any("shall not text students after 9 pm." in c.text for c in doc.clauses)


def test_broken_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf(["hello"])[:60])
    with pytest.raises(LoadError, match="PDF"):
        load_text(path)


def test_docx_headings_and_lists(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Phone Policy", level=1)
    d.add_heading("Contact With Students", level=2)
    d.add_paragraph("Employees shall observe the following:")
    d.add_paragraph("Do not text students.", style="List Bullet")
    d.add_paragraph("Use district email.", style="List Bullet")
    path = tmp_path / "p.docx"
    d.save(str(path))
    doc = chunk_policy(load_text(path), doc_id="p")
    item = [c for c in doc.clauses if c.text == "Do not text students."][0]
    assert item.section == "Contact With Students" and item.locator == "item 1"
    assert item.lead_in == "Employees shall observe the following:"


def test_html(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<html><head><title>Phone Policy</title><script>x()</script></head><body>"
                    "<h2>Contact</h2><p>Staff shall follow these rules:</p><ul><li>Never text students.</li>"
                    "<li>Use district email.</li></ul></body></html>", encoding="utf-8")
    doc = chunk_policy(load_text(path), doc_id="p")
    assert doc.meta.title == "Phone Policy"
    texts = {c.text: c for c in doc.clauses}
    assert texts["Never text students."].section == "Contact" and "x()" not in load_text(path)


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blob.txt", b"\x00\x01\x02binary", "binary"),
    ("notes.xlsx", b"PK\x03\x04", "unsupported"),
    ("bad.docx", b"not a zip", "DOCX"),
])
def test_bad_files(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=message):
        load_text(path)
