"""The kiosk's own words on patient screens (Home, Back, "Are you still there?"...), per
language, from ``assets/words/<code>.toml``.

The pack's words are the pack's; these are the kiosk's, so a patient who picks Español
sees the buttons in Spanish too. A language without a file, or a word a file lacks, is
said in English: a button always has a name.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache

from kiosk import resources

log = logging.getLogger(__name__)

FALLBACK = "en"


class Words:
    """The kiosk's words in one language.

    Args:
        language: A language code such as "es" or "pt-BR"; "pt-BR" uses ``pt.toml``
            when there is no ``pt-BR.toml``.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._own = _table(language) or _table(language.split("-")[0])
        self._fallback = _table(FALLBACK)

    def __call__(self, key: str, **values: object) -> str:
        """The word for `key`, with ``{name}`` fields filled from `values`."""
        text = self._own.get(key) or self._fallback[key]  # KeyError: not a word we have
        return text.format(**values) if values else text

    def plural(self, key: str, count: int, **values: object) -> str:
        """``<key>_one`` when `count` is 1, else ``<key>_other``, with `count` filled in."""
        return self(f"{key}_one" if count == 1 else f"{key}_other", **values)

    @property
    def translated(self) -> bool:
        """Whether the kiosk has its own words in this language (not only English)."""
        return bool(self._own)


@cache
def _table(language: str) -> dict[str, str]:
    if not language or "/" in language or "." in language:
        return {}
    try:
        path = resources.asset(f"words/{language}.toml")
    except ValueError:
        return {}
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.error("the kiosk's words for %s cannot be read (%s); using English", language, exc)
        return {}
    return {str(k): str(v) for k, v in data.items()}
