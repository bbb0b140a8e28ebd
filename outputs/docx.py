"""Render a document as a Word (DOCX) file with real styles, Korean fonts and numbered lists.

Choices: the document title uses the Title style and body headings keep their levels
(Heading 1-6); each list gets its own numbering instance that restarts at its start value;
images are never fetched (alt text and caption become Caption paragraphs); authors, date and
source go into the core properties and a page footer, so the body holds only the document's
blocks.
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from document.model import (Block, BlockQuote, CodeBlock, Document, Figure, Heading, Inline,
                            LineBreak, Link, ListBlock, Paragraph, Rule, Table, Text, Word)
from document.walk import inline_text
from outputs.html import safe_url
from outputs.style import check_style, word_parts

DEFAULT_EAST_ASIAN_FONT = "Batang"
MONO_FONT = "Courier New"
LANG_EAST_ASIA = "ko-KR"
CODE_STYLE = "Source Code"
MAX_LIST_STYLE_LEVEL = 5   # Word's built-in list styles go up to "List Number 5"

# Schema order of run-property children (ECMA-376 CT_RPr); Word rejects other orders.
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")

# Korean documents number nested levels 1. / 가. / 1) / 가) / (1) / (가) ...
ORDERED_LEVELS = (("decimal", "%1."), ("ganada", "%2."), ("decimal", "%3)"), ("ganada", "%4)"),
                  ("decimal", "(%5)"), ("ganada", "(%6)"), ("decimal", "%7."),
                  ("ganada", "%8."), ("decimal", "%9."))
BULLET_LEVELS = ("•", "◦", "▪", "•", "◦", "▪", "•", "◦", "▪")

# XML 1.0 forbids these characters; lxml refuses them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PIECES = re.compile(r"(\n|\t)")


def render_docx(doc: Document, style: str = "hanja", *,
                east_asian_font: str = DEFAULT_EAST_ASIAN_FONT) -> bytes:
    """Render doc as DOCX bytes with Word inlines shown in the given style."""
    check_style(style)
    d = docx.Document()
    writer = _Writer(d, style, east_asian_font)
    writer.setup()
    meta = doc.meta
    if meta.title.strip():
        writer.plain_paragraph(d, meta.title.strip(), "Title")
    for sub in meta.subtitles:
        if sub.strip():
            writer.plain_paragraph(d, sub.strip(), "Subtitle")
    for block in doc.blocks:
        writer.block(d, block)
    writer.footer(doc)
    _core_properties(d, doc)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def clean_xml_text(text: str) -> str:
    """Text with characters XML cannot hold removed (and CR dropped)."""
    return _BAD_XML.sub("", text).replace("\r", "")


def _el(tag: str, **attrs: str):
    """A new w: element with w: attributes."""
    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _put(parent, child, order: tuple[str, ...]):
    """Insert child into parent at its schema position (replacing a same-named child)."""
    name = child.tag.rsplit("}", 1)[1]
    rank = order.index(name)
    for existing in list(parent):
        ename = existing.tag.rsplit("}", 1)[-1]
        if ename == name:
            parent.replace(existing, child)
            return child
    for existing in parent:
        ename = existing.tag.rsplit("}", 1)[-1]
        if ename in order and order.index(ename) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


class _Writer:
    """Holds the python-docx document and the per-render state (fonts, numbering)."""

    def __init__(self, d, style: str, font: str):
        self.d = d
        self.style = style
        self.font = font
        self.abstract_ids: dict[bool, int] = {}

    # Setup ------------------------------------------------------------------------------
    def setup(self) -> None:
        section = self.d.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
        styles = self.d.styles
        self._korean_defaults()
        normal = styles["Normal"]
        normal.paragraph_format.line_spacing = 1.5
        self._style_rpr(normal.element)
        if "Hyperlink" not in [s.name for s in styles]:
            link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.base_style = styles["Default Paragraph Font"]
            link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            link.font.underline = True
            link.unhide_when_used = True
        names = {s.name for s in styles}
        if CODE_STYLE not in names:
            code = styles.add_style(CODE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            code.base_style = normal
            code.font.name = MONO_FONT
            code.font.size = Pt(10)
            code.paragraph_format.line_spacing = 1.0
            code.paragraph_format.space_after = Pt(6)
            code.element.get_or_add_rPr()
            self._style_rpr(code.element)
        for kind in ("List Number", "List Bullet", "List Continue"):
            for n in range(2, MAX_LIST_STYLE_LEVEL + 1):
                name = f"{kind} {n}"
                if name not in names:
                    s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                    s.base_style = normal
                    if kind == "List Continue":
                        s.paragraph_format.left_indent = Mm(6.35 * n)

    def _korean_defaults(self) -> None:
        """East Asian font and Korean language in docDefaults and every template style."""
        root = self.d.styles.element
        for rpr in root.iter(qn("w:rPr")):
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None and fonts.get(qn("w:eastAsiaTheme")) is not None:
                # A theme font would win over an explicit w:eastAsia.
                del fonts.attrib[qn("w:eastAsiaTheme")]
                fonts.set(qn("w:eastAsia"), self.font)
        defaults = root.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if rpr is not None:
                self._fill_rpr(rpr)

    def _style_rpr(self, style_el) -> None:
        rpr = style_el.get_or_add_rPr()
        self._fill_rpr(rpr)

    def _fill_rpr(self, rpr) -> None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = _put(rpr, _el("rFonts"), RPR_ORDER)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), self.font)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = _put(rpr, _el("lang"), RPR_ORDER)
        lang.set(qn("w:eastAsia"), LANG_EAST_ASIA)

    # Runs -------------------------------------------------------------------------------
    def rpr(self, marks: frozenset[str] = frozenset(), rstyle: str | None = None,
            size: int | None = None):
        """Run properties in schema order; every run names the East Asian font and Korean."""
        rpr = _el("rPr")
        if rstyle:
            rpr.append(_el("rStyle", val=rstyle))
        fonts = _el("rFonts", eastAsia=self.font, hint="eastAsia")
        if "code" in marks:
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{attr}"), MONO_FONT)
        rpr.append(fonts)
        if "bold" in marks:
            rpr.append(_el("b"))
        if "italic" in marks:
            rpr.append(_el("i"))
        if "strike" in marks:
            rpr.append(_el("strike"))
        if size:
            rpr.append(_el("sz", val=str(size)))
            rpr.append(_el("szCs", val=str(size)))
        if "underline" in marks:
            rpr.append(_el("u", val="single"))
        if "superscript" in marks:
            rpr.append(_el("vertAlign", val="superscript"))
        elif "subscript" in marks:
            rpr.append(_el("vertAlign", val="subscript"))
        rpr.append(_el("lang", eastAsia=LANG_EAST_ASIA))
        return rpr

    def run(self, text: str, marks: frozenset[str] = frozenset(), rstyle: str | None = None,
            size: int | None = None):
        """A w:r holding text; newlines become w:br and tabs w:tab."""
        r = _el("r")
        r.append(self.rpr(marks, rstyle, size))
        for piece in _PIECES.split(clean_xml_text(text)):
            if piece == "\n":
                r.append(_el("br"))
            elif piece == "\t":
                r.append(_el("tab"))
            elif piece:
                t = _el("t")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = piece
                r.append(t)
        return r

    def ruby_run(self, base: str, reading: str, marks: frozenset[str], rstyle: str | None,
                 base_size: int):
        """A w:r holding w:ruby: the reading (rt) above the base text."""
        reading_size = max(base_size // 2, 2)
        r = _el("r")
        r.append(self.rpr(marks, rstyle))
        ruby = _el("ruby")
        pr = _el("rubyPr")
        for child in (_el("rubyAlign", val="center"), _el("hps", val=str(reading_size)),
                      _el("hpsRaise", val=str(base_size - 2)),
                      _el("hpsBaseText", val=str(base_size)), _el("lid", val=LANG_EAST_ASIA)):
            pr.append(child)
        ruby.append(pr)
        rt = _el("rt")
        rt.append(self.run(reading, frozenset(m for m in marks if m != "underline"), rstyle,
                           size=reading_size))
        ruby.append(rt)
        base_el = _el("rubyBase")
        base_el.append(self.run(base, marks, rstyle))
        ruby.append(base_el)
        r.append(ruby)
        return r

    def inlines(self, parent, seq: list[Inline], base_size: int, rstyle: str | None = None,
                in_link: bool = False) -> None:
        """Append runs (and hyperlinks) for inline nodes to a w:p or w:hyperlink."""
        for node in seq:
            if isinstance(node, Text):
                parent.append(self.run(node.text, node.marks, rstyle))
            elif isinstance(node, Word):
                parts = word_parts(node, self.style)
                if parts[0][0] == "base":
                    parent.append(self.ruby_run(parts[0][1], parts[1][1], node.marks, rstyle,
                                                base_size))
                else:
                    parent.append(self.run(parts[0][1], node.marks, rstyle))
            elif isinstance(node, LineBreak):
                r = _el("r")
                r.append(self.rpr(frozenset(), rstyle))
                r.append(_el("br"))
                parent.append(r)
            elif isinstance(node, Link):
                url = safe_url(node.url)
                if url is None or in_link:
                    # Unsafe scheme (kept as text) or a link nested in a link (invalid in OOXML).
                    self.inlines(parent, node.children, base_size, rstyle, in_link)
                    continue
                parent.append(self.hyperlink(url, node.children, base_size, node.title))
            else:
                raise TypeError(f"not an inline: {type(node).__name__}")

    def hyperlink(self, url: str, children: list[Inline], base_size: int,
                  title: str | None = None, text: str | None = None):
        """A w:hyperlink with an external relationship, runs in the Hyperlink style."""
        rid = self.d.part.relate_to(clean_xml_text(url), RT.HYPERLINK, is_external=True)
        h = _el("hyperlink", history="1")
        h.set(qn("r:id"), rid)
        if title:
            h.set(qn("w:tooltip"), clean_xml_text(title)[:255])
        if text is not None:
            h.append(self.run(text, frozenset(), "Hyperlink"))
        else:
            self.inlines(h, children, base_size, "Hyperlink", in_link=True)
        return h

    # Paragraphs -------------------------------------------------------------------------
    def paragraph(self, container, style_name: str | None):
        p = container.add_paragraph()
        if style_name:
            p.style = self.d.styles[style_name]
        return p

    def plain_paragraph(self, container, text: str, style_name: str):
        p = self.paragraph(container, style_name)
        p._p.append(self.run(text))
        return p

    def inline_paragraph(self, container, seq: list[Inline], style_name: str | None):
        p = self.paragraph(container, style_name)
        self.inlines(p._p, seq, self.style_size(style_name))
        return p

    def style_size(self, style_name: str | None) -> int:
        """Font size in half-points a paragraph style resolves to (for ruby sizing)."""
        s = self.d.styles[style_name or "Normal"]
        while s is not None:
            if s.font.size is not None:
                return int(s.font.size.pt * 2)
            s = s.base_style
        return 22

    # Blocks -----------------------------------------------------------------------------
    def block(self, container, b: Block, quote: bool = False) -> None:
        if isinstance(b, Heading):
            level = min(max(b.level, 1), 6)
            self.inline_paragraph(container, b.inlines, f"Heading {level}")
        elif isinstance(b, Paragraph):
            self.inline_paragraph(container, b.inlines, "Quote" if quote else None)
        elif isinstance(b, ListBlock):
            self.list_block(container, b, 0, quote)
        elif isinstance(b, Table):
            self.table(container, b)
        elif isinstance(b, BlockQuote):
            for child in b.blocks:
                self.block(container, child, quote=True)
        elif isinstance(b, Figure):
            self.figure(container, b)
        elif isinstance(b, CodeBlock):
            p = self.paragraph(container, CODE_STYLE)
            p._p.append(self.run(b.text.rstrip("\n"), frozenset({"code"})))
        elif isinstance(b, Rule):
            p = self.paragraph(container, None)
            ppr = p._p.get_or_add_pPr()
            border = _el("pBdr")
            border.append(_el("bottom", val="single", sz="6", space="1", color="auto"))
            _put(ppr, border, PPR_ORDER)
        else:
            raise TypeError(f"not a block: {type(b).__name__}")

    def list_block(self, container, lb: ListBlock, depth: int, quote: bool) -> None:
        ilvl = min(depth, 8)
        num_id = self.new_num(lb.ordered, ilvl, lb.start)
        n = min(depth + 1, MAX_LIST_STYLE_LEVEL)
        suffix = "" if n == 1 else f" {n}"
        item_style = ("List Number" if lb.ordered else "List Bullet") + suffix
        continue_style = "List Continue" + suffix
        for item in lb.items:
            blocks = list(item.blocks)
            first = self.paragraph(container, item_style)
            self.set_numbering(first, num_id, ilvl)
            if blocks and isinstance(blocks[0], Paragraph):
                self.inlines(first._p, blocks.pop(0).inlines, self.style_size(item_style))
            for child in blocks:
                if isinstance(child, ListBlock):
                    self.list_block(container, child, depth + 1, quote)
                elif isinstance(child, Paragraph):
                    self.inline_paragraph(container, child.inlines, continue_style)
                else:
                    self.block(container, child, quote)

    def set_numbering(self, p, num_id: int, ilvl: int) -> None:
        numpr = p._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = ilvl
        numpr.get_or_add_numId().val = num_id

    def new_num(self, ordered: bool, ilvl: int, start: int) -> int:
        """A fresh numbering instance; ordered lists restart at their start value."""
        numbering = self.d.part.numbering_part.element
        abstract_id = self.abstract_ids.get(ordered)
        if abstract_id is None:
            abstract_id = self._add_abstract(numbering, ordered)
            self.abstract_ids[ordered] = abstract_id
        num = numbering.add_num(abstract_id)
        if ordered:
            num.add_lvlOverride(ilvl=ilvl).add_startOverride(max(int(start), 0))
        return int(num.numId)

    def _add_abstract(self, numbering, ordered: bool) -> int:
        existing = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(existing, default=-1) + 1
        a = _el("abstractNum", abstractNumId=str(abstract_id))
        a.append(_el("nsid", val=f"{0x4B480000 + abstract_id:08X}"))
        a.append(_el("multiLevelType", val="hybridMultilevel"))
        for i in range(9):
            lvl = _el("lvl", ilvl=str(i))
            lvl.append(_el("start", val="1"))
            if ordered:
                fmt, text = ORDERED_LEVELS[i]
            else:
                fmt, text = "bullet", BULLET_LEVELS[i]
            lvl.append(_el("numFmt", val=fmt))
            lvl.append(_el("lvlText", val=text))
            lvl.append(_el("lvlJc", val="left"))
            ppr = _el("pPr")
            ppr.append(_el("ind", left=str(400 * (i + 1)), hanging="400"))
            lvl.append(ppr)
            a.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)   # every abstractNum must precede every num
        else:
            numbering.append(a)
        return abstract_id

    def table(self, container, t: Table) -> None:
        if t.caption:
            self.inline_paragraph(container, t.caption, "Caption")
        places, n_rows, n_cols = table_layout(t)
        if not n_rows or not n_cols:
            return
        table = container.add_table(rows=n_rows, cols=n_cols)
        table.style = self.d.styles["Table Grid"]
        for r, row in enumerate(t.rows):
            if not row.header or any(not x.header for x in t.rows[:r]):
                continue
            trpr = table.rows[r]._tr.get_or_add_trPr()
            trpr.append(_el("tblHeader"))
        for (r, c, rs, cs, cell_model, header) in places:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            if header:
                tcpr = cell._tc.get_or_add_tcPr()
                _put(tcpr, _el("shd", val="clear", color="auto", fill="E7E6E6"), TCPR_ORDER)
            self.cell_blocks(cell, cell_model.blocks)

    def cell_blocks(self, cell, blocks: list[Block]) -> None:
        if not blocks:
            return
        start = len(cell._tc.findall(qn("w:p")))
        for b in blocks:
            self.block(cell, b)
        tc = cell._tc
        # Drop the placeholder paragraph(s) merged/created with the cell, keeping new content.
        placeholders = [p for p in tc.findall(qn("w:p"))[:start] if not p.xpath(".//w:t")]
        for p in placeholders:
            tc.remove(p)
        if len(tc) == 0 or tc[-1].tag != qn("w:p"):
            tc.append(_el("p"))   # a cell must end with a paragraph

    def figure(self, container, f: Figure) -> None:
        alt = f.alt.strip()
        caption_text = inline_text(f.caption, hanja=True).strip()
        src = safe_url(f.src, ("http", "https"))
        if alt and alt != caption_text or (src and not f.caption):
            p = self.paragraph(container, "Caption")
            if src:
                p._p.append(self.hyperlink(src, [], 18, text=alt or src))
            else:
                p._p.append(self.run(alt))
        if f.caption:
            self.inline_paragraph(container, f.caption, "Caption")

    def footer(self, doc: Document) -> None:
        meta = doc.meta
        parts = [", ".join(a.strip() for a in meta.authors if a.strip())]
        parts.append((meta.date or "").strip())
        url = safe_url(meta.url or "", ("http", "https"))
        if url:
            parts.append(f"source: {meta.site.strip()} {url}" if meta.site and meta.site.strip()
                         else f"source: {url}")
        line = " · ".join(p for p in parts if p)
        if not line:
            return
        footer = self.d.sections[0].footer
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = self.d.styles["Footer"]
        p._p.append(self.run(line))


def table_layout(t: Table) -> tuple[list[tuple], int, int]:
    """Place cells on a grid: (row, col, rowspan, colspan, cell, header) plus grid size.

    Spans are clipped so merged areas never overlap or leave the table.
    """
    n_rows = len(t.rows)
    taken: set[tuple[int, int]] = set()
    places: list[tuple] = []
    n_cols = 0
    for r, row in enumerate(t.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            cs = max(int(cell.colspan), 1)
            free = 1
            while free < cs and (r, c + free) not in taken:
                free += 1
            cs = free
            rs = max(1, min(int(cell.rowspan), n_rows - r))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            places.append((r, c, rs, cs, cell, row.header or cell.header))
            c += cs
        n_cols = max(n_cols, c)
    if taken:
        n_cols = max(n_cols, max(c for _, c in taken) + 1)
    return places, n_rows, n_cols


def parse_date(value: str | None) -> datetime | None:
    """A naive UTC datetime for an ISO 8601 date or datetime string, or None."""
    if not value or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day)
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def _core_properties(d, doc: Document) -> None:
    meta = doc.meta
    cp = d.core_properties

    def fit(text: str) -> str:
        return clean_xml_text(text)[:255]

    cp.title = fit(meta.title.strip())
    cp.author = fit(", ".join(a.strip() for a in meta.authors if a.strip()))
    cp.subject = fit(meta.subtitles[0].strip()) if meta.subtitles else ""
    cp.language = LANG_EAST_ASIA
    cp.last_modified_by = "gukhan"
    cp.revision = 1
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    cp.created = parse_date(meta.date) or now
    cp.modified = now
    url = (meta.url or "").strip()
    if url:
        cp.identifier = fit(url)
        cp.comments = fit(f"source: {url}")
    else:
        cp.identifier = ""
        cp.comments = ""
    cp.keywords = ""


__all__ = ["render_docx", "DEFAULT_EAST_ASIAN_FONT", "RPR_ORDER", "table_layout", "parse_date",
           "clean_xml_text"]
