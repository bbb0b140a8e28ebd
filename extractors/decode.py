"""Decode HTML bytes to text: HTTP charset, then <meta>, then BOM, then detection."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Korean legacy labels all mean the Windows superset in practice (it decodes every EUC-KR byte).
_ALIASES = {
    "euc-kr": "cp949", "euckr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949", "ksc5601": "cp949", "ks-c-5601": "cp949", "ksc_5601": "cp949",
    "korean": "cp949", "uhc": "cp949", "windows-949": "cp949", "x-windows-949": "cp949",
    "cp949": "cp949", "ms949": "cp949",
    # WHATWG: a page labelled latin-1 is decoded as windows-1252.
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def normalize_encoding(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalize_encoding(match.group(1)) if match else None


def charset_from_meta(content: bytes, window: int = 4096) -> str | None:
    """The charset declared by <meta charset> or <meta http-equiv> in the first bytes."""
    match = _META_CHARSET.search(content[:window])
    return normalize_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _bom(content: bytes) -> str | None:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    return None


def _detect(content: bytes) -> str:
    best = from_bytes(content[:200_000]).best()
    return normalize_encoding(best.encoding) if best is not None and best.encoding else "utf-8"


def detect_encoding(content: bytes, content_type: str | None = None) -> str:
    """The encoding to decode with, in order: BOM-free HTTP header, meta, BOM, detection."""
    bom = _bom(content)
    declared = charset_from_content_type(content_type) or charset_from_meta(content)
    # A UTF-16 page can't carry an ASCII-readable meta tag; a BOM beats a wrong declaration there.
    if bom and (declared is None or bom.startswith("utf-16")):
        return bom
    if declared:
        if declared.startswith("utf-16") and not bom:
            declared = None  # an ASCII-compatible file saying utf-16 is lying
        else:
            return "utf-8-sig" if declared == "utf-8" else declared
    if bom:
        return bom
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return _detect(content)


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes using the declared or detected charset (never a parser's guess)."""
    encoding = detect_encoding(content, content_type)
    text = content.decode(encoding, errors="replace")
    return text.lstrip("\ufeff")
