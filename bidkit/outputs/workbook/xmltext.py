"""Cell values as SpreadsheetML text: addresses, numbers, escaped strings, the shared-string table.

Everything here is a plain string function because the Lines sheet of a large
bid has hundreds of thousands of cells: the workbook is written as XML text
directly (no per-cell objects) so ten thousand lines take a fraction of a second.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from bidkit.money import decimal_text
from bidkit.outputs.text import xml_safe

_EXCEL_EPOCH = date(1899, 12, 30)
# Excel reads "_x0041_" in a string as the character U+0041; a literal one is escaped as "_x005F_x0041_".
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
# A spreadsheet would treat text starting with one of these as a formula if it were ever re-entered.
FORMULA_LEADS = ("=", "+", "-", "@", "\t")
# Excel refuses a file with a longer cell text; a longer one is cut, visibly.
EXCEL_TEXT_LIMIT = 32767


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sheet_ref(name: str) -> str:
    """A sheet name as a formula writes it: ``Lines``, or quoted: ``'Client view'``, ``'Übersicht'``."""
    if _PLAIN_SHEET.fullmatch(name) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def absolute(sheet: str, col: int, row: int) -> str:
    """An absolute reference such as ``Summary!$B$14`` or ``'Übersicht'!$B$14``."""
    return f"{sheet_ref(sheet)}!${column_letter(col)}${row}"


def number_text(value: Decimal | int) -> str:
    """A number as ``<v>`` text: positional, never an exponent, exact to the last digit given."""
    if isinstance(value, int):
        return str(value)
    return decimal_text(value)


def formula_text(text: str) -> str:
    """A text constant inside a formula: ``"Section"`` (a ``"`` in it doubled)."""
    return '"' + text.replace('"', '""') + '"'


def date_serial(value: date) -> int:
    """A date as the spreadsheet's day number (1900 date system)."""
    return (value - _EXCEL_EPOCH).days


def escape_text(text: str) -> str:
    """Catalogue text as XML character data that every reader gives back unchanged."""
    text = xml_safe(text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def escape_attr(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")


def needs_quote_prefix(text: str) -> bool:
    """True when the text would read as a formula: it is then stored with ``quotePrefix``."""
    return text.startswith(FORMULA_LEADS)


def _t_element(text: str) -> str:
    if len(text) > EXCEL_TEXT_LIMIT:
        note = f" [cut: {len(text)} characters in all]"
        text = text[: EXCEL_TEXT_LIMIT - len(note)] + note
    body = escape_text(text)
    if text != text.strip(" ") or "\n" in text or "\t" in text:
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>"


class SharedStrings:
    """The workbook's string table: each distinct text is stored once and cells refer to its index."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.count = 0

    def index(self, text: str) -> int:
        self.count += 1
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self._index)
        return found

    def xml(self) -> str:
        items = "".join(f"<si>{_t_element(text)}</si>" for text in self._index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.count}" uniqueCount="{len(self._index)}">{items}</sst>'
        )
