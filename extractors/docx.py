"""Read a .docx (python-docx + lxml) into the document model, refusing unsafe or broken files."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from document.model import (Block, BlockQuote, Cell, CodeBlock, Document, Heading, Inline, LineBreak, Link,
                            ListBlock, ListItem, Metadata, Paragraph, Row, Rule, Table, Text)
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
# Paragraph roles by style name (built-in English names, which Word keeps whatever the UI language).
_ROLE_NAMES = {
    "title": {"title", "제목"},
    "subtitle": {"subtitle", "부제", "부제목"},
    "quote": {"quote", "intense quote", "block text", "인용", "인용구", "강한 인용"},
    "code": {"source code", "html preformatted", "code", "code block", "preformatted text", "macro text"},
    "caption": {"caption", "캡션"},
    "continue": {"list paragraph", "list continue", "list continue 2", "list continue 3",
                 "list continue 4", "list continue 5", "body text indent"},
}
_MONO_FONTS = frozenset({"courier new", "courier", "consolas", "menlo", "monaco", "lucida console",
                         "source code pro", "dejavu sans mono", "liberation mono", "d2coding",
                         "nanumgothiccoding", "나눔고딕코딩"})
DEFAULT_LEVEL_INDENT = 720  # twips per list level when numbering.xml gives none (Word's default)


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
    """Style roles, heading levels and list numbering from styles.xml and numbering.xml."""

    def __init__(self, styles: etree._Element | None, numbering: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        if styles is not None:
            for style in styles.iter(_w("style")):
                self.by_id[style.get(_w("styleId"), "")] = style
        # (numId, ilvl) -> (ordered, start, left indent in twips)
        self.formats: dict[tuple[str, int], tuple[bool, int, int]] = {}
        self._run_marks: dict[str, frozenset[str]] = {}
        self.abstract_of: dict[str, str] = {}                # numId -> abstractNumId
        self.overridden: set[tuple[str, int]] = set()         # (numId, ilvl) that restart the count
        if numbering is not None:
            abstract = {a.get(_w("abstractNumId")): a for a in numbering.iter(_w("abstractNum"))}
            for num in numbering.iter(_w("num")):
                num_id = num.get(_w("numId"))
                abstract_id = _val(num.find(_w("abstractNumId")))
                self.abstract_of[num_id] = abstract_id or f"num {num_id}"
                ab = abstract.get(abstract_id)
                levels = {int(lvl.get(_w("ilvl"), "0")): lvl for lvl in ab.iter(_w("lvl"))} if ab is not None else {}
                for ilvl, lvl in levels.items():
                    self.formats[(num_id, ilvl)] = _level_format(lvl)
                # Per-list overrides: a restart value (startOverride) or a whole replacement level.
                for override in num.iter(_w("lvlOverride")):
                    ilvl = _int(override.get(_w("ilvl")), 0)
                    ordered, start, indent = self.formats.get((num_id, ilvl), (False, 1, 0))
                    lvl = override.find(_w("lvl"))
                    if lvl is not None:
                        ordered, start, own_indent = _level_format(lvl)
                        indent = own_indent or indent
                    restart = _val(override.find(_w("startOverride")))
                    if restart is not None:
                        start = _int(restart, start)
                        self.overridden.add((num_id, ilvl))
                    self.formats[(num_id, ilvl)] = (ordered, start, indent)

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = _val(style.find(_w("basedOn")))

    def style_names(self, ppr: etree._Element | None) -> list[str]:
        """Lower-case names of the paragraph's style and the styles it is based on."""
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        names = [(_val(s.find(_w("name"))) or "").strip().lower() for s in self._chain(style_id)]
        if style_id and not names:  # style id used without a styles part: "ListContinue2" -> "list continue 2"
            names = [re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", style_id).lower()]
        return names

    def role(self, ppr: etree._Element | None) -> str | None:
        """"title", "subtitle", "quote", "code", "caption" or "continue" from the style chain, else None."""
        for name in self.style_names(ppr):
            for role, names in _ROLE_NAMES.items():
                if name in names:
                    return role
        return None

    def run_marks(self, style_id: str | None) -> frozenset[str]:
        """Marks a character style gives its runs (Strong -> bold, Emphasis -> italic...)."""
        if not style_id:
            return frozenset()
        if style_id not in self._run_marks:
            marks: frozenset[str] = frozenset()
            for style in reversed(list(self._chain(style_id))):
                name = (_val(style.find(_w("name"))) or "").strip().lower()
                if name not in ("hyperlink", "followedhyperlink", "followed hyperlink"):
                    # a link's blue underline is the link's look, not emphasis in the text
                    marks = _marks(style.find(_w("rPr")), marks)
            self._run_marks[style_id] = marks
        return self._run_marks[style_id]

    def heading_level(self, ppr: etree._Element | None) -> int | None:
        outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        for style in self._chain(style_id):
            name = (_val(style.find(_w("name"))) or "").strip()
            if name.lower() in _ROLE_NAMES["title"]:
                return 1
            match = _HEADING_NAME.match(name)
            if match:
                return max(1, min(int(match.group(1)), 6))
            if outline is None:
                outline = _val(style.find(f"{_w('pPr')}/{_w('outlineLvl')}"))
        if style_id and style_id not in self.by_id:  # style id used without a styles part
            name = self.style_names(ppr)[0]
            if name in _ROLE_NAMES["title"]:
                return 1
            match = _HEADING_NAME.match(name)
            if match:
                return max(1, min(int(match.group(1)), 6))
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return min(int(outline) + 1, 6)
        return None

    def indent(self, ppr: etree._Element | None) -> int:
        """Left indent in twips, direct or from the style chain (0 when none)."""
        ind = ppr.find(_w("ind")) if ppr is not None else None
        if ind is None and ppr is not None:
            for style in self._chain(_val(ppr.find(_w("pStyle")))):
                ind = style.find(f"{_w('pPr')}/{_w('ind')}")
                if ind is not None:
                    break
        return _indent_of(ind)

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

    def list_key(self, num_id: str) -> str:
        """The list a numId counts in: Word keeps one count per abstract definition, shared by
        every numId that refers to it (ECMA-376 17.9)."""
        return self.abstract_of.get(num_id, f"num {num_id}")

    def list_format(self, num_id: str, ilvl: int) -> tuple[bool, int, int]:
        """(ordered, start value, left indent) of a list level."""
        ordered, start, indent = self.formats.get((num_id, ilvl), (False, 1, 0))
        return ordered, start, indent or DEFAULT_LEVEL_INDENT * (ilvl + 1)


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.strip().lstrip("-").isdigit() else default


def _indent_of(ind: etree._Element | None) -> int:
    if ind is None:
        return 0
    return _int(ind.get(_w("left")) or ind.get(_w("start")), 0)


def _level_format(lvl: etree._Element) -> tuple[bool, int, int]:
    fmt = _val(lvl.find(_w("numFmt"))) or ""
    start = _int(_val(lvl.find(_w("start"))), 1)
    return fmt not in _BULLET_FORMATS, start, _indent_of(lvl.find(f"{_w('pPr')}/{_w('ind')}"))


class _ListState:
    """The open lists while reading consecutive list paragraphs: (depth, numId, indent, list)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str, int, ListBlock]] = []

    def clear(self) -> None:
        self.stack.clear()


class _Reader:
    def __init__(self, styles: _Styles, rels: dict[str, str], footnotes: dict[str, etree._Element]) -> None:
        self.styles = styles
        self.rels = rels
        self.footnote_xml = footnotes
        self.footnote_order: list[str] = []
        self.title = ""
        self.subtitles: list[str] = []
        # Next number per (list key, depth): Word continues a list's numbering across
        # interruptions, so a list that resumes after other paragraphs starts where it stopped.
        self.next_number: dict[tuple[str, int], int] = {}
        self.restarted: set[tuple[str, int]] = set()  # (numId, ilvl) whose startOverride was applied

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
                    out.append(Link(target, inner, child.get(_w("tooltip")) or None))
                else:  # internal anchors (bookmarks) keep only their text
                    out.extend(inner)
            elif tag in ("ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent", "moveTo"):
                out.extend(self.runs(child))
        return out

    def run(self, r: etree._Element) -> list[Inline]:
        rpr = r.find(_w("rPr"))
        style_id = _val(rpr.find(_w("rStyle"))) if rpr is not None else None
        frozen = _marks(rpr, self.styles.run_marks(style_id))
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
            elif tag == "ruby":
                # The base text is the text; the reading above it (w:rt) is an annotation.
                base = child.find(_w("rubyBase"))
                if base is not None:
                    out.extend(self.runs(base))
            elif tag == "footnoteReference":
                fid = child.get(_w("id"), "")
                if fid not in self.footnote_order:
                    self.footnote_order.append(fid)
                out.append(Text(f"[{self.footnote_order.index(fid) + 1}]", frozenset({"superscript"})))
        return out

    def code_text(self, p: etree._Element) -> str:
        """A code paragraph's text exactly, spaces included."""
        return "".join("\n" if isinstance(n, LineBreak) else inline_text([n]) for n in self.runs(p))

    # blocks -----------------------------------------------------------------
    def blocks(self, container: etree._Element, top: bool = False) -> list[Block]:
        """Blocks of a body, cell or note; `top` lets Title/Subtitle paragraphs fill the metadata."""
        out: list[Block] = []
        lists = _ListState()
        prev: str | None = None  # role of the previous paragraph, to join code and quote runs
        for child in container:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            was, prev = prev, None
            if tag == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None:
                    lists.clear()
                    out.extend(self.blocks(content, top))
                continue
            if tag == "tbl":
                lists.clear()
                table = self.table(child)
                if was == "caption" and out and isinstance(out[-1], Paragraph):
                    table.caption = out.pop().inlines
                out.append(table)
                continue
            if tag != "p":
                continue
            ppr = child.find(_w("pPr"))
            role = self.styles.role(ppr)
            if role == "code":
                lists.clear()
                text = self.code_text(child)
                if was == "code" and isinstance(out[-1], CodeBlock):
                    out[-1].text += "\n" + text
                else:
                    out.append(CodeBlock(text))
                prev = "code"
                continue
            inlines = clean_inlines(self.runs(child))
            if not has_text(inlines):
                if _has_border(ppr):
                    lists.clear()
                    out.append(Rule())
                continue  # an empty paragraph is spacing: it neither ends a list nor joins anything
            numbering = self.styles.numbering(ppr)
            level = self.styles.heading_level(ppr)
            if top and role == "title" and not self.title and not out:
                self.title = _plain(inlines)
                continue
            if top and role == "subtitle" and not out:
                self.subtitles.append(_plain(inlines))
                continue
            if numbering is not None and level is None:
                self._list_item(out, lists, numbering, Paragraph(inlines))
                continue
            if level is None and self._continue_item(lists, role, ppr, Paragraph(inlines)):
                continue
            lists.clear()
            if role == "quote" and level is None:
                if was == "quote" and isinstance(out[-1], BlockQuote):
                    out[-1].blocks.append(Paragraph(inlines))
                else:
                    out.append(BlockQuote([Paragraph(inlines)]))
                prev = "quote"
                continue
            out.append(Heading(level, inlines) if level else Paragraph(inlines))
            prev = role if role == "caption" and not level else None
        return out

    def _list_item(self, out: list[Block], lists: _ListState,
                   numbering: tuple[str, int, int], para: Paragraph) -> None:
        num_id, fmt_level, depth = numbering
        ordered, start, indent = self.styles.list_format(num_id, fmt_level)
        key = self.styles.list_key(num_id)
        # A numId with a startOverride restarts the shared count where it first appears.
        restart = (num_id, fmt_level) in self.styles.overridden and (num_id, fmt_level) not in self.restarted
        if restart:
            self.restarted.add((num_id, fmt_level))
            self.next_number[(key, depth)] = start
        stack = lists.stack
        while stack and stack[-1][0] > depth:
            stack.pop()
        if stack and stack[-1][0] == depth and (stack[-1][1] != key or restart):
            stack.pop()
        number = self.next_number.get((key, depth), start)
        if not stack or stack[-1][0] < depth:
            lst = ListBlock(ordered, [], number)
            if stack and stack[-1][3].items:
                stack[-1][3].items[-1].blocks.append(lst)
            else:
                out.append(lst)
            stack.append((depth, key, indent, lst))
        stack[-1][3].items.append(ListItem([para]))
        self.next_number[(key, depth)] = number + 1
        for k in [k for k in self.next_number if k[0] == key and k[1] > depth]:
            del self.next_number[k]  # a higher-level item restarts the levels below it

    def _continue_item(self, lists: _ListState, role: str | None, ppr: etree._Element | None,
                       para: Paragraph) -> bool:
        """Add an unnumbered paragraph to the open list item it continues; False if it ends the list."""
        stack = lists.stack
        if not stack or role not in (None, "continue"):
            return False
        indent = self.styles.indent(ppr)
        if role == "continue":
            depth = _continue_depth(self.styles.style_names(ppr))
            if depth is None:  # "List Paragraph" and friends: place it by its indent
                depth = max((d for d, _n, ind, _l in stack if ind <= indent + 100), default=stack[0][0])
        elif indent > 0:
            depths = [d for d, _n, ind, _l in stack if ind <= indent + 100]
            if not depths:
                return False
            depth = max(depths)
        else:
            return False
        while len(stack) > 1 and stack[-1][0] > depth:
            stack.pop()
        items = stack[-1][3].items
        items[-1].blocks.append(para)
        return True

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


_TOGGLES = (("b", "bold"), ("i", "italic"), ("u", "underline"), ("strike", "strike"), ("dstrike", "strike"))


def _marks(rpr: etree._Element | None, inherited: frozenset[str] = frozenset()) -> frozenset[str]:
    """Marks from run properties; a property rpr does not set keeps its inherited value."""
    if rpr is None:
        return inherited
    marks = set(inherited)
    seen: set[str] = set()
    for tag, mark in _TOGGLES:
        el = rpr.find(_w(tag))
        if el is None:
            continue
        if _on(el):
            marks.add(mark)
        elif mark not in seen:  # w:strike off must not undo a w:dstrike on
            marks.discard(mark)
        seen.add(mark)
    align = rpr.find(_w("vertAlign"))
    if align is not None:
        marks -= {"superscript", "subscript"}
        if _val(align) in ("superscript", "subscript"):
            marks.add(_val(align))
    fonts = rpr.find(_w("rFonts"))
    if fonts is not None and _val(fonts, "ascii"):
        if _val(fonts, "ascii").strip().lower() in _MONO_FONTS:
            marks.add("code")
        else:
            marks.discard("code")
    return frozenset(marks)


def _has_border(ppr: etree._Element | None) -> bool:
    """True when a paragraph draws a top or bottom border (an empty one is a horizontal rule)."""
    borders = ppr.find(_w("pBdr")) if ppr is not None else None
    return borders is not None and any(
        (_val(borders.find(_w(side))) or "none") not in ("none", "nil") for side in ("top", "bottom"))


def _continue_depth(names: list[str]) -> int | None:
    """Nesting depth a "List Continue N" style names (0 for plain "List Continue"), else None."""
    for name in names:
        match = re.match(r"^list continue\s*(\d)?$", name)
        if match:
            return int(match.group(1)) - 1 if match.group(1) else 0
    return None


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
    blocks = reader.blocks(body, top=True)
    blocks += reader.footnotes()
    meta = _core_metadata(archive, source)
    # The visible Title paragraph wins over the core property, which templates often leave stale.
    meta.title = reader.title or meta.title
    meta.subtitles = reader.subtitles
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
            # A date without a time is stored as midnight UTC; give back just the date then.
            meta.date = text[:10] if re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00(?:\.0+)?Z", text) else text
        elif local == "identifier" and re.match(r"https?://", text, re.I):
            meta.url = text
    return meta
