"""Tests for `gukhan convert`: exit codes, routing, the sample, and unchanged engine accuracy."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

import converter
from flows import convert
from flows.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
ARTICLE = (FIXTURES / "article.html").read_bytes()
PARAGRAPHS = ["정부는 새 교육 정책을 발표했다.",
              "시민 단체는 지역 경제 활성화 계획을 환영했다.",
              "도서관은 주민의 문화 생활을 지원하는 공공 시설이다."]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["convert", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def _paragraph_texts(html_path: Path) -> list[str]:
    """Texts of the body paragraphs of a converted page (the article, not header or footer)."""
    tree = lxml_html.fromstring(html_path.read_bytes())
    return [p.text_content().strip() for p in tree.xpath("//article//p")]


@pytest.fixture
def text_file(tmp_path) -> Path:
    path = tmp_path / "plain.txt"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def no_flow(monkeypatch):
    """Fail the test if the Prefect flow is started."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the Prefect flow must not run here")

    monkeypatch.setattr(convert, "convert_sources", refuse)
    yield
    assert calls == [], "the Prefect flow was started"


# --- usage errors: exit 2 with one line on stderr ----------------------------------------

@pytest.mark.parametrize("extra, needle", [
    (["--style", "fancy"], "unknown style 'fancy'"),
    (["--to", "html,pdf"], "unknown --to format 'pdf'"),
    (["--to", ","], "at least one format"),
    (["--user-dict", "no-such-dict.tsv"], "user dictionary not found: no-such-dict.tsv"),
    (["--min-confidence", "1.5"], "--min-confidence"),
    (["--concurrency", "0"], "--concurrency"),
])
def test_bad_usage_exits_2_with_one_line(capsys, tmp_path, text_file, extra, needle):
    code, out, err = _run(capsys, str(text_file), "-o", str(tmp_path / "out"), *extra)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err
    assert not (tmp_path / "out").exists()


def test_no_sources_and_no_output_folder_exit_2(capsys, tmp_path, text_file):
    code, _out, err = _run(capsys, "-o", str(tmp_path))
    assert code == 2 and "no sources" in err
    code, _out, err = _run(capsys, str(text_file))
    assert code == 2 and "-o OUT" in err


# --- conversions ---------------------------------------------------------------------------

def test_single_text_file_exits_0_in_process_and_matches_the_engine(capsys, tmp_path, text_file, no_flow):
    out = tmp_path / "out"
    code, stdout, err = _run(capsys, str(text_file), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert f"ok  {text_file} -> {out / 'plain.html'}, {out / 'plain.docx'}" in err
    # The pipeline changes nothing in the engine's output: paragraph for paragraph, the HTML
    # holds exactly what converter.convert makes of the same text.
    assert _paragraph_texts(out / "plain.html") == [converter.convert(p) for p in PARAGRAPHS]
    record = _manifest(out)[0]
    expected = [(s.hangul, s.hanja) for p in PARAGRAPHS for s in converter.analyze(p)
                if s.hanja and s.hanja != s.hangul]
    assert record["word_count"] == len(expected)
    assert [(w["hangul"], w["hanja"]) for w in record["words"]] == list(dict.fromkeys(expected))


def test_style_option_reaches_the_outputs(capsys, tmp_path, text_file, no_flow):
    out = tmp_path / "out"
    code, _o, err = _run(capsys, str(text_file), "-o", str(out), "--style", "hangul-hanja", "--to", "html")
    assert code == 0, err
    assert _paragraph_texts(out / "plain.html") == [converter.convert(p, "hangul-hanja") for p in PARAGRAPHS]
    assert not (out / "plain.docx").exists()


def test_user_dict_overrides_the_lexicon(capsys, tmp_path, text_file, no_flow):
    assert "敎育" in converter.convert(PARAGRAPHS[0])
    user = tmp_path / "mine.tsv"
    user.write_text("교육\t-\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _o, err = _run(capsys, str(text_file), "-o", str(out), "--to", "html", "--user-dict", str(user))
    assert code == 0, err
    first = _paragraph_texts(out / "plain.html")[0]
    assert "교육" in first and "敎育" not in first


def test_batch_with_a_failure_exits_1_through_prefect(capsys, tmp_path, text_file, local_server,
                                                     prefect_harness):
    local_server.routes["/news/7.html"] = (200, {"Content-Type": "text/html"}, ARTICLE)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    sources = [str(text_file), local_server.url("/news/7.html"), str(empty), local_server.url("/gone")]
    code, _o, err = _run(capsys, *sources, "-o", str(out), "--timeout", "2")
    assert code == 1
    records = _manifest(out)
    assert [r["status"] for r in records] == ["ok", "ok", "failed", "failed"]
    assert f"failed  {empty}: empty file" in err
    assert f"failed  {local_server.url('/gone')}: HTTP 404 Not Found" in err
    assert "2 converted, 2 failed" in err
    assert "Traceback" not in err  # Prefect's console logs stay quiet unless --verbose
    assert (out / "127-0-0-1-7.html").is_file() and (out / "plain.docx").is_file()


def test_all_good_batch_without_prefect_exits_0(capsys, tmp_path, text_file, no_flow):
    other = tmp_path / "other.md"
    other.write_text("# 제목\n\n예산 확보 계획", encoding="utf-8")
    code, _o, err = _run(capsys, str(text_file), str(other), "-o", str(tmp_path / "out"), "--no-prefect")
    assert code == 0, err
    assert [r["status"] for r in _manifest(tmp_path / "out")] == ["ok", "ok"]


def test_sample_converts_the_bundled_page(capsys, tmp_path, no_flow):
    out = tmp_path / "sample"
    code, stdout, err = _run(capsys, "--sample", "-o", str(out))
    assert code == 0, err
    printed = stdout.split()
    assert sorted(Path(p).suffix for p in printed) == [".docx", ".html"]
    for p in printed:
        assert Path(p).is_file() and Path(p).parent == out
    html_file = next(Path(p) for p in printed if p.endswith(".html"))
    assert re.search(r"[\u4e00-\u9fff]", lxml_html.fromstring(html_file.read_bytes()).text_content())


def test_report_option_writes_a_review_list(capsys, tmp_path, text_file, no_flow):
    out = tmp_path / "out"
    code, _o, err = _run(capsys, str(text_file), "-o", str(out), "--to", "html", "--report")
    assert code == 0, err
    report = Path(_manifest(out)[0]["outputs"]["report"])
    assert report.parent == out and report.read_text(encoding="utf-8").startswith("hangul\thanja")


def test_local_html_is_an_article_unless_in_place(capsys, tmp_path, no_flow):
    page = tmp_path / "saved.html"
    page.write_bytes(ARTICLE)
    article_out, in_place_out = tmp_path / "article", tmp_path / "inplace"
    assert _run(capsys, str(page), "-o", str(article_out), "--to", "html")[0] == 0
    assert _run(capsys, str(page), "-o", str(in_place_out), "--to", "html", "--in-place")[0] == 0
    article = lxml_html.fromstring((article_out / "saved.html").read_bytes()).text_content()
    kept = lxml_html.fromstring((in_place_out / "saved.html").read_bytes()).text_content()
    assert "圖書館" in article and "圖書館" in kept
    assert "많이 본 뉴스" not in article      # article mode drops the page chrome
    assert "많이 본 뉴스" in kept             # in place keeps the whole page as it was


def test_local_docx_is_converted_in_place_and_rendered_to_html(capsys, tmp_path, no_flow):
    import docx

    document = docx.Document()
    document.add_heading("회의 결과", level=1)
    document.add_paragraph("예산 확보 계획을 논의했다.")
    buf = io.BytesIO()
    document.save(buf)
    src = tmp_path / "minutes.docx"
    src.write_bytes(buf.getvalue())
    out = tmp_path / "out"
    code, _o, err = _run(capsys, str(src), "-o", str(out))
    assert code == 0, err
    outputs = _manifest(out)[0]["outputs"]
    assert outputs == {"docx": str(out / "minutes.docx"), "html": str(out / "minutes.html")}
    converted = docx.Document(str(out / "minutes.docx"))
    assert converted.paragraphs[0].style.name.startswith("Heading")   # the user's own styles kept
    assert "豫算" in "".join(p.text for p in converted.paragraphs)
    assert "豫算" in lxml_html.fromstring((out / "minutes.html").read_bytes()).text_content()
