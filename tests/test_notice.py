"""The urgent notice file: read and checked like a pack's files, written by
``kiosk notice``."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.notice import MAX_MESSAGE, Notice, clear_notice, read_notice, write_notice
from kiosk.problem import Level

NOW = datetime(2026, 12, 1, 10, 42)


def notice_in(tmp_path: Path, text: str | bytes) -> tuple[Notice | None, list[tuple]]:
    """The notice in `text`, written on the day of `NOW` (a time alone is that day's)."""
    path = tmp_path / "notice.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    os.utime(path, (NOW.timestamp(), NOW.timestamp()))
    notice, problems = read_notice(path, NOW)
    return notice, [(p.line, p.level, p.rule) for p in problems]


def test_no_file_is_no_notice(tmp_path: Path) -> None:
    assert read_notice(tmp_path / "notice.toml", NOW) == (None, [])


def test_a_notice_with_its_time_and_languages(tmp_path: Path) -> None:
    notice, problems = notice_in(
        tmp_path,
        'message = "The clinic closes at 3 pm today."\nuntil = 15:00:00\n'
        '[languages]\nes = "La clínica cierra hoy a las 3."\n',
    )
    assert problems == []
    assert notice == Notice(
        "The clinic closes at 3 pm today.",
        {"es": "La clínica cierra hoy a las 3."},
        datetime(2026, 12, 1, 15, 0),
    )
    assert notice.in_language("es") == "La clínica cierra hoy a las 3."
    assert notice.in_language("pt-BR") == "The clinic closes at 3 pm today."
    assert notice.shows(datetime(2026, 12, 1, 14, 59))
    assert not notice.shows(datetime(2026, 12, 1, 15, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'message = "Closed at 3."\nuntil = 2026-12-01T09:00:00\n',
            (2, Level.WARNING, "notice-expired"),
        ),
        ('message = "Closed at 3."\nuntil = "soon"\n', (2, Level.ERROR, "config-value")),
        ("until = 15:00:00\n", (0, Level.ERROR, "config-value")),
        ('message = "Closed\nat 3."\n', (1, Level.ERROR, "config-syntax")),
        (
            "message = " + repr("x" * (MAX_MESSAGE + 1)).replace("'", '"') + "\n",
            (1, Level.ERROR, "text-too-long"),
        ),
        ('message = "Closed \\u0007 at 3."\n', (1, Level.ERROR, "control-character")),
        ('message = "Closed at 3."\ncolour = "red"\n', (2, Level.WARNING, "config-unknown-key")),
        (b'message = "Cerrado a las 3 \xe1"\n', (1, Level.ERROR, "encoding")),
        ('message = ""\n', (1, Level.ERROR, "config-value")),
        (
            'message = "Closed."\n[languages]\nSpanish = "Cerrado."\n',
            (3, Level.WARNING, "config-unknown-key"),
        ),
    ],
)
def test_a_bad_notice_is_located(tmp_path: Path, text: str | bytes, expected: tuple) -> None:
    notice, problems = notice_in(tmp_path, text)
    assert expected in problems
    if expected[1] is Level.ERROR or expected[2] == "notice-expired":
        assert notice is None


def test_a_named_pipe_is_never_opened(tmp_path: Path) -> None:
    path = tmp_path / "notice.toml"
    os.mkfifo(path)
    notice, problems = read_notice(path, NOW)  # returns: a read would block forever
    assert notice is None
    assert [p.rule for p in problems] == ["special-file"]


def test_written_then_cleared(tmp_path: Path) -> None:
    path = tmp_path / "data" / "notice.toml"
    write_notice(path, 'Closed at 3 "today".', datetime(2026, 12, 1, 15, 0))
    notice, problems = read_notice(path, NOW)
    assert problems == []
    assert notice == Notice('Closed at 3 "today".', {}, datetime(2026, 12, 1, 15, 0))
    with pytest.raises(ValueError, match="at most 200"):
        write_notice(path, "x" * 201, None)
    assert read_notice(path, NOW)[0] == notice  # the old one stays
    assert clear_notice(path)
    assert not clear_notice(path)


def test_kiosk_notice_writes_says_and_clears(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notice.toml"
    assert (
        cli.main(
            ["--notice-file", str(path), "notice", "Closed at 3.", "--until", "2099-01-01 15:00"]
        )
        == 0
    )
    assert (
        capsys.readouterr().out == "Notice on every screen until 2099-01-01 15:00: Closed at 3.\n"
    )
    assert cli.main(["--notice-file", str(path), "notice"]) == 0
    assert capsys.readouterr().out == "Notice: Closed at 3.\n"
    assert (
        cli.main(["--notice-file", str(path), "notice", "Late.", "--until", "2000-01-01 09:00"])
        == 1
    )
    assert "is not a time to come" in capsys.readouterr().err
    assert cli.main(["--notice-file", str(path), "notice", "\x07"]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert cli.main(["--notice-file", str(path), "notice", "--clear"]) == 0
    assert capsys.readouterr().out == "Notice taken down.\n"
    assert not path.exists()


def test_a_time_alone_is_on_the_day_the_file_was_written(tmp_path: Path) -> None:
    """Yesterday's "closes at 3 pm today" does not come back after a restart."""
    path = tmp_path / "notice.toml"
    path.write_text('message = "Closed at 3."\nuntil = 15:00:00\n')
    yesterday = datetime(2026, 11, 30, 9, 0).timestamp()
    os.utime(path, (yesterday, yesterday))
    notice, problems = read_notice(path, NOW)
    assert notice is None
    assert [p.rule for p in problems] == ["notice-expired"]


def test_a_byte_order_mark_is_fine_and_a_written_file_is_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "notice.toml"
    path.write_bytes(b'\xef\xbb\xbfmessage = "Closed at 3."\n')
    assert read_notice(path, NOW)[0] == Notice("Closed at 3.")
    write_notice(path, "Two\nlines", None)  # joined into one
    assert read_notice(path, NOW)[0] == Notice("Two lines")
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["notice.toml"]  # no temporary left


@pytest.mark.parametrize(
    ("until", "shown"),
    [
        ("2099-01-01", "until 2099-01-01 23:59"),  # a day: to its end
        ("2099-01-01T15:00+00:00", "until 2099-01-01"),  # an offset: in local time
    ],
)
def test_kiosk_notice_reads_days_and_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], until: str, shown: str
) -> None:
    path = tmp_path / "notice.toml"
    assert cli.main(["--notice-file", str(path), "notice", "Closed.", "--until", until]) == 0
    assert shown in capsys.readouterr().out


def test_until_needs_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--notice-file", str(tmp_path / "n.toml"), "notice", "--until", "15:00"]) == 1
    assert "--until needs a message" in capsys.readouterr().err
