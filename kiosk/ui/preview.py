"""``kiosk preview``: every screen of a pack as PNG files, with no display needed."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize

from kiosk.pack import Pack
from kiosk.ui.app import application, build_window
from kiosk.ui.controls import native_name
from kiosk.ui.slides import builtin_slide


def render_pack(pack: Pack, out: Path, size: QSize) -> list[tuple[str, str]]:
    """Save, for each language of the pack, Home, every card, a QR overlay (if the pack
    links out) and the slides.

    The pack's settings say how: its theme and text size (`kiosk preview` can override
    them, to see what a patient who picks them sees).

    Returns:
        (file name, caption) of each picture, in the order a patient meets them.
    """
    application()
    out.mkdir(parents=True, exist_ok=True)
    window = build_window(pack, size, 96.0, locked=False)
    window.resize(size)
    window.show()
    shots: list[tuple[str, str]] = []
    several = len(pack.editions) > 1

    def shoot(name: str, caption: str) -> None:
        _settle()
        window.grab().save(str(out / name))
        shots.append((name, caption))

    for edition in pack.editions:
        window.go_home()
        window.set_language(edition.language)
        prefix = f"{edition.language}-" if several else ""
        said = f"{native_name(edition.language)}: " if several else ""
        shoot(f"{prefix}home.png", f"{said}Home")
        web_link = ""
        for topic in edition.topics:
            window.open_topic(topic.id)
            for index, card in enumerate(topic.cards):
                window.topic.show_card(index)
                title = card.title or "Introduction"
                shoot(
                    f"{prefix}topic-{_slug(topic.id)}-card-{index + 1:02}.png",
                    f"{said}{topic.title}: {title}",
                )
                assert window.renderer is not None
                links = window.renderer.render(topic, index).external_links
                web_link = web_link or next(iter(links), "")
            window.go_home()
        if web_link:
            window.open_topic(edition.topics[0].id)
            window.show_web_link(web_link)
            shoot(f"{prefix}qr-overlay.png", f"{said}QR code for {web_link}")
            window.go_home()
        for slide in edition.slides or [builtin_slide(edition)]:
            window.show_slide(slide)
            name = Path(slide.file).stem or "built-in"
            shoot(
                f"{prefix}slide-{_slug(name)}.png",
                f"{said}Slide {slide.file or '(built in: no slides/)'}",
            )
    window.unlock()
    window.close()
    window.deleteLater()
    (out / "index.html").write_text(_index(pack, shots, size), encoding="utf-8")
    return shots


def _settle() -> None:
    """Let pending layouts and paints happen before a picture is taken."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _index(pack: Pack, shots: list[tuple[str, str]], size: QSize) -> str:
    title = html.escape(pack.settings.title)
    figures = "\n".join(
        f'<figure><img src="{html.escape(name)}" alt="{html.escape(caption)}" loading="lazy">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for name, caption in shots
    )
    return f"""<!doctype html>
<html lang="{html.escape(pack.settings.language)}">
<head><meta charset="utf-8"><title>Preview: {title}</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; background: #f4f4f4; }}
figure {{ display: inline-block; margin: 0 1rem 2rem 0; vertical-align: top; }}
img {{ width: 480px; border: 1px solid #999; }}
figcaption {{ max-width: 480px; }}
</style></head>
<body>
<h1>Preview: {title}</h1>
<p>{len(shots)} screens at {size.width()}x{size.height()}, version
{html.escape(pack.settings.version or "(none)")}, theme {html.escape(pack.settings.theme)},
text size {html.escape(pack.settings.text_size)}.</p>
{figures}
</body></html>
"""
