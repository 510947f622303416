"""Catalogue text cleaned at the door: characters no document can carry become U+FFFD.

A workbook can hold characters that XML 1.0 forbids (Excel writes them as
``_x000B_``; other programs as raw bytes), and calamine hands them over as they
are.  Left alone they would reach a Word or Excel file that no longer opens, a
JSON summary full of escapes, or the terminal (``ESC [`` sequences recolour
or hide text in ``bidkit catalogue check``'s output).  So, as each sheet is
read, every text cell is cleaned once, the same way for every output:

* replaced by U+FFFD (the replacement character, shown as a question mark in a
  box) are control characters other than tab, line feed and carriage return
  (U+0000-U+001F, U+007F-U+009F), the non-characters U+FFFE and U+FFFF, and
  lone surrogates;
* everything else is kept as written, right-to-left marks and emoji included;
* each cell where something was replaced is reported as a warning with the
  characters it held, so the firm can correct its price list.

A sheet is checked in one pass over its joined text; cells are only looked at
one by one when that pass finds something.  A catalogue cache entry's text is
held to the same rule (:func:`is_clean`), so it can carry nothing the reader
would have replaced.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


# The ASCII characters CONTROL matches: ASCII text is checked by deleting them (bytes.translate),
# which is cheaper than a regular-expression search.
_ASCII_CONTROL = bytes(c for c in range(128) if CONTROL.match(chr(c)))


def is_clean(text: str) -> bool:
    """True when ``text`` holds none of the characters :func:`clean_rows` replaces."""
    if text.isascii():
        ascii_text = text.encode("ascii")
        return len(ascii_text.translate(None, _ASCII_CONTROL)) == len(ascii_text)
    return CONTROL.search(text) is None


def clean_rows(rows: list[list[Any]]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Replace, in place, what no document can carry; returns (row, col) -> the characters replaced."""
    if is_clean("".join([v for row in rows for v in row if v.__class__ is str])):
        return {}
    replaced: dict[tuple[int, int], tuple[str, ...]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is str and CONTROL.search(value):
                replaced[(r, c)] = tuple(f"U+{ord(ch):04X}" for ch in CONTROL.findall(value))
                row[c] = CONTROL.sub(REPLACEMENT, value)
    return replaced


def replaced_message(codes: tuple[str, ...]) -> str:
    count = len(codes)
    shown = ", ".join(dict.fromkeys(codes))
    noun = "control character" if count == 1 else "control characters"
    return (f"the text holds {count} {noun} ({shown}), which no document can carry; "
            f"each is replaced by {REPLACEMENT}")  # fmt: skip
