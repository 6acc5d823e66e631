"""Text encodings read right (UTF-8, UTF-8/UTF-16 with BOM, others guessed and reported) and bounded files."""
from __future__ import annotations

import io
import zipfile

import pytest

from ingest.loaders import Limits, LoadError, load_file, load_text
from ingest.pipeline import ingest_paths
from knowledge.store.chroma_store import ChromaStore

TEXT = "Déjà-vu Policy\n\nStaff shall not share “confidential” records — ever.\n"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", TEXT.encode("utf-8-sig")),
    ("utf-16", TEXT.encode("utf-16")),                       # Notepad's "Unicode": UTF-16 LE with BOM
    ("utf-16", "\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be")),
])
def test_unicode_files_read_exactly(tmp_path, encoding, data):
    path = tmp_path / "p.txt"
    path.write_bytes(data)
    loaded = load_file(path)
    assert loaded.text.lstrip("\ufeff") == TEXT and loaded.encoding_note == ""


def test_other_encodings_are_detected_and_the_guess_reported(tmp_path, settings, hash_embedder):
    path = tmp_path / "legacy.txt"
    text = ("Política de Uso Aceptable\n\nLos empleados no compartirán contraseñas con nadie, según la política "
            "del distrito. La información confidencial de los estudiantes está protegida en todo momento.\n")
    path.write_bytes(text.encode("cp1252"))
    loaded = load_file(path)
    assert "contraseñas" in loaded.text and "información" in loaded.text
    assert "encoding guessed" in loaded.encoding_note
    report = ingest_paths(ChromaStore(settings).collection("enc"), hash_embedder, [path])
    assert "encoding guessed" in report.documents[0].note


def test_file_size_limit_names_the_setting(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Staff shall sign in.\n" * 60000)          # about 1.2 MB
    with pytest.raises(LoadError, match=r"over the limit of 1 MB \(setting ingest.max_file_mb\)"):
        load_text(path, Limits(max_file_mb=1))
    assert load_text(path)                                      # fine under the default 25 MB


def _bomb(path, inflated_mb: int) -> None:
    """A .docx-shaped zip whose document part inflates to `inflated_mb` MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated_mb):
                part.write(chunk)
    path.write_bytes(buf.getvalue())


def test_docx_zip_bomb_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    _bomb(path, 300)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(LoadError, match="max_docx_uncompressed_mb"):
        load_text(path)
    small = tmp_path / "ratio.docx"
    _bomb(small, 20)
    with pytest.raises(LoadError, match="zip bomb"):
        load_text(small)


def test_pdf_page_limit(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for n in range(5):
        pdf.add_page()
        pdf.cell(0, 10, f"Staff shall read page {n + 1}.")
    path = tmp_path / "p.pdf"
    pdf.output(str(path))
    with pytest.raises(LoadError, match=r"5 pages, over the limit of 3 \(setting ingest.max_pdf_pages\)"):
        load_text(path, Limits(max_pdf_pages=3))
    assert "page 5" in load_text(path)
