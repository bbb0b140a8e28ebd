"""`gukhan convert`: URLs and HTML/DOCX/Markdown/text files to mixed-script HTML and DOCX."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path

FORMATS = ("html", "docx")
from converter.segment import STYLES
SAMPLE = "data/sample_news.html"                               # package data of flows


class UsageError(Exception):
    """A bad command line; reported in one line with exit status 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `gukhan convert`."""
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="http(s) URL or local .html/.docx/.md/.txt file")
    parser.add_argument("-o", "--out", metavar="OUT",
                        help="output folder (gets <name>.html, <name>.docx and manifest.jsonl)")
    parser.add_argument("--to", default="html,docx", metavar="FORMATS",
                        help="comma-separated output formats: html, docx (default: both)")
    parser.add_argument("--style", default="hanja", metavar="S",
                        help=f"how converted words are shown: {', '.join(STYLES)} (default: hanja)")
    parser.add_argument("--user-dict", type=Path, metavar="F",
                        help="TSV of hangul<TAB>hanja (or '-' to keep Hangul) that overrides the lexicon")
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                        help="keep words in Hangul when the engine is less sure than X (0..1)")
    parser.add_argument("--concurrency", type=int, default=4, metavar="N",
                        help="sources processed at once in a batch (default: 4)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="network timeout of one fetch attempt (default: 20)")
    parser.add_argument("--report", action="store_true",
                        help="also write <name>.report.tsv: every converted word, least confident first")
    parser.add_argument("--in-place", action="store_true",
                        help="convert local HTML files in their own markup instead of extracting the article")
    parser.add_argument("--sample", action="store_true",
                        help="convert the bundled sample news page (default OUT: out/sample)")
    parser.add_argument("--no-prefect", action="store_true",
                        help="run every source in this process, one after another, without Prefect")
    parser.add_argument("--verbose", action="store_true",
                        help="show Prefect's own log lines on the console")


def parse_formats(value: str) -> tuple[str, ...]:
    """The --to list, validated and without duplicates."""
    wanted = [f.strip().lower() for f in value.split(",") if f.strip()]
    if not wanted:
        raise UsageError("--to needs at least one format (html, docx)")
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown --to format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(wanted))


def build_options(args: argparse.Namespace):
    """The engine Options from the command line (UsageError when a value is wrong)."""
    from converter.segment import Options

    if args.style not in STYLES:
        raise UsageError(f"unknown style {args.style!r}; choose one of {', '.join(STYLES)}")
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {args.min_confidence:g}")
    if args.user_dict is not None and not args.user_dict.is_file():
        raise UsageError(f"user dictionary not found: {args.user_dict}")
    try:
        return Options(style=args.style, min_confidence=args.min_confidence, user_dict=args.user_dict)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check(args: argparse.Namespace) -> None:
    if not args.sources and not args.sample:
        raise UsageError("no sources given (URLs or files), and no --sample")
    if not args.out and not args.sample:
        raise UsageError("no output folder: give -o OUT")
    if args.concurrency < 1:
        raise UsageError(f"--concurrency must be at least 1, not {args.concurrency}")
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, not {args.timeout:g}")


def run(args: argparse.Namespace) -> int:
    """Convert every source; 0 when all succeeded, 1 when some failed, 2 for bad usage."""
    try:
        _check(args)
        formats = parse_formats(args.to)
        options = build_options(args)
    except UsageError as exc:
        print(f"gukhan convert: error: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(args.out or "out/sample")
    with ExitStack() as stack:
        sources = list(args.sources)
        if args.sample:
            sample = resources.files("flows").joinpath(SAMPLE)
            if not sample.is_file():
                print(f"gukhan convert: error: the sample page is missing from this install ({SAMPLE})",
                      file=sys.stderr)
                return 2
            sources.append(str(stack.enter_context(resources.as_file(sample))))
        from flows.convert import run_conversion

        # A temporary Prefect server would otherwise try to phone home on every batch.
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

        if not args.verbose:
            stack.enter_context(_quiet_prefect_console())
        records, _ = run_conversion(
            sources, str(out_dir), concurrency=args.concurrency,
            use_prefect=False if args.no_prefect else None, formats=formats, options=options,
            in_place=args.in_place, report=args.report, fetch_opts={"timeout": args.timeout})
    return report_results(records, out_dir, show_outputs=args.sample)


@contextmanager
def _quiet_prefect_console() -> Iterator[None]:
    """Hide Prefect's console log lines (tracebacks of failed sources) while keeping its API logs."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    handlers = [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]
    levels = [h.level for h in handlers]
    for h in handlers:
        h.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for h, level in zip(handlers, levels):
            h.setLevel(level)


def report_results(records: list[dict], out_dir: Path, show_outputs: bool = False) -> int:
    """Print one line per source to stderr (and outputs to stdout when asked); the exit status."""
    from flows.manifest import MANIFEST_NAME, summary_line

    for record in records:
        print(summary_line(record), file=sys.stderr)
    failed = sum(r["status"] != "ok" for r in records)
    print(f"{len(records) - failed} converted, {failed} failed; manifest: {out_dir / MANIFEST_NAME}",
          file=sys.stderr)
    if show_outputs:
        for record in records:
            for path in record["outputs"].values():
                print(path)
    return 1 if failed else 0


__all__ = ["add_arguments", "run", "parse_formats", "build_options", "report_results", "UsageError"]
