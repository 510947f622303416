"""The one Jinja environment every proposal template and text block is rendered in.

Templates and text blocks are written by people; the values put into them come
from member catalogues written by other people.  So:

* the environment is Jinja's immutable sandbox, and catalogue text only ever
  enters as a *value*, never as template source: ``{{ 7*7 }}`` in a description
  is printed as those seven characters;
* ``StrictUndefined``: a misspelt variable is an error, never an empty string;
* every printed string is escaped once, character by character, into text that
  both of its readers take back unchanged: XML's own characters (``&``, ``<``,
  ``>``, ``'``, ``"``, which would otherwise break the Word document or, with
  docxtpl, silently drop the rest of a paragraph) become entities, and the
  characters that mean something in the Markdown of text blocks (``*``, ``#``,
  ``|`` ...) become numeric character references, which Markdown shows as
  literal characters and Word reads as ordinary text.  Each character is
  escaped at most once, so ``O'Brien`` is never ``O&#39;Brien`` on the page.
  The ``safe`` filter is removed, so no template can switch that off for data;
* the work a template can ask for is limited (sandbox.py): loop iterations,
  sizes of texts and lists, include and macro depth, output size;
* numbers, money, percentages, dates and country names are formatted from
  Babel's locale data for the bid's language, never by hand.

Compiled templates can be kept between builds (a :class:`TemplateCache`): docxtpl
gives Jinja the whole Word template as source on every build, which would
otherwise be compiled afresh each time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
from collections.abc import Callable
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from types import CodeType
from typing import Any, Literal, overload

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)
from jinja2 import BaseLoader, StrictUndefined, Template, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from bidkit.outputs import text
from bidkit.outputs.proposal import sandbox
from bidkit.outputs.proposal.sandbox import BoundedSandbox, Budget
from bidkit.outputs.text import xml_safe
from bidkit.speed.templates import TemplateCache

LOCALES = {"en": "en_GB", "da": "da_DK", "de": "de_DE"}
NBSP = "\u00a0"
# Characters that mean something in a text block's Markdown (at the start of a
# line or inline), escaped in values so catalogue text cannot make structure, and
# XML's own characters.  One table, applied once: nothing is escaped twice.
_ESCAPES = {
    **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~>\n\r\t"},
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;",
}  # fmt: skip


@cache
def locale_of(language: str) -> Locale:
    """One Locale object per language, so the caches keyed by locale find it by identity."""
    return Locale.parse(LOCALES.get(language, language))


def escape_value(value: object) -> Markup:
    """A value as safe text for both the Word XML and a text block's Markdown, escaped once."""
    return Markup("".join([_ESCAPES.get(c, c) for c in xml_safe(str(value))]))


@cache
def _symbols(locale: Locale) -> tuple[str, str, str] | None:
    """(group, decimal, minus) when the locale groups by threes, else None (Babel formats it)."""
    if locale.decimal_formats[None].grouping != (3, 3):
        return None
    return get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale)


def number(value: Decimal | int, locale: Locale) -> str:
    """A quantity or rate, all its digits kept, with the language's separators: 1.200 / 2,5."""
    return numbers(locale)(value)


def numbers(locale: Locale) -> Callable[[Decimal | int], str]:
    """:func:`number` for one locale and one rendering, each distinct text formatted once.

    A big bid repeats a few hundred quantities over thousands of rows.  The texts are
    kept by their exact digits (120 and 120.0 are equal Decimals but print differently)
    in this formatter only: each rendering makes its own, so nothing is shared between
    renderings or threads.
    """
    seen: dict[str, str] = {}

    def format_number(value: Decimal | int) -> str:
        text = str(value)
        found = seen.get(text)
        if found is None:
            found = seen[text] = str(format_decimal(Decimal(text), locale=locale, decimal_quantization=False))
        return found

    return format_number


def amount(value: Decimal, locale: Locale) -> str:
    """Money without its currency, always two decimals: 1,234.50 (en), 1.234,50 (da, de).

    For locales that group by threes (en, da, de) the text is built from Babel's
    symbols rather than by Babel's pattern formatting, which a big price schedule
    would run thousands of times.  A test checks the two agree.
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


def _finalize(locale: Locale, format_number: Callable[[Decimal], str], value: Any) -> Any:
    """What ``{{ value }}`` prints: None as nothing, decimals in the language's format."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, Decimal):
        return escape_value(format_number(value))
    if isinstance(value, dt.date):
        return escape_value(long_date(value, locale))
    return escape_value(value)


class CachingSandbox(BoundedSandbox):
    """The bounded immutable sandbox, its compiled templates looked up in a :class:`TemplateCache` first.

    The cached code is exactly what Jinja compiles for this environment (the sandbox's
    checks are calls in that code), keyed by everything that shapes it.
    """

    template_cache: TemplateCache | None = None
    fingerprint = ""  # the environment's settings, filters and tests, set by environment()

    @overload
    def compile(
        self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
        raw: Literal[False] = False, defer_init: bool = False,
    ) -> CodeType: ...  # fmt: skip

    @overload
    def compile(
        self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
        raw: Literal[True] = ..., defer_init: bool = False,
    ) -> str: ...  # fmt: skip

    def compile(
        self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
        raw: bool = False, defer_init: bool = False,
    ) -> str | CodeType:  # fmt: skip
        store = self.template_cache
        if raw or store is None or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload, no-any-return]
        key = template_key(self.fingerprint, source, name, filename, defer_init)
        code = store.get(key)
        if code is None:
            code = super().compile(source, name, filename, False, defer_init)
            store.put(key, code)
        return code

    def from_source(self, source: str, filename: str) -> Template:
        """A template from source that no loader serves (an inline block), its errors named ``filename``."""
        code = self.compile(source, None, filename)
        return self.template_class.from_code(self, code, self.make_globals(None), None)


@cache
def code_version() -> bytes:
    """What compiled code depends on besides the template: Python, Jinja, Babel and bidkit.

    bidkit's own formatting code is included by its source (a development checkout keeps
    one version number through many changes), since Jinja runs filters on constants and
    ``finalize`` at compile time.
    """
    import babel
    import jinja2

    import bidkit

    versions = [importlib.util.MAGIC_NUMBER.hex(), jinja2.__version__, babel.__version__, bidkit.__version__]
    digest = hashlib.sha256("\0".join(versions).encode())
    for module in (__file__, text.__file__, sandbox.__file__):
        digest.update(Path(module).read_bytes())
    return digest.digest()


def fingerprint(env: ImmutableSandboxedEnvironment, language: str, currency: str) -> str:
    """The settings, filters and tests that shape the code Jinja generates for a template."""

    def pass_arg(func: Any) -> str:
        return str(getattr(func, "jinja_pass_arg", ""))

    settings = (
        type(env).__module__, type(env).__qualname__, env.block_start_string, env.block_end_string,
        env.variable_start_string, env.variable_end_string, env.comment_start_string,
        env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.autoescape,
        env.optimized, env.is_async, sorted(env.extensions), pass_arg(env.finalize),
        sorted((k, pass_arg(f)) for k, f in env.filters.items()),
        sorted((k, pass_arg(f)) for k, f in env.tests.items()), language, currency,
    )  # fmt: skip
    return repr(settings)


def template_key(fingerprint: str, source: str, name: str | None, filename: str | None, defer: bool) -> str:
    """The cache key of one template's compiled code."""
    digest = hashlib.sha256(code_version())
    for part in (fingerprint, repr((name, filename, defer)), source):
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def environment(
    language: str, currency: str, loader: BaseLoader | None = None, cache: TemplateCache | None = None,
    budget: Budget | None = None, document: bool = False,
) -> CachingSandbox:  # fmt: skip
    """The sandboxed, strict, escaping, bounded environment for one bid's language and currency.

    With a ``cache``, compiled templates are read from it and written to it.  The renderings of
    one proposal share a ``budget`` (sandbox.py); ``document`` is true for the Word template's.
    """
    locale = locale_of(language)
    env = CachingSandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=True,
        finalize=partial(_finalize, locale, numbers(locale)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.pop("safe", None)
    env.filters.update(
        money=lambda v, cur=currency: money(v, cur, locale),
        amount=lambda v: amount(v, locale),
        number=numbers(locale),
        percent=lambda v: percent(v, locale),
        date=lambda v: long_date(v, locale),
        country=lambda v: country(v, locale),
    )
    env.setup_limits(budget, document)
    env.template_cache = cache
    env.fingerprint = fingerprint(env, language, currency)
    return env
