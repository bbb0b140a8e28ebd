"""The `gukhan` command: dispatches to one module per subcommand."""
from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module exposing add_arguments(parser) and run(args) -> int
COMMANDS = {
    "hanja": ("flows.hanja_cmd", "convert Korean text (file or stdin) to mixed script, line for line"),
    "convert": ("flows.convert_cmd", "convert news URLs and HTML/DOCX/Markdown/text files to HTML and DOCX"),
    "archive": ("flows.archive_cmd", "keep a converted archive of news feeds up to date"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand that is installed."""
    parser = argparse.ArgumentParser(prog="gukhan", description="Korean mixed script (國漢文混用) converter.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gukhan` command."""
    args = build_parser().parse_args(argv)
    try:
        return args._run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
