"""The ``kiosk`` command: argument parsing and subcommands.

Exit codes follow DESIGN.md: 0 fine, 1 the pack has errors, 2 the folder (or the
display) cannot be used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kiosk import __version__
from kiosk.problem import Level, Problem

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNUSABLE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="A waiting-room kiosk that shows patient-education topics "
        "from a folder of Markdown files.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check a content pack",
        description="Check a content pack and list its problems, one per line.",
    )
    validate.add_argument("folder", type=Path, metavar="DIR", help="the pack folder")
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.folder, args.format)
    build_parser().print_help()
    return EXIT_OK


def validate(folder: Path, output: str) -> int:
    """``kiosk validate DIR``: print the pack's problems; exit 0, 1 or 2."""
    from kiosk import lint  # imports Markdown: only for the commands that render

    try:
        pack, problems = lint.validate(folder, date.today())
    except lint.PackUnreadable as exc:
        print(f"kiosk validate: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    located = [_relocated(problem, folder) for problem in problems]
    if output == "json":
        print(json.dumps([p.as_dict() for p in located], indent=2, ensure_ascii=False))
    else:
        for problem in located:
            print(problem)
        print(summary(problems, pack.files_read))
    return EXIT_ERRORS if any(p.level is Level.ERROR for p in problems) else EXIT_OK


def summary(problems: Sequence[Problem], files: int) -> str:
    """``2 errors, 1 warning in 7 files``."""
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(files, 'file')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _relocated(problem: Problem, folder: Path) -> Problem:
    """The problem with its file named as the user named the folder."""
    path = os.path.normpath(os.path.join(folder, problem.file))
    return Problem(path, problem.line, problem.level, problem.rule, problem.message)
