"""Tests for flows.convert: the Prefect batch flow and the in-process path for one local file."""
from __future__ import annotations

import io
import json
import re
import threading
import time
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from flows import convert
from flows.manifest import read_manifest
from docx_builders import docx_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
ARTICLE = (FIXTURES / "article.html").read_bytes()
HANJA = re.compile(r"[\u4e00-\u9fff]")
FAST_FETCH = {"timeout": 0.5, "retries": 0}


def _zip_bomb(megabytes: int = 250) -> bytes:
    """A small .docx-shaped ZIP whose document part inflates to `megabytes` of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return buf.getvalue()


def _check_ok(record: dict, formats=("html", "docx")) -> None:
    assert record["status"] == "ok", record
    assert record["error"] is None
    assert sorted(record["outputs"]) == sorted(formats)
    for path in record["outputs"].values():
        assert Path(path).is_file() and Path(path).stat().st_size > 0
    if "html" in record["outputs"]:
        tree = lxml_html.fromstring(Path(record["outputs"]["html"]).read_bytes())
        assert HANJA.search(tree.text_content()), "converted HTML should contain Hanja"
    if "docx" in record["outputs"]:
        assert zipfile.is_zipfile(record["outputs"]["docx"])
    assert record["word_count"] > 0 and record["words"]
    assert all(w["hanja"] != w["hangul"] for w in record["words"])


def _check_failed(record: dict, needle: str) -> None:
    assert record["status"] == "failed", record
    assert record["outputs"] == {} and record["title"] is None
    assert "\n" not in record["error"] and record["error"].strip()
    assert needle.lower() in record["error"].lower(), record["error"]


@pytest.fixture
def good_and_bad(tmp_path, local_server):
    """Sources: five good ones and seven that must each fail with their own reason."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "saved-page.html").write_bytes(ARTICLE)
    (src / "notes.txt").write_text("정부는 새 교육 정책을 발표했다.\n\n시민 단체는 환영했다.\n", encoding="utf-8")
    (src / "minutes.md").write_text("# 회의 결과\n\n예산 **확보** 계획을 논의했다.\n", encoding="utf-8")
    (src / "memo.docx").write_bytes(docx_bytes(["도서관 개관 계획", "지역 경제 활성화"]))
    (src / "corrupt.docx").write_bytes(b"PK\x03\x04\x14\x00 truncated and not a zip at all")
    (src / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    (src / "bomb.docx").write_bytes(_zip_bomb())
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.html").write_bytes(bytes(range(256)) * 16)
    local_server.routes["/news/library-opens.html"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                                       ARTICLE)
    local_server.routes["/news/hangs"] = (200, {"Content-Type": "text/html"}, ARTICLE, float("inf"))
    good = [local_server.url("/news/library-opens.html"), str(src / "saved-page.html"),
            str(src / "notes.txt"), str(src / "minutes.md"), str(src / "memo.docx")]
    bad = {str(src / "corrupt.docx"): "", str(src / "locked.docx"): "encrypt",
           str(src / "bomb.docx"): "bomb", str(src / "empty.txt"): "empty",
           str(src / "binary.html"): "binary", local_server.url("/news/gone"): "404",
           local_server.url("/news/hangs"): "timed out"}
    return good, bad, local_server


def test_batch_with_bad_inputs_converts_the_good_ones(tmp_path, good_and_bad, prefect_harness):
    good, bad, server = good_and_bad
    sources = [s for pair in zip(good, list(bad)[:5]) for s in pair] + list(bad)[5:]
    out = tmp_path / "out"
    records, used_prefect = convert.run_conversion(
        sources, str(out), concurrency=3, fetch_opts=FAST_FETCH, fetch_retries=1, retry_backoff=0.05,
        progress=False)
    assert used_prefect is True
    assert [r["source"] for r in records] == sources
    by_source = {r["source"]: r for r in records}
    for source in good:
        _check_ok(by_source[source])
    for source, needle in bad.items():
        _check_failed(by_source[source], needle)
    # The manifest holds exactly these records, one JSON object per line, in source order.
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records
    # Outputs have distinct names; nothing half-written is left behind.
    written = sorted(p.name for p in out.iterdir())
    assert not [n for n in written if n.startswith(".") or n.endswith(".tmp")]
    assert len(written) == 1 + 2 * len(good)
    # A timeout is retried by the task (1 retry); a 404 is not worth retrying.
    paths = [path for path, _headers in server.requests]
    assert paths.count("/news/hangs") == 2
    assert paths.count("/news/gone") == 1


def test_url_article_keeps_title_and_drops_page_chrome(tmp_path, local_server, prefect_harness):
    local_server.routes["/a/1.html"] = (200, {"Content-Type": "text/html"}, ARTICLE)
    local_server.routes["/a/2.html"] = (200, {"Content-Type": "text/html"}, ARTICLE)
    records, _ = convert.run_conversion([local_server.url("/a/1.html"), local_server.url("/a/2.html")],
                                        str(tmp_path), formats=("html",), progress=False)
    assert [r["status"] for r in records] == ["ok", "ok"]
    assert records[0]["title"] == "시립도서관 새 분관 개관"
    first, second = (Path(r["outputs"]["html"]) for r in records)
    assert (first.name, second.name) == ("127-0-0-1-1.html", "127-0-0-1-2.html")
    text = lxml_html.fromstring(first.read_bytes()).text_content()
    assert "많이 본 뉴스" not in text and "구독 문의" not in text
    assert "圖書館" in text


def test_concurrency_is_bounded(tmp_path, local_server, prefect_harness):
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(handler):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(1.0)
        with lock:
            state["now"] -= 1
        return (200, {"Content-Type": "text/html"}, ARTICLE)

    for i in range(4):
        local_server.routes[f"/s/{i}.html"] = slow
    sources = [local_server.url(f"/s/{i}.html") for i in range(4)]
    records, _ = convert.run_conversion(sources, str(tmp_path), concurrency=2, formats=("html",),
                                        progress=False)
    assert [r["status"] for r in records] == ["ok"] * 4
    assert state["max"] == 2


def test_single_local_file_runs_in_process_without_the_flow(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(convert, "convert_sources", lambda *a, **k: calls.append(a))
    (tmp_path / "one.txt").write_text("정부는 새 교육 정책을 발표했다.", encoding="utf-8")
    records, used_prefect = convert.run_conversion([str(tmp_path / "one.txt")], str(tmp_path / "out"),
                                                   progress=False)
    assert used_prefect is False and calls == []
    _check_ok(records[0])
    assert read_manifest(tmp_path / "out" / "manifest.jsonl") == records


def test_in_process_batch_records_failures_too(tmp_path):
    (tmp_path / "a.txt").write_text("시민 단체는 지역 경제 계획을 환영했다.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    records = convert.convert_in_process([str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                          str(tmp_path / "c.txt")], str(tmp_path / "out"),
                                         formats=("html",), progress=False)
    _check_ok(records[0], formats=("html",))
    _check_failed(records[1], "empty")
    _check_failed(records[2], "no such file")


def test_report_lists_converted_words(tmp_path):
    (tmp_path / "a.txt").write_text("정부는 새 교육 정책을 발표했다.", encoding="utf-8")
    records = convert.convert_in_process([str(tmp_path / "a.txt")], str(tmp_path / "out"),
                                         formats=("html",), report=True, progress=False)
    report = Path(records[0]["outputs"]["report"])
    rows = [line.split("\t") for line in report.read_text(encoding="utf-8").splitlines()]
    assert rows[0][:3] == ["hangul", "hanja", "confidence"]
    hanja_in_report = {row[1] for row in rows[1:]}
    assert {w["hanja"] for w in records[0]["words"]} <= hanja_in_report


def test_batch_falls_back_to_in_process_when_prefect_is_unavailable(tmp_path, monkeypatch, capsys):
    class Broken:
        def with_options(self, **kwargs):
            return self

        def __call__(self, *args, **kwargs):
            raise RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server")

    monkeypatch.setattr(convert, "convert_sources", Broken())
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("정부는 새 교육 정책을 발표했다.", encoding="utf-8")
    records, used_prefect = convert.run_conversion([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                                                   str(tmp_path / "out"), formats=("html",),
                                                   fetch_retries=1, progress=False)
    assert used_prefect is False
    assert [r["status"] for r in records] == ["ok", "ok"]
    err = capsys.readouterr().err
    assert "Prefect is unavailable (RuntimeError: Timed out" in err


def test_same_file_names_from_different_folders_do_not_overwrite(tmp_path):
    for folder, text in (("a", "도서관 개관 계획"), ("b", "지역 경제 활성화")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.docx").write_bytes(docx_bytes([text]))
    out = tmp_path / "out"
    records = convert.convert_in_process([str(tmp_path / "a" / "report.docx"),
                                          str(tmp_path / "b" / "report.docx")], str(out), progress=False)
    assert [r["outputs"]["docx"] for r in records] == [str(out / "report.docx"), str(out / "report-2.docx")]
    import docx

    texts = ["".join(p.text for p in docx.Document(r["outputs"]["docx"]).paragraphs) for r in records]
    assert "圖書館" in texts[0] and "經濟" in texts[1]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.jsonl", "report-2.docx", "report-2.html",
                                                     "report.docx", "report.html"]


def test_output_that_would_overwrite_the_input_fails_that_source(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE)
    records = convert.convert_in_process([str(page)], str(tmp_path), formats=("html",), progress=False)
    _check_failed(records[0], "would overwrite the input")
    assert page.read_bytes() == ARTICLE


def test_a_users_docx_keeps_its_own_name_unless_another_source_claims_it(tmp_path):
    (tmp_path / "경제 보고서.docx").write_bytes(docx_bytes(["지역 경제 활성화"]))
    (tmp_path / "report.md").write_text("# 보고\n\n예산 확보", encoding="utf-8")
    (tmp_path / "report.docx").write_bytes(docx_bytes(["도서관 개관"]))
    out = tmp_path / "out"
    sources = [str(tmp_path / n) for n in ("경제 보고서.docx", "report.md", "report.docx")]
    records = convert.convert_in_process(sources, str(out), progress=False)
    assert [r["outputs"] for r in records] == [
        {"docx": str(out / "경제 보고서.docx"), "html": str(out / "경제 보고서.html")},
        {"html": str(out / "report.html"), "docx": str(out / "report.docx")},
        {"docx": str(out / "report-2.docx"), "html": str(out / "report-2.html")},
    ]
    import docx

    assert "圖書館" in "".join(p.text for p in docx.Document(str(out / "report-2.docx")).paragraphs)
