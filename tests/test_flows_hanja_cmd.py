"""`gukhan hanja`: stdin or file in, mixed script out line for line, clean errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from converter import convert

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("특히 정부는 경제 회복을 강조했다.\n"
        "\n"
        "박민호 기자 = 해양수산부는 2024년 3월 5일 대책을 발표했다.\n"
        "Hello 123 https://example.com/a?b=1\n")


def gukhan(*args: str, stdin: bytes | None = b"", timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `gukhan hanja` in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "flows.cli", "hanja", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=timeout)


def test_stdin_to_stdout_line_for_line() -> None:
    r = gukhan(stdin=TEXT.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    assert out == convert(TEXT)
    assert out.splitlines()[0] == "特히 政府는 經濟 回復을 强調했다."
    assert out.splitlines()[1] == ""
    assert out.splitlines()[3] == "Hello 123 https://example.com/a?b=1"
    assert out.count("\n") == TEXT.count("\n")
    assert r.stderr == b""


def test_file_argument_and_style(tmp_path: Path) -> None:
    src = tmp_path / "기사.txt"
    src.write_text(TEXT, encoding="utf-8")
    r = gukhan(str(src), "--style", "hangul-hanja", stdin=None)
    assert r.returncode == 0, r.stderr
    first = r.stdout.decode("utf-8").splitlines()[0]
    assert first == "특(特)히 정부(政府)는 경제(經濟) 회복(回復)을 강조(强調)했다."


def test_no_final_newline_is_kept(tmp_path: Path) -> None:
    r = gukhan(stdin="정부는 대책을 발표했다.".encode("utf-8"))
    assert r.stdout.decode("utf-8") == "政府는 對策을 發表했다."


def test_explain_lists_converted_words_on_stderr() -> None:
    r = gukhan("--explain", stdin="특히 정부는 경제 회복을 강조했다.\n".encode("utf-8"))
    assert r.returncode == 0
    assert r.stdout.decode("utf-8") == "特히 政府는 經濟 回復을 强調했다.\n"
    lines = r.stderr.decode("utf-8").splitlines()
    rows = {line.split("\t")[1]: line.split("\t") for line in lines}
    assert {"특히", "정부", "경제", "회복", "강조"} <= set(rows)
    start, hangul, hanja, confidence, alternatives = rows["경제"]
    assert int(start) == 7 and hanja == "經濟"
    assert 0.0 <= float(confidence) <= 1.0
    assert alternatives.split(", ")[0].startswith("經濟 ")


def test_user_dict_min_confidence_and_charset(tmp_path: Path) -> None:
    udict = tmp_path / "house.tsv"
    udict.write_text("경제\t-\n", encoding="utf-8")
    line = "정부는 경제 정책을 발표했다.\n".encode("utf-8")
    assert gukhan("--user-dict", str(udict), stdin=line).stdout.decode("utf-8") == \
        "政府는 경제 政策을 發表했다.\n"
    assert gukhan("--min-confidence", "1.01", stdin=line).stdout == line
    charset = tmp_path / "allowed.txt"
    charset.write_text("政府\n經濟\n", encoding="utf-8")
    assert gukhan("--charset", str(charset), stdin=line).stdout.decode("utf-8") == \
        "政府는 經濟 정책을 발표했다.\n"


def test_empty_input_gives_empty_output() -> None:
    r = gukhan(stdin=b"")
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b""


def one_line_error(r: subprocess.CompletedProcess, *needles: str) -> str:
    assert r.returncode == 2
    assert r.stdout == b""
    message = r.stderr.decode("utf-8")
    assert message.count("\n") == 1 and message.endswith("\n"), message
    for needle in needles:
        assert needle in message
    return message


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    one_line_error(gukhan(stdin="정부는 대책을 발표했다.".encode("euc-kr")), "UTF-8")
    src = tmp_path / "old.txt"
    src.write_bytes("정부".encode("cp949"))
    one_line_error(gukhan(str(src), stdin=None), "old.txt", "UTF-8")


def test_binary_is_refused(tmp_path: Path) -> None:
    one_line_error(gukhan(stdin=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary")
    blob = tmp_path / "image.bin"
    blob.write_bytes("정부".encode("utf-8") + b"\x00\x01\x02")
    one_line_error(gukhan(str(blob), stdin=None), "image.bin")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    one_line_error(gukhan(str(tmp_path / "absent.txt"), stdin=None), "absent.txt")


def test_bad_user_dict_is_refused(tmp_path: Path) -> None:
    udict = tmp_path / "house.tsv"
    udict.write_text("정부\t政府\n경제 經濟\n", encoding="utf-8")
    one_line_error(gukhan("--user-dict", str(udict), stdin="경제".encode("utf-8")), "house.tsv:2")


def test_missing_charset_file_is_refused(tmp_path: Path) -> None:
    one_line_error(gukhan("--charset", str(tmp_path / "none.txt"), stdin="경제".encode("utf-8")),
                   "none.txt")


def test_unknown_style_is_a_usage_error() -> None:
    r = gukhan("--style", "kanji", stdin="경제".encode("utf-8"))
    assert r.returncode == 2 and r.stdout == b"" and b"kanji" in r.stderr


def test_installed_command() -> None:
    script = Path(sys.executable).parent / "gukhan"     # the console script of the install
    assert script.exists(), "install the project (pip install -e .) to get the gukhan command"
    r = subprocess.run([str(script), "hanja"], input="경제".encode("utf-8"),
                       capture_output=True, timeout=120)
    assert r.returncode == 0 and r.stdout.decode("utf-8") == "經濟"
