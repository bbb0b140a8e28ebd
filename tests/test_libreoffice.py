"""Converted DOCX files open in LibreOffice: headless conversion to PDF and text succeeds."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import converter
from inplace_fixtures import build_rich_docx
from outputs.inplace_docx import convert_docx

STYLES = ("hanja", "hanja-hangul", "hangul-hanja", "ruby")
TIMEOUT = 240


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice (soffice) is not installed; run `make test`, which installs "
                    "Debian's libreoffice-writer-nogui")
    return found


def convert_with_libreoffice(files: list[Path], target: str, out_dir: Path, profile: Path) -> None:
    """Run one headless LibreOffice conversion with its own fresh user profile."""
    cmd = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(out_dir), *map(str, files)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("lo")
    original = folder / "original.docx"
    original.write_bytes(build_rich_docx())
    files = {}
    for style in STYLES:
        data, words = convert_docx(original.read_bytes(), lambda t: converter.analyze(t), style)
        assert words
        files[style] = folder / f"{style}.docx"
        files[style].write_bytes(data)
    return original, files


def test_every_style_converts_to_pdf(converted, tmp_path: Path) -> None:
    _, files = converted
    convert_with_libreoffice(list(files.values()), "pdf", tmp_path / "pdf", tmp_path / "profile")
    for style in STYLES:
        pdf = tmp_path / "pdf" / f"{style}.pdf"
        assert pdf.is_file(), f"LibreOffice made no PDF for the {style} DOCX"
        blob = pdf.read_bytes()
        assert blob.startswith(b"%PDF") and len(blob) > 5000


def test_libreoffice_reads_the_same_text_with_hanja(converted, tmp_path: Path) -> None:
    original, files = converted
    convert_with_libreoffice([original, files["hanja"], files["hangul-hanja"]], "txt:Text (encoded):UTF8",
                             tmp_path / "txt", tmp_path / "profile")
    before = (tmp_path / "txt" / "original.txt").read_text("utf-8-sig").splitlines()
    after = (tmp_path / "txt" / "hanja.txt").read_text("utf-8-sig").splitlines()
    assert len(before) == len(after)
    changed = 0
    for a, b in zip(before, after):
        assert len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            if x != y:
                assert "\uac00" <= x <= "\ud7a3" and "\u4e00" <= y <= "\u9fff", (a, b)
                changed += 1
    assert changed > 10
    assert after[0].startswith("經濟")
    assert "경제(經濟)" in (tmp_path / "txt" / "hangul-hanja.txt").read_text("utf-8-sig")
