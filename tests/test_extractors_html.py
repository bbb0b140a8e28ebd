"""Tests for extractors.html: article extraction without chrome, and whole HTML documents."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from document.model import BlockQuote, Figure, Heading, Link, ListBlock, Paragraph, Table, Text
from document.walk import block_text, document_text, inline_text, iter_blocks
from extractors.errors import ExtractionError
from extractors.html import extract_article, read_html_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "flows" / "data" / "sample_news.html").read_text(encoding="utf-8")
PORTAL = (Path(__file__).parent / "fixtures" / "extractors" / "portal_article.html").read_text(encoding="utf-8")

SAMPLE_CHROME = ["로그인", "회원가입", "속보", "기준금리", "카카오톡 공유", "글자 크기", "좋아요", "훈훈해요",
                 "슬퍼요", "화나요", "후속 원해요", "댓글", "독서광77", "관련 기사", "디지털 자료 공유",
                 "많이 본 뉴스", "미세먼지", "개인정보처리방침", "Copyright", "무단 전재", "구독",
                 "seoyeon.kim@", "오피니언", "이 기사를 추천"]


def all_text(doc) -> str:
    """Body text plus figure alt text: everything a writer could print."""
    alts = [b.alt for b in iter_blocks(doc.blocks) if isinstance(b, Figure)]
    return document_text(doc) + "\n" + "\n".join(alts)


def test_sample_news_body_kept_and_chrome_gone():
    doc = extract_article(SAMPLE, "https://news.example.kr/article/2025031400123")
    text = all_text(doc)
    for phrase in ("인구 감소로 활력을 잃어 가던", "총예산은 약 63억 원", "사서 인력의 고용 안정",
                   "핵심 과제로 격상하는 방안도 논의할 예정이다"):
        assert phrase in text
    for phrase in SAMPLE_CHROME:
        assert phrase not in text, phrase
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) >= 8


def test_sample_news_metadata_subtitle_caption_list_table():
    doc = extract_article(SAMPLE, "https://news.example.kr/article/2025031400123")
    meta = doc.meta
    assert meta.title == "지방 소도시 공공도서관, 주민 문화 거점으로 재탄생"
    assert meta.subtitles == ["문화체육관광부, 인구 감소 지역 도서관 42곳에 운영비 지원",
                              "야간 개관·순회 문고로 이용자 두 배 늘어"]
    assert meta.authors == ["김서연"] and meta.site == "한빛일보"
    assert meta.date.startswith("2025-03-14")
    assert meta.url == "https://news.example.kr/article/2025031400123"
    # the subtitle is metadata, not repeated as a body block
    assert not any("야간 개관·순회 문고로" in block_text(b) for b in doc.blocks)
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert figure.src == "https://news.example.kr/images/2025/03/library-night.jpg"
    assert inline_text(figure.caption).startswith("지난 12일 저녁 전라남도의 한 군립도서관")
    lst = next(b for b in doc.blocks if isinstance(b, ListBlock))
    assert lst.ordered and len(lst.items) == 3
    assert Text("40시간 이상", frozenset({"bold"})) in lst.items[1].blocks[0].inlines
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert inline_text(table.caption) == "권역별 지원 도서관 현황"
    assert table.rows[0].header and len(table.rows) == 6
    assert [block_text(c.blocks[0]) for c in table.rows[1].cells] == ["호남권", "12", "18.5"]
    heading = next(b for b in doc.blocks if isinstance(b, Heading))
    assert inline_text(heading.inlines) == "지원 대상 선정 기준"


def test_portal_page_reactions_comments_related_removed():
    doc = extract_article(PORTAL, "https://portal.example.kr/article/001")
    text = all_text(doc)
    assert "빈집을 정비해 체류형 관광 숙소로" in text and "고령화 문제 해결에도" in text
    for phrase in ("뉴스홈", "본문 바로가기", "관련뉴스", "어촌 인구 10년", "좋아요", "슬퍼요", "추천해요",
                   "댓글", "바닷가 마을 살리기", "많이 본 뉴스", "주말 전국", "Copyright", "무단 전재",
                   "기자 구독", "구독자", "mj.park@"):
        assert phrase not in text, phrase
    assert doc.meta.subtitles == ["어촌 여섯 곳에 빈집 정비 숙소", "귀어 희망자 체험 프로그램과 연계"]
    assert doc.meta.authors == ["박민준"]
    figure = next(b for b in iter_blocks(doc.blocks) if isinstance(b, Figure))
    assert inline_text(figure.caption) == "충청남도의 한 어촌 마을 전경. 해양수산부 제공"
    lst = next(b for b in iter_blocks(doc.blocks) if isinstance(b, ListBlock))
    assert lst.ordered and lst.start == 2
    assert [block_text(i.blocks[0]) for i in lst.items][0] == "빈집 실태 조사와 소유자 동의 확보"


def test_table_spans_repaired_from_page():
    body = "<p>" + "정부는 올해 지방 재정 지원 규모를 확대하기로 결정했다. " * 6 + "</p>"
    page = (f"<html><body><article><h1>지방 재정 지원 확대</h1>{body}<table>"
            "<tr><th colspan='2'>구분 합계</th></tr><tr><td rowspan='2'>국비</td><td>40억</td></tr>"
            f"<tr><td>35억</td></tr></table>{body}</article></body></html>")
    doc = extract_article(page)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.rows[0].cells[0].colspan == 2 and table.rows[0].header
    assert table.rows[1].cells[0].rowspan == 2 and len(table.rows[2].cells) == 1


def test_json_ld_fallback_when_page_body_is_empty():
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "기상청 장기 예보",
               "articleBody": "기상청은 올여름 기온이 평년보다 높을 것으로 전망했다.\n\n"
                              "강수량은 지역별 편차가 클 것으로 예상되며, 집중호우에 대비한 "
                              "사전 점검이 필요하다고 당부했다. 기상청은 다음 달 초 수정 전망을 발표한다. "
                              "전문가들은 폭염 일수가 늘어날 가능성을 경고하며 취약 계층 보호 대책을 주문했다."}
    page = (f"<html><head><title>기상청 장기 예보</title><script type='application/ld+json'>"
            f"{json.dumps(article, ensure_ascii=False)}</script></head>"
            "<body><div id='app'>불러오는 중…</div></body></html>")
    doc = extract_article(page, "https://weather.example.kr/1")
    paras = [block_text(b) for b in doc.blocks]
    assert paras[0] == "기상청은 올여름 기온이 평년보다 높을 것으로 전망했다."
    assert "취약 계층 보호 대책" in paras[1]


def test_container_fallback_strips_chrome():
    text = "국토교통부는 노후 교량 안전 점검 결과를 공개했다. " * 3
    page = ("<html><body><div class='article_txt'>"
            f"<p>{text}</p><div class='share_area'>공유하기 카카오톡</div><p>{text}</p>"
            "<div class='relate_news'><p>관련 기사</p></div></div></body></html>")
    doc = extract_article(page)
    joined = document_text(doc)
    assert "노후 교량" in joined and "공유하기" not in joined and "관련 기사" not in joined


@pytest.mark.parametrize("page", ["", "<html><body></body></html>",
                                  "<html><body><nav><a href='/'>홈</a></nav></body></html>"])
def test_no_text_raises(page):
    with pytest.raises(ExtractionError) as info:
        extract_article(page, "https://x.example.kr/a")
    assert str(info.value).startswith("https://x.example.kr/a: ")


def test_read_html_document_is_faithful():
    page = """<html lang="ko"><head><title>내부 보고서</title></head><body>
    <nav><a href="/">목차</a></nav>
    <h1>연간 운영 보고</h1><p>첫 문단은 <b>굵게</b>와 <i>기울임</i>, <a href="https://example.kr/x">링크</a>를 담는다.<br>둘째 줄.</p>
    <ol start="4"><li>넷째<ul><li>하위</li></ul></li><li>다섯째</li></ol>
    <blockquote><p>인용문</p></blockquote>
    <table><tr><th colspan="2">머리</th></tr><tr><td>가</td><td>나</td></tr></table>
    <figure><img src="a.png" alt="그림"><figcaption>그림 설명</figcaption></figure>
    <pre><code class="language-python">x = 1</code></pre>
    <div class="comments">댓글 영역도 문서의 일부</div>
    <script>var hidden = 1;</script></body></html>"""
    doc = read_html_document(page)
    assert doc.meta.title == "내부 보고서"
    text = document_text(doc)
    assert "목차" in text and "댓글 영역도 문서의 일부" in text and "hidden" not in text
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Heading", "Paragraph", "ListBlock", "BlockQuote", "Table", "Figure",
                     "CodeBlock", "Paragraph"]
    para = doc.blocks[2]
    assert Text("굵게", frozenset({"bold"})) in para.inlines
    assert any(isinstance(n, Link) and n.url == "https://example.kr/x" for n in para.inlines)
    lst = doc.blocks[3]
    assert lst.ordered and lst.start == 4 and isinstance(lst.items[0].blocks[1], ListBlock)
    assert isinstance(doc.blocks[4], BlockQuote)
    assert doc.blocks[5].rows[0].cells[0].colspan == 2
    assert inline_text(doc.blocks[6].caption) == "그림 설명"
    assert doc.blocks[7].language == "python"
