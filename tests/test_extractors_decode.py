"""Tests for extractors.decode, including pages fetched from a local server."""
from __future__ import annotations

from extractors.decode import charset_from_meta, decode_html, normalize_encoding
from extractors.fetch import fetch

BODY = ("<p>정부는 오늘 국무회의에서 내년도 예산안을 심의·의결했다. 기획재정부 장관은 재정 건전성을 "
        "강조하면서도 민생 경제 회복을 위한 지출은 확대하겠다고 밝혔다. 똠방각하와 펲시 같은 "
        "확장 완성형 글자도 들어 있다.</p>")


def page(head: str = "") -> str:
    return f"<html><head>{head}<title>예산안 의결</title></head><body>{BODY * 3}</body></html>"


def test_korean_labels_map_to_cp949():
    for label in ("EUC-KR", "euc_kr", "KS_C_5601-1987", "ks_c_5601-1987", "cp949"):
        assert normalize_encoding(label) == "cp949"
    assert normalize_encoding("no-such-charset") is None


def test_header_charset_wins(local_server):
    data = page().encode("cp949")  # 똠/펲 exist only in CP949, not strict EUC-KR
    local_server.routes["/h"] = (200, {"Content-Type": "text/html; charset=EUC-KR"}, data)
    got = fetch(local_server.url("/h"))
    text = decode_html(got.content, got.headers["content-type"])
    assert "국무회의" in text and "똠방각하" in text and "펲시" in text and "\ufffd" not in text


def test_meta_charset_only(local_server):
    data = page('<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">').encode("cp949")
    local_server.routes["/m"] = (200, {"Content-Type": "text/html"}, data)
    got = fetch(local_server.url("/m"))
    assert charset_from_meta(got.content) == "cp949"
    assert "기획재정부" in decode_html(got.content, got.headers["content-type"])
    assert "예산안" in decode_html(page('<meta charset="euc-kr">').encode("euc-kr"))


def test_undeclared_euc_kr_is_detected(local_server):
    data = page().encode("euc-kr", errors="ignore")
    local_server.routes["/d"] = (200, {"Content-Type": "text/html"}, data)
    got = fetch(local_server.url("/d"))
    text = decode_html(got.content, got.headers["content-type"])
    assert "재정 건전성" in text and "\ufffd" not in text


def test_utf8_page_and_bom():
    assert "국무회의" in decode_html(page('<meta charset="utf-8">').encode("utf-8"))
    assert decode_html(b"\xef\xbb\xbf" + page().encode("utf-8")).startswith("<html>")
    utf16 = page().encode("utf-16")
    assert "민생 경제" in decode_html(utf16)


def test_header_beats_wrong_meta():
    data = page('<meta charset="utf-8">').encode("cp949")
    assert "국무회의" in decode_html(data, "text/html; charset=euc-kr")
