"""A waiting-room kiosk that shows patient-education topics from a folder of Markdown."""

# The one place the version is written; pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs a start-up some 30 ms.)
__version__ = "0.1.0"
