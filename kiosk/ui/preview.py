"""``kiosk preview``: every screen of a pack as PNG files, with no display needed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize

from kiosk import __version__, showing
from kiosk.checked import Checked, salvage
from kiosk.notice import Notice
from kiosk.pack import Pack, Section, Topic
from kiosk.problem import Problem, warning
from kiosk.showing import Copy, OnScreen
from kiosk.ui.app import application, build_window
from kiosk.ui.closed import ClosedScreen
from kiosk.ui.controls import native_name
from kiosk.ui.slides import slides_for
from kiosk.ui.staffpanel import StaffStatus
from kiosk.ui.theme import load_italic_fonts
from kiosk.ui.window import KioskWindow

SAMPLE_NOTICE = "The clinic closes at 3 pm today. Please ask at the front desk."


@dataclass
class Preview:
    """What `render_pack` made, and what it saw.

    Attributes:
        shots: (file name, caption) of each picture, in the order a patient meets them.
        scrolls: The picture of each card that does not fit (patients scroll it).
        problems: A `card-scrolls` warning for each such card, located in its file.
    """

    shots: list[tuple[str, str]] = field(default_factory=list)
    scrolls: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def render_pack(pack: Pack, out: Path, size: QSize) -> Preview:
    """Save, for each language of the pack, Home, every card, the QR overlay over the
    card that holds the first web link (if the pack links out), the slides, the "Still
    there?" countdown and the "being updated" page; then the staff's PIN pad and panel,
    a sample urgent notice over Home, and the closed screen as a touch lights it. A
    card that does not fit is also pictured scrolled to its end, so its every line is in a
    picture.

    The pack's settings say how: its theme and text size (`kiosk preview` can override
    them, to see what a patient who picks them sees).
    """
    application()
    load_italic_fonts()
    out.mkdir(parents=True, exist_ok=True)
    window = build_window(pack, size, 96.0, locked=False)
    window.resize(size)
    window.show()
    made = Preview()
    several = len(pack.editions) > 1
    looks = f"{size.width()}x{size.height()}, text size {pack.settings.text_size}"

    def shoot(name: str, caption: str) -> None:
        _settle()
        window.grab().save(str(out / name))
        made.shots.append((name, caption))

    for edition in pack.editions:
        window.go_home()
        window.set_language(edition.language)
        prefix = f"{edition.language}-" if several else ""
        said = f"{native_name(edition.language)}: " if several else ""
        shoot(f"{prefix}home.png", f"{said}Home")
        web_link: tuple[str, int, str] | None = None  # topic, card, address
        for topic in edition.topics:
            window.open_topic(topic.id)
            for index, card in enumerate(topic.cards):
                window.topic.show_card(index)
                title = card.title or "Introduction"
                name = f"{prefix}topic-{_slug(topic.id)}-card-{index + 1:02}"
                shoot(f"{name}.png", f"{said}{topic.title}: {title}")
                if window.topic.card_scrolls:
                    made.scrolls.add(f"{name}.png")
                    made.problems.append(_scrolls(topic, card, title, looks))
                    bar = window.topic.text.verticalScrollBar()
                    bar.setValue(bar.maximum())
                    shoot(f"{name}-end.png", f"{said}{topic.title}: {title} (scrolled to the end)")
                assert window.renderer is not None
                links = window.renderer.render(topic, index).external_links
                if web_link is None and links:
                    web_link = (topic.id, index, next(iter(links)))
            window.go_home()
        if web_link is not None:
            topic_id, index, url = web_link
            window.open_topic(topic_id, index)
            window.show_web_link(url)
            shoot(f"{prefix}qr-overlay.png", f"{said}QR code for {url}")
            window.go_home()
        for slide in dict.fromkeys(slides_for(edition)):  # each once, though shown again
            window.show_slide(slide)
            if slide.kind == "teaser":
                name, about = f"teaser-{slide.topic_id}", f"Teaser for the topic {slide.topic_id}"
            else:
                name = Path(slide.file).stem or "built-in"
                about = f"Slide {slide.file or '(built in: no slides/)'}"
            shoot(f"{prefix}slide-{_slug(name)}.png", f"{said}{about}")
        window.go_home()
        window.open_topic(edition.topics[0].id)
        total = edition.settings.warning_seconds
        window.still_there.set_seconds(max(1, total * 3 // 5), total)
        window.still_there.open()
        shoot(f"{prefix}still-there.png", f"{said}The countdown, over a card")
        window.close_overlays()
        window.go_home()
    _staff_screens(window, pack, shoot)
    window.go_home()
    window.set_language(pack.default.language)  # the sample is in English
    window.show_notice(Notice(SAMPLE_NOTICE))
    shoot("notice.png", "An urgent notice (kiosk notice), over every screen: here Home")
    window.show_notice(None)
    closed = ClosedScreen(window)
    closed.close_kiosk()
    today = datetime.now()
    closed.light(today.replace(hour=8, minute=0), pack.languages, today)
    shoot("closed.png", "Outside opening hours, after a touch (else black)")
    closed.open_kiosk()
    closed.deleteLater()
    window.show_updating()  # last: it takes the pack off the window
    shoot("updating.png", "The page shown while no pack can be")
    window.unlock()
    window.close()
    window.deleteLater()
    (out / "index.html").write_text(_index(pack, made, size), encoding="utf-8")
    return made


def _staff_screens(window: KioskWindow, pack: Pack, shoot: Callable[[str, str], None]) -> None:
    """The PIN pad, and the staff panel as it would stand with this pack just loaded."""
    window.go_home()
    window.pin_pad.ask()
    shoot("staff-pin-pad.png", "Staff: the PIN pad")
    window.close_overlays()
    now = datetime.now()
    checked = Checked(pack, pack.problems)
    if checked.ok:
        on_screen = OnScreen(Copy.FOLDER, pack, now)
    else:  # as a new machine would show it: the topics without errors
        part = salvage(checked)
        copy = Copy.PART if part.pack is not None else Copy.NOTHING
        on_screen = OnScreen(copy, part.pack, now, part.left_out)
    report = showing.report(on_screen, checked, None, now, native_name)
    folder = pack.root.absolute()
    window.staff_panel.show_status(
        StaffStatus(report, small_print=f"Kiosk {__version__} · pack folder {folder}")
    )
    window.staff_panel.open()
    shoot("staff-panel.png", "Staff: the panel, with this pack loaded")
    window.close_overlays()


def _scrolls(topic: Topic, card: Section, title: str, looks: str) -> Problem:
    if card is topic.sources_card:
        advice = (
            "the kiosk makes this card from the topic's sources, so it cannot be split; "
            "a long list may scroll"
        )
    else:
        advice = "staff can split it in two with a ## heading"
    return warning(
        topic.file,
        card.line,
        "card-scrolls",
        f'card "{title}" does not fit at {looks}: patients see "More below" and scroll '
        f"to read the rest; {advice}",
    )


def _figure(name: str, caption: str, scrolls: bool) -> str:
    mark = ' <span class="mark">Scrolls</span>' if scrolls else ""
    kind = ' class="scrolls"' if scrolls else ""
    return (
        f"<figure{kind}>"
        f'<img src="{html.escape(name)}" alt="{html.escape(caption)}" loading="lazy">'
        f"<figcaption>{html.escape(caption)}{mark}</figcaption></figure>"
    )


def _settle() -> None:
    """Let pending layouts and paints happen before a picture is taken."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _index(pack: Pack, made: Preview, size: QSize) -> str:
    title = html.escape(pack.settings.title)
    figures = "\n".join(
        _figure(name, caption, name in made.scrolls) for name, caption in made.shots
    )
    scrolling = len(made.scrolls)
    scrolls = (
        f'<p class="scrolls">{scrolling} {"card does" if scrolling == 1 else "cards do"} not '
        "fit at this size and text size: patients scroll them (marked <em>Scrolls</em>, each "
        "shown again scrolled to its end).</p>"
        if scrolling
        else "<p>Every card fits at this size and text size.</p>"
    )
    return f"""<!doctype html>
<html lang="{html.escape(pack.settings.language)}">
<head><meta charset="utf-8"><title>Preview: {title}</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; background: #f4f4f4; }}
figure {{ display: inline-block; margin: 0 1rem 2rem 0; vertical-align: top; }}
img {{ width: 480px; border: 1px solid #999; }}
figcaption {{ max-width: 480px; }}
figure.scrolls img {{ border: 4px solid #8a4500; }}
.mark {{ background: #8a4500; color: #fff; font-weight: bold; padding: 0 0.3em; }}
</style></head>
<body>
<h1>Preview: {title}</h1>
<p>{len(made.shots)} screens at {size.width()}x{size.height()}, version
{html.escape(pack.settings.version or "(none)")}, theme {html.escape(pack.settings.theme)},
text size {html.escape(pack.settings.text_size)}.</p>
{scrolls}
{figures}
</body></html>
"""
