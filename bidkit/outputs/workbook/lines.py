"""The Lines sheet: every priced line after bundle expansion, its price built by live formulas.

Rows are written as XML text in one pass (the fast path of :class:`Sheet`):
a bid of ten thousand lines is a quarter of a million cells.  Per row, unit
cost, unit sell, line cost and line total are ``ROUND(...,2)`` formulas over
the row's own quantity, price, rate and markup, exactly as the pricing rules
round; the rate comes from the Rates sheet and the markup from the Summary
input it was chosen by (a line's own markup is an input on the row).

The sheet is too wide for one page: it prints landscape at full size over as
many pages as it needs, across and then down, with its header row and the
reference column on each.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from bidkit.money import decimal_text
from bidkit.outputs.workbook.layout import LCOL, LINE_FIELDS, LINES, Layout
from bidkit.outputs.workbook.sheet import Sheet, header, text_width
from bidkit.outputs.workbook.styles import Style, count_xf, rate_xf, xf
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter, needs_quote_prefix, number_text
from bidkit.pricing.model import PricedLine

_NUMERIC = ("qty", "price", "rate", "unit_cost", "markup", "unit_sell", "line_cost", "line_total",
            "lead_time", "co2e")  # fmt: skip
_TEXT_WIDTH_CAP = 40  # long names and descriptions are cut off on screen rather than widen the sheet
_HEADER_KEYS = {"kind": "col_kind", "group": "col_group", "bundle": "col_bundle", "member": "col_member",
                "ref": "col_ref", "name": "col_name", "description": "col_description",
                "category": "col_category", "unit": "col_unit", "qty": "col_qty", "price": "col_price",
                "currency": "col_currency", "rate": "col_rate", "unit_cost": "col_unit_cost",
                "markup": "col_markup", "markup_rule": "col_markup_rule", "unit_sell": "col_unit_sell",
                "line_cost": "col_line_cost", "line_total": "col_line_total", "lead_time": "col_lead_time",
                "origin": "col_origin", "co2e": "col_co2e"}  # fmt: skip


def headers(t: Mapping[str, str], currency: str) -> list[str]:
    """The Lines header row in the bid's language (``t``), in :data:`LINE_FIELDS` order."""
    return [t[_HEADER_KEYS[f]].format(currency=currency) for f in LINE_FIELDS]


class _TextCells:
    """Shared-string cells as XML fragments, each distinct text looked up once."""

    def __init__(self, strings: SharedStrings) -> None:
        self.strings = strings
        self.cache: dict[str, str] = {}

    def row(self, r: int, texts: tuple[str, ...]) -> list[str]:
        """The cells of one row's texts (columns :data:`_TEXT_LETTERS`); "" for an empty text."""
        cache, out, hits = self.cache, [], 0
        for letter, text in zip(_TEXT_LETTERS, texts, strict=True):
            if not text:
                out.append("")
                continue
            tail = cache.get(text)
            if tail is None:
                s = xf(Style.DEFAULT, needs_quote_prefix(text))
                tail = cache[text] = f' s="{s}" t="s"><v>{self.strings.index(text)}</v></c>'
            else:
                hits += 1
            out.append(f'<c r="{letter}{r}"{tail}')
        self.strings.count += hits  # index() counted the new ones
        return out


def _texts(line: PricedLine, t: Mapping[str, str]) -> tuple[str, ...]:
    """The line's text cells, in the order of :data:`_TEXT_COLUMNS`."""
    return (
        t[f"kind_{line.group}"], line.group_id, line.bundle, line.member,
        line.ref, line.name, line.description, line.category, line.unit, line.catalogue_currency,
        t[f"rule_{line.markup_source}"], line.origin_country,
    )  # fmt: skip


_TEXT_COLUMNS = ("kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit",
                 "currency", "markup_rule", "origin")  # fmt: skip
_TEXT_LETTERS = [column_letter(LCOL[name]) for name in _TEXT_COLUMNS]
_S = {style: xf(style) for style in Style}
_MONEY = _S[Style.MONEY]
# _row writes the columns by letter; this is the order it writes them in.
_WRITTEN = ("kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit", "qty",
            "price", "currency", "rate", "unit_cost", "markup", "markup_rule", "unit_sell", "line_cost",
            "line_total", "lead_time", "origin", "co2e")  # fmt: skip
if _WRITTEN != LINE_FIELDS:
    raise ImportError("the Lines columns changed: update _row to write them")


def _num(ref: str, value: Decimal | int | None, style: Style | None = None) -> str:
    """A number cell; without a style, a quantity's format (separators, its own decimals)."""
    if value is None:
        return ""
    s = count_xf(value) if style is None else _S[style]
    return f'<c r="{ref}" s="{s}"><v>{number_text(value)}</v></c>'


def _f(ref: str, expr: str, cached: Decimal, style: Style) -> str:
    return f'<c r="{ref}" s="{_S[style]}"><f>{expr}</f><v>{number_text(cached)}</v></c>'


def _row(r: int, line: PricedLine, texts: tuple[str, ...], layout: Layout, text: _TextCells) -> str:
    """One line's 22 cells, written straight in column order (A..V; _WRITTEN pins the order).

    This runs for every line of a big bid, so it is one expression over fixed column letters
    rather than a table of cells; the formulas are those of docs/workbook.md.
    """
    a, b, c, d, e, f, g, h, i, cur, p, u = text.row(r, texts)
    rate = layout.rate_ref(line.catalogue_currency)
    rate_style = rate_xf(layout.rate_position(line.catalogue_currency), False)
    markup_ref = layout.markup_ref(line)
    markup = (
        _f(f"O{r}", markup_ref, line.markup, Style.PERCENT)
        if markup_ref
        else _num(f"O{r}", line.markup, Style.INPUT_PERCENT)
    )
    return "".join((
        a, b, c, d, e, f, g, h, i, _num(f"J{r}", line.qty),
        _num(f"K{r}", line.catalogue_price, Style.INPUT_PRICE), cur,
        f'<c r="M{r}" s="{rate_style}"><f>{rate}</f><v>{decimal_text(line.rate)}</v></c>',
        f'<c r="N{r}" s="{_MONEY}"><f>ROUND(K{r}*M{r},2)</f><v>{decimal_text(line.unit_cost)}</v></c>',
        markup, p,
        f'<c r="Q{r}" s="{_MONEY}"><f>ROUND(N{r}*(1+O{r}),2)</f><v>{decimal_text(line.unit_sell)}</v></c>',
        f'<c r="R{r}" s="{_MONEY}"><f>ROUND(J{r}*N{r},2)</f><v>{decimal_text(line.line_cost)}</v></c>',
        f'<c r="S{r}" s="{_MONEY}"><f>ROUND(J{r}*Q{r},2)</f><v>{decimal_text(line.line_total)}</v></c>',
        _num(f"T{r}", line.lead_time_weeks), u, _num(f"V{r}", line.co2e_kg),
    ))  # fmt: skip


def _widths(layout: Layout, heads: list[str], longest: dict[str, int]) -> dict[int, float]:
    """Column widths from the longest value of each column (money from the largest amount)."""
    lines = layout.lines
    widths = {
        LCOL[name]: text_width(head, Style.HEADER) for name, head in zip(LINE_FIELDS, heads, strict=True)
    }
    for name, length in longest.items():
        widths[LCOL[name]] = max(widths[LCOL[name]], min(length, _TEXT_WIDTH_CAP))
    for name in ("unit_cost", "unit_sell", "line_cost", "line_total"):
        largest = max((getattr(x, name) for x in lines), default=Decimal(0))
        widths[LCOL[name]] = max(widths[LCOL[name]], text_width(largest, Style.MONEY))
    for name, attr, extra in (("qty", "qty", 3), ("price", "catalogue_price", 3), ("rate", "rate", 11)):
        widest = max((len(f"{getattr(x, attr):,f}") for x in lines), default=0)  # "1 DKK = 0.1341 EUR"
        widths[LCOL[name]] = max(widths[LCOL[name]], widest + extra)
    return widths


def lines_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    heads = headers(layout.t, layout.bid.currency)
    sheet = Sheet(layout.name(LINES), strings, header_rows=1, autofilter=True, fit_width=False,
                  title_columns=(column_letter(LCOL["ref"]),))  # each page says which line it shows
    sheet.append(header(heads, [LCOL[name] for name in _NUMERIC]), height=30)
    text = _TextCells(strings)
    longest = dict.fromkeys(_TEXT_COLUMNS, 0)
    for r, line in enumerate(layout.lines, start=2):
        texts = _texts(line, layout.t)
        for name, value in zip(_TEXT_COLUMNS, texts, strict=True):
            if len(value) > longest[name]:
                longest[name] = len(value)
        sheet.append_xml(_row(r, line, texts, layout, text))
    sheet.widths = _widths(layout, heads, longest)
    sheet.max_col = len(LINE_FIELDS)
    return sheet
