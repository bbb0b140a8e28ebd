"""Read a .docx (python-docx + lxml) into the document model, refusing unsafe or broken files."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from document.model import (Block, Cell, Document, Heading, Inline, LineBreak, Link, ListBlock, ListItem,
                            Metadata, Paragraph, Row, Rule, Table, Text)
from document.walk import inline_text
from extractors.errors import ExtractionError
from extractors.htmltree import clean_inlines, has_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024  # small members compress well legitimately
_HEADING_NAME = re.compile(r"^(?:heading|제목)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^List(?: Bullet| Number| Continue)?\s*(\d)?$", re.I)
_BULLET_FORMATS = frozenset({"bullet", "none", ""})


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(_w(attr))


def _on(el: etree._Element | None) -> bool:
    """A toggle property (w:b, w:i...) is on when present and not switched off."""
    return el is not None and (_val(el) or "true").lower() not in ("0", "false", "off", "none")


def check_package(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the ZIP after checking it is one, is not a bomb, and holds word/document.xml."""
    source = name or "DOCX file"
    if not data:
        raise ExtractionError(source, "empty file")
    if data.startswith(OLE_MAGIC):
        raise ExtractionError(source, "encrypted or legacy .doc (OLE compound file), not a .docx")
    if not data.startswith(b"PK"):
        raise ExtractionError(source, "not a .docx (not a ZIP archive)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ExtractionError(source, f"corrupt ZIP archive ({exc})") from None
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ExtractionError(source, f"refused: declared uncompressed size {total} bytes exceeds "
                                      f"{MAX_TOTAL_UNCOMPRESSED} (ZIP bomb?)")
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError(source, f"refused: {info.filename} expands {info.file_size // max(info.compress_size, 1)}x "
                                          f"(ZIP bomb?)")
    if "word/document.xml" not in archive.namelist():
        raise ExtractionError(source, "not a Word document (no word/document.xml)")
    return archive


def _read_xml(archive: zipfile.ZipFile, member: str, source: str) -> etree._Element | None:
    if member not in archive.namelist():
        return None
    try:
        raw = archive.read(member)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(source, f"corrupt ZIP member {member} ({exc})") from None
    try:
        return etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(source, f"broken XML in {member} ({exc})") from None


def _relationships(archive: zipfile.ZipFile, source: str) -> dict[str, str]:
    rels = _read_xml(archive, "word/_rels/document.xml.rels", source)
    if rels is None:
        return {}
    return {el.get("Id"): el.get("Target", "") for el in rels if el.get("Id")}


class _Styles:
    """Heading levels, outline levels and list numbering from styles.xml and numbering.xml."""

    def __init__(self, styles: etree._Element | None, numbering: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        if styles is not None:
            for style in styles.iter(_w("style")):
                self.by_id[style.get(_w("styleId"), "")] = style
        self.formats: dict[tuple[str, int], tuple[bool, int]] = {}
        if numbering is not None:
            abstract = {a.get(_w("abstractNumId")): a for a in numbering.iter(_w("abstractNum"))}
            for num in numbering.iter(_w("num")):
                ab = abstract.get(_val(num.find(_w("abstractNumId"))))
                if ab is None:
                    continue
                for lvl in ab.iter(_w("lvl")):
                    fmt = _val(lvl.find(_w("numFmt"))) or ""
                    start = _val(lvl.find(_w("start"))) or "1"
                    self.formats[(num.get(_w("numId")), int(lvl.get(_w("ilvl"), "0")))] = (
                        fmt not in _BULLET_FORMATS, int(start) if start.isdigit() else 1)

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = _val(style.find(_w("basedOn")))

    def heading_level(self, ppr: etree._Element | None) -> int | None:
        outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        for style in self._chain(style_id):
            name = (_val(style.find(_w("name"))) or "").strip()
            if name.lower() in ("title", "제목"):
                return 1
            match = _HEADING_NAME.match(name)
            if match:
                return max(1, min(int(match.group(1)), 6))
            if outline is None:
                outline = _val(style.find(f"{_w('pPr')}/{_w('outlineLvl')}"))
        if style_id and _HEADING_NAME.match(style_id):  # style id used without a styles part
            return max(1, min(int(_HEADING_NAME.match(style_id).group(1)), 6))
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return min(int(outline) + 1, 6)
        return None

    def numbering(self, ppr: etree._Element | None) -> tuple[str, int, int] | None:
        """(numId, ilvl, nesting depth) of a list paragraph, or None."""
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        depth = None
        if numpr is None and ppr is not None:
            for style in self._chain(_val(ppr.find(_w("pStyle")))):
                numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if numpr is not None:
                    # "List Bullet 2" style family: the nesting lives in the style name, not ilvl
                    match = _LIST_STYLE.match(_val(style.find(_w("name"))) or "")
                    depth = int(match.group(1)) - 1 if match and match.group(1) else None
                    break
        if numpr is None:
            return None
        num_id = _val(numpr.find(_w("numId")))
        if not num_id or num_id == "0":
            return None
        ilvl_text = _val(numpr.find(_w("ilvl"))) or "0"
        ilvl = int(ilvl_text) if ilvl_text.isdigit() else 0
        return num_id, ilvl, depth if depth is not None and numpr.find(_w("ilvl")) is None else ilvl

    def list_format(self, num_id: str, ilvl: int) -> tuple[bool, int]:
        return self.formats.get((num_id, ilvl), (False, 1))


class _Reader:
    def __init__(self, styles: _Styles, rels: dict[str, str], footnotes: dict[str, etree._Element]) -> None:
        self.styles = styles
        self.rels = rels
        self.footnote_xml = footnotes
        self.footnote_order: list[str] = []

    # inline content ---------------------------------------------------------
    def runs(self, el: etree._Element) -> list[Inline]:
        out: list[Inline] = []
        for child in el:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "r":
                out.extend(self.run(child))
            elif tag == "hyperlink":
                target = self.rels.get(child.get(f"{{{R}}}id", ""), "")
                inner = self.runs(child)
                if target:
                    out.append(Link(target, inner))
                elif child.get(_w("anchor")):
                    out.extend(inner)
                else:
                    out.extend(inner)
            elif tag in ("ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent", "moveTo"):
                out.extend(self.runs(child))
        return out

    def run(self, r: etree._Element) -> list[Inline]:
        rpr = r.find(_w("rPr"))
        marks: set[str] = set()
        if rpr is not None:
            if _on(rpr.find(_w("b"))):
                marks.add("bold")
            if _on(rpr.find(_w("i"))):
                marks.add("italic")
            if _on(rpr.find(_w("u"))):
                marks.add("underline")
            if _on(rpr.find(_w("strike"))) or _on(rpr.find(_w("dstrike"))):
                marks.add("strike")
            align = _val(rpr.find(_w("vertAlign")))
            if align == "superscript":
                marks.add("superscript")
            elif align == "subscript":
                marks.add("subscript")
        frozen = frozenset(marks)
        out: list[Inline] = []
        for child in r:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "t":
                out.append(Text(child.text or "", frozen))
            elif tag == "tab":
                out.append(Text("\t", frozen))
            elif tag in ("br", "cr") and _val(child, "type") not in ("page", "column"):
                out.append(LineBreak())
            elif tag == "noBreakHyphen":
                out.append(Text("-", frozen))
            elif tag == "footnoteReference":
                fid = child.get(_w("id"), "")
                if fid not in self.footnote_order:
                    self.footnote_order.append(fid)
                out.append(Text(f"[{self.footnote_order.index(fid) + 1}]", frozenset({"superscript"})))
        return out

    # blocks -----------------------------------------------------------------
    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        stack: list[tuple[int, str, ListBlock]] = []
        for child in container:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None:
                    stack.clear()
                    out.extend(self.blocks(content))
                continue
            if tag == "tbl":
                stack.clear()
                out.append(self.table(child))
                continue
            if tag != "p":
                continue
            ppr = child.find(_w("pPr"))
            inlines = clean_inlines(self.runs(child))
            numbering = self.styles.numbering(ppr)
            level = self.styles.heading_level(ppr)
            if numbering is not None and level is None:
                if has_text(inlines):
                    self._list_item(out, stack, numbering, Paragraph(inlines))
                continue
            stack.clear()
            if not has_text(inlines):
                continue
            out.append(Heading(level, inlines) if level else Paragraph(inlines))
        return out

    def _list_item(self, out: list[Block], stack: list[tuple[int, str, ListBlock]],
                   numbering: tuple[str, int, int], para: Paragraph) -> None:
        num_id, fmt_level, ilvl = numbering
        ordered, start = self.styles.list_format(num_id, fmt_level)
        while stack and stack[-1][0] > ilvl:
            stack.pop()
        if stack and stack[-1][0] == ilvl and stack[-1][1] != num_id:
            stack.pop()
        if not stack or stack[-1][0] < ilvl:
            lst = ListBlock(ordered, [], start)
            if stack and stack[-1][2].items:
                stack[-1][2].items[-1].blocks.append(lst)
            else:
                out.append(lst)
            stack.append((ilvl, num_id, lst))
        stack[-1][2].items.append(ListItem([para]))

    def table(self, tbl: etree._Element) -> Table:
        rows: list[Row] = []
        origin: dict[int, Cell] = {}  # grid column -> cell a vertical merge continues
        for tr in tbl.iter(_w("tr")):
            if tr.getparent() is not tbl:
                continue
            trpr = tr.find(_w("trPr"))
            header = trpr is not None and _on(trpr.find(_w("tblHeader")))
            cells: list[Cell] = []
            col = 0
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = _val(tcpr.find(_w("gridSpan"))) if tcpr is not None else None
                colspan = int(span) if span and span.isdigit() else 1
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and (_val(vmerge) or "continue") == "continue" and col in origin:
                    origin[col].rowspan += 1
                    col += colspan
                    continue
                cell = Cell(self.blocks(tc), colspan, 1, header)
                if vmerge is not None:
                    origin[col] = cell
                else:
                    origin.pop(col, None)
                cells.append(cell)
                col += colspan
            rows.append(Row(cells, header))
        return Table(rows)

    def footnotes(self) -> list[Block]:
        items = []
        for fid in self.footnote_order:
            note = self.footnote_xml.get(fid)
            blocks = self.blocks(note) if note is not None else []
            items.append(ListItem(blocks or [Paragraph([Text("")])]))
        return [Rule(), ListBlock(True, items, 1)] if items else []


def read_docx(data: bytes, name: str = "") -> Document:
    """Read a .docx into a Document; raises ExtractionError for broken, encrypted or unsafe files."""
    source = name or "DOCX file"
    archive = check_package(data, name)
    body_root = _read_xml(archive, "word/document.xml", source)
    body = body_root.find(_w("body")) if body_root is not None else None
    if body is None:
        raise ExtractionError(source, "word/document.xml has no body")
    styles = _Styles(_read_xml(archive, "word/styles.xml", source),
                     _read_xml(archive, "word/numbering.xml", source))
    notes_root = _read_xml(archive, "word/footnotes.xml", source)
    notes = {} if notes_root is None else {
        n.get(_w("id")): n for n in notes_root.iter(_w("footnote"))
        if n.get(_w("type")) not in ("separator", "continuationSeparator", "continuationNotice")}
    reader = _Reader(styles, _relationships(archive, source), notes)
    blocks = reader.blocks(body)
    blocks += reader.footnotes()
    meta = _core_metadata(archive, source)
    if not meta.title:
        meta.title = next((_plain(b.inlines) for b in blocks if isinstance(b, Heading)), "")
    return Document(meta, blocks)


def _plain(inlines: list[Inline]) -> str:
    return inline_text(inlines).strip()


def _core_metadata(archive: zipfile.ZipFile, source: str) -> Metadata:
    core = _read_xml(archive, "docProps/core.xml", source)
    meta = Metadata()
    if core is None:
        return meta
    for el in core:
        local = etree.QName(el).localname if isinstance(el.tag, str) else ""
        text = (el.text or "").strip()
        if local == "title" and text:
            meta.title = text
        elif local == "creator" and text:
            meta.authors = [a.strip() for a in re.split(r"[;,]", text) if a.strip()]
        elif local == "created" and text:
            meta.date = text
    return meta
