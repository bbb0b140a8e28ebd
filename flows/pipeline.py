"""The one-off pipeline as plain functions: load a source, extract, convert, write outputs."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, unquote, urlsplit

from document.model import Document

FORMATS = ("html", "docx")
# Last URL path segments that say nothing about the article.
_GENERIC_STEMS = frozenset({"", "index", "view", "read", "article", "articleview", "news", "newsview",
                            "detail", "show", "post", "story", "content", "page", "default"})
_MAX_SLUG = 60
_DOMAIN_SUFFIXES = frozenset({"co", "com", "or", "go", "ne", "kr", "net", "org", "re", "ac"})


@dataclass
class Loaded:
    """Raw bytes of one source, what kind they are, and where they came from."""
    source: str
    kind: str                       # html | docx | markdown | text
    data: bytes
    url: str | None = None          # set for fetched sources (the final URL after redirects)
    name: str = ""                  # file name (or last URL path segment)
    content_type: str | None = None  # HTTP Content-Type of a fetched source


def is_url(source: str) -> bool:
    """True for http(s) URLs."""
    return source.lower().startswith(("http://", "https://"))


def load_source(source: str, fetch_opts: dict | None = None) -> Loaded:
    """Fetch a URL or read a local file; raises SourceError with a one-line reason."""
    from extractors.errors import ExtractionError
    from extractors.sniff import sniff_kind

    if is_url(source):
        from extractors.fetch import fetch

        fetched = fetch(source, **(fetch_opts or {}))
        name = PurePosixPath(unquote(urlsplit(fetched.final_url).path)).name
        ctype = fetched.headers.get("content-type")
        mime = (ctype or "").split(";")[0].strip().lower()
        # Servers label most pages text/html; anything else (a DOCX, plain text) is sniffed.
        kind = "html" if mime in ("", "text/html", "application/xhtml+xml") else sniff_kind(name, fetched.content)
        return Loaded(source, kind, fetched.content, fetched.final_url, name, ctype)
    path = Path(source)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ExtractionError(source, "is a directory, not a file") from None
    except FileNotFoundError:
        raise ExtractionError(source, "no such file") from None
    except OSError as exc:
        raise ExtractionError(source, f"cannot read file ({exc.strerror or exc})") from None
    return Loaded(source, sniff_kind(path.name, data), data, None, path.name)


def decode_text(data: bytes) -> str:
    """Text of a plain-text or Markdown file: BOM, UTF-8, else detected legacy encoding."""
    from extractors.decode import decode_html

    # decode_html's order (BOM, UTF-8, detection) suits any text; a <meta> cannot appear in prose.
    return decode_html(data)


def extract(loaded: Loaded) -> Document:
    """Read loaded bytes into the document model (articles for web pages)."""
    from extractors.errors import ExtractionError

    if loaded.kind == "html":
        from extractors.decode import decode_html
        from extractors.html import extract_article, read_html_document

        html = decode_html(loaded.data, loaded.content_type)
        if loaded.url:
            return extract_article(html, loaded.url)
        try:
            return extract_article(html, None)
        except ExtractionError:
            # A local page that is not an article (a plain HTML document): keep its whole body.
            return read_html_document(html)
    if loaded.kind == "docx":
        from extractors.docx import read_docx

        return read_docx(loaded.data, loaded.name or loaded.source)
    if loaded.kind in ("markdown", "text"):
        from extractors.text import read_markdown, read_text

        reader = read_markdown if loaded.kind == "markdown" else read_text
        return reader(decode_text(loaded.data))
    raise ExtractionError(loaded.source, f"unsupported kind {loaded.kind!r}")


def convert_doc(doc: Document, options) -> Document:
    """Run the Hanja engine over every text run of the document."""
    import converter

    return converter.convert_document(doc, options)


def write_outputs(doc: Document, out_dir: str | Path, slug: str, formats: list[str] | tuple[str, ...],
                  style: str) -> dict[str, Path]:
    """Render the document in each format and write OUT/<slug>.<fmt> atomically."""
    from outputs.files import write_atomic

    out = Path(out_dir)
    written: dict[str, Path] = {}
    for fmt in formats:
        if fmt == "html":
            from outputs.html import render_html

            written["html"] = write_atomic(out / f"{slug}.html", render_html(doc, style))
        elif fmt == "docx":
            from outputs.docx import render_docx

            written["docx"] = write_atomic(out / f"{slug}.docx", render_docx(doc, style))
        else:
            raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    return written


def report_words(doc: Document, options, context_chars: int = 20) -> list:
    """ReportWord rows for every converted word of an (unconverted) document, with context."""
    import converter
    from document.walk import inline_lists, inline_text, iter_blocks
    from outputs.report import ReportWord

    rows = []
    for block in iter_blocks(doc.blocks):
        for seq in inline_lists(block):
            text = inline_text(seq)
            for seg in converter.analyze(text, options) if text.strip() else []:
                if seg.hanja is None or seg.hanja == seg.hangul:
                    continue
                context = text[max(0, seg.start - context_chars):seg.end + context_chars]
                rows.append(ReportWord(seg.hangul, seg.hanja, seg.confidence,
                                       tuple(seg.alternatives), context))
    return rows


def _ascii_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens; other characters dropped."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _url_slug(url: str) -> str:
    """site-stem from a URL (e.g. "hani-1234567"), or "" when the path names no article."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    labels = [label for label in host.split(".") if label not in _DOMAIN_SUFFIXES]
    is_ip = not host.strip("0123456789.:[]")
    site = _ascii_slug(host if is_ip or not labels else labels[-1])
    segments = [s for s in unquote(parts.path).split("/") if s]
    stem = _ascii_slug(PurePosixPath(segments[-1]).stem) if segments else ""
    if stem in _GENERIC_STEMS or stem.isdigit():
        query = "-".join(v for v in (_ascii_slug(v) for _k, v in parse_qsl(parts.query)) if v)
        stem = "-".join(p for p in (stem, query) if p)
    if not stem and len(segments) > 1:
        stem = _ascii_slug(segments[-2])
    return "-".join(p for p in (site, stem) if p) if stem else ""


def make_slug(doc: Document | None, source: str, taken: set[str] | None = None) -> str:
    """A filesystem-safe ASCII name for a source's outputs, not in `taken` (which it joins)."""
    base = _url_slug(source) if is_url(source) else _ascii_slug(Path(source).stem)
    if not base and doc is not None and doc.meta.title:
        base = _ascii_slug(doc.meta.title)
    if not base:
        base = "doc-" + _short_hash(source)
    base = base[:_MAX_SLUG].strip("-")
    slug, n = base, 2
    while taken is not None and slug in taken:
        slug, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(slug)
    return slug


__all__ = ["FORMATS", "Loaded", "is_url", "load_source", "decode_text", "extract", "convert_doc",
           "write_outputs", "report_words", "make_slug"]
