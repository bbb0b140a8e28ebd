"""In-place DOCX conversion keeps the package, structure and formatting; only Hangul text changes."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import converter
from inplace_fixtures import LEXICON, build_rich_docx, fake_analyze
from outputs.inplace_docx import RPR_ORDER, convert_docx, docx_title

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
STORIES = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def is_hanja(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3400" <= ch <= "\u4dbf"


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def own_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(q("r")) if next(r.iterancestors(q("p"))) is p]


def para_text(p: etree._Element) -> str:
    return "".join(t.text or "" for r in own_runs(p) for t in r.findall(q("t")))


def norm_rpr(run: etree._Element) -> bytes:
    """A run's formatting without the East Asian font the converter may add."""
    rpr = run.find(q("rPr"))
    if rpr is None:
        return b""
    rpr = etree.fromstring(etree.tostring(rpr))
    fonts = rpr.find(q("rFonts"))
    if fonts is not None:
        fonts.attrib.pop(q("eastAsia"), None)
        if not fonts.attrib:
            rpr.remove(fonts)
    return etree.tostring(rpr, method="c14n") if len(rpr) or rpr.attrib else b""


def all_text(data: bytes, name: str) -> str:
    return "\n".join(para_text(p) for p in part(data, name).iter(q("p")))


@pytest.fixture(scope="module")
def rich() -> bytes:
    return build_rich_docx()


def check_structure_preserved(before: bytes, after: bytes) -> None:
    """The acceptance checks shared by the double and the real engine (style hanja)."""
    old_members, new_members = members(before), members(after)
    assert [n for n, _ in old_members] == [n for n, _ in new_members]
    new = dict(new_members)
    for name, blob in old_members:
        if name not in STORIES:
            assert new[name] == blob, f"{name} changed"
    changed = 0
    for name in STORIES:
        a, b = part(before, name), part(after, name)
        for tag in ("p", "tbl", "tr", "tc", "r", "txbxContent", "hyperlink", "ins", "del"):
            assert len(list(a.iter(q(tag)))) == len(list(b.iter(q(tag)))), (name, tag)
        for tag in ("delText", "instrText", "bookmarkStart", "bookmarkEnd", "hyperlink",
                    "fldSimple", "fldChar", "pPr", "tblPr", "tcPr", "trPr", "sectPr"):
            def shallow(el: etree._Element) -> tuple:
                return (el.text, dict(el.attrib)) if tag in ("delText", "instrText") \
                    else etree.tostring(el) if tag not in ("hyperlink", "fldSimple") else dict(el.attrib)
            assert [shallow(e) for e in a.iter(q(tag))] == [shallow(e) for e in b.iter(q(tag))], (name, tag)
        for pa, pb in zip(a.iter(q("p")), b.iter(q("p"))):
            ra, rb = own_runs(pa), own_runs(pb)
            assert [norm_rpr(r) for r in ra] == [norm_rpr(r) for r in rb]
            ta, tb = para_text(pa), para_text(pb)
            assert len(ta) == len(tb), (ta, tb)
            for x, y in zip(ta, tb):
                if x != y:
                    assert is_hangul(x) and is_hanja(y), (ta, tb)
                    changed += 1
    assert changed > 0


def test_hanja_style_keeps_package_and_structure(rich: bytes) -> None:
    out, words = convert_docx(rich, fake_analyze)
    check_structure_preserved(rich, out)
    assert {w.hangul for w in words} <= set(LEXICON)


def test_hanja_style_converts_every_story(rich: bytes) -> None:
    out, _ = convert_docx(rich, fake_analyze)
    body = all_text(out, "word/document.xml")
    assert "經濟 發展과 社會 變化" in body.splitlines()               # heading
    assert "經濟 成長은 중요하다. 市場과 都市" in body                 # split word, italic run
    assert "韓國 政府" in body and " 國家" in body                     # hyperlink, bookmark
    assert "學校" in body and "敎育 政策" in body                      # field results
    assert "大學 敎育" in body                                         # tracked insertion
    assert "文化 藝術 상자" in body.splitlines()                       # text box paragraph
    assert "상자 앞  상자 뒤 環境" in body.splitlines()                # its anchor paragraph
    assert "硏究 11 社會" in body and "歷史 22" in body                # nested and merged tables
    assert "新聞 記事 머리글" in all_text(out, "word/header1.xml")
    assert "大韓民國 서울 바닥글" in all_text(out, "word/footer1.xml")
    assert "歷史 硏究 각주" in all_text(out, "word/footnotes.xml")


def test_split_word_keeps_each_runs_formatting(rich: bytes) -> None:
    out, _ = convert_docx(rich, fake_analyze)
    p = [p for p in part(out, "word/document.xml").iter(q("p")) if para_text(p).startswith("經濟 成長")][0]
    runs = own_runs(p)
    assert runs[0].findtext(q("t")) == "經" and runs[0].find(f"{q('rPr')}/{q('b')}") is not None
    assert runs[1].findtext(q("t")).startswith("濟 ") and runs[1].find(f"{q('rPr')}/{q('b')}") is None
    fonts = runs[0].find(f"{q('rPr')}/{q('rFonts')}")
    assert fonts.get(q("eastAsia")) == "Batang"
    # rFonts sits where the schema wants it: before b
    assert [c.tag for c in runs[0].find(q("rPr"))][:2] == [q("rFonts"), q("b")]


def test_deleted_text_field_codes_and_links_untouched(rich: bytes) -> None:
    out, _ = convert_docx(rich, fake_analyze)
    doc = part(out, "word/document.xml")
    assert [t.text for t in doc.iter(q("delText"))] == [" 경제 역사"]
    assert [t.text for t in doc.iter(q("instrText"))] == [" MERGEFIELD 교육 "]
    assert [f.get(q("instr")) for f in doc.iter(q("fldSimple"))] == [" DOCPROPERTY 학교 "]
    assert [b.get(q("name")) for b in doc.iter(q("bookmarkStart"))] == ["국가_표"]
    rels = dict(members(out))["word/_rels/document.xml.rels"]
    assert "https://example.com/경제".encode() in rels


@pytest.mark.parametrize("style,render", [
    ("hanja-hangul", lambda hg, hj: f"{hj}({hg})"),
    ("hangul-hanja", lambda hg, hj: f"{hg}({hj})"),
])
def test_parenthesis_styles(rich: bytes, style: str, render) -> None:
    out, words = convert_docx(rich, fake_analyze, style)
    body = all_text(out, "word/document.xml").splitlines()
    heading = " ".join([render("경제", "經濟"), render("발전", "發展") + "과",
                        render("사회", "社會"), render("변화", "變化")])
    assert heading in body
    p = [p for p in part(out, "word/document.xml").iter(q("p"))
         if para_text(p).startswith(render("경제", "經濟") + " " + render("성장", "成長"))][0]
    runs = own_runs(p)
    # the whole word goes into the bold run holding its first character; "제" leaves the next run
    assert runs[0].findtext(q("t")) == render("경제", "經濟")
    assert runs[0].find(f"{q('rPr')}/{q('b')}") is not None
    assert runs[1].findtext(q("t")) == " " + render("성장", "成長") + "은 중요하다. "
    assert render("문화", "文化") in all_text(out, "word/document.xml")
    assert render("역사", "歷史") in all_text(out, "word/footnotes.xml")
    # structure is unchanged apart from text
    a, b = part(rich, "word/document.xml"), part(out, "word/document.xml")
    for tag in ("p", "tbl", "tr", "tc", "r", "delText", "instrText"):
        assert len(list(a.iter(q(tag)))) == len(list(b.iter(q(tag))))
    assert len(words) == len(convert_docx(rich, fake_analyze)[1])


def test_ruby_style_inserts_w_ruby(rich: bytes) -> None:
    out, words = convert_docx(rich, fake_analyze, "ruby")
    doc = part(out, "word/document.xml")
    rubies = list(doc.iter(q("ruby")))
    assert len(rubies) == sum(1 for w in words if w.context and "각주" not in w.context
                              and "머리글" not in w.context and "바닥글" not in w.context)
    pairs = [(r.findtext(f"{q('rt')}/{q('r')}/{q('t')}"), r.findtext(f"{q('rubyBase')}/{q('r')}/{q('t')}"))
             for r in rubies]
    assert all(LEXICON[hg] == hj for hg, hj in pairs)
    first = rubies[0]
    assert first.getparent().tag == q("r")
    assert [c.tag for c in first] == [q("rubyPr"), q("rt"), q("rubyBase")]
    assert [c.tag for c in first.find(q("rubyPr"))] == [q(t) for t in ("rubyAlign", "hps", "hpsRaise",
                                                                         "hpsBaseText", "lid")]
    hps = int(first.find(f"{q('rubyPr')}/{q('hps')}").get(q("val")))
    base = int(first.find(f"{q('rubyPr')}/{q('hpsBaseText')}").get(q("val")))
    assert hps < base
    rt_run = first.find(f"{q('rt')}/{q('r')}")
    assert rt_run.find(f"{q('rPr')}/{q('sz')}").get(q("val")) == str(hps)
    # the bold "경" run's formatting is copied into the ruby built for the split word
    split = [r for r in rubies if r.findtext(f"{q('rubyBase')}/{q('r')}/{q('t')}") == "經濟"]
    assert any(r.find(f"{q('rubyBase')}/{q('r')}/{q('rPr')}/{q('b')}") is not None for r in split)
    # the 14 pt italic run: its ruby is sized from it
    market = [r for r in rubies if r.findtext(f"{q('rubyBase')}/{q('r')}/{q('t')}") == "市場"][0]
    assert market.find(f"{q('rubyPr')}/{q('hpsBaseText')}").get(q("val")) == "28"
    assert market.find(f"{q('rubyBase')}/{q('r')}/{q('rPr')}/{q('i')}") is not None
    # every rPr the converter touched keeps schema order
    for rpr in doc.iter(q("rPr")):
        ranks = [RPR_ORDER.index(c.tag) for c in rpr if c.tag in RPR_ORDER]
        assert ranks == sorted(ranks)
    # paragraphs, tables and deleted text unchanged in number and content
    for tag in ("p", "tbl", "tr", "tc"):
        assert len(list(part(rich, "word/document.xml").iter(q(tag)))) == len(list(doc.iter(q(tag))))
    assert [t.text for t in doc.iter(q("delText"))] == [" 경제 역사"]
    assert any(r.findtext(f"{q('rubyBase')}/{q('r')}/{q('t')}") == "歷史"
               for r in part(out, "word/footnotes.xml").iter(q("ruby")))


def test_nothing_to_convert_returns_input_unchanged() -> None:
    data = build_rich_docx()
    out, words = convert_docx(data, lambda text: [])
    assert out == data and words == []


def test_words_carry_confidence_alternatives_and_context(rich: bytes) -> None:
    _, words = convert_docx(rich, fake_analyze)
    first = words[0]
    assert (first.hangul, first.hanja) == ("경제", "經濟")
    assert first.context.startswith("[경제] 발전과")
    assert first.alternatives[0][0] == "經濟"
    assert all(0 <= w.confidence <= 1 for w in words)


@pytest.mark.parametrize("data,reason", [
    (b"not a zip at all", "not a DOCX"),
    (b"PK\x05\x06" + b"\x00" * 18, "not a DOCX"),
])
def test_bad_packages_raise_one_line_value_errors(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as info:
        convert_docx(data, fake_analyze)
    assert "\n" not in str(info.value)


def test_encrypted_or_binary_doc_is_named_as_such() -> None:
    with pytest.raises(ValueError, match="encrypted DOCX or an old binary .doc"):
        convert_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, fake_analyze)


def test_damaged_member_is_a_value_error(rich: bytes) -> None:
    # flip bytes inside the compressed document part so its CRC check fails while reading
    with zipfile.ZipFile(io.BytesIO(rich)) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 40
    broken = rich[:start] + bytes(b ^ 0xFF for b in rich[start:start + 16]) + rich[start + 16:]
    with pytest.raises(ValueError, match="corrupt DOCX|broken XML") as exc:
        convert_docx(broken, fake_analyze)
    assert "\n" not in str(exc.value)


def test_zip_without_document_part_is_rejected() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="no WordprocessingML"):
        convert_docx(buf.getvalue(), fake_analyze)


def test_unknown_style_is_rejected(rich: bytes) -> None:
    with pytest.raises(ValueError, match="unknown style"):
        convert_docx(rich, fake_analyze, "bold")


def test_title_from_core_properties(rich: bytes) -> None:
    assert docx_title(rich) == "경제 문서"


# Acceptance: the real engine.

def real_analyze(text: str):
    return converter.analyze(text)


def test_real_engine_hanja_style_preserves_everything(rich: bytes) -> None:
    out, words = convert_docx(rich, real_analyze)
    check_structure_preserved(rich, out)
    body = all_text(out, "word/document.xml")
    assert body.splitlines()[0].startswith("經濟")
    assert "經" in para_text(own_runs_paragraph(out, "經"))
    assert any(w.hangul == "경제" and w.hanja == "經濟" for w in words)
    assert "新聞" in all_text(out, "word/header1.xml")


def own_runs_paragraph(data: bytes, first_run_text: str) -> etree._Element:
    for p in part(data, "word/document.xml").iter(q("p")):
        runs = own_runs(p)
        if runs and runs[0].findtext(q("t")) == first_run_text:
            return p
    raise AssertionError(f"no paragraph whose first run is {first_run_text!r}")


@pytest.mark.parametrize("style", ["hanja-hangul", "hangul-hanja", "ruby"])
def test_real_engine_other_styles(rich: bytes, style: str) -> None:
    out, words = convert_docx(rich, real_analyze, style)
    assert words
    doc = part(out, "word/document.xml")
    if style == "ruby":
        rubies = list(doc.iter(q("ruby")))
        assert rubies and all(r.findtext(f"{q('rubyBase')}/{q('r')}/{q('t')}") for r in rubies)
    else:
        text = all_text(out, "word/document.xml")
        pair = "經濟(경제)" if style == "hanja-hangul" else "경제(經濟)"
        assert pair in text
    for tag in ("p", "tbl", "tr", "tc"):
        assert len(list(part(rich, "word/document.xml").iter(q(tag)))) == len(list(doc.iter(q(tag))))


def test_alternate_content_text_box_converted_in_both_branches_counted_once() -> None:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("앞 ")
    p._p.append(parse_xml(
        f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>도시 환경</w:t>'
        '</w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>도시 환경</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    p.add_run("뒤 정책")
    buf = io.BytesIO()
    d.save(buf)
    out, words = convert_docx(buf.getvalue(), fake_analyze)
    texts = [para_text(p) for p in part(out, "word/document.xml").iter(q("p"))]
    assert texts.count("都市 環境") == 2 and "앞 뒤 政策" in texts
    assert sorted(w.hanja for w in words) == sorted(["都市", "環境", "政策"])


def test_breaks_inside_runs_separate_words() -> None:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:t>경</w:t><w:tab/><w:t>제 교육</w:t>'
                          '<w:noBreakHyphen/><w:t>정책</w:t></w:r>'))
    buf = io.BytesIO()
    d.save(buf)
    out, words = convert_docx(buf.getvalue(), fake_analyze)
    run = next(part(out, "word/document.xml").iter(q("r")))
    assert [t.text for t in run.findall(q("t"))] == ["경", "제 敎育", "政策"]
    assert [c.tag for c in run][1:] == [q("t"), q("tab"), q("t"), q("noBreakHyphen"), q("t")]
