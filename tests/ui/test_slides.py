"""The idle slideshow: the pack's slides in name order, crossfading, nothing else."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk import loader
from kiosk.ui.slides import FADE_MS
from tests.conftest import DEFAULT_PACK, GOOD_TOPIC, MakePack, png_picture
from tests.ui.conftest import MakeWindow


def test_slides_come_in_name_order_every_slide_seconds_and_wrap(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(DEFAULT_PACK)
    window.reset()
    show = window.slideshow
    assert show.timer.isActive()
    assert show.timer.interval() == 8 * 1000  # slide_seconds from the default
    names = [Path(s.file).name for s in show.slides]
    assert names == sorted(names)
    assert len(names) >= 2
    seen = []
    for _ in range(len(names) + 1):
        seen.append(Path(show.current.file).name if show.current else "")
        show.advance()
    assert seen == [*names, names[0]]


def test_crossfade_takes_fade_ms_and_ends_on_the_next_slide(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(DEFAULT_PACK)
    window.reset()
    show = window.slideshow
    first = show.front
    show.advance()
    assert show.fade.duration() == FADE_MS
    assert show.back.isVisible()  # the incoming slide, fading in over the other
    with qtbot.waitSignal(show.fade.finished, timeout=FADE_MS * 4):
        pass
    assert show.front is not first
    assert show.front.slide == show.slides[1]
    assert not show.back.isVisible()


def test_slide_seconds_come_from_pack_toml(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": "[session]\nslide_seconds = 3\n",
            "slides/1.md": "# One\n",
            "slides/2.md": "# Two\n",
        }
    )
    window = make_window(root)
    window.reset()
    show = window.slideshow
    assert show.timer.interval() == 3000
    show.fade_ms = 50  # the crossfade's length is pinned down above; keep this test quick
    with qtbot.waitSignal(show.fade.finished):
        show.timer.timeout.emit()  # as the timer does after slide_seconds
    assert show.front.slide is not None
    assert show.front.slide.file == "slides/2.md"


def test_a_pack_without_slides_gets_a_calm_slide_with_its_title(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "pack.toml": '[pack]\ntitle = "Our clinic"\n'})
    window = make_window(root)
    window.reset()
    assert len(window.slideshow.slides) == 1
    assert "Our clinic" in window.slideshow.front.label.text()
    assert not window.slideshow.timer.isActive() or len(window.slideshow.slides) == 1


def test_pictures_fit_without_distortion(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "slides/1.png": png_picture(4000, 1000)})
    window = make_window(root, (1280, 800))
    window.reset()
    picture = window.slideshow.front.label.pixmap()
    area = window.slideshow.front.contentsRect()
    assert picture.width() <= area.width()
    assert picture.height() <= area.height()
    assert abs(picture.width() / picture.height() - 4.0) < 0.02


def test_the_slideshow_never_shows_topic_content(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(DEFAULT_PACK)
    window.open_topic("05-side-effects-and-risks")
    window.reset()
    loaded = loader.load(DEFAULT_PACK)
    card = loaded.default.topic("05-side-effects-and-risks").cards[1].markdown
    topic_words = next(line for line in card.splitlines() if line.strip())
    for _ in range(len(window.slideshow.slides)):
        assert topic_words[:30] not in window.slideshow.front.label.text()
        assert window.slideshow.front.slide in loaded.default.slides
        window.slideshow.advance()
        window.slideshow.fade.stop()
        window.slideshow._on_fade_finished()
    assert window.topic.text.toPlainText() == ""


def test_the_slide_on_show_is_fully_opaque(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(DEFAULT_PACK)
    window.reset()
    effect = window.slideshow.front.graphicsEffect()
    assert effect is not None
    assert effect.property("opacity") == 1.0


def test_a_slide_picture_comes_from_the_pack_not_the_working_folder(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "images/pic.png": png_picture(20, 10),
            "slides/1.md": "![p](../images/pic.png)\n",
        }
    )
    window = make_window(root)
    window.reset()
    assert f'src="{(root / "images" / "pic.png").resolve()}"' in window.slideshow.front.label.text()


def test_reduced_motion_cuts_to_the_next_slide_with_no_fade(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": "[display]\nreduced_motion = true\n",
            "slides/1.md": "# One\n",
            "slides/2.md": "# Two\n",
        }
    )
    window = make_window(root)
    window.reset()
    show = window.slideshow
    first = show.front
    show.advance()
    assert show.fade.state() != show.fade.State.Running
    assert not show.back.isVisible()
    assert show.front is first
    assert show.front.slide == show.slides[1]
