"""The ``kiosk`` command: argument parsing and subcommands.

Exit codes follow DESIGN.md: 0 fine, 1 the pack has errors, 2 the folder (or the
display) cannot be used.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kiosk import __version__, config
from kiosk.config import FIELDS, ConfigError, Field
from kiosk.problem import Level, Problem, one_line

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
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="the content pack to show (default: $KIOSK_CONTENT, else the bundled pack)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="a normal 1280x800 window that Escape closes, for development and staff",
    )
    parser.add_argument(
        "--show-cursor", action="store_true", help="show the mouse pointer in full-screen mode"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="this computer's kiosk config (staff PIN, settings); default: $KIOSK_CONFIG, "
        "else ~/.config/kiosk/kiosk.toml",
    )
    parser.add_argument(
        "--notice-file",
        type=Path,
        metavar="FILE",
        dest="notice_file",
        help="the urgent notice file to show and watch (default: notice.toml in the data "
        "folder: $KIOSK_DATA, else ~/.local/share/kiosk)",
    )
    parser.add_argument(
        "--metrics-dir",
        type=Path,
        metavar="DIR",
        help="where kiosk.prom goes, for node_exporter's textfile collector (default: the "
        "log folder, beside status.json)",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="where the daily log files and status.json go (default: ~/.local/state/kiosk/log)",
    )
    parser.add_argument(
        "--log-level",
        choices=("debug", "info", "warning", "error"),
        default="info",
        help="how much to log (default: info)",
    )
    parser.add_argument(
        "--quiet-seconds",
        type=_seconds(1, 600),
        default=10,
        metavar="SECONDS",
        help="how long the pack folder must be unchanged before a new pack is checked "
        "(1-600, default 10; a sealed pack is shown as soon as it is whole)",
    )
    settings = parser.add_argument_group("settings (override pack.toml)")
    for field in FIELDS:
        if field.table in ("pack", "clinic", "hours"):  # what the pack or machine says
            continue
        flag = "--" + field.key.replace("_", "-")
        if field.type is bool:  # --teasers and --no-teasers: either way from pack.toml's
            settings.add_argument(
                flag,
                dest=f"setting_{field.key}",
                action=argparse.BooleanOptionalAction,
                default=None,
                help=field.description,
            )
        else:
            settings.add_argument(
                flag,
                dest=f"setting_{field.key}",
                type=_setting_type(field),
                metavar="SECONDS" if field.type is int else "NAME",
                help=f"{field.description} ({field.allowed})",
            )
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

    preview = commands.add_parser(
        "preview",
        help="render every screen of a pack to PNG files",
        description="Render Home, every card, a QR overlay and the slides of a pack to PNG "
        "files and an index.html, without a display, and list each card that does not fit "
        "at that size and text size (a card-scrolls warning). Exit status as for validate.",
    )
    preview.add_argument("folder", type=Path, metavar="DIR", help="the pack folder")
    preview.add_argument("--out", type=Path, required=True, help="folder for the pictures")
    preview.add_argument(
        "--size", type=_size, default=(1920, 1080), metavar="WxH", help="default 1920x1080"
    )
    for name in ("display.theme", "display.text_size"):
        shown = config.field(name)
        preview.add_argument(
            "--" + shown.key.replace("_", "-"),
            dest=f"preview_{shown.key}",
            type=_setting_type(shown),
            metavar="NAME",
            help=f"draw as a patient who picks it sees it ({shown.allowed}; default: the pack's)",
        )

    seal_ = commands.add_parser(
        "seal",
        help="seal a finished pack, so that it is shown only when whole",
        description="Check a pack, then write its manifest.toml: every file with its size "
        "and SHA-256. The kiosk shows a sealed pack only while every file matches, so a "
        "half-copied pack is never shown. Exit 0 sealed, 1 the pack has errors (not "
        "sealed), 2 DIR cannot be read or written.",
    )
    seal_.add_argument("folder", type=Path, metavar="DIR", help="the pack folder")

    set_pin = commands.add_parser(
        "set-pin",
        help="set the staff PIN on this computer",
        description="Set the staff PIN (4 to 8 digits). Only a salted scrypt hash is stored, "
        "in this computer's kiosk config (--config). Asks twice on a terminal; reads one "
        "line from standard input otherwise. The PIN already set changes nothing.",
    )
    # Also after the command; SUPPRESS, so that left out it leaves a --config given
    # before the command in place (argparse lets a sub-command's default overwrite it).
    set_pin.add_argument(
        "--config", type=Path, metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )

    notice = commands.add_parser(
        "notice",
        help="put a short message on every screen, or take it down",
        description="Put MESSAGE on every screen of the kiosk now, across the top of "
        "every screen and the slideshow, until --until or until cleared; with no MESSAGE, "
        "say what the notice is. It is written to the notice file (--notice-file, before the "
        "command), which the running kiosk looks at every two seconds. Exit 1 if the "
        "message or the time cannot be used, 2 if the file cannot be written.",
    )
    notice.add_argument("message", nargs="?", metavar="MESSAGE", help="one line, at most 200")
    notice.add_argument(
        "--until",
        metavar="TIME",
        help="when it stops showing: 15:00 (today), or 2026-12-01 15:00",
    )
    notice.add_argument("--clear", action="store_true", help="take the notice down")

    stats = commands.add_parser(
        "stats",
        help="show which topics patients opened",
        description="Show the most opened topics of the last 7 days, or (--csv) every "
        "day's anonymous counts. Exit 1 if the counts file cannot be read.",
    )
    stats.add_argument("--csv", action="store_true", help="print every count as CSV")
    stats.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the kiosk's data folder (default: $KIOSK_DATA, else $XDG_DATA_HOME/kiosk, "
        "else ~/.local/share/kiosk)",
    )
    return parser


def _setting_type(field: Field) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value: object = int(text) if field.type is int else text
        except ValueError:
            value = text
        try:
            return field.parse(value, "command line")
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(f"{field.name} must be {exc.allowed}") from exc

    parse.__name__ = field.key
    return parse


def _seconds(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        return int(text)

    parse.__name__ = "seconds"
    return parse


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (
        320 <= int(width) <= 7680 and 320 <= int(height) <= 7680
    ):
        raise argparse.ArgumentTypeError("size must look like 1920x1080")
    return int(width), int(height)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Whatever the terminal's encoding (LANG=C is ASCII), a name it cannot write is
        # written as an escape, never a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    if args.command is None:
        return run(args)
    try:
        return _command(args)
    except KeyboardInterrupt:
        return 130
    except (RecursionError, MemoryError) as exc:
        what = "nests too deep" if isinstance(exc, RecursionError) else "is too large"
        print(f"kiosk {args.command}: stopped: the input {what} to handle", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # noqa: BLE001 (staff get one line, never a traceback)
        print(
            f"kiosk {args.command}: stopped by an unexpected problem: "
            f"{one_line(f'{type(exc).__name__}: {exc}')}",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE


def _command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate(args.folder, args.format)
    if args.command == "preview":
        looks = {
            key: value
            for key in ("theme", "text_size")
            if (value := getattr(args, f"preview_{key}")) is not None
        }
        return preview(args.folder, args.out, args.size, looks)
    if args.command == "set-pin":
        return set_pin(args.config)
    if args.command == "seal":
        return seal(args.folder)
    if args.command == "notice":
        return notice(args.notice_file, args.message, args.until, clear=args.clear)
    return stats(args.data_dir, args.csv)


def _import_qt() -> None:
    """Import PySide6, then put back the import it replaces.

    PySide6 sends every import statement after its own through a hook for its
    ``__feature__`` switches, which the kiosk does not use: the hook reads the source of
    each module an import names, the first time, and `linecache` keeps it. On the way to
    the first frame that is some 130 modules, 15 to 25 ms and 3 MiB that stays (from
    source; the bundle's modules have none to read). The import the hook wraps is kept in
    ``builtins.__orig_import__``; PySide6's lazy loading of Qt's classes does not depend
    on the hook. Any other replacement is left alone. Called before the kiosk starts a
    thread: one importing through the hook at that moment could put it back."""
    import builtins

    import PySide6.QtCore  # noqa: F401 (installs the hook)

    hook = getattr(builtins, "__feature_import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if hook is not None and wrapped is not None and builtins.__import__ is hook:
        builtins.__import__ = wrapped


def content_folder(given: Path | None) -> Path:
    """The pack to show: --content, else $KIOSK_CONTENT, else the bundled default pack."""
    from kiosk import resources

    if given is not None:
        return given
    environment = os.environ.get("KIOSK_CONTENT")
    return Path(environment) if environment else resources.default_pack()


def run(args: argparse.Namespace) -> int:
    """``kiosk``: show the pack full-screen (or in a window with --windowed)."""
    # Importing the kiosk makes many objects that live as long as it does and little
    # garbage: no cyclic collections while it does (some 50, finding almost nothing).
    # The running kiosk keeps Python's own off and collects from a timer
    # (`UiThreadCollector`).
    gc.disable()
    from kiosk.display import display_problem

    problem = display_problem(os.environ)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNUSABLE
    from kiosk import logs, paths

    folder = args.log_dir or paths.log_dir()
    logs.setup(folder, args.log_level)
    _import_qt()
    from kiosk.ui.app import RunOptions
    from kiosk.ui.app import run as run_kiosk

    overrides = {
        field.key: getattr(args, f"setting_{field.key}")
        for field in FIELDS
        if getattr(args, f"setting_{field.key}", None) is not None
    }
    options = RunOptions(
        content=content_folder(args.content),
        windowed=args.windowed,
        show_cursor=args.show_cursor,
        overrides=overrides,
        machine_config=args.config,
        status_file=paths.status_file(folder),
        notice_file=args.notice_file,
        metrics_file=args.metrics_dir / "kiosk.prom" if args.metrics_dir else None,
        quiet_seconds=args.quiet_seconds,
    )
    return run_kiosk(options)


def notice(path: Path | None, message: str | None, until: str | None, *, clear: bool) -> int:
    """``kiosk notice``: write, clear or say the urgent notice."""
    from kiosk import notice as notices
    from kiosk import paths

    path = path or paths.notice_file(paths.data_dir())
    now = datetime.now()
    if clear:
        try:
            cleared = notices.clear_notice(path)
        except OSError as exc:
            print(f"kiosk notice: cannot remove {path}: {exc.strerror}", file=sys.stderr)
            return EXIT_UNUSABLE
        print("Notice taken down." if cleared else "There was no notice.")
        return EXIT_OK
    if message is None and until is not None:
        print("kiosk notice: --until needs a message; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    if message is None:
        shown, problems = notices.read_notice(path, now)
        for problem in problems:
            print(_relocated(problem, path.parent))
        print(f"Notice: {shown.message}" if shown else "No notice shows.")
        return EXIT_OK
    ends = None
    if until is not None:
        ends = _moment(until, now)
        if ends is None or ends <= now:
            print(
                f"kiosk notice: --until {until!r} is not a time to come (write 15:00, or "
                "2026-12-01 15:00); nothing was changed",
                file=sys.stderr,
            )
            return EXIT_ERRORS
    try:
        notices.write_notice(path, message, ends)
    except ValueError as exc:
        print(f"kiosk notice: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"kiosk notice: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"Notice on every screen{f' until {ends:%Y-%m-%d %H:%M}' if ends else ''}: {message}")
    return EXIT_OK


def _moment(text: str, now: datetime) -> datetime | None:
    """A time today ("15:00"), a day (to its end) or a date and time ("2026-12-01 15:00",
    an offset turned into local time), or None."""
    from kiosk.dates import parse_moment

    text = text.strip()
    for reading in (
        lambda: datetime.combine(now.date(), time.fromisoformat(text)),
        lambda: datetime.combine(date.fromisoformat(text), time(23, 59, 59)),
    ):
        try:
            moment = reading()
        except ValueError:
            continue
        return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment
    return parse_moment(text, "show_from")  # a date and time, as dated content takes it


def set_pin(config_file: Path | None) -> int:
    """``kiosk set-pin``: store the staff PIN's hash in the machine config."""
    import getpass

    from kiosk import paths, staff

    path = config_file or paths.config_file()
    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN (4 to 8 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("kiosk set-pin: the two PINs differ; nothing was changed", file=sys.stderr)
            return EXIT_ERRORS
    else:
        pin = sys.stdin.readline().strip()
    try:
        changed = staff.set_pin(path, pin)
    except ValueError as exc:  # MachineConfigError is one too
        print(f"kiosk set-pin: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    print(f"Staff PIN {'set' if changed else 'unchanged'} in {path}")
    return EXIT_OK


def stats(data: Path | None, as_csv: bool) -> int:
    """``kiosk stats``: the topics patients opened, in short or (--csv) day by day."""
    from kiosk import paths
    from kiosk.stats import EXPORT_BUSY_SECONDS, CountsUnreadable, export_csv, read_top_topics

    path = paths.counts_file(data or paths.data_dir())
    try:
        if as_csv:
            export_csv(path, sys.stdout)
            sys.stdout.flush()
            return EXIT_OK
        top = read_top_topics(path, date.today(), 7, 10, EXPORT_BUSY_SECONDS)
    except CountsUnreadable as exc:
        print(f"kiosk stats: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except BrokenPipeError:
        # `kiosk stats --csv | head` stopped reading: fine, and no error at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    if not top:
        print(f"No topics were opened in the last 7 days (counts in {path}).")
        return EXIT_OK
    print("Most opened topics, last 7 days:")
    print(" opens  minutes  topic")
    for total in top:
        print(f"{total.opens:6}  {round(total.seconds / 60):7}  {total.title}")
    return EXIT_OK


def preview(
    folder: Path, out: Path, size: tuple[int, int], looks: dict[str, Any] | None = None
) -> int:
    """``kiosk preview DIR --out OUT``: validate, then render every screen to PNG.

    `looks` overrides the pack's theme and text size, as a patient's choices would.
    """
    status = validate(folder, "text")
    if status == EXIT_UNUSABLE:
        return status
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window, display or not
    from PySide6.QtCore import QSize

    from kiosk.loader import load
    from kiosk.ui.preview import render_pack

    made = render_pack(load(folder, looks), out, QSize(*size))
    # Not problems of the pack as validate sees it, but of how it shows at this size:
    # warnings, which leave the exit status as validate's.
    for problem in made.problems:
        print(_relocated(problem, folder))
    written = f"{len(made.shots)} screens written to {out / 'index.html'}"
    if made.problems:
        scrolling = len(made.problems)
        written += f"; {_count(scrolling, 'card')} {'scrolls' if scrolling == 1 else 'scroll'}"
    print(written)
    return status


def validate(folder: Path, output: str) -> int:
    """``kiosk validate DIR``: print the pack's problems; exit 0, 1 or 2."""
    from kiosk import lint  # imports Markdown: only for the commands that render

    try:
        pack, problems = lint.validate(folder, date.today())
    except lint.PackUnreadable as exc:
        print(f"kiosk validate: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_UNUSABLE
    located = [_relocated(problem, folder) for problem in problems]
    if output == "json":
        # ASCII with \u escapes: valid JSON whatever the terminal's encoding.
        print(json.dumps([p.as_dict() for p in located], indent=2))
    else:
        for problem in located:
            print(problem)
        print(summary(problems, pack.files_read))
    return EXIT_ERRORS if any(p.level is Level.ERROR for p in problems) else EXIT_OK


def seal(folder: Path) -> int:
    """``kiosk seal DIR``: validate, then write the pack's manifest if it has no errors."""
    from datetime import datetime

    from kiosk import manifest

    previous = folder / manifest.MANIFEST
    if os.path.lexists(previous):  # the old seal says nothing about the pack as it is now
        try:
            os.remove(previous)
        except OSError as exc:
            print(f"kiosk seal: {previous} cannot be replaced: {exc.strerror}", file=sys.stderr)
            return EXIT_UNUSABLE
    status = validate(folder, "text")
    if status != EXIT_OK:
        print(
            f"kiosk seal: {folder} is not sealed: "
            + ("fix its errors first" if status == EXIT_ERRORS else "it cannot be read"),
            file=sys.stderr,
        )
        return status
    try:
        count = manifest.seal(folder, datetime.now())
    except (OSError, manifest.ManifestError) as exc:
        print(f"kiosk seal: {one_line(str(exc))}; {folder} is not sealed", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"Sealed {_count(count, 'file')} in {folder / manifest.MANIFEST}")
    return EXIT_OK


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
