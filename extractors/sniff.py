"""Guess what kind of source a file is from its name and first bytes."""
from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from charset_normalizer import from_bytes

from extractors.errors import ExtractionError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or an encrypted .docx
_EXTENSIONS = {".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
               ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".txt": "text",
               ".text": "text"}
_HTML_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                         re.I | re.S)
_MARKDOWN = re.compile(r"^(#{1,6}\s+\S|```|~~~|\s*\|?\s*:?-{3,}:?\s*\|)", re.M)


def _decodable(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample window
            return True
    best = from_bytes(head).best()
    return best is not None


def sniff_kind(name: str, data: bytes) -> str:
    """Return "html", "docx", "markdown" or "text"; raise ExtractionError for empty or binary data."""
    if not data or not data.strip():
        raise ExtractionError(name, "empty file")
    suffix = PurePath(name).suffix.lower() if name else ""
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        if suffix in ("", ".docx", ".doc"):
            return "docx"  # the DOCX reader explains what is wrong with an OLE or non-Word ZIP
        raise ExtractionError(name, "binary file (an archive, not HTML, DOCX, Markdown or text)")
    if suffix == ".docx":
        return "docx"  # let the DOCX reader say it is not a ZIP
    head = data[:8192]
    if not _decodable(head):
        raise ExtractionError(name, "binary file (not HTML, DOCX, Markdown or text)")
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    sample = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if _HTML_START.match(sample):
        return "html"
    if _MARKDOWN.search(sample):
        return "markdown"
    return "text"
