"""A waiting-room kiosk that shows patient-education topics from a folder of Markdown."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("waiting-room-kiosk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
