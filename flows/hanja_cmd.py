"""`gukhan hanja`: convert text from a file or stdin to mixed script, line for line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from converter import STYLES, Options, analyze, render
from converter.lexicon import UserDictError


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the hanja subcommand."""
    p.add_argument("file", nargs="?", help="UTF-8 text file (default: standard input)")
    p.add_argument("--style", default="hanja", choices=STYLES, help="output style (default: hanja)")
    p.add_argument("--user-dict", metavar="TSV", help="overrides: hangul<TAB>hanja, or hangul<TAB>- to keep")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="keep words in Hangul when the engine is less sure than X (0-1)")
    p.add_argument("--charset", metavar="FILE", help="convert only words whose every Hanja is listed in FILE")
    p.add_argument("--explain", action="store_true",
                   help="after the text, list each converted word with its alternatives and confidence (stderr)")


def read_input(name: str | None) -> str:
    """The input text, decoded strictly as UTF-8; raises ValueError with a one-line reason."""
    label = name or "<stdin>"
    try:
        data = Path(name).read_bytes() if name else sys.stdin.buffer.read()
    except OSError as exc:
        raise ValueError(f"{label}: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise ValueError(f"{label}: binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{label}: not UTF-8 text (byte {exc.start})") from exc


def run(args: argparse.Namespace) -> int:
    """Convert the input and write it to stdout."""
    try:
        text = read_input(args.file)
        charset = None
        if args.charset:
            charset = frozenset(c for c in read_input(args.charset) if not c.isspace())
        opts = Options(style=args.style, min_confidence=args.min_confidence, charset=charset,
                       user_dict=args.user_dict)
        segments = analyze(text, opts)
    except (ValueError, UserDictError, OSError) as exc:
        print(f"gukhan hanja: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(text, segments, opts.style))
    sys.stdout.flush()
    if args.explain:
        for seg in segments:
            if seg.hanja is None:
                continue
            alts = ", ".join(f"{h} {p:.2f}" for h, p in seg.alternatives)
            print(f"{seg.start}\t{seg.hangul}\t{seg.hanja}\t{seg.confidence:.2f}\t{alts}", file=sys.stderr)
    return 0
