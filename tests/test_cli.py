"""``kiosk validate`` and ``kiosk --version`` as staff and tools use them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__, cli, config
from tests.conftest import DEFAULT_PACK, GOOD_TOPIC, MakePack


def test_clean_pack_exits_0_with_a_summary(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "pack.toml": "[pack]\n"})
    assert cli.main(["validate", str(root)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 2 files\n"


def test_warnings_alone_exit_0(make_pack: MakePack, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_pack({"a.md": GOOD_TOPIC.replace("order: 1", "colour: red")})
    assert cli.main(["validate", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{root / 'a.md'}:4: warning: unknown front-matter key 'colour'")
    assert out[-1] == "0 errors, 1 warning in 1 file"


def test_errors_exit_1_one_line_each_then_the_summary(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"a.md": "---\nsummary: x\n---\nText:\n", "b.md": b"\xff", "c.md": GOOD_TOPIC})
    assert cli.main(["validate", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{root / 'a.md'}:1: error: the topic has no title; add 'title: ...' to its front matter "
        "[title-missing]",
        f"{root / 'a.md'}:1: warning: the topic lists no sources; if it gives health "
        "information, list what it relies on under 'sources:' (patients see them on its last "
        "card) [sources-missing]",
        f"{root / 'a.md'}:4: error: 'Text:' ends with ':' but no list follows; add the list "
        "(lines starting with '- ') or end the sentence with a full stop [list-missing]",
        f"{root / 'b.md'}:1: error: b.md is not UTF-8 text (byte 0xFF); save it as UTF-8 in "
        "your editor [encoding]",
        "3 errors, 1 warning in 3 files",
    ]


def test_json_lists_the_same_problems(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC + "\n[x](file:///etc/passwd)\n"})
    assert cli.main(["validate", str(root), "--format", "json"]) == 0
    problems = json.loads(capsys.readouterr().out)
    assert problems == [
        {
            "file": str(root / "a.md"),
            "line": 14,
            "level": "warning",
            "rule": "link-scheme",
            "message": "link to 'file:///etc/passwd' removed; links may only go to another "
            "topic or to an https:// address",
        }
    ]


def test_missing_or_unreadable_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"kiosk validate: {tmp_path / 'nope'}: no such folder\n"
    (tmp_path / "file.md").write_text("x")
    assert cli.main(["validate", str(tmp_path / "file.md")]) == 2


def test_installed_command_validates_the_default_pack_warning_only_of_the_clinics_details() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(DEFAULT_PACK)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    *problems, summary = done.stdout.splitlines()
    assert summary.startswith(f"0 errors, {len(problems)} warnings in ")
    assert any(line.endswith("[clinic-unset]") for line in problems)
    assert done.stderr == ""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"kiosk {__version__}\n"


def test_setting_flags_are_checked_like_pack_toml(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--idle-seconds", "5"])
    assert stop.value.code == 2
    assert "session.idle_seconds must be a whole number from 10 to 3600" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--theme", "neon"])
    assert 'display.theme must be one of "calm", "high-contrast"' in capsys.readouterr().err


def test_what_the_pack_says_has_no_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    shown = capsys.readouterr().out
    assert "--idle-seconds" in shown
    for flag in ("--title", "--notice", "--phone", "--front-desk", "--price-note"):
        assert re.search(rf"{flag}(?![\w-])", shown) is None, flag  # --notice-file is not it


def test_setting_flags_become_overrides() -> None:
    args = cli.build_parser().parse_args(["--idle-seconds", "30", "--theme", "high-contrast"])
    assert (args.setting_idle_seconds, args.setting_theme) == (30, "high-contrast")
    assert args.setting_slide_seconds is None
    assert args.setting_teasers is None  # not given: pack.toml's


def test_a_yes_or_no_setting_can_be_turned_either_way() -> None:
    """Teasers are on by default: --no-teasers turns them off, as --reduced-motion and
    --no-reduced-motion go either way from what pack.toml says."""
    parse = cli.build_parser().parse_args
    assert parse(["--no-teasers"]).setting_teasers is False
    assert parse(["--teasers"]).setting_teasers is True
    assert parse(["--no-reduced-motion"]).setting_reduced_motion is False
    assert parse(["--reduced-motion"]).setting_reduced_motion is True


def test_content_folder_comes_from_flag_then_environment_then_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KIOSK_CONTENT", raising=False)
    assert cli.content_folder(None) == DEFAULT_PACK
    monkeypatch.setenv("KIOSK_CONTENT", str(tmp_path))
    assert cli.content_folder(None) == tmp_path
    assert cli.content_folder(tmp_path / "given") == tmp_path / "given"


def test_set_pin_reads_a_pin_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from kiosk import staff

    path = tmp_path / "kiosk.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert cli.main(["set-pin", "--config", str(path)]) == 0
    assert capsys.readouterr().out == f"Staff PIN set in {path}\n"
    stored = staff.stored_pin_hash(config.read_machine_config(path))
    assert stored is not None
    assert staff.verify_pin("4321", stored)

    # --config before the command, as the other commands take it, is the same file.
    before = tmp_path / "before.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert cli.main(["--config", str(before), "set-pin"]) == 0
    assert capsys.readouterr().out == f"Staff PIN set in {before}\n"
    assert staff.stored_pin_hash(config.read_machine_config(before)) is not None

    # The same PIN again (a playbook run twice): nothing is written, but a file that was
    # opened to others is made the owner's only again.
    written = path.stat().st_mtime_ns, path.read_text()
    path.chmod(0o644)
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert cli.main(["set-pin", "--config", str(path)]) == 0
    assert capsys.readouterr().out == f"Staff PIN unchanged in {path}\n"
    assert (path.stat().st_mtime_ns, path.read_text()) == written
    assert path.stat().st_mode & 0o777 == 0o600

    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert cli.main(["set-pin", "--config", str(path)]) == 1
    assert "4 to 8 digits; nothing was changed" in capsys.readouterr().err
    assert staff.stored_pin_hash(config.read_machine_config(path)) == stored


def test_seal_writes_a_manifest_that_validate_then_holds_the_pack_to(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "images/x.svg": "<svg/>", ".DS_Store": "x"})
    assert cli.main(["seal", str(root)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Sealed 2 files in {root}/manifest.toml"
    assert cli.main(["validate", str(root)]) == 0
    (root / "images" / "x.svg").write_text("<svg></svg>")
    assert cli.main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root / 'images/x.svg'}: error: images/x.svg is not the file that was sealed" in out
    assert "[manifest-mismatch]" in out
    assert cli.main(["seal", str(root)]) == 0  # sealed again, as it is now
    assert cli.main(["validate", str(root)]) == 0


def test_seal_refuses_a_pack_with_errors_and_drops_the_old_seal(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC})
    assert cli.main(["seal", str(root)]) == 0
    (root / "b.md").write_text("---\ntitle: B\n---\n## Empty\n")
    assert cli.main(["seal", str(root)]) == 1
    assert "is not sealed: fix its errors first" in capsys.readouterr().err
    assert not (root / "manifest.toml").exists()
    assert cli.main(["seal", str(root / "nope")]) == 2


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8"])
def test_validate_writes_every_problem_on_one_line_in_any_encoding(
    make_pack: MakePack, encoding: str
) -> None:
    root = make_pack(
        {
            "a.md": '---\ntitle: "Dormir \\ud800 bien\\u2028ñ"\nsources: [Guía]\n---\nTexto ñ.\n',
            "c.md": "---\ntitle: C\nsources: [A]\n---\nA NUL\x00 here.\n",
            "b.md": "---\ntitle: Ünïcode ✓\nsources: [A]\n---\n[x](file:///etc/passwd)\n",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "LANG": "C", "LC_ALL": "C"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    lines = done.stdout.decode(encoding).splitlines()
    assert lines[-1] == "2 errors, 1 warning in 3 files"
    assert all(
        re.fullmatch(r".+:\d+: (error|warning): .+ \[[a-z-]+\]", line) for line in lines[:-1]
    )
