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

from bidkit.pricing.model import PricedLine
from bidkit.render.workbook.layout import LCOL, LINE_FIELDS, LINES, Layout
from bidkit.render.workbook.sheet import Sheet, header, text_width
from bidkit.render.workbook.styles import Style, xf
from bidkit.render.workbook.xmltext import SharedStrings, column_letter, needs_quote_prefix, number_text

_RULES = {"line": "own (line)", "category": "category", "member": "member", "default": "default"}
_NUMERIC = ("qty", "price", "rate", "unit_cost", "markup", "unit_sell", "line_cost", "line_total",
            "lead_time", "co2e")  # fmt: skip
_TEXT_WIDTH_CAP = 40  # long names and descriptions are cut off on screen rather than widen the sheet
_TEXT = {"kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit",
         "currency", "markup_rule", "origin", "source"}  # fmt: skip


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

    def __call__(self, ref: str, text: str) -> str:
        if not text:
            return ""
        tail = self.cache.get(text)
        if tail is None:
            s = xf(Style.DEFAULT, needs_quote_prefix(text))
            tail = self.cache[text] = f' s="{s}" t="s"><v>{self.strings.index(text)}</v></c>'
        else:
            self.strings.count += 1
        return f'<c r="{ref}"{tail}'


def _texts(line: PricedLine) -> dict[str, str]:
    return {
        "kind": "Section" if line.group == "section" else "Option", "group": line.group_id,
        "bundle": line.bundle, "member": line.member, "ref": line.ref, "name": line.name,
        "description": line.description, "category": line.category, "unit": line.unit,
        "currency": line.catalogue_currency, "markup_rule": _RULES[line.markup_source],
        "origin": line.origin_country, "source": line.source,
    }  # fmt: skip


_L = {name: column_letter(i) for name, i in LCOL.items()}
_S = {style: xf(style) for style in Style}


def _num(ref: str, value: Decimal | int | None, style: Style = Style.DEFAULT) -> str:
    if value is None:
        return ""
    return f'<c r="{ref}" s="{_S[style]}"><v>{number_text(value)}</v></c>'


def _f(ref: str, expr: str, cached: Decimal, style: Style) -> str:
    return f'<c r="{ref}" s="{_S[style]}"><f>{expr}</f><v>{number_text(cached)}</v></c>'


def _row(r: int, line: PricedLine, texts: dict[str, str], layout: Layout, text: _TextCells) -> str:
    c = {name: f"{letter}{r}" for name, letter in _L.items()}
    markup_ref = layout.markup_ref(line)
    markup = (
        _f(c["markup"], markup_ref, line.markup, Style.PERCENT)
        if markup_ref
        else _num(c["markup"], line.markup, Style.INPUT_PERCENT)
    )
    cells = {name: text(c[name], value) for name, value in texts.items()}
    cells |= {
        "qty": _num(c["qty"], line.qty),
        "price": _num(c["price"], line.catalogue_price, Style.INPUT_PRICE),
        "rate": _f(c["rate"], layout.rate_ref(line.catalogue_currency), line.rate, Style.RATE),
        "unit_cost": _f(c["unit_cost"], f"ROUND({c['price']}*{c['rate']},2)", line.unit_cost, Style.MONEY),
        "markup": markup,
        "unit_sell": _f(c["unit_sell"], f"ROUND({c['unit_cost']}*(1+{c['markup']}),2)", line.unit_sell,
                        Style.MONEY),
        "line_cost": _f(c["line_cost"], f"ROUND({c['qty']}*{c['unit_cost']},2)", line.line_cost, Style.MONEY),
        "line_total": _f(c["line_total"], f"ROUND({c['qty']}*{c['unit_sell']},2)", line.line_total,
                         Style.MONEY),
        "lead_time": _num(c["lead_time"], line.lead_time_weeks),
        "co2e": _num(c["co2e"], line.co2e_kg),
    }  # fmt: skip
    return "".join([cells[name] for name in LINE_FIELDS])


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
    longest = dict.fromkeys(_TEXT, 0)
    for r, line in enumerate(layout.lines, start=2):
        texts = _texts(line)
        for name, value in texts.items():
            if len(value) > longest[name]:
                longest[name] = len(value)
        sheet.append_xml(_row(r, line, texts, layout, text))
    sheet.widths = _widths(layout, heads, longest)
    sheet.max_col = len(LINE_FIELDS)
    return sheet
