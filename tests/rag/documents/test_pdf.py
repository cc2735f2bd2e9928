"""PDF files: the text layer read by pdfminer.six parses to the same passages as the text extract; a file that is
not a PDF is a one-line error. The PDFs are written by the test itself (tests/rag/documents/pdfs.py)."""
from pathlib import Path

import pytest

from rag.documents.kinds import UnreadableDocument, parse_file, parse_text, read_pdf

from tests.rag.documents.pdfs import write_pdf

FIXTURES = Path(__file__).parent / "fixtures"
pytest.importorskip("reportlab")


def passages(doc):
    return [(p.id, p.text, p.unit, p.speaker) for p in doc.passages()]


@pytest.mark.parametrize("name,chinese", [("pv_9001_en.txt", False), ("pv_9001_zh.txt", True),
                                          ("res_2999_en.txt", False), ("res_2999_zh.txt", True),
                                          ("prst_2024_5_en.txt", False), ("report_2024_400_en.txt", False),
                                          ("prst_2024_5_zh.txt", True), ("report_2024_400_zh.txt", True),
                                          ("other_en.txt", False)])
def test_a_pdf_parses_to_the_same_passages_as_its_text(tmp_path, name, chinese):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    pdf = write_pdf(text, tmp_path / name.replace(".txt", ".pdf"), chinese=chinese)
    assert pdf.stat().st_size < 20_000
    symbol = "X/1" if name.startswith("other") else None
    from_text, from_pdf = parse_text(text, symbol=symbol).document, parse_file(pdf, symbol=symbol).document
    assert from_pdf.passages()
    assert passages(from_pdf) == passages(from_text)
    assert (from_pdf.id, from_pdf.kind, from_pdf.date, from_pdf.members) == (
        from_text.id, from_text.kind, from_text.date, from_text.members)


def test_the_pdf_text_has_one_line_per_printed_line_and_pages(tmp_path):
    pdf = write_pdf("Line one\nLine two\n\nNext paragraph\n2/3 24-01234\nNew page", tmp_path / "t.pdf")
    text = read_pdf(pdf)
    assert "Line one\nLine two\n\nNext paragraph" in text and "\f" in text


@pytest.mark.parametrize("content", [b"this is not a PDF at all\n", b"%PDF-1.4\n garbage that is no PDF \x00\x01"])
def test_a_non_pdf_is_a_one_line_error(tmp_path, content):
    path = tmp_path / "fake.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as e:
        parse_file(path)
    assert "\n" not in str(e.value) and "PDF" in str(e.value)
