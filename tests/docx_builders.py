"""Small DOCX files for tests, built with python-docx."""
from __future__ import annotations

import io


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A DOCX package with one plain paragraph per string."""
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
