"""Tests for flows.pipeline: loading, extracting, converting and writing one source."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from document.model import Document, Metadata, Paragraph, Text, Word
from document.walk import document_text, words
from extractors.errors import ExtractionError, FetchError
from flows import pipeline
from flows.pipeline import extract, load_source, make_slug, write_outputs
from docx_builders import docx_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
ARTICLE = (FIXTURES / "article.html").read_bytes()
TEXT = "정부는 새 교육 정책을 발표했다.\n\n시민 단체는 지역 경제 활성화 계획을 환영했다.\n"


# --- make_slug ---------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("https://www.hani.co.kr/arti/politics/1234567.html", "hani-1234567"),
    ("https://news.kbs.co.kr/news/view.do?ncd=7890", "kbs-view-7890"),
    ("https://example.com/news/2024/library-opens", "example-library-opens"),
    ("notes/Report Final.docx", "report-final"),
    ("/tmp/a/story.md", "story"),
])
def test_slug_from_url_path_or_file_stem(source, expected):
    assert make_slug(None, source) == expected


def test_slug_without_ascii_name_uses_ascii_title_else_a_hash():
    hashed = make_slug(None, "기사/한국어 제목.html")
    assert re.fullmatch(r"doc-[0-9a-f]{10}", hashed)
    assert make_slug(None, "기사/한국어 제목.html") == hashed          # stable
    assert make_slug(None, "기사/다른 제목.html") != hashed
    doc = Document(Metadata(title="Seoul Library News"))
    assert make_slug(doc, "https://example.com/") == "seoul-library-news"
    assert re.fullmatch(r"doc-[0-9a-f]{10}", make_slug(Document(Metadata(title="도서관")),
                                                       "https://example.com/"))


def test_slug_is_unique_within_taken_and_filesystem_safe():
    taken: set[str] = set()
    slugs = [make_slug(None, s, taken) for s in
             ("a/report.docx", "b/report.html", "c/report.md", "../../etc/passwd", "x/..hidden.txt")]
    assert slugs[:3] == ["report", "report-2", "report-3"]
    assert taken == set(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug), slug
        assert len(slug) <= 60


def test_slug_is_capped_in_length():
    assert len(make_slug(None, "/tmp/" + "long-name-" * 20 + ".txt")) <= 60


# --- load_source -------------------------------------------------------------------------

def test_load_local_files_sniffs_kind(tmp_path):
    (tmp_path / "a.html").write_bytes(ARTICLE)
    (tmp_path / "b.md").write_text("# 제목\n\n본문", encoding="utf-8")
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d.docx").write_bytes(docx_bytes(["문단"]))
    kinds = {name: load_source(str(tmp_path / name)) for name in ("a.html", "b.md", "c.txt", "d.docx")}
    assert {n: l.kind for n, l in kinds.items()} == {"a.html": "html", "b.md": "markdown",
                                                     "c.txt": "text", "d.docx": "docx"}
    assert kinds["a.html"].data == ARTICLE and kinds["a.html"].url is None
    assert kinds["a.html"].name == "a.html"


def test_load_missing_file_empty_file_and_directory_fail_with_one_line(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    for source, needle in ((tmp_path / "nope.txt", "no such file"), (tmp_path / "empty.txt", "empty"),
                           (tmp_path, "directory")):
        with pytest.raises(ExtractionError) as info:
            load_source(str(source))
        assert needle in str(info.value) and "\n" not in str(info.value)


def test_load_url_from_local_server(local_server):
    local_server.routes["/news/1.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE)
    loaded = load_source(local_server.url("/news/1.html"))
    assert loaded.kind == "html" and loaded.data == ARTICLE
    assert loaded.url == local_server.url("/news/1.html")
    assert loaded.content_type.startswith("text/html")


def test_load_url_404_raises_fetch_error(local_server):
    with pytest.raises(FetchError) as info:
        load_source(local_server.url("/missing"), {"retries": 0})
    assert "404" in str(info.value)


def test_load_url_serving_docx_is_read_as_docx(local_server):
    data = docx_bytes(["문단"])
    local_server.routes["/files/memo.docx"] = (
        200, {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, data)
    loaded = load_source(local_server.url("/files/memo.docx"))
    assert loaded.kind == "docx" and loaded.data == data


# --- extract -----------------------------------------------------------------------------

def test_extract_article_from_url_drops_boilerplate(local_server):
    local_server.routes["/a"] = (200, {"Content-Type": "text/html"}, ARTICLE)
    doc = extract(load_source(local_server.url("/a")))
    text = document_text(doc)
    assert doc.meta.title == "시립도서관 새 분관 개관"
    assert "착공한 시립도서관" in text and "공영 주차장" in text
    assert "많이 본 뉴스" not in text and "구독 문의" not in text


def test_extract_local_html_page_as_article(tmp_path):
    (tmp_path / "saved.html").write_bytes(ARTICLE)
    text = document_text(extract(load_source(str(tmp_path / "saved.html"))))
    assert "착공한 시립도서관" in text and "많이 본 뉴스" not in text


def test_extract_legacy_encoded_local_text(tmp_path):
    (tmp_path / "old.txt").write_bytes(TEXT.encode("cp949"))
    doc = extract(load_source(str(tmp_path / "old.txt")))
    assert document_text(doc).splitlines() == ["정부는 새 교육 정책을 발표했다.",
                                               "시민 단체는 지역 경제 활성화 계획을 환영했다."]


def test_extract_markdown_and_docx(tmp_path):
    (tmp_path / "a.md").write_text("# 회의 결과\n\n예산 **확보** 계획", encoding="utf-8")
    md = extract(load_source(str(tmp_path / "a.md")))
    assert md.meta.title == "회의 결과" and "예산 확보 계획" in document_text(md)
    (tmp_path / "b.docx").write_bytes(docx_bytes(["첫 문단 교육", "둘째 문단 문화"]))
    dx = extract(load_source(str(tmp_path / "b.docx")))
    assert document_text(dx).splitlines() == ["첫 문단 교육", "둘째 문단 문화"]


def test_extract_corrupt_docx_raises_extraction_error(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ExtractionError):
        extract(load_source(str(tmp_path / "bad.docx")))


# --- convert_doc and write_outputs -------------------------------------------------------

def test_convert_doc_adds_words_matching_the_engine():
    import converter

    doc = Document(Metadata(), [Paragraph([Text("정부는 새 교육 정책을 발표했다.")])])
    converted = pipeline.convert_doc(doc, None)
    found = words(converted)
    assert found, "the engine should convert some Sino-Korean words"
    assert document_text(converted, hanja=True) == converter.convert("정부는 새 교육 정책을 발표했다.")


def test_write_outputs_writes_each_format_atomically(tmp_path):
    doc = Document(Metadata(title="제목"), [Paragraph([Text("가 "), Word("교육", "敎育", 0.9)])])
    out = tmp_path / "out"
    paths = write_outputs(doc, out, "story", ("html", "docx"), "hanja-hangul")
    assert paths == {"html": out / "story.html", "docx": out / "story.docx"}
    tree = lxml_html.fromstring(paths["html"].read_bytes())
    assert "敎育(교육)" in tree.text_content()
    assert paths["docx"].read_bytes()[:4] == b"PK\x03\x04"
    assert sorted(p.name for p in out.iterdir()) == ["story.docx", "story.html"]  # no temp files left


def test_write_outputs_rejects_unknown_format(tmp_path):
    doc = Document(Metadata(), [Paragraph([Text("가")])])
    with pytest.raises(ValueError, match="pdf"):
        write_outputs(doc, tmp_path, "x", ("pdf",), "hanja")
