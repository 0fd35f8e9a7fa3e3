"""An edition's cards as HTML, each rendered once, for the topic screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.pack import Edition, Pack, Topic

if TYPE_CHECKING:
    from kiosk.markup import Rendered

CardKey = tuple[str, int]  # a topic's file and the card's index in it


class CardRenderer:
    """The cards of one edition of a pack as HTML, each rendered once.

    A card the pack's full check rendered (`Pack.rendered`, off the UI thread) is shown as
    that check saw it; any other (a card opened before the check is done) is rendered
    here, on first use, within the limits loading enforced.

    Args:
        pack: The pack shown.
        edition: The edition of it (one language) whose cards are shown.
    """

    def __init__(self, pack: Pack, edition: Edition) -> None:
        self.edition = edition
        self._checked: dict[CardKey, Rendered] = pack.rendered  # the pack's own, shared
        self._rendered: dict[CardKey, Rendered] = {}

    def render(self, topic: Topic, index: int) -> Rendered:
        """Card `index` of `topic` (a topic of this edition)."""
        key = (topic.file, index)
        checked = self._checked.get(key)
        if checked is not None:
            return checked
        if key not in self._rendered:
            from kiosk import markup  # Markdown is imported on the first card, not at start

            edition = self.edition
            place = markup.Place(edition.root, edition.folder, edition.topic_files)
            self._rendered[key] = markup.render(topic.cards[index].markdown, place)
        return self._rendered[key]

    def adopt(self, checked: Pack) -> None:
        """Take the full check's renderings of the cards this edition shares with
        `checked` (loaded again from the same folder, so a card may differ)."""
        theirs = {
            (topic.file, index): card.markdown
            for edition in checked.editions
            for topic in edition.topics
            for index, card in enumerate(topic.cards)
        }
        for topic in self.edition.topics:
            for index, card in enumerate(topic.cards):
                key = (topic.file, index)
                if theirs.get(key) == card.markdown and key in checked.rendered:
                    self._checked[key] = checked.rendered[key]
