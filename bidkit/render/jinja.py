"""The one Jinja environment every proposal template and text block is rendered in.

Templates and text blocks are written by people; the values put into them come
from member catalogues written by other people.  So:

* the environment is Jinja's immutable sandbox, and catalogue text only ever
  enters as a *value*, never as template source: ``{{ 7*7 }}`` in a description
  is printed as those seven characters;
* ``StrictUndefined``: a misspelt variable is an error, never an empty string;
* every printed string is escaped twice over, for XML (``&``, ``<``, ``>``
  would otherwise break the Word document or, with docxtpl, silently drop the
  rest of a paragraph) and for the Markdown of text blocks (``*``, ``#``,
  ``|`` ... become numeric character references, which Markdown shows as
  literal characters and Word reads as ordinary text).  The ``safe`` filter is
  removed, so no template can switch that off for data;
* numbers, money, percentages, dates and country names are formatted from
  Babel's locale data for the bid's language, never by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache, partial
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)
from jinja2 import BaseLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from bidkit.render.text import xml_safe

LOCALES = {"en": "en_GB", "da": "da_DK", "de": "de_DE"}
NBSP = "\u00a0"
# Characters that mean something in a text block's Markdown (at the start of a
# line or inline).  Escaped in values so catalogue text cannot make structure.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~>\n\r\t"}


def locale_of(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language, language))


def escape_value(value: object) -> Markup:
    """A value as safe text for both the Word XML and a text block's Markdown."""
    text = str(escape(xml_safe(str(value))))
    return Markup("".join(_MARKDOWN.get(c, c) for c in text))


@cache
def _symbols(locale: Locale) -> tuple[str, str, str] | None:
    """(group, decimal, minus) when the locale groups by threes, else None (Babel formats it)."""
    if locale.decimal_formats[None].grouping != (3, 3):
        return None
    return get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale)


def number(value: Decimal | int, locale: Locale) -> str:
    """A quantity or rate, all its digits kept, with the language's separators: 1.200 / 2,5."""
    return _number(str(value), locale)


@lru_cache(maxsize=8192)
def _number(text: str, locale: Locale) -> str:
    """Cached by the exact digits (120 and 120.0 are equal Decimals but print differently)."""
    return str(format_decimal(Decimal(text), locale=locale, decimal_quantization=False))


def amount(value: Decimal, locale: Locale) -> str:
    """Money without its currency, always two decimals: 1,234.50 (en), 1.234,50 (da, de).

    Babel's own pattern formatting costs ~30 µs a call, too slow for a 10,000-line
    bid; for locales that group by threes (en, da, de) the same result is built from
    Babel's symbols (a test checks the two agree).
    """
    symbols = _symbols(locale)
    if symbols is None:
        return str(format_decimal(value, format="#,##0.00", locale=locale))
    group, decimal, minus = symbols
    text = f"{abs(value):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)
    return minus + text if value.is_signed() else text


def money(value: Decimal, currency: str, locale: Locale) -> str:
    """Money with its currency code after it, joined by a no-break space: 1.234,50 EUR."""
    return f"{amount(value, locale)}{NBSP}{currency}"


def percent(fraction: Decimal, locale: Locale) -> str:
    """A fraction as the language writes a percentage: 0.125 -> 12.5% (en), 12,5 % (da, de)."""
    return str(format_percent(fraction, locale=locale, decimal_quantization=False))


def long_date(value: dt.date, locale: Locale) -> str:
    """27 November 2026 / 27. november 2026 / 27. November 2026."""
    return str(format_date(value, "long", locale=locale))


def country(code: str, locale: Locale) -> str:
    """An ISO 3166 code as the language names the country (DK -> Denmark, Danmark, Dänemark)."""
    return str(locale.territories.get(code.upper(), code)) if code else ""


def _finalize(locale: Locale, value: Any) -> Any:
    """What ``{{ value }}`` prints: None as nothing, decimals in the language's format."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, Decimal):
        return escape_value(number(value, locale))
    if isinstance(value, dt.date):
        return escape_value(long_date(value, locale))
    return escape_value(value)


def environment(
    language: str, currency: str, loader: BaseLoader | None = None
) -> ImmutableSandboxedEnvironment:
    """The sandboxed, strict, escaping environment for one bid's language and currency."""
    locale = locale_of(language)
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=True,
        finalize=partial(_finalize, locale),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.pop("safe", None)
    env.filters.update(
        money=lambda v, cur=currency: money(v, cur, locale),
        amount=lambda v: amount(v, locale),
        number=lambda v: number(v, locale),
        percent=lambda v: percent(v, locale),
        date=lambda v: long_date(v, locale),
        country=lambda v: country(v, locale),
    )
    return env
