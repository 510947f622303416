"""Numbers that people typed as text: ``1.234,50``, ``1 234,50``, ``1,234.50``, ``kr. 950,-``.

A price list written in Denmark uses a decimal comma; one exported from an
English system uses a decimal point.  Both are read when the text can mean
only one number.  It is refused, with the reason, when it can mean two:
``1,234`` and ``1.234`` are either a thousand and more or one and a bit.

Rules (also in docs/catalogue-format.md):

* Spaces (including non-breaking and thin spaces) and apostrophes between
  groups of three digits are thousands separators.
* With both ``.`` and ``,`` the last one is the decimal separator.
* One kind used several times (``1.234.567``) separates thousands.
* Used once, it is the decimal separator unless exactly three digits follow
  it after one to three non-zero-led digits: that is ambiguous.
* ``,-`` or ``.-`` after the number means whole units (``950,-``).
* A currency sign or code before or after the number (``kr.``, ``€``,
  ``DKK``) is returned so the caller can check it against the row's currency.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bidkit.codes import is_currency

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_SPLIT = re.compile(r"^(?P<pre>[^\d+\-]*?)\s*(?P<sign>[+-]?)\s*(?P<num>\d[\d\s.,']*?)"
                    r"(?P<dash>[.,]-+)?\s*(?P<post>[^\d]*?)$")  # fmt: skip
_GROUPS = re.compile(r"^\d{1,3}(?:[ ']\d{3})+")
_THREE = re.compile(r"^\d{3}$")

# Signs and words that name a currency without its ISO code.
SIGNS: dict[str, frozenset[str]] = {
    "kr": frozenset({"DKK", "NOK", "SEK", "ISK"}),
    "€": frozenset({"EUR"}),
    "$": frozenset({"USD"}),
    "us$": frozenset({"USD"}),
    "£": frozenset({"GBP"}),
    "zł": frozenset({"PLN"}),
    "zl": frozenset({"PLN"}),
    "₴": frozenset({"UAH"}),
    "грн": frozenset({"UAH"}),
    "fr": frozenset({"CHF"}),
}


class AmbiguousNumber(ValueError):
    """The text reads as two different numbers depending on the separator convention."""


def currency_marker(text: str) -> frozenset[str] | None:
    """The currencies a sign or code can mean (``kr.`` -> DKK/NOK/SEK/ISK); None if not a currency."""
    key = text.strip().casefold().rstrip(".").strip()
    if key in SIGNS:
        return SIGNS[key]
    code = key.upper()
    return frozenset({code}) if len(code) == 3 and code.isalpha() and is_currency(code) else None


def parse_text_number(text: str, *, currency: bool = False) -> tuple[Decimal, frozenset[str] | None]:
    """The number a person meant, and the currencies its sign allows (None if no sign).

    Raises ValueError (AmbiguousNumber when two readings are possible).
    """
    cleaned = _SPACES.sub(" ", text).strip()
    parts = _SPLIT.match(cleaned)
    if parts is None:
        raise ValueError("not a number")
    marker_text = (parts["pre"] + parts["post"]).strip()
    marker: frozenset[str] | None = None
    if marker_text:
        if not currency or (parts["pre"].strip() and parts["post"].strip()):
            raise ValueError("not a number")
        marker = currency_marker(marker_text)
        if marker is None:
            raise ValueError("not a number")
    core = parts["num"].strip()
    number = _whole(core, parts["dash"][0]) if parts["dash"] else _digits(core, whole=False)
    value = Decimal(number)
    return (-value if parts["sign"] == "-" else value), marker


def _whole(core: str, decimal_sep: str) -> str:
    """``1.950`` before ``,-``: the dash's separator is the decimal one, so the other groups thousands."""
    if decimal_sep in core:
        raise ValueError("not a number")
    thousands = "." if decimal_sep == "," else ","
    return _digits(core.replace(thousands, " ") if thousands in core else core, whole=True)


def _digits(core: str, *, whole: bool) -> str:
    """Plain ``1234.5`` text from a grouped number, or raise."""
    grouped = _GROUPS.match(core)
    if grouped:  # spaces/apostrophes group thousands; whatever follows is the decimal part
        integer = re.sub(r"[ ']", "", grouped.group(0))
        rest = core[grouped.end() :]
        if rest and (rest[0] not in ".," or not rest[1:].isdigit()):
            raise ValueError("not a number")
        return _join(integer, rest[1:] if rest else "", whole)
    if " " in core or "'" in core:
        raise ValueError("not a number")
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        decimal_sep = "." if core.rfind(".") > core.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        integer, _, fraction = core.rpartition(decimal_sep)
        if core.count(decimal_sep) != 1 or not fraction.isdigit():
            raise ValueError("not a number")
        return _join(_ungroup(integer, thousands), fraction, whole)
    sep = "." if dots else "," if commas else ""
    if not sep:
        return _join(core, "", whole)
    if core.count(sep) > 1:
        return _join(_ungroup(core, sep), "", whole)
    integer, _, fraction = core.partition(sep)
    if not integer.isdigit() or not fraction.isdigit():
        raise ValueError("not a number")
    if _THREE.match(fraction) and len(integer) <= 3 and not integer.startswith("0"):
        raise AmbiguousNumber(integer + sep + fraction)
    return _join(integer, fraction, whole)


def _ungroup(text: str, sep: str) -> str:
    groups = text.split(sep)
    if not (1 <= len(groups[0]) <= 3 and groups[0].isdigit() and all(_THREE.match(g) for g in groups[1:])):
        raise ValueError("not a number")
    return "".join(groups)


def _join(integer: str, fraction: str, whole: bool) -> str:
    if whole and fraction:
        raise ValueError("not a number")
    if not integer.isdigit():
        raise ValueError("not a number")
    text = f"{integer}.{fraction}" if fraction else integer
    try:
        Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    return text
