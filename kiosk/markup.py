"""Markdown to sanitised HTML that Qt's rich text shows well.

What a patient can reach from a card is decided here:

- a link to another topic of the pack becomes ``topic:<id>``, an internal link;
- an ``https:``/``http:`` link is kept and marked ``class="external"`` (the screens show
  it as a QR code; nothing ever opens it);
- any other scheme (``file:``, ``javascript:``, ``data:`` ...), and any path that leaves
  the pack folder, is removed, keeping the link's words;
- a picture is kept only when it is inside the pack and can be shown;
- raw HTML passes through nh3 (the Ammonia sanitiser) with a small allow-list, and the
  whole page passes through it again at the end.

Everything removed is reported in `Rendered.removed`, so `lint` can tell staff.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk.images import check_image, in_pack
from kiosk.limits import MAX_LINK

TOPIC_SCHEME = "topic"
# The mark after a web link's words, so it looks unlike a link to a topic: a QR code's
# picture, which the screens draw (`kiosk.ui.card.CardText`); no pack file has this
# name (a picture must be a file).
QR_MARK = "#qr-mark"
WEB_SCHEMES = ("https", "http")

# What raw HTML in a topic may use: formatting only. Links and pictures are written in
# Markdown, where they are checked; nothing that runs, loads or asks for input.
RAW_TAGS = frozenset(
    {
        *("b", "i", "em", "strong", "u", "s", "mark", "small", "sub", "sup", "abbr", "br"),
        *("p", "div", "span", "blockquote", "hr", "h3", "h4", "ul", "ol", "li"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
RAW_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "abbr": frozenset({"title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
# What the whole page may hold once Markdown has made it.
PAGE_TAGS = RAW_TAGS | frozenset(["a", "code", "h1", "h2", "h5", "h6", "img", "pre"])
PAGE_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    **RAW_ATTRIBUTES,
    "a": frozenset({"href"}),  # and class="external", through `allowed_classes`
    "img": frozenset({"src", "alt"}),
}

_RAW_CLEANER = nh3.Cleaner(
    tags=RAW_TAGS, attributes=RAW_ATTRIBUTES, url_schemes=set(), link_rel=None
)
_PAGE_CLEANER = nh3.Cleaner(
    tags=PAGE_TAGS,
    attributes=PAGE_ATTRIBUTES,
    url_schemes={TOPIC_SCHEME, *WEB_SCHEMES},
    allowed_classes={"a": {"external"}},
    link_rel=None,
)

_BLOCK_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre", "dt", "dd"}
)


@dataclass(frozen=True)
class Removed:
    """Something the author wrote that the page does not show.

    Attributes:
        target: What was written: the link address, picture path or HTML tag.
        message: Why, in words for staff.
        rule: The lint rule id.
    """

    target: str
    message: str
    rule: str


@dataclass(frozen=True)
class Rendered:
    """One card's Markdown, made safe to show.

    Attributes:
        html: Sanitised HTML for Qt's rich text.
        text: The words a reader sees, one block per sentence-like unit.
        external_links: Web addresses kept, for the QR overlay.
        topic_links: Ids of the topics linked to.
        removed: What was taken out, and why.
        dangling_leads: Paragraphs that end in ':' with no list after them.
        empty_items: How many list items have no words.
    """

    html: str
    text: str
    external_links: tuple[str, ...] = ()
    topic_links: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    dangling_leads: tuple[str, ...] = ()
    empty_items: int = 0


@dataclass(frozen=True)
class Place:
    """Where a piece of Markdown lives, to resolve its links and pictures.

    Attributes:
        pack_root: The pack folder.
        base: The folder of the file the Markdown comes from, relative to the pack.
        topics: Topic ids by file name relative to the pack (``"02-x.md": "02-x"``).
    """

    pack_root: Path
    base: str = "."
    topics: Mapping[str, str] = field(default_factory=dict)


class _Findings:
    """What one conversion found; reset before each."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.topics: list[str] = []
        self.removed: list[Removed] = []
        self.leads: list[str] = []
        self.empty_items = 0


class _LinkResolver(Treeprocessor):
    """Rewrites or removes every Markdown link and picture (see the module docstring)."""

    def __init__(self, md: markdown.Markdown, ext: _KioskExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        marks: list[etree.Element] = []
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a":
                    marks += self._link(child)
                elif child.tag == "img" and not self._picture(child):
                    _remove_keeping_tail(parent, child)
        for a in marks:  # after the pictures were checked: the mark is the kiosk's own
            mark = etree.SubElement(a, "img", {"src": QR_MARK, "alt": ""})
            mark.tail = None

    def _link(self, a: etree.Element) -> list[etree.Element]:
        """Resolve link `a`; the web links among it (itself or none), to be marked."""
        href = (a.get("href") or "").strip()
        place, found = self.ext.place, self.ext.found
        target = _link_target(href, place)
        if isinstance(target, Removed):
            found.removed.append(target)
            a.tag = "span"
            a.attrib.clear()
            return []
        if target.startswith(f"{TOPIC_SCHEME}:"):
            found.topics.append(target.partition(":")[2])
            a.attrib = {"href": target}
            return []
        found.external.append(target)
        a.attrib = {"href": target, "class": "external"}
        return [a]

    def _picture(self, img: etree.Element) -> bool:
        src = (img.get("src") or "").strip()
        if urlsplit(src).scheme or src.startswith("//"):
            self.ext.found.removed.append(
                Removed(
                    src,
                    f"picture {src!r} is not in the pack; pictures must be files "
                    "in the pack folder",
                    "link-scheme",
                )
            )
            return False
        checked = check_image(self.ext.place.pack_root, self.ext.place.base, src)
        if not checked.ok:
            assert checked.problem is not None
            self.ext.found.removed.append(Removed(src, checked.problem, checked.rule))
            return False
        assert checked.path is not None
        img.attrib = {"src": checked.path, "alt": img.get("alt", "")}
        return True


def _link_target(href: str, place: Place) -> str | Removed:
    """Where a link may go: ``topic:<id>``, a web address, or why it is removed."""
    if len(href) > MAX_LINK:
        return Removed(
            href,
            f"a web address of {len(href):,} characters is too long for a QR code a phone "
            f"can read (at most {MAX_LINK:,}); its words are shown as plain text",
            "link-too-long",
        )
    parts = urlsplit(href)
    if parts.scheme.lower() in WEB_SCHEMES and parts.netloc:
        return href
    if parts.scheme or parts.netloc:
        return Removed(
            href,
            f"link to {href!r} removed; links may only go to another topic or to an "
            "https:// address",
            "link-scheme",
        )
    if not parts.path:
        return Removed(href, f"link {href!r} goes nowhere; link to a topic file", "link-broken")
    rel = in_pack(place.pack_root, place.base, unquote(parts.path))
    if rel is None:
        return Removed(
            href, f"link to {href!r} leaves the pack folder and was removed", "link-outside"
        )
    topic = place.topics.get(rel)
    if topic is None:
        return Removed(
            href,
            f"link to {href!r} removed: there is no topic file {rel!r} in the pack",
            "link-broken",
        )
    return f"{TOPIC_SCHEME}:{topic}"


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    children = list(parent)
    index = children.index(child)
    if child.tail:
        if index:
            before = children[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class _LeadInFinder(Treeprocessor):
    """Finds lists promised and not given: a paragraph ending in ':' with no list after
    it (the defect of the article the default pack comes from), and empty list items."""

    def __init__(self, md: markdown.Markdown, ext: _KioskExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            children = list(parent)
            for index, child in enumerate(children):
                if child.tag == "li" and not len(child) and not (child.text or "").strip():
                    self.ext.found.empty_items += 1
                if child.tag != "p":
                    continue
                words = "".join(child.itertext()).strip()
                if not words.endswith(":"):
                    continue
                after = children[index + 1] if index + 1 < len(children) else None
                if after is None or after.tag not in ("ul", "ol"):
                    self.ext.found.leads.append(words)


class _RawHtmlSanitiser(Postprocessor):
    """Runs raw HTML that uses anything beyond the allow-list through nh3, before Markdown
    puts it back in the page.

    Markdown stashes inline tags one by one (``<b>``, then ``</b>``), so a fragment that
    uses only allowed tags is left whole for the page-wide pass; cleaning it alone would
    close the tag at once and lose the formatting.
    """

    def __init__(self, md: markdown.Markdown, ext: _KioskExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                removed = _disallowed_html(block)
                if removed:
                    self.ext.found.removed.extend(removed)
                    blocks[index] = _RAW_CLEANER.clean(block)
        return text


class _TagLister(HTMLParser):
    """Lists the start tags and attributes of a piece of HTML, to report what nh3 drops."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [name for name, _ in attrs]))


def _disallowed_html(block: str) -> list[Removed]:
    lister = _TagLister()
    lister.feed(block)
    lister.close()
    removed = []
    for tag, attrs in lister.found:
        if tag not in RAW_TAGS:
            hint = (
                "write links and pictures in Markdown"
                if tag in ("a", "img")
                else "the kiosk shows only simple formatting"
            )
            removed.append(Removed(f"<{tag}", f"raw HTML <{tag}> removed; {hint}", "html-removed"))
            continue
        for name in attrs:
            if name not in RAW_ATTRIBUTES.get(tag, frozenset()):
                removed.append(
                    Removed(
                        name,
                        f"raw HTML attribute {name!r} on <{tag}> removed",
                        "html-removed",
                    )
                )
    return removed


class _KioskExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.place = Place(Path("."))
        self.found = _Findings()

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # After "inline" (20), which makes the links; before "prettify" (10).
        md.treeprocessors.register(_LinkResolver(md, self), "kiosk-links", 15)
        md.treeprocessors.register(_LeadInFinder(md, self), "kiosk-lead-ins", 14)
        # Before "raw_html" (30), which puts the raw HTML back into the page.
        md.postprocessors.register(_RawHtmlSanitiser(md, self), "kiosk-raw-html", 40)


class _Converter(threading.local):
    """One Markdown instance per thread: building one costs more than a conversion."""

    def __init__(self) -> None:
        self.ext = _KioskExtension()
        self.md = markdown.Markdown(extensions=["sane_lists", "tables", self.ext])


_converter = _Converter()


def render(source: str, place: Place) -> Rendered:
    """Convert one card's Markdown to safe HTML, reporting what was removed."""
    ext, md = _converter.ext, _converter.md
    ext.place, ext.found = place, _Findings()
    try:
        html = md.reset().convert(source)
    except RecursionError:  # the limits at loading keep this out; never a crash if not
        return Rendered(
            html="",
            text="",
            removed=(Removed("", "the card nests too deep to show", "nesting-too-deep"),),
        )
    finally:
        found, ext.found = ext.found, _Findings()
    html = _PAGE_CLEANER.clean(html)
    return Rendered(
        html=html,
        text=plain_text(html),
        external_links=tuple(found.external),
        topic_links=tuple(found.topics),
        removed=tuple(found.removed),
        dangling_leads=tuple(found.leads),
        empty_items=found.empty_items,
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        self._words.append(data)

    def flush(self) -> None:
        words = " ".join("".join(self._words).split())
        self._words = []
        if words:
            # A list item or heading is a unit of its own for reading-level formulas.
            self.blocks.append(words if words[-1] in ".!?:;" else words + ".")


def plain_text(html: str) -> str:
    """The words of a page, each block (paragraph, list item, heading) ending a sentence."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector.flush()
    return " ".join(collector.blocks)
