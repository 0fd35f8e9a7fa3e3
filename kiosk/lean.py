"""Importing a library without the part of the standard library it imports and the kiosk
never uses: `urllib.request`, which brings ssl, OpenSSL, http and email, about 8 MiB
resident. imagesize imports it at its top to fetch pictures named by a web address, and
segno through `xml.sax.saxutils`; the kiosk gives the one only bytes and takes only
escaping from the other."""

from __future__ import annotations

import importlib
import sys
import threading
import types

_IMPORTING = threading.Lock()


def _refuse(*args: object, **kwargs: object) -> None:
    raise OSError("the kiosk fetches nothing from the web")


def import_lean(name: str) -> types.ModuleType:
    """The module `name`, imported (once) with a stand-in for `urllib.request` whose
    every function refuses to fetch. The stand-in is in `sys.modules` only while `name`
    is imported, under a lock, so nothing imported later sees it; where urllib.request is
    there already, `name` is imported as usual."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    with _IMPORTING:
        if name in sys.modules or "urllib.request" in sys.modules:
            return importlib.import_module(name)
        stand_in = types.ModuleType("urllib.request")
        for attribute in ("Request", "urlopen", "urlretrieve", "pathname2url", "url2pathname"):
            setattr(stand_in, attribute, _refuse)
        sys.modules["urllib.request"] = stand_in
        try:
            return importlib.import_module(name)
        finally:
            if sys.modules.get("urllib.request") is stand_in:
                del sys.modules["urllib.request"]
            urllib = sys.modules.get("urllib")
            if getattr(urllib, "request", None) is stand_in:
                delattr(urllib, "request")
