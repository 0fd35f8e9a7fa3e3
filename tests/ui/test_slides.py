"""The idle slideshow: the pack's slides in name order and a teaser per topic,
crossfading under a call to touch the screen; nothing about the last patient."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import loader
from kiosk.ui.slides import FADE_MS, SCRIM_ALPHA, WORDS_ON_PICTURE
from kiosk.ui.theme import Metrics, contrast_ratio
from tests.conftest import DEFAULT_PACK, GOOD_TOPIC, FakeClock, MakePack, png_picture
from tests.ui.conftest import MakeWindow


def test_slides_come_in_name_order_with_a_teaser_after_each_every_slide_seconds(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The pack's slides in name order, each followed by one topic's teaser, the topics
    in the pack's order; then round again."""
    window = make_window(DEFAULT_PACK)
    window.reset()
    show = window.slideshow
    assert show.timer.isActive()
    assert show.timer.interval() == 8 * 1000  # slide_seconds from the default
    own = [Path(s.file).name for s in show.slides[::2]]  # each followed by a teaser
    assert window.edition is not None
    first_round = own[: len(window.edition.slides)]
    assert first_round == sorted(first_round)
    assert len(first_round) >= 2
    # More topics than slides: the pack's slides come round again between the teasers.
    assert own[len(first_round) :] == first_round[: len(own) - len(first_round)]
    teasers = [s.topic_id for s in show.slides[1::2]]
    assert teasers == [t.id for t in window.edition.topics]
    seen = []
    for _ in range(len(show.slides) + 1):
        seen.append(show.current)
        show.advance()
    assert seen == [*show.slides, show.slides[0]]


def test_teasers_can_be_turned_off_in_pack_toml(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {"a.md": GOOD_TOPIC, "pack.toml": "[session]\nteasers = false\n", "slides/1.md": "# One\n"}
    )
    window = make_window(root)
    window.reset()
    assert [s.kind for s in window.slideshow.slides] == ["markdown"]


def test_crossfade_takes_fade_ms_and_ends_on_the_next_slide(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """Halfway, the screen shows the two slides blended; at the end the next slide alone,
    drawn by its own view (panning from there)."""
    window = make_window(DEFAULT_PACK)
    window.reset()
    show = window.slideshow
    first = show.front
    outgoing = first.grab().toImage()
    show.advance()
    assert show.fade.duration() == FADE_MS
    assert show.crossfade.isVisible()
    incoming = show.back.grab().toImage()
    show.fade.setCurrentTime(FADE_MS // 2)
    assert show.crossfade.opacity == pytest.approx(0.5)
    blended = show.grab().toImage()
    middle = show.rect().center()
    a, b = outgoing.pixelColor(middle), incoming.pixelColor(middle)
    assert abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 60
    mixed = blended.pixelColor(middle)
    for channel in ("red", "green", "blue"):
        half = (getattr(a, channel)() + getattr(b, channel)()) / 2
        assert abs(getattr(mixed, channel)() - half) <= 3
    with qtbot.waitSignal(show.fade.finished, timeout=FADE_MS * 4):
        pass
    assert show.front is not first
    assert show.front.slide == show.slides[1]
    assert show.front.isVisible()
    assert not show.back.isVisible()
    assert not show.crossfade.isVisible()
    assert show.grab().toImage().pixelColor(middle) == show.front.grab().toImage().pixelColor(
        middle
    )


def test_slide_seconds_come_from_pack_toml(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": "[session]\nslide_seconds = 3\nteasers = false\n",
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
    assert window.slideshow.slides[0].file == ""  # the kiosk's own
    assert "Our clinic" in window.slideshow.front.words


def test_pictures_fit_without_distortion(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "slides/1.png": png_picture(4000, 1000)})
    window = make_window(root, (1280, 800))
    window.reset()
    picture = window.slideshow.front.poster
    area = window.slideshow.front.contentsRect()
    assert picture.width() <= area.width()
    assert picture.height() <= area.height()
    assert abs(picture.width() / picture.height() - 4.0) < 0.02


def test_the_slideshow_never_shows_topic_content(qtbot: QtBot, make_window: MakeWindow) -> None:
    """Only the pack's slides and each topic's title and summary, whatever the last
    patient read; and the same slides in the same order after every reset."""
    window = make_window(DEFAULT_PACK)
    window.open_topic("05-side-effects-and-risks")
    window.reset()
    loaded = loader.load(DEFAULT_PACK)
    card = loaded.default.topic("05-side-effects-and-risks").cards[1].markdown
    topic_words = next(line for line in card.splitlines() if line.strip())
    first = list(window.slideshow.slides)
    for _ in range(len(window.slideshow.slides)):
        front = window.slideshow.front
        assert topic_words[:30] not in front.words
        assert front.slide is not None
        assert front.slide in loaded.default.slides or front.slide.kind == "teaser"
        if front.slide.kind == "teaser":  # its topic's title and summary, nothing more
            topic = loaded.default.topic(front.slide.topic_id)
            assert front.words.split() == f"{topic.title} {topic.summary}".split()
        window.slideshow.advance()
        window.slideshow.fade.stop()
        window.slideshow._on_fade_finished()
    assert window.topic.text.toPlainText() == ""
    window.open_topic("07-your-infusion-day")
    window.reset()
    assert window.slideshow.slides == first
    assert window.slideshow.current == first[0]


def test_the_next_slide_is_drawn_ahead_so_a_crossfade_only_takes_pictures(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn in the hidden view in the turn after a slide shows alone; drawn again only
    if what it is drawn for changed (here the Spanish slides)."""
    window = make_window(DEFAULT_PACK)
    window.reset()
    window.layout().activate()  # the bar's room given to the slideshow, as it soon is
    show = window.slideshow
    qtbot.waitUntil(lambda: show.back.slide is show.slides[1])
    drawn: list[object] = []
    monkeypatch.setattr(show.back, "show_slide", lambda *args, **kwargs: drawn.append(args))
    show.advance()
    assert drawn == []
    assert show.crossfade.isVisible()
    show.fade.setCurrentTime(FADE_MS)
    qtbot.waitUntil(lambda: show.back.slide is show.slides[2])
    assert window.pack is not None
    show.start(window.pack.edition("es"), window.theme, window.pack.languages)
    show.advance()  # before the Spanish one was drawn ahead: drawn now
    assert show.back.slide is show.slides[1]
    assert show.back.shows(window.pack.edition("es"), show.slides[1], window.theme)


def test_a_crossfade_cut_short_leaves_the_next_slide_alone_on_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """A touch (the slideshow stopped), the screen turned, or the next slide due before
    the fade ends: no picture of the fade is left over the slides."""
    window = make_window(DEFAULT_PACK)
    window.reset()
    show = window.slideshow
    show.advance()
    show.resize(show.width() - 100, show.height())
    assert not show.crossfade.isVisible()
    assert show.front.slide == show.slides[1]
    assert show.front.geometry() == show.rect()
    show.advance()
    show.advance()  # before the last fade ended
    assert show.front.slide == show.slides[2]
    assert show.crossfade.isVisible()
    show.stop()
    assert not show.crossfade.isVisible()


def test_a_slide_picture_is_read_as_the_packs_files_are_never_opened_by_qt(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture in a slide is drawn; one swapped for a named pipe after the pack was
    checked is left out, and the slideshow goes on. The kiosk runs in the pack folder
    here, so that Qt, left to open a picture's name itself, would find the pipe (and
    block on it)."""
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "images/pic.png": png_picture(20, 10),
            "images/pipe.png": png_picture(20, 10),
            "slides/1.md": "# One\n\n![p](../images/pic.png)\n",
            "slides/2.md": "# Two\n\n![p](../images/pipe.png)\n",
            "pack.toml": "[session]\nteasers = false\n",
        }
    )
    window = make_window(root)
    (root / "images" / "pipe.png").unlink()
    os.mkfifo(root / "images" / "pipe.png")
    monkeypatch.chdir(root)
    window.reset()
    assert not window.slideshow.front.words_picture.isNull()
    window.slideshow.advance()
    assert window.slideshow.current is not None
    assert window.slideshow.current.file == "slides/2.md"
    assert "Two" in window.slideshow.back.words or "Two" in window.slideshow.front.words


def test_reduced_motion_cuts_to_the_next_slide_with_no_fade(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": "[display]\nreduced_motion = true\n[session]\nteasers = false\n",
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
    assert not show.front.panning
    assert not show.cue.moving


def test_every_slide_asks_to_touch_the_screen_in_each_language_in_one_place(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The call stays put over every slide (it does not fade with them), in the
    patient's language first, then the pack's other one; its ring grows and fades."""
    window = make_window(DEFAULT_PACK)
    window.reset()
    window.layout().activate()  # the bar's room given to the slideshow, as it soon is
    show = window.slideshow
    cue = show.cue
    assert cue.lines == ["Touch the screen to start.", "Toque la pantalla para empezar."]
    assert cue.isVisible()
    assert cue.moving
    place = cue.geometry()
    assert place.bottom() > show.height() * 3 // 4  # at the foot of the screen
    for _ in range(len(show.slides)):
        show.advance()
        assert cue.geometry() == place
        assert cue.isVisible()
        assert cue.graphicsEffect() is None  # over the fade, not in it
    assert window.pack is not None
    show.start(window.pack.edition("es"), window.theme, window.pack.languages)
    assert show.cue.lines == ["Toque la pantalla para empezar.", "Touch the screen to start."]


def test_the_touch_cue_pulses_then_rests(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The ring grows and fades over 1.8 s, then nothing moves until 4 s have gone round."""
    window = make_window(DEFAULT_PACK)
    clock = FakeClock()
    cue = window.slideshow.cue
    cue.beat.clock = clock
    window.reset()
    assert cue.moving
    phases = []
    for seconds in (0.9, 0.9, 1.0, 1.0, 0.65):
        clock.advance(seconds)
        cue._on_frame()
        phases.append(round(cue.phase, 2))
    assert phases == [0.5, 1.0, 1.0, 1.0, 0.25]  # at 0.9, 1.8, 2.8, 3.8 and 4.45 s


def test_one_language_asks_once(qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack) -> None:
    window = make_window(make_pack({"a.md": GOOD_TOPIC}))
    window.reset()
    assert window.slideshow.cue.lines == ["Touch the screen to start."]


def test_words_over_a_picture_keep_7_to_1_over_any_picture() -> None:
    """The shade under the words is dark enough even over a white picture."""
    left = round(255 * (1 - SCRIM_ALPHA))
    over_white = f"#{left:02X}{left:02X}{left:02X}"
    assert contrast_ratio(WORDS_ON_PICTURE, over_white) >= 7.0
    assert contrast_ratio(WORDS_ON_PICTURE, "#000000") >= 7.0


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_headlines_read_from_across_a_room(width: int, height: int) -> None:
    assert 90 <= Metrics.for_window(width, height).slide_title_px <= 120


def test_a_slide_over_a_picture_pans_it_slowly_and_reduced_motion_keeps_it_still(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """The default pack's slides are pictures; the first pans across its 8 s, then
    holds still while the next fades in over it, which pans once it shows alone."""
    window = make_window(DEFAULT_PACK)
    clock = FakeClock()
    front = window.slideshow.front
    for view in (front, window.slideshow.back):
        view.beat.clock = clock
    window.reset()
    assert front.slide is not None
    assert front.slide.background is not None
    assert front.has_picture
    assert front.panning
    start = front._background_at()
    clock.advance(4)
    front._on_frame()
    assert front.pan == pytest.approx(0.5)
    assert front._background_at() != start
    clock.advance(4)
    front._on_frame()
    assert front.pan == 1.0
    assert not front.panning
    show = window.slideshow
    show.advance()  # a teaser (nothing to pan), then the next picture
    show.fade.setCurrentTime(FADE_MS)
    show.advance()
    incoming = show.back
    assert incoming.slide is not None
    assert incoming.slide.background is not None
    assert not incoming.panning
    assert incoming.pan == 0.0
    show.fade.setCurrentTime(FADE_MS)  # the fade over
    assert show.front is incoming
    assert incoming.panning
    clock.advance((8000 - FADE_MS) / 1000)
    incoming._on_frame()
    assert incoming.pan == 1.0

    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "images/sky.png": png_picture(64, 36),
            "slides/1.md": "---\nbackground: ../images/sky.png\n---\n# Sky\n",
            "pack.toml": "[display]\nreduced_motion = true\n",
        }
    )
    window = make_window(root)
    window.reset()
    assert window.slideshow.front.has_picture
    assert not window.slideshow.front.panning


def test_a_slide_names_every_picture_for_its_page_even_one_that_left_the_pack(
    qtbot: QtBot, make_pack: MakePack
) -> None:
    """Each name a page's pictures give is handed over (an empty picture for one that is
    no longer in the pack), so the document never opens a name itself."""
    from kiosk.ui.slidewords import page_pictures

    root = make_pack({"a.md": GOOD_TOPIC, "images/pic.png": png_picture(20, 10)})
    edition = loader.load(root).default
    page = '<img src="images/pic.png"><img src="../../etc/passwd"><img src="/etc/hosts">'
    pictures = page_pictures(edition, page, 600)
    assert set(pictures) == {"images/pic.png", "../../etc/passwd", "/etc/hosts"}
    assert not pictures["images/pic.png"].isNull()
    assert pictures["../../etc/passwd"].isNull()
    assert pictures["/etc/hosts"].isNull()
