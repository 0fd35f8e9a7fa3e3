"""Libraries imported without urllib.request (and the ssl, http and email it brings)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from kiosk.lean import import_lean
imagesize = import_lean("imagesize")
segno = import_lean("segno")
assert import_lean("segno") is segno
print(sorted(m for m in ("urllib.request", "ssl", "http.client", "email") if m in sys.modules))
try:
    imagesize.imagesize.urlopen("https://example.org/")
except OSError as exc:
    print("refused:", exc)
import urllib.request
print(urllib.request.urlopen.__module__)
print(segno.make("https://example.org/", error="m", micro=False).version)
"""


def test_imagesize_and_segno_come_without_urllib_request_and_fetch_nothing() -> None:
    """What they took in its place refuses to fetch; what is imported after them gets
    the real module, and they still work."""
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "[]",
        "refused: the kiosk fetches nothing from the web",
        "urllib.request",
        "2",
    ]
