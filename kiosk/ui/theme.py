"""The look: theme colours, sizes worked out for the screen, the stylesheet, fonts, icons.

A theme is ``assets/themes/<name>.toml`` (colours) filled into ``assets/themes/kiosk.qss``
and ``card.css`` (layout), so a new theme is one small file and the contrast of every
theme is checked by the tests from the same colours the screen uses.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import asdict, dataclass
from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import resources

FONT_FAMILIES = ["Atkinson Hyperlegible", "DejaVu Sans", "Noto Sans", "Liberation Sans"]
# Home is drawn in these; the italics are only for emphasis on a card.
FONT_FILES = ("fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf")
ITALIC_FONT_FILES = (
    "fonts/AtkinsonHyperlegible-Italic.ttf",
    "fonts/AtkinsonHyperlegible-BoldItalic.ttf",
)
MIN_TOUCH_PX = 48
MIN_TOUCH_MM = 9.0
MIN_BODY_PX = 24
MIN_SMALL_PX = 20
# How much larger the text is at each text size a patient can pick: Home's and the
# panels' (`TEXT_SCALES`), and a card's words, which start larger (`READING_SCALES`). The
# kiosk's own buttons keep their size, so they stay where they are and fit in one row.
TEXT_SCALES = {"A": 1.0, "A+": 1.3, "A++": 1.6}
READING_SCALES = {"A": 1.0, "A+": 1.2, "A++": 1.4}
# A card's words against the rest of the screen's text, by the screen's orientation:
# larger, for a screen read from a step back (Home and the panels keep the smaller size,
# so every topic shows at once). A landscape screen has fewer lines of room under its
# bars, so a usual card still fits; a portrait one has room for more, and its column (the
# screen's short side) still holds about fifty letters a line.
READING_LANDSCAPE = 1.25
READING_PORTRAIT = 1.3
# The reading column: about 36 times the text size is 65 letters a line, what readers
# follow without losing their place; a wider card holds a column this wide in its middle.
MEASURE_EM = 36

# Which text colour is used on which background: the pairs that must keep 7:1.
CONTRAST_PAIRS = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("link", "surface"),
    ("accent_text", "accent"),
    ("accent_text", "pressed"),
    ("disabled_text", "disabled"),
    ("danger_text", "danger"),
    ("text", "good_tint"),
    ("text", "attention_tint"),
    ("text", "fault_tint"),
)
# What a patient must see to use the screen besides text: card edges, page dots, buttons'
# fills, the countdown's ring (against the panel and the part already run out). WCAG
# 1.4.11 asks 3:1 against what is beside them.
BOUNDARY_PAIRS = (
    ("border", "background"),
    ("border", "surface"),
    ("dot", "background"),
    ("dot_current", "background"),
    ("accent", "background"),
    ("accent", "surface"),
    ("ring", "surface"),
    ("ring", "ring_track"),
    ("danger", "surface"),
    # The staff panel's health line: its stripe, beside the panel and its own tint.
    ("good", "surface"),
    ("good", "good_tint"),
    ("attention", "surface"),
    ("attention", "attention_tint"),
    ("fault", "surface"),
    ("fault", "fault_tint"),
)


@dataclass(frozen=True)
class Palette:
    """A theme's colours, as ``#RRGGBB`` (or ``#AARRGGBB`` for `shade`)."""

    background: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    pressed: str
    disabled: str
    disabled_text: str
    link: str
    border: str
    dot: str
    dot_current: str
    shade: str
    ring: str
    ring_track: str
    danger: str
    danger_text: str
    good: str
    good_tint: str
    attention: str
    attention_tint: str
    fault: str
    fault_tint: str

    @classmethod
    def named(cls, theme: str) -> Palette:
        with resources.asset(f"themes/{theme}.toml").open("rb") as stream:
            return cls(**tomllib.load(stream))


@dataclass(frozen=True)
class Metrics:
    """Sizes in pixels for a window of a given size on a screen of a given density.

    Text scales with the window's short side (1080 px is the reference) and with the
    patient's text size, and never drops below 24 px; a card's words are larger again,
    by the screen's orientation (`READING_LANDSCAPE`). Every control is at least 48 px
    and 9 mm on the real screen.
    """

    body_px: int
    small_px: int
    reading_px: int
    measure_px: int
    title_px: int
    heading_px: int
    button_px: int
    small_button_px: int
    button_font_px: int
    icon_px: int
    gap_px: int
    half_gap_px: int
    margin_px: int
    radius_px: int
    border_px: int
    slide_title_px: int
    slide_text_px: int
    card_min_px: int
    card_max_px: int

    @classmethod
    def for_window(
        cls, width: int, height: int, dots_per_inch: float = 96.0, text_size: str = "A"
    ) -> Metrics:
        scale = min(width, height) / 1080
        base = max(MIN_BODY_PX, round(28 * scale))
        body = round(base * TEXT_SCALES[text_size])
        orientation = READING_LANDSCAPE if width > height else READING_PORTRAIT
        reading = round(base * orientation * READING_SCALES[text_size])
        touch = max(MIN_TOUCH_PX, math.ceil(MIN_TOUCH_MM / 25.4 * dots_per_inch))
        button = max(touch, round(88 * scale))
        gap = max(12, round(24 * scale))
        return cls(
            body_px=body,
            # Small print (the staff panel's rule ids and versions, for staff and IT, who
            # stand close): smaller than the body, never under 20 px.
            small_px=max(MIN_SMALL_PX, round(body * 0.85)),
            reading_px=reading,
            measure_px=reading * MEASURE_EM,
            title_px=round(body * 1.25),
            heading_px=round(body * 1.55),
            button_px=button,
            # A control that sits over text (the "More below" sign): smaller than the
            # buttons around the screen, never smaller than a touch target.
            small_button_px=max(touch, round(64 * scale)),
            button_font_px=max(MIN_BODY_PX, round(base * 1.05)),
            icon_px=round(button * 0.45),
            gap_px=gap,
            half_gap_px=gap // 2,
            margin_px=max(16, round(36 * scale)),
            radius_px=max(8, round(18 * scale)),
            border_px=max(2, round(3 * scale)),
            # Read from across the room: about 100 px at 1080p.
            slide_title_px=round(base * 3.7),
            slide_text_px=round(base * 1.6),
            # Narrower than this, a Home card wraps its title too often.
            card_min_px=round(500 * max(scale, 0.75) * TEXT_SCALES[text_size]),
            # Few topics make cards this tall, to fill Home; taller is only a bigger box.
            card_max_px=round(560 * scale),
        )

    @property
    def touch_px(self) -> int:
        return self.button_px


@dataclass(frozen=True)
class Theme:
    """A palette and metrics, with the stylesheets made from them.

    Attributes:
        name: The theme's name ("calm", "high-contrast").
        text_size: "A", "A+" or "A++": the patient's text size.
    """

    name: str
    palette: Palette
    metrics: Metrics
    text_size: str = "A"

    @classmethod
    def make(
        cls,
        name: str,
        width: int,
        height: int,
        dots_per_inch: float = 96.0,
        text_size: str = "A",
    ) -> Theme:
        metrics = Metrics.for_window(width, height, dots_per_inch, text_size)
        return cls(name, _palette(name), metrics, text_size)

    def stylesheet(self) -> str:
        """The application stylesheet (Qt Style Sheets)."""
        return _fill(_template("themes/kiosk.qss"), self._tokens())

    @functools.cached_property
    def _card_css(self) -> str:
        return _fill(_template("themes/card.css"), self._tokens())

    def card_css(self) -> str:
        """The stylesheet of a card's rich text (made once: every card shown needs it)."""
        return self._card_css

    def _tokens(self) -> dict[str, str]:
        tokens = {k: str(v) for k, v in asdict(self.palette).items()}
        tokens.update({k: f"{v}px" for k, v in asdict(self.metrics).items()})
        return tokens


@cache
def _palette(name: str) -> Palette:
    return Palette.named(name)


@cache
def _template(name: str) -> str:
    return resources.asset(name).read_text(encoding="utf-8")


def _fill(template: str, tokens: dict[str, str]) -> str:
    def token(match: re.Match[str]) -> str:
        return tokens[match.group(1)]  # KeyError: a template names a token no theme has

    return re.sub(r"@([a-z_]+)", token, template)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def load_fonts() -> QFont:
    """Register the shipped regular and bold fonts and return the app font, with
    fallbacks; `load_italic_fonts` registers the rest."""
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resources.asset(name)))
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def load_italic_fonts() -> None:
    """Register the shipped italic fonts (the kiosk does after its first frame: until
    then, only Home is drawn, which has no emphasis)."""
    for name in ITALIC_FONT_FILES:
        QFontDatabase.addApplicationFont(str(resources.asset(name)))


def icon(name: str, colour: str, size: int) -> QIcon:
    """Icon ``assets/icons/<name>.svg`` drawn in `colour` at `size` px."""
    return QIcon(_icon_pixmap(name, colour, size))


@cache
def _icon_pixmap(name: str, colour: str, size: int) -> QPixmap:
    svg = resources.asset(f"icons/{name}.svg").read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap
