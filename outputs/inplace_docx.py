"""Convert a user's DOCX in place: Hangul in every story becomes Hanja, the rest stays as it was."""
from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable

from lxml import etree

from outputs.inplace_text import Analyze, Chunk, Piece, Ruby, chunks_text, plan_unit
from outputs.report import ReportWord
from outputs.style import check_style

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


P, R, T, RPR = w("p"), w("r"), w("t"), w("rPr")
# Text under these is not the document's visible current text: deleted, moved away, or already ruby.
SKIP_ANCESTORS = {w("del"), w("moveFrom"), w("ruby")}
# Run content that breaks the text flow: no word may span it.
BREAKS = {w(t) for t in ("tab", "ptab", "br", "cr", "sym", "drawing", "pict", "object",
                         "footnoteReference", "endnoteReference", "commentReference",
                         "separator", "continuationSeparator", "noBreakHyphen", "footnoteRef",
                         "endnoteRef", "annotationRef", "pgNum", "object")}
STORY_TYPES = ("/header", "/footer", "/footnotes", "/endnotes", "/comments")
STORY_NAME = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
# CT_RPr child order (ECMA-376 17.3.2.28); new children go where the schema wants them.
RPR_ORDER = [w(t) for t in (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # compound file: .doc, or Office encryption
MAX_UNPACKED = 512 * 1024 * 1024
DEFAULT_HALF_POINTS = 20   # the schema's default run size when no style says otherwise


def convert_docx(data: bytes, analyze: Analyze, style: str = "hanja",
                 east_asian_font: str = "Batang") -> tuple[bytes, list[ReportWord]]:
    """Return the DOCX with its text converted (every other part byte for byte) and the words converted.

    Raises ValueError with a one-line reason when data is not a readable DOCX package."""
    check_style(style)
    try:
        return _convert_package(data, analyze, style, east_asian_font)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:   # damaged member found while reading
        raise ValueError(f"corrupt DOCX package: {exc}") from None


def _convert_package(data: bytes, analyze: Analyze, style: str,
                     east_asian_font: str) -> tuple[bytes, list[ReportWord]]:
    zin = _open_package(data)
    with zin:
        infos = zin.infolist()
        names = [i.filename for i in infos]
        stories = _story_parts(zin, names)
        base_size = _default_size(zin, names)
        changed: dict[str, bytes] = {}
        words: list[ReportWord] = []
        for name in stories:
            new, found = _convert_part(zin.read(name), analyze, style, east_asian_font, base_size, name)
            words.extend(found)
            if new is not None:
                changed[name] = new
        if not changed:
            return data, words
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for info in infos:
                zout.writestr(copy.copy(info), changed.get(info.filename) or zin.read(info))
    return out.getvalue(), words


def docx_title(data: bytes) -> str | None:
    """The document title from docProps/core.xml, if the package has one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("docProps/core.xml"), _parser())
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, RuntimeError):
        return None
    node = root.find("{http://purl.org/dc/elements/1.1/}title")
    text = " ".join((node.text or "").split()) if node is not None else ""
    return text or None


def _open_package(data: bytes) -> zipfile.ZipFile:
    """The package as an open ZipFile, after checks that it is a DOCX we can safely unpack."""
    if data.startswith(OLE_MAGIC):
        raise ValueError("not a DOCX package: an encrypted DOCX or an old binary .doc file")
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a DOCX file (not a ZIP package: {exc})") from None
    infos = zin.infolist()
    if any(i.flag_bits & 0x1 for i in infos):
        zin.close()
        raise ValueError("DOCX is encrypted")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        zin.close()
        raise ValueError("DOCX unpacks to more than 512 MB; refusing it")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or _main_part(zin, names) not in names:
        zin.close()
        raise ValueError("not a DOCX file (no WordprocessingML document part)")
    return zin


def _parser() -> etree.XMLParser:
    """An XML parser that neither resolves entities nor reaches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _rels(zin: zipfile.ZipFile, names: Iterable[str], rels_name: str) -> list[tuple[str, str]]:
    """(type, target) of the internal relationships in one .rels part."""
    if rels_name not in names:
        return []
    try:
        root = etree.fromstring(zin.read(rels_name), _parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"broken relationships part {rels_name}: {exc}") from None
    return [(rel.get("Type", ""), rel.get("Target", ""))
            for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship")
            if rel.get("TargetMode", "Internal") != "External"]


def _main_part(zin: zipfile.ZipFile, names: Iterable[str]) -> str:
    """The main document part's name, from the package relationships."""
    for rel_type, target in _rels(zin, names, "_rels/.rels"):
        if rel_type.endswith("/officeDocument"):
            return target.lstrip("/")
    return "word/document.xml"


def _story_parts(zin: zipfile.ZipFile, names: list[str]) -> list[str]:
    """Every part holding document text: main body, headers, footers, notes, comments."""
    main = _main_part(zin, names)
    found = [main] if main in names else []
    folder, base = posixpath.split(main)
    for rel_type, target in _rels(zin, names, posixpath.join(folder, "_rels", base + ".rels")):
        if rel_type.endswith(STORY_TYPES):
            part = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            if part in names and part not in found:
                found.append(part)
    found += [n for n in names if STORY_NAME.match(n) and n not in found]
    return found


def _default_size(zin: zipfile.ZipFile, names: list[str]) -> int:
    """The document's default run size in half-points (styles.xml docDefaults), for ruby sizing."""
    if "word/styles.xml" not in names:
        return DEFAULT_HALF_POINTS
    try:
        root = etree.fromstring(zin.read("word/styles.xml"), _parser())
    except etree.XMLSyntaxError:
        return DEFAULT_HALF_POINTS
    sz = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{RPR}/{w('sz')}")
    return _int(sz.get(w("val")) if sz is not None else None, DEFAULT_HALF_POINTS)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _convert_part(xml: bytes, analyze: Analyze, style: str, font: str, base_size: int,
                  name: str) -> tuple[bytes | None, list[ReportWord]]:
    """Convert every paragraph of one story part; None when nothing changed."""
    try:
        tree = etree.ElementTree(etree.fromstring(xml, _parser()))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"broken XML in {name}: {exc}") from None
    units = _paragraph_units(tree.getroot())
    words: list[ReportWord] = []
    changed_any = False
    for para, items in units.items():
        if not any(isinstance(i, Piece) for i in items):
            continue
        changes, found = plan_unit(items, analyze, style)
        if not _in_fallback(para):   # mc:Fallback repeats mc:Choice content: convert, don't count twice
            words.extend(found)
        for index, chunks in changes.items():
            piece = items[index]
            assert piece is not None
            _apply(piece.key, chunks, font, base_size)
            changed_any = True
    if not changed_any:
        return None, words
    info = tree.docinfo
    kwargs = {"standalone": info.standalone} if info.standalone is not None else {}
    return etree.tostring(tree, xml_declaration=True, encoding=info.encoding or "UTF-8",
                          **kwargs), words


def _paragraph_units(root: etree._Element) -> dict[etree._Element, list[Piece | None]]:
    """Each w:p's own visible text pieces (w:t elements) in order, with None where text breaks.

    A run belongs to its nearest w:p, so text boxes and nested tables are their own paragraphs.
    Field instructions (between fldChar begin and separate) are left out; field results stay."""
    units: dict[etree._Element, list[Piece | None]] = {}
    fields: list[str] = []   # stack of "instr"/"result" for complex fields

    def add(el: etree._Element, item: Piece | None) -> None:
        para = _paragraph_of(el)
        if para is not None:
            units.setdefault(para, []).append(item)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag == w("fldSimple"):
                add(el, None)
            continue
        if tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                fields.append("instr")
                add(el, None)
            elif kind == "separate" and fields:
                fields[-1] = "result"
            elif kind == "end":
                if fields:
                    fields.pop()
                add(el, None)
        elif tag == T:
            if "instr" in fields or el.getparent() is None or el.getparent().tag != R:
                continue
            if _skipped(el):
                continue
            add(el, Piece(el, el.text or ""))
        elif tag in BREAKS or tag == w("fldSimple"):
            add(el, None)
    return units


def _paragraph_of(el: etree._Element) -> etree._Element | None:
    """The nearest enclosing w:p."""
    for anc in el.iterancestors(P):
        return anc
    return None


def _skipped(t: etree._Element) -> bool:
    """True for text in deleted/moved-away runs or existing ruby, up to its paragraph."""
    for anc in t.iterancestors():
        if anc.tag == P:
            return False
        if anc.tag in SKIP_ANCESTORS:
            return True
    return False


def _in_fallback(para: etree._Element) -> bool:
    return any(a.tag == f"{{{MC_NS}}}Fallback" for a in para.iterancestors())


def _apply(t: etree._Element, chunks: list[Chunk], font: str, base_size: int) -> None:
    """Put the new chunks where w:t t was: same run for plain text, split runs for ruby."""
    run = t.getparent()
    text = chunks_text(chunks)
    if text is not None:
        _set_text(t, text)
        if text:
            _ensure_font(run, font)
        return
    rpr = run.find(RPR)
    children = [c for c in run if c is not rpr]
    at = children.index(t)
    before, after = children[:at], children[at + 1:]
    new_runs: list[etree._Element] = []
    current = _new_run(run, rpr)
    current.extend(before)
    for chunk in chunks:
        if isinstance(chunk, Ruby):
            if _has_content(current):
                new_runs.append(current)
            new_runs.append(_ruby_run(run, rpr, chunk, font, base_size))
            current = _new_run(run, rpr)
        elif chunk:
            node = etree.SubElement(current, T)
            _set_text(node, chunk)
            _ensure_font(current, font)
    current.extend(after)   # moved, not copied: later pieces of this run stay the same elements
    if _has_content(current):
        new_runs.append(current)
    parent = run.getparent()
    pos = parent.index(run)
    parent.remove(run)
    for offset, new in enumerate(new_runs):
        parent.insert(pos + offset, new)


def _new_run(run: etree._Element, rpr: etree._Element | None) -> etree._Element:
    """An empty run with the original run's attributes and formatting."""
    new = etree.Element(R, attrib=dict(run.attrib), nsmap=None)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    return new


def _has_content(run: etree._Element) -> bool:
    return any(c.tag != RPR for c in run)


def _ruby_run(run: etree._Element, rpr: etree._Element | None, ruby: Ruby, font: str,
              base_size: int) -> etree._Element:
    """A run holding w:ruby: the Hanja as base, the Hangul reading above at half size."""
    size = base_size
    if rpr is not None and (sz := rpr.find(w("sz"))) is not None:
        size = _int(sz.get(w("val")), base_size)
    reading_size = max(1, size // 2)
    outer = _new_run(run, rpr)
    _ensure_font(outer, font)
    node = etree.SubElement(outer, w("ruby"))
    props = etree.SubElement(node, w("rubyPr"))
    for tag, val in (("rubyAlign", "distributeSpace"), ("hps", reading_size),
                     ("hpsRaise", max(0, size - 2)), ("hpsBaseText", size), ("lid", "ko-KR")):
        etree.SubElement(props, w(tag)).set(w("val"), str(val))
    for holder, text, half_points in (("rt", ruby.reading, reading_size),
                                      ("rubyBase", ruby.base, None)):
        inner = _new_run(run, rpr)
        _ensure_font(inner, font)
        if half_points is not None:
            props_el = inner.find(RPR)
            for tag in ("sz", "szCs"):
                _rpr_child(props_el, w(tag)).set(w("val"), str(half_points))
        _set_text(etree.SubElement(inner, T), text)
        etree.SubElement(node, w(holder)).append(inner)
    return outer


def _set_text(t: etree._Element, text: str) -> None:
    """Set a w:t's text, marking whitespace to be preserved when it matters."""
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def _ensure_font(run: etree._Element, font: str) -> None:
    """Give the run an East Asian font unless it already names one (directly or by theme)."""
    rpr = run.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        run.insert(0, rpr)
    fonts = _rpr_child(rpr, w("rFonts"))
    if fonts.get(w("eastAsia")) is None and fonts.get(w("eastAsiaTheme")) is None:
        fonts.set(w("eastAsia"), font)


def _rpr_child(rpr: etree._Element, tag: str) -> etree._Element:
    """rPr's child `tag`, created at its schema position when missing."""
    found = rpr.find(tag)
    if found is not None:
        return found
    rank = RPR_ORDER.index(tag)
    pos = 0
    for i, child in enumerate(rpr):
        if child.tag in RPR_ORDER and RPR_ORDER.index(child.tag) < rank:
            pos = i + 1
    node = etree.Element(tag)
    rpr.insert(pos, node)
    return node


__all__ = ["convert_docx", "docx_title"]
