"""Convert a user's own DOCX or HTML file in its own structure, wiring the engine to the writers."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import converter
from converter.segment import Options
from extractors.errors import ExtractionError
from outputs.files import write_atomic
from outputs.inplace_docx import convert_docx, docx_title
from outputs.inplace_html import convert_html, html_title
from outputs.report import render_report

KINDS = {".docx": "docx", ".docm": "docx", ".html": "html", ".htm": "html", ".xhtml": "html"}
MAX_BYTES = 200_000_000


def in_place_kind(path: Path) -> str | None:
    """"docx" or "html" when the file can be converted in place (by its name), else None."""
    return KINDS.get(path.suffix.lower())


def convert_file_in_place(path: Path, out_dir: Path, options: Options | None = None,
                          report: bool = False) -> dict:
    """Write OUT/<file name> converted in place (and OUT/<stem>.report.tsv when asked).

    Returns {"title", "outputs": {kind: path[, "report": path]}, "words": [ {hangul, hanja,
    confidence, alternatives, context} ... ]}. Raises ExtractionError naming the file when it
    cannot be read or would overwrite itself."""
    path, out_dir = Path(path), Path(out_dir)
    options = options or Options()
    source = str(path)
    kind = in_place_kind(path)
    if kind is None:
        raise ExtractionError(source, f"cannot convert {path.suffix or 'this file'} in place "
                                      "(only .docx and .html)")
    target = out_dir / path.name
    try:
        if target.resolve() == path.resolve():
            raise ExtractionError(source, "output would overwrite the input; choose another -o folder")
        if path.stat().st_size > MAX_BYTES:
            raise ExtractionError(source, f"file is larger than {MAX_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(source, exc.strerror or str(exc)) from None

    def analyze(text: str):
        return converter.analyze(text, options)

    try:
        if kind == "docx":
            new, words = convert_docx(data, analyze, options.style)
            title = docx_title(data)
        else:
            new, words = convert_html(data, analyze, options.style)
            title = html_title(data)
    except ValueError as exc:
        raise ExtractionError(source, str(exc)) from None
    outputs = {kind: str(write_atomic(target, new))}
    if report:
        outputs["report"] = str(write_atomic(out_dir / f"{path.stem}.report.tsv", render_report(words)))
    return {"title": title or path.stem, "outputs": outputs,
            "words": [asdict(w) | {"alternatives": [list(a) for a in w.alternatives]} for w in words]}


__all__ = ["convert_file_in_place", "in_place_kind"]
