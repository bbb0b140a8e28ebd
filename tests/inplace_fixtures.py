"""Test fixtures for in-place conversion: a DOCX with every story kind and an HTML page, built here."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# A small made-up lexicon for the test double analyser (unit-level mapping tests only).
LEXICON = {
    "대한민국": "大韓民國", "경제": "經濟", "발전": "發展", "사회": "社會", "변화": "變化",
    "한국": "韓國", "정부": "政府", "국가": "國家", "학교": "學校", "대학": "大學", "문화": "文化",
    "예술": "藝術", "신문": "新聞", "기사": "記事", "역사": "歷史", "연구": "硏究", "성장": "成長",
    "시장": "市場", "도시": "都市", "교육": "敎育", "환경": "環境", "정책": "政策",
}


@dataclass(frozen=True)
class FakeSegment:
    start: int
    end: int
    hangul: str
    hanja: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


def fake_analyze(text: str) -> list[FakeSegment]:
    """Longest-match lookup in LEXICON; confidence falls with the word's position, so order varies."""
    segs: list[FakeSegment] = []
    pattern = re.compile("|".join(sorted(LEXICON, key=len, reverse=True)))
    for m in pattern.finditer(text):
        conf = round(0.5 + (hash(m.group()) % 50) / 100, 2)
        segs.append(FakeSegment(m.start(), m.end(), m.group(), LEXICON[m.group()], conf,
                                ((LEXICON[m.group()], conf), (m.group(), round(1 - conf, 2)))))
    return segs


def _footnotes_xml(text: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {nsdecls('w')}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>
</w:footnotes>""".encode()


def build_rich_docx() -> bytes:
    """A DOCX with headers, footers, a footnote, a text box, nested and merged tables, tracked
    changes, a word split across runs, a hyperlink, a bookmark and both kinds of field."""
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "신문 기사 머리글"
    sec.footer.paragraphs[0].text = "대한민국 서울 바닥글"
    d.add_heading("경제 발전과 사회 변화", level=1)

    # A word split across runs: "경" bold, "제" plain, then more text; and a footnote reference.
    p = d.add_paragraph(style="Normal")
    r = p.add_run("경")
    r.bold = True
    p.add_run("제 성장은 중요하다. ")
    r2 = p.add_run("시장")
    r2.italic = True
    r2.font.size = Pt(14)
    p.add_run("과 도시")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/>'
                          '</w:rPr><w:footnoteReference w:id="1"/></w:r>'))

    # Hyperlink (external rel) and a bookmark around a word.
    rid = d.part.relate_to("https://example.com/경제", RT.HYPERLINK, is_external=True)
    p = d.add_paragraph("링크: ")
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}" w:history="1">'
                          '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>한국 정부</w:t></w:r>'
                          '</w:hyperlink>'))
    p._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="7" w:name="국가_표"/>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> 국가</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="7"/>'))

    # Fields: a simple one and a complex one whose instruction holds Hangul.
    p = d.add_paragraph("필드: ")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" DOCPROPERTY 학교 ">'
                          '<w:r><w:t>학교</w:t></w:r></w:fldSimple>'))
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> MERGEFIELD 교육 </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r><w:t>교육 정책</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))

    # Tracked changes: an insertion and a deletion.
    p = d.add_paragraph("변경: ")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="21" w:author="t" w:date="2024-01-01T00:00:00Z">'
                          '<w:r><w:t>대학 교육</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="22" w:author="t" w:date="2024-01-01T00:00:00Z">'
                          '<w:r><w:delText xml:space="preserve"> 경제 역사</w:delText></w:r></w:del>'))

    # A text box (VML, no mc:AlternateContent).
    p = d.add_paragraph("상자 앞 ")
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="tb1" style="width:200pt;height:60pt">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>문화 예술 상자</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    p.add_run(" 상자 뒤 환경")

    # Tables: merged cells and a nested table.
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for i, row in enumerate(t.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"역사 {i}{j}"
    t.cell(0, 0).merge(t.cell(0, 1))          # horizontal merge (gridSpan)
    t.cell(1, 2).merge(t.cell(2, 2))          # vertical merge (vMerge)
    inner = t.cell(2, 0).add_table(rows=2, cols=2)
    for i, row in enumerate(inner.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"연구 {i}{j} 사회"
    d.add_paragraph("끝 문단: 한국 경제")

    fn = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _footnotes_xml("역사 연구 각주"),
              d.part.package)
    d.part.relate_to(fn, RT.FOOTNOTES)
    d.core_properties.title = "경제 문서"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


RICH_HTML = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="{charset}">
<title>경제 뉴스</title>
<style>p.경제 {{ color: red; }} /* 경제 */</style>
<script>var s = "경제 발전"; if (a < b) {{ s += "사회"; }}</script>
</head>
<body>
<h1 class="title" id="top">경제 발전과 사회 변화</h1>
<p>한국 <b>경</b>제는 <a href="/경제?q=1" title="경제 기사">시장</a>과 도시에서 성장했다.<br>교육 정책</p>
<p translate="no">경제 그대로 <span>사회 그대로</span></p>
<div translate="no"><p>역사 그대로 <span translate="yes">문화 변환</span></p></div>
<pre>경제   발전
  사회</pre>
<p>코드 <code>경제()</code> 와 <kbd>사회</kbd> 그리고 <samp>역사</samp></p>
<textarea name="t">경제 입력</textarea>
<img src="a.png" alt="한국 지도">
<!-- 경제 주석 -->
<table><tr><td>환경 연구</td><td rowspan="2">대학</td></tr><tr><td>예술</td></tr></table>
</body>
</html>
"""


def rich_html(charset: str = "utf-8") -> bytes:
    """The rich HTML page encoded in charset (declared in its meta tag)."""
    codec = "cp949" if charset.lower() in ("euc-kr", "ks_c_5601-1987") else charset
    return RICH_HTML.format(charset=charset).encode(codec)
