"""Small PDFs made for the tests from the text fixtures: one printed line per text line, a wider gap for an empty
line, a new page after each page footer ("2/3 24-01234"), as a UN PDF prints them."""
from __future__ import annotations

import re
from pathlib import Path

_FOOTER = re.compile(r"^\s*(?:\d+/\d+\s+\d{2}-\d{4,6}|\d{2}-\d{4,6}\s+\d+/\d+)\s*$")


def write_pdf(text: str, path: Path, chinese: bool = False) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    top, y = A4[1] - 60, A4[1] - 60
    for line in text.splitlines():
        if not line.strip():
            y -= 12
            continue
        c.setFont(font, 10)
        c.drawString(50, y, line)
        y -= 14
        if _FOOTER.match(line) or y < 60:
            c.showPage()
            y = top
    c.save()
    return path
