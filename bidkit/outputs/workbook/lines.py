"""The Lines sheet: every priced line after bundle expansion, its price built by live formulas.

Rows are written as XML text in one pass (the fast path of :class:`Sheet`):
a bid of ten thousand lines is a quarter of a million cells.  Per row, unit
cost, unit sell, line cost and line total are ``ROUND(...,2)`` formulas over
the row's own quantity, price, rate and markup, exactly as the pricing rules
round; the rate comes from the Rates sheet and the markup from the Summary
input it was chosen by (a line's own markup is an input on the row).
"""

from __future__ import annotations

from decimal import Decimal

from bidkit.money import decimal_text
from bidkit.outputs.workbook.layout import LCOL, LINE_FIELDS, LINES, Layout
from bidkit.outputs.workbook.sheet import Sheet, header, text_width
from bidkit.outputs.workbook.styles import Style, xf
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter, needs_quote_prefix, number_text
from bidkit.pricing.model import PricedLine

_RULES = {"line": "own (line)", "category": "category", "member": "member", "default": "default"}
_NUMERIC = ("qty", "price", "rate", "unit_cost", "markup", "unit_sell", "line_cost", "line_total",
            "lead_time", "co2e")  # fmt: skip
_TEXT_WIDTH_CAP = 40  # long names and descriptions are cut off on screen rather than widen the sheet


def headers(currency: str) -> list[str]:
    names = {
        "kind": "Kind", "group": "Section / option", "bundle": "Bundle", "member": "Member",
        "ref": "Reference", "name": "Name", "description": "Description", "category": "Category",
        "unit": "Unit", "qty": "Qty", "price": "Catalogue price", "currency": "Catalogue currency",
        "rate": f"Rate ({currency} per unit)", "unit_cost": f"Unit cost {currency}",
        "markup": "Markup", "markup_rule": "Markup from", "unit_sell": f"Unit sell {currency}",
        "line_cost": f"Line cost {currency}", "line_total": f"Line total {currency}",
        "lead_time": "Lead time (weeks)", "origin": "Origin", "co2e": "CO2e kg per unit",
        "source": "Bid file line:col",
    }  # fmt: skip
    return [names[f] for f in LINE_FIELDS]


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


def _texts(line: PricedLine) -> tuple[str, ...]:
    """The line's text cells, in the order of :data:`_TEXT_COLUMNS`."""
    return (
        "Section" if line.group == "section" else "Option", line.group_id, line.bundle, line.member,
        line.ref, line.name, line.description, line.category, line.unit, line.catalogue_currency,
        _RULES[line.markup_source], line.origin_country, line.source,
    )  # fmt: skip


_TEXT_COLUMNS = ("kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit",
                 "currency", "markup_rule", "origin", "source")  # fmt: skip
_TEXT_LETTERS = [column_letter(LCOL[name]) for name in _TEXT_COLUMNS]
_S = {style: xf(style) for style in Style}
_PLAIN, _MONEY, _RATE = _S[Style.DEFAULT], _S[Style.MONEY], _S[Style.RATE]
# _row writes the columns by letter; this is the order it writes them in.
_WRITTEN = ("kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit", "qty",
            "price", "currency", "rate", "unit_cost", "markup", "markup_rule", "unit_sell", "line_cost",
            "line_total", "lead_time", "origin", "co2e", "source")  # fmt: skip
if _WRITTEN != LINE_FIELDS:
    raise ImportError("the Lines columns changed: update _row to write them")


def _num(ref: str, value: Decimal | int | None, style: Style = Style.DEFAULT) -> str:
    if value is None:
        return ""
    return f'<c r="{ref}" s="{_S[style]}"><v>{number_text(value)}</v></c>'


def _f(ref: str, expr: str, cached: Decimal, style: Style) -> str:
    return f'<c r="{ref}" s="{_S[style]}"><f>{expr}</f><v>{number_text(cached)}</v></c>'


def _row(r: int, line: PricedLine, texts: tuple[str, ...], layout: Layout, text: _TextCells) -> str:
    """One line's 23 cells, written straight in column order (A..W; _WRITTEN pins the order).

    This runs for every line of a big bid, so it is one expression over fixed column letters
    rather than a table of cells; the formulas are those of docs/workbook.md.
    """
    a, b, c, d, e, f, g, h, i, cur, p, u, w = text.row(r, texts)
    rate = layout.rate_ref(line.catalogue_currency)
    markup_ref = layout.markup_ref(line)
    markup = (
        _f(f"O{r}", markup_ref, line.markup, Style.PERCENT)
        if markup_ref
        else _num(f"O{r}", line.markup, Style.INPUT_PERCENT)
    )
    return "".join((
        a, b, c, d, e, f, g, h, i, f'<c r="J{r}" s="{_PLAIN}"><v>{decimal_text(line.qty)}</v></c>',
        _num(f"K{r}", line.catalogue_price, Style.INPUT_PRICE), cur,
        f'<c r="M{r}" s="{_RATE}"><f>{rate}</f><v>{decimal_text(line.rate)}</v></c>',
        f'<c r="N{r}" s="{_MONEY}"><f>ROUND(K{r}*M{r},2)</f><v>{decimal_text(line.unit_cost)}</v></c>',
        markup, p,
        f'<c r="Q{r}" s="{_MONEY}"><f>ROUND(N{r}*(1+O{r}),2)</f><v>{decimal_text(line.unit_sell)}</v></c>',
        f'<c r="R{r}" s="{_MONEY}"><f>ROUND(J{r}*N{r},2)</f><v>{decimal_text(line.line_cost)}</v></c>',
        f'<c r="S{r}" s="{_MONEY}"><f>ROUND(J{r}*Q{r},2)</f><v>{decimal_text(line.line_total)}</v></c>',
        _num(f"T{r}", line.lead_time_weeks), u, _num(f"V{r}", line.co2e_kg), w,
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
    for name, attr in (("qty", "qty"), ("price", "catalogue_price"), ("rate", "rate")):
        widest = max((len(number_text(getattr(x, attr))) for x in lines), default=0)
        widths[LCOL[name]] = max(widths[LCOL[name]], widest + 3)
    return widths


def lines_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    heads = headers(layout.bid.currency)
    sheet = Sheet(LINES, strings, header_rows=1, autofilter=True)
    sheet.append(header(heads, [LCOL[name] for name in _NUMERIC]), height=30)
    text = _TextCells(strings)
    longest = dict.fromkeys(_TEXT_COLUMNS, 0)
    for r, line in enumerate(layout.lines, start=2):
        texts = _texts(line)
        for name, value in zip(_TEXT_COLUMNS, texts, strict=True):
            if len(value) > longest[name]:
                longest[name] = len(value)
        sheet.append_xml(_row(r, line, texts, layout, text))
    sheet.widths = _widths(layout, heads, longest)
    sheet.max_col = len(LINE_FIELDS)
    return sheet
