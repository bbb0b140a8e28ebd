"""Feeds, sitemaps, URL lists and feed discovery, including EUC-KR feeds."""
from __future__ import annotations

import pytest

from extractors import feeds
from extractors.errors import ExtractionError, FetchError

RSS_EUCKR = """<?xml version="1.0" encoding="EUC-KR"?>
<rss version="2.0"><channel><title>연합 속보</title><link>http://news.example.kr/</link>
<item><title>국회 본회의 개최</title><link>/view/1?utm_source=rss&amp;b=2&amp;a=1#top</link>
<pubDate>Wed, 01 May 2024 09:30:00 +0900</pubDate></item>
<item><title>경제 동향</title><link>HTTP://News.Example.KR:80/view/2</link></item>
<item><title>메일</title><link>mailto:desk@example.kr</link></item>
</channel></rss>""".encode("cp949")

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>사설</title>
<entry><title>교육 개혁의 방향</title><link rel="alternate" href="https://e.kr/ed/7"/>
<id>tag:e.kr,2024:7</id><updated>2024-05-02T00:00:00Z</updated></entry></feed>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://e.kr/n/1</loc><news:news><news:publication><news:name>E</news:name>
<news:language>ko</news:language></news:publication>
<news:publication_date>2024-05-03T10:00:00+09:00</news:publication_date>
<news:title>대통령 담화 발표</news:title></news:news></url>
<url><loc>https://e.kr/n/2</loc><lastmod>2024-05-04</lastmod></url>
</urlset>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://e.kr/sitemap-news.xml</loc></sitemap>
<sitemap><loc>https://e.kr/sitemap-2.xml</loc></sitemap></sitemapindex>"""

HOME = """<!doctype html><html><head><meta charset="euc-kr">
<link rel="alternate" type="application/rss+xml" title="전체" href="/rss/all.xml">
<link rel="alternate" type="application/atom+xml" href="https://e.kr/atom.xml">
<link rel="stylesheet" href="/s.css"></head><body>뉴스</body></html>"""


def test_normalize_url():
    assert feeds.normalize_url("HTTPS://WWW.Example.KR/a/b?z=1&utm_medium=x&a=2#frag") == \
        "https://www.example.kr/a/b?a=2&z=1"
    assert feeds.normalize_url("http://e.kr:80") == "http://e.kr/"
    assert feeds.normalize_url("http://e.kr:8080/x?fbclid=1") == "http://e.kr:8080/x"
    assert feeds.normalize_url("../c?q=한국", "https://e.kr/a/b/") == "https://e.kr/a/c?q=%ED%95%9C%EA%B5%AD"


def test_euckr_rss_decodes_and_normalises():
    listing = feeds.parse_listing(RSS_EUCKR, "http://news.example.kr/rss", "application/rss+xml")
    assert [e.title for e in listing.entries] == ["국회 본회의 개최", "경제 동향"]
    assert [e.url for e in listing.entries] == ["http://news.example.kr/view/1?a=1&b=2",
                                                "http://news.example.kr/view/2"]
    assert listing.entries[0].published == "2024-05-01T00:30:00"   # UTC
    assert listing.entries[1].published is None


def test_euckr_declared_only_in_http_header():
    body = RSS_EUCKR.replace(b'encoding="EUC-KR"', b"")
    listing = feeds.parse_listing(body, "http://news.example.kr/rss", "text/xml; charset=ks_c_5601-1987")
    assert listing.entries[0].title == "국회 본회의 개최"


def test_atom_and_sniffing_without_content_type():
    listing = feeds.parse_listing(ATOM.encode(), "https://e.kr/atom.xml")
    assert [(e.url, e.title, e.published) for e in listing.entries] == \
        [("https://e.kr/ed/7", "교육 개혁의 방향", "2024-05-02T00:00:00")]


def test_news_sitemap_and_index():
    listing = feeds.parse_listing(NEWS_SITEMAP.encode(), "https://e.kr/sitemap-news.xml")
    assert [(e.url, e.title, e.published) for e in listing.entries] == [
        ("https://e.kr/n/1", "대통령 담화 발표", "2024-05-03T01:00:00"),
        ("https://e.kr/n/2", "", "2024-05-04")]
    index = feeds.parse_listing(SITEMAP_INDEX.encode(), "https://e.kr/sitemap.xml")
    assert index.entries == [] and index.children == ["https://e.kr/sitemap-news.xml",
                                                      "https://e.kr/sitemap-2.xml"]


def test_url_list_and_discovery():
    text = "# 목록\nhttps://e.kr/1?utm_campaign=x\n\nftp://e.kr/no\n  https://e.kr/2  memo\n"
    assert [e.url for e in feeds.parse_listing(text.encode(), "list.txt").entries] == \
        ["https://e.kr/1", "https://e.kr/2"]
    found = feeds.parse_listing(HOME.encode("cp949"), "https://e.kr/", "text/html")
    assert found.children == ["https://e.kr/rss/all.xml", "https://e.kr/atom.xml"]


@pytest.mark.parametrize("body,ctype", [
    (b"\x89PNG\r\n\x1a\n\x00\x00garbage\x00", None),
    (b"<rss><channel><item><title>x</title>", "application/rss+xml"),
    (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>", None),
    (b"<html><head></head><body>no feeds</body></html>", "text/html"),
    (b"   ", None),
])
def test_garbage_is_a_clear_error(body, ctype):
    with pytest.raises(ExtractionError) as info:
        feeds.parse_listing(body, "https://e.kr/bad", ctype)
    assert str(info.value).startswith("https://e.kr/bad: ")
    assert "\n" not in str(info.value)


def test_collect_follows_children_and_isolates_errors():
    pages = {
        "https://e.kr/": (HOME.encode("cp949"), "text/html; charset=euc-kr"),
        "https://e.kr/rss/all.xml": (RSS_EUCKR.replace(b"http://news.example.kr/", b"https://e.kr/"),
                                     "application/rss+xml"),
        "https://e.kr/sitemap.xml": (SITEMAP_INDEX.encode(), "application/xml"),
        "https://e.kr/sitemap-news.xml": (NEWS_SITEMAP.encode(), "application/xml"),
        "https://e.kr/sitemap-2.xml": (NEWS_SITEMAP.replace("/n/", "/m/").encode(), "application/xml"),
    }

    def fetcher(url):
        if url not in pages:
            raise FetchError(url, "HTTP 500 Internal Server Error")
        return pages[url]

    entries, errors = feeds.collect([("https://e.kr/", None), ("https://e.kr/sitemap.xml", "sitemap"),
                                     ("https://e.kr/rss/all.xml", None)], fetcher)
    urls = [e.url for e in entries]
    assert len(urls) == len(set(urls)) == 2 + 4
    assert "https://e.kr/view/1?a=1&b=2" in urls and "https://e.kr/m/2" in urls
    assert [str(e) for e in errors] == ["https://e.kr/atom.xml: HTTP 500 Internal Server Error"]
