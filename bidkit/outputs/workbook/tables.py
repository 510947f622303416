"""The Sections, Members, Options and Rates sheets: small tables summed from the Lines sheet.

Sums match lines with ``SUMPRODUCT(EXACT(...)*...)`` rather than ``SUMIFS``:
ids and member names come from bid files and catalogues, and SUMIFS would
read ``*``, ``?`` and ``~`` in them as wildcards, a leading ``=``/``<``/``>``
as a comparison, and would not tell ``A`` from ``a``.  EXACT compares text as
it is, so the workbook adds up the same lines as the pricing engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bidkit.money import HUNDRED
from bidkit.outputs.workbook.layout import (
    MEMBER_COLS,
    MEMBERS,
    OPTIONS,
    RATES,
    SECTION_COLS,
    SECTIONS,
    Layout,
)
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter
from bidkit.pricing.model import PricedBid


def _header(sheet: Sheet, titles: list[str], numeric: Sequence[int]) -> None:
    sheet.append(header(titles, numeric), height=30)


def _sum_of(expr: str, r: int) -> str:
    return f"ROUND(SUMPRODUCT(EXACT(LinesGroup,$A{r})*{expr}),2)"


def _money_sum(col: int, first: int, last: int, cached: Decimal) -> Cell:
    letter = column_letter(col)
    return formula(f"ROUND(SUM({letter}{first}:{letter}{last}),2)", cached, Style.MONEY_TOTAL)


def sections_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, cur = layout.bid, layout.bid.currency
    sheet = Sheet(SECTIONS, strings, header_rows=1)
    _header(
        sheet, ["Section", "Title", "Lines", f"Cost {cur}", f"Subtotal {cur}", f"Margin {cur}"], range(3, 7)
    )
    for r, s in enumerate(bid.sections, start=2):
        sheet.append([
            Cell(s.id), Cell(s.title),
            formula(f"SUMPRODUCT(--EXACT(LinesGroup,$A{r}))", len(s.lines)),
            formula(_sum_of("LinesCost", r), s.cost, Style.MONEY),
            formula(_sum_of("LinesTotal", r), s.subtotal, Style.MONEY),
            formula(f"ROUND(E{r}-D{r},2)", s.subtotal - s.cost, Style.MONEY),
        ])  # fmt: skip
    last = len(bid.sections) + 1
    sheet.append([
        Cell("Total", Style.BOLD), None,
        formula(f"SUM(C2:C{last})", sum(len(s.lines) for s in bid.sections), Style.BOLD),
        _money_sum(SECTION_COLS["cost"], 2, last, bid.cost),
        _money_sum(SECTION_COLS["subtotal"], 2, last, bid.subtotal),
        _money_sum(SECTION_COLS["margin"], 2, last, bid.subtotal - bid.cost),
    ])  # fmt: skip
    return sheet


def members_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, cur = layout.bid, layout.bid.currency
    sheet = Sheet(MEMBERS, strings, header_rows=1, min_widths={MEMBER_COLS["part"]: 30})
    _header(
        sheet,
        ["Member", "Name", "Country", "Role", f"Cost {cur}", f"Sell {cur}", "Share of subtotal",
         "Part in the bid"],
        (5, 6, 7),
    )
    for r, m in enumerate(bid.members, start=2):
        match = f'(LinesKind="Section")*EXACT(LinesMember,$A{r})'
        sheet.append([
            Cell(m.id), Cell(m.name), Cell(m.country), Cell("lead" if m.id == bid.lead.id else "member"),
            formula(f"ROUND(SUMPRODUCT({match}*LinesCost),2)", m.cost, Style.MONEY),
            formula(f"ROUND(SUMPRODUCT({match}*LinesTotal),2)", m.sell, Style.MONEY),
            formula(f"IF(Subtotal=0,0,ROUND(F{r}/Subtotal,4))", m.share / HUNDRED, Style.PERCENT),
            Cell(m.role),
        ])  # fmt: skip
    last = len(bid.members) + 1
    sheet.append([
        Cell("Total", Style.BOLD), None, None, None,
        _money_sum(MEMBER_COLS["cost"], 2, last, sum((m.cost for m in bid.members), Decimal(0))),
        _money_sum(MEMBER_COLS["sell"], 2, last, sum((m.sell for m in bid.members), Decimal(0))),
    ])  # fmt: skip
    return sheet


def options_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, cur = layout.bid, layout.bid.currency
    sheet = Sheet(OPTIONS, strings, header_rows=1)
    _header(sheet, ["Option", "Title", "Lines", f"Cost {cur}", f"Subtotal {cur}", f"Contingency {cur}",
                    f"Discount {cur}", f"Total {cur}"], range(3, 9))  # fmt: skip
    for r, o in enumerate(bid.options, start=2):
        sheet.append([
            Cell(o.id), Cell(o.title),
            formula(f"SUMPRODUCT(--EXACT(LinesGroup,$A{r}))", len(o.lines)),
            formula(_sum_of("LinesCost", r), o.cost, Style.MONEY),
            formula(_sum_of("LinesTotal", r), o.subtotal, Style.MONEY),
            formula(f"ROUND(E{r}*ContingencyRate,2)", o.contingency, Style.MONEY),
            formula(f"-ROUND((E{r}+F{r})*DiscountRate,2)", -o.discount, Style.MONEY),
            formula(f"ROUND(E{r}+F{r}+G{r},2)", o.total, Style.MONEY_BOLD),
        ])  # fmt: skip
    if not bid.options:
        sheet.append([Cell("This bid has no options.", Style.NOTE)])
    return sheet


def rates_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    sheet = Sheet(RATES, strings, header_rows=1)
    taken = f"taken {bid.rates_date.isoformat()}" if bid.rates_date else "date not stated in the bid"
    _header(sheet, ["Currency", f"{bid.currency} per 1 unit", "Note"], (2,))
    for code, rate in bid.rates.items():
        own = code == bid.currency
        sheet.append([
            Cell(code), Cell(rate, Style.RATE if own else Style.INPUT_RATE),
            Cell("the bid currency" if own else f"exchange rate from the bid, {taken}", Style.NOTE),
        ])  # fmt: skip
    assert list(layout.rate_rows) == list(bid.rates)
    return sheet


def chart_ranges(layout: Layout) -> dict[str, tuple[str, str]]:
    """Category and value ranges for the cost charts: (titles, costs) by section and by member."""
    bid: PricedBid = layout.bid
    return {
        "section": (
            layout.table_range(SECTIONS, SECTION_COLS["title"], len(bid.sections)),
            layout.table_range(SECTIONS, SECTION_COLS["cost"], len(bid.sections)),
        ),
        "member": (
            layout.table_range(MEMBERS, MEMBER_COLS["name"], len(bid.members)),
            layout.table_range(MEMBERS, MEMBER_COLS["cost"], len(bid.members)),
        ),
    }
