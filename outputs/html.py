"""Render a document as one standalone HTML5 page that reads well in Korean.

Heading levels: when the document has a title it is the page's only <h1>, and a body heading
of level n becomes <h{n+1}> (capped at <h6>); without a title, levels map one to one.
"""
from __future__ import annotations

import html
import re
from datetime import date, datetime

from document.model import (Block, BlockQuote, Cell, CodeBlock, Document, Figure, Heading, Inline,
                            LineBreak, Link, ListBlock, ListItem, Paragraph, Row, Rule, Table,
                            Text, Word)
from document.walk import inline_text
from outputs.style import check_style, word_parts

# Outermost first; a run with several marks nests the tags in this order.
MARK_TAGS = (("bold", "strong"), ("italic", "em"), ("underline", "u"), ("strike", "s"),
             ("superscript", "sup"), ("subscript", "sub"), ("code", "code"))

LINK_SCHEMES = ("http", "https", "mailto")

# Characters HTML forbids in text (C0/C1 controls except tab/LF/FF/CR, lone surrogates,
# noncharacters); browsers mangle them and parsers flag them, so they are dropped.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Browsers ignore ASCII whitespace and controls inside a URL's scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

CSS = """\
:root { color-scheme: light dark; }
body {
  margin: 0 auto; padding: 2rem 1.25rem 4rem; max-width: 40em;
  font-family: "Noto Serif KR", "Noto Serif CJK KR", "Nanum Myeongjo", "Batang", "바탕",
    "AppleMyungjo", serif;
  font-size: 1.0625rem; line-height: 1.8;
  word-break: keep-all; overflow-wrap: break-word; line-break: strict;
}
header h1, h2, h3, h4, h5, h6 {
  font-family: "Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", "Malgun Gothic",
    "Apple SD Gothic Neo", sans-serif;
  line-height: 1.4; margin: 1.6em 0 0.6em;
}
header { margin-bottom: 2rem; border-bottom: 1px solid #8884; padding-bottom: 1rem; }
header h1 { margin-top: 0; font-size: 1.9em; }
.subtitle { font-size: 1.15em; margin: 0.3em 0; opacity: 0.85; }
.byline, .source { font-size: 0.9em; margin: 0.3em 0; opacity: 0.8; }
p { margin: 0 0 1em; }
ruby { ruby-position: over; }
rt { font-size: 0.5em; line-height: 1; opacity: 0.85; }
a { color: inherit; text-decoration-thickness: 1px; text-underline-offset: 0.2em; }
blockquote { margin: 1.2em 0; padding: 0.2em 1em; border-left: 4px solid #8886; }
table { border-collapse: collapse; margin: 1.2em 0; width: 100%; }
th, td { border: 1px solid #8888; padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
thead th { background: #8882; }
caption { caption-side: top; font-weight: bold; padding-bottom: 0.4em; }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9em; opacity: 0.8; margin-top: 0.4em; }
pre { overflow-x: auto; padding: 0.8em 1em; background: #8881; line-height: 1.5; }
code { font-family: "D2Coding", "Nanum Gothic Coding", ui-monospace, monospace; font-size: 0.92em; }
hr { border: 0; border-top: 1px solid #8886; margin: 2em 0; }
footer { margin-top: 3rem; font-size: 0.8em; opacity: 0.6; }
"""


def render_html(doc: Document, style: str = "hanja") -> str:
    """Render doc as a complete HTML5 page with Word inlines shown in the given style."""
    check_style(style)
    shift = 1 if doc.meta.title.strip() else 0
    r = _Renderer(style, shift)
    body = "\n".join(r.block(b) for b in doc.blocks)
    title = doc.meta.title.strip() or _first_heading(doc) or "gukhan"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="gukhan">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        _header(doc),
        "<main>",
        f"<article>\n{body}\n</article>" if body else "<article></article>",
        "</main>",
        f'<footer><p>Converted by gukhan (style: {esc(style)}).</p></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def esc(text: str) -> str:
    """Escape text or an attribute value for HTML, dropping characters HTML forbids."""
    return html.escape(_BAD_CHARS.sub("", text), quote=True)


def safe_url(url: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> str | None:
    """The URL trimmed, if its scheme is one of schemes; None otherwise (incl. relative URLs)."""
    cleaned = url.strip()
    m = _SCHEME.match(_URL_NOISE.sub("", cleaned))
    if not m or m.group(1).lower() not in schemes:
        return None
    return cleaned


def safe_image_src(src: str) -> str | None:
    """The image source if it is http(s) or an inline data:image URL; None otherwise."""
    url = safe_url(src, ("http", "https", "data"))
    if url is None:
        return None
    if url.lower().startswith("data:") and not _URL_NOISE.sub("", url).lower().startswith("data:image/"):
        return None
    return url


def html_datetime(value: str) -> str | None:
    """A valid HTML datetime string for an ISO 8601 date/datetime, or None if it does not parse."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat(timespec="seconds")
    except ValueError:
        return None


def _first_heading(doc: Document) -> str:
    for b in doc.blocks:
        if isinstance(b, Heading):
            return inline_text(b.inlines, hanja=True).strip()
    return ""


def _header(doc: Document) -> str:
    meta = doc.meta
    lines: list[str] = []
    if meta.title.strip():
        lines.append(f"<h1>{esc(meta.title.strip())}</h1>")
    for sub in meta.subtitles:
        if sub.strip():
            lines.append(f'<p class="subtitle">{esc(sub.strip())}</p>')
    byline: list[str] = []
    authors = [a.strip() for a in meta.authors if a.strip()]
    if authors:
        byline.append(f'<span class="author">{esc(", ".join(authors))}</span>')
    if meta.date and meta.date.strip():
        stamp = html_datetime(meta.date)
        shown = esc(meta.date.strip())
        byline.append(f'<time datetime="{esc(stamp)}">{shown}</time>' if stamp
                      else f'<span class="date">{shown}</span>')
    if byline:
        lines.append(f'<p class="byline">{" · ".join(byline)}</p>')
    url = safe_url(meta.url or "", ("http", "https"))
    if url:
        label = meta.site.strip() if meta.site and meta.site.strip() else url
        lines.append(f'<p class="source">Source: <a href="{esc(url)}">{esc(label)}</a></p>')
    if not lines:
        return ""
    return "<header>\n" + "\n".join(lines) + "\n</header>"


class _Renderer:
    """Block and inline rendering with the chosen style and heading shift."""

    def __init__(self, style: str, shift: int):
        self.style = style
        self.shift = shift

    # Blocks -----------------------------------------------------------------------------
    def block(self, b: Block) -> str:
        if isinstance(b, Heading):
            level = min(max(b.level, 1) + self.shift, 6)
            return f"<h{level}>{self.inlines(b.inlines)}</h{level}>"
        if isinstance(b, Paragraph):
            return f"<p>{self.inlines(b.inlines)}</p>"
        if isinstance(b, ListBlock):
            return self.list_block(b)
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, BlockQuote):
            inner = "\n".join(self.block(c) for c in b.blocks)
            return f"<blockquote>\n{inner}\n</blockquote>" if inner else "<blockquote></blockquote>"
        if isinstance(b, Figure):
            return self.figure(b)
        if isinstance(b, CodeBlock):
            cls = ""
            if b.language and b.language.strip():
                cls = f' class="language-{esc(b.language.strip())}"'
            # A leading newline right after <pre> is swallowed by parsers; keep it visible.
            text = b.text
            lead = "\n" if text.startswith("\n") else ""
            return f"<pre><code{cls}>{lead}{esc(text)}</code></pre>"
        if isinstance(b, Rule):
            return "<hr>"
        raise TypeError(f"not a block: {type(b).__name__}")

    def list_block(self, b: ListBlock) -> str:
        if b.ordered:
            start = f' start="{int(b.start)}"' if b.start != 1 else ""
            open_, close = f"<ol{start}>", "</ol>"
        else:
            open_, close = "<ul>", "</ul>"
        items = "\n".join(self.list_item(i) for i in b.items)
        return f"{open_}\n{items}\n{close}" if items else f"{open_}{close}"

    def list_item(self, item: ListItem) -> str:
        return f"<li>{self.flow(item.blocks)}</li>"

    def flow(self, blocks: list[Block]) -> str:
        """Container content: a leading paragraph is inlined (tight lists, simple cells)."""
        if not blocks:
            return ""
        if isinstance(blocks[0], Paragraph) and not any(isinstance(x, Paragraph) for x in blocks[1:]):
            head = self.inlines(blocks[0].inlines)
            rest = blocks[1:]
            return head + "".join(self.block(x) for x in rest)
        return "\n".join(self.block(x) for x in blocks)

    def table(self, t: Table) -> str:
        out = ["<table>"]
        if t.caption:
            out.append(f"<caption>{self.inlines(t.caption)}</caption>")
        n_head = 0
        while n_head < len(t.rows) and t.rows[n_head].header:
            n_head += 1
        if n_head:
            out.append("<thead>")
            out += [self.row(r, True) for r in t.rows[:n_head]]
            out.append("</thead>")
        if len(t.rows) > n_head:
            out.append("<tbody>")
            out += [self.row(r, False) for r in t.rows[n_head:]]
            out.append("</tbody>")
        out.append("</table>")
        return "\n".join(out)

    def row(self, r: Row, in_head: bool) -> str:
        return "<tr>" + "".join(self.cell(c, in_head or r.header) for c in r.cells) + "</tr>"

    def cell(self, c: Cell, header_row: bool) -> str:
        tag = "th" if header_row or c.header else "td"
        attrs = ""
        if c.colspan > 1:
            attrs += f' colspan="{int(c.colspan)}"'
        if c.rowspan > 1:
            attrs += f' rowspan="{int(c.rowspan)}"'
        return f"<{tag}{attrs}>{self.flow(c.blocks)}</{tag}>"

    def figure(self, f: Figure) -> str:
        out = ["<figure>"]
        src = safe_image_src(f.src)
        if src:
            out.append(f'<img src="{esc(src)}" alt="{esc(f.alt)}" loading="lazy">')
        elif f.alt.strip():
            # No usable image: keep its description readable.
            out.append(f'<p class="image-alt">{esc(f.alt.strip())}</p>')
        if f.caption:
            out.append(f"<figcaption>{self.inlines(f.caption)}</figcaption>")
        out.append("</figure>")
        return "\n".join(out)

    # Inlines ----------------------------------------------------------------------------
    def inlines(self, seq: list[Inline]) -> str:
        return "".join(self.inline(n) for n in seq)

    def inline(self, n: Inline) -> str:
        if isinstance(n, Text):
            return _wrap_marks(esc(n.text), n.marks)
        if isinstance(n, Word):
            return _wrap_marks(self.word(n), n.marks)
        if isinstance(n, LineBreak):
            return "<br>"
        if isinstance(n, Link):
            inner = self.inlines(n.children)
            url = safe_url(n.url)
            if url is None:
                return inner
            title = f' title="{esc(n.title)}"' if n.title else ""
            return f'<a href="{esc(url)}"{title}>{inner}</a>'
        raise TypeError(f"not an inline: {type(n).__name__}")

    def word(self, w: Word) -> str:
        parts = dict(word_parts(w, self.style))
        if "base" in parts:
            return (f"<ruby>{esc(parts['base'])}<rp>(</rp><rt>{esc(parts['reading'])}</rt>"
                    "<rp>)</rp></ruby>")
        return esc(parts["text"])


def _wrap_marks(inner: str, marks: frozenset[str]) -> str:
    for mark, tag in reversed(MARK_TAGS):
        if mark in marks:
            inner = f"<{tag}>{inner}</{tag}>"
    return inner


__all__ = ["render_html", "esc", "safe_url", "safe_image_src", "html_datetime", "CSS"]
