"""The Sections, Members, Options and Rates sheets: small tables summed from the Lines sheet.

Sums match lines with ``SUMPRODUCT(EXACT(...)*...)`` rather than ``SUMIFS``:
ids and member names come from bid files and catalogues, and SUMIFS would
read ``*``, ``?`` and ``~`` in them as wildcards, a leading ``=``/``<``/``>``
as a comparison, and would not tell ``A`` from ``a``.  EXACT compares text as
it is, so the workbook adds up the same lines as the pricing engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from bidkit.money import HUNDRED, percent_of
from bidkit.outputs.workbook.layout import (
    MEMBER_COLS,
    MEMBERS,
    OPTIONS,
    RATES,
    SECTION_COLS,
    SECTIONS,
    Layout,
)
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header, share_of
from bidkit.outputs.workbook.styles import Style, rate_xf
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter
from bidkit.pricing.model import PricedBid


def _header(sheet: Sheet, layout: Layout, keys: Sequence[str], numeric: Sequence[int]) -> None:
    """The header row: the labels of ``keys`` in the bid's language, amounts titled with the currency."""
    titles = [layout.t[k].format(currency=layout.bid.currency) for k in keys]
    sheet.append(header(titles, numeric), height=30)


def _sum_of(expr: str, r: int) -> str:
    return f"ROUND(SUMPRODUCT(EXACT(LinesGroup,$A{r})*{expr}),2)"


def _money_sum(col: int, first: int, last: int, cached: Decimal) -> Cell:
    letter = column_letter(col)
    return formula(f"ROUND(SUM({letter}{first}:{letter}{last}),2)", cached, Style.MONEY_TOTAL)


def sections_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    sheet = Sheet(layout.name(SECTIONS), strings, header_rows=1)
    keys = ["col_section", "col_title", "col_lines", "col_cost", "col_subtotal", "col_margin"]
    _header(sheet, layout, keys, range(3, 7))
    for r, s in enumerate(bid.sections, start=2):
        sheet.append([
            Cell(s.id), Cell(s.title),
            formula(f"SUMPRODUCT(--EXACT(LinesGroup,$A{r}))", len(s.lines), Style.COUNT),
            formula(_sum_of("LinesCost", r), s.cost, Style.MONEY),
            formula(_sum_of("LinesTotal", r), s.subtotal, Style.MONEY),
            formula(f"ROUND(E{r}-D{r},2)", s.subtotal - s.cost, Style.MONEY),
        ])  # fmt: skip
    last = len(bid.sections) + 1
    sheet.append([
        Cell(layout.t["total"], Style.BOLD), None,
        formula(f"SUM(C2:C{last})", sum(len(s.lines) for s in bid.sections), Style.COUNT_BOLD),
        _money_sum(SECTION_COLS["cost"], 2, last, bid.cost),
        _money_sum(SECTION_COLS["subtotal"], 2, last, bid.subtotal),
        _money_sum(SECTION_COLS["margin"], 2, last, bid.subtotal - bid.cost),
    ])  # fmt: skip
    return sheet


def members_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    sheet = Sheet(layout.name(MEMBERS), strings, header_rows=1, min_widths={MEMBER_COLS["part"]: 30})
    _header(sheet, layout, ["col_member", "col_name", "col_country", "col_role", "col_cost", "col_sell",
                            "col_share", "col_part"], (5, 6, 7))  # fmt: skip
    section = layout.kind("section")
    for r, m in enumerate(bid.members, start=2):
        match = f"(LinesKind={section})*EXACT(LinesMember,$A{r})"
        role = layout.t["role_lead" if m.id == bid.lead.id else "role_member"]
        sheet.append([
            Cell(m.id), Cell(m.name), Cell(m.country), Cell(role),
            formula(f"ROUND(SUMPRODUCT({match}*LinesCost),2)", m.cost, Style.MONEY),
            formula(f"ROUND(SUMPRODUCT({match}*LinesTotal),2)", m.sell, Style.MONEY),
            formula(share_of(f"F{r}", "Subtotal"), m.share / HUNDRED, Style.PERCENT),
            Cell(m.role),
        ])  # fmt: skip
    last = len(bid.members) + 1
    sell = sum((m.sell for m in bid.members), Decimal(0))
    share = percent_of(sell, bid.subtotal) / HUNDRED
    sheet.append([
        Cell(layout.t["total"], Style.BOLD), None, None, None,
        _money_sum(MEMBER_COLS["cost"], 2, last, sum((m.cost for m in bid.members), Decimal(0))),
        _money_sum(MEMBER_COLS["sell"], 2, last, sell),
        formula(share_of(f"F{last + 1}", "Subtotal"), share, Style.PERCENT_BOLD),
    ])  # fmt: skip
    return sheet


def options_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    sheet = Sheet(layout.name(OPTIONS), strings, header_rows=1)
    _header(sheet, layout, ["col_option", "col_title", "col_lines", "col_cost", "col_subtotal",
                            "col_contingency", "col_discount", "col_total"], range(3, 9))  # fmt: skip
    for r, o in enumerate(bid.options, start=2):
        sheet.append([
            Cell(o.id), Cell(o.title),
            formula(f"SUMPRODUCT(--EXACT(LinesGroup,$A{r}))", len(o.lines), Style.COUNT),
            formula(_sum_of("LinesCost", r), o.cost, Style.MONEY),
            formula(_sum_of("LinesTotal", r), o.subtotal, Style.MONEY),
            formula(f"ROUND(E{r}*ContingencyRate,2)", o.contingency, Style.MONEY),
            formula(f"-ROUND((E{r}+F{r})*DiscountRate,2)", -o.discount, Style.MONEY),
            formula(_option_total(r), o.total, Style.MONEY_BOLD),
        ])  # fmt: skip
    if not bid.options:
        sheet.append([Cell(layout.t["no_options"], Style.NOTE)])
    return sheet


def _option_total(r: int) -> str:
    """Subtotal + contingency - discount, rounded to RoundTo like the bid's total (pricing rule 8)."""
    before = f"ROUND(E{r}+F{r}+G{r},2)"
    return f"IF(RoundTo>0,ROUND(ROUND({before}/RoundTo,0)*RoundTo,2),{before})"


def _rate_note(t: Mapping[str, str], bid: PricedBid, code: str) -> str:
    if code == bid.currency:
        return t["rate_own"]
    taken = t["rates_taken"].format(date=bid.rates_date.isoformat()) if bid.rates_date else t["rates_no_date"]
    return t["rate_from_bid"].format(taken=taken)


def rates_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    """Each currency's rate, shown as what it means (``1 USD = 0.9200 EUR``); the others' are inputs."""
    bid = layout.bid
    shown = max((len(f"1 {code} = {rate:,f} {bid.currency}") for code, rate in bid.rates.items()), default=0)
    sheet = Sheet(layout.name(RATES), strings, header_rows=1, min_widths={2: shown + 4})
    _header(sheet, layout, ["col_currency_code", "col_rate", "col_note"], (2,))
    for position, (code, rate) in enumerate(bid.rates.items()):
        sheet.append([
            Cell(code), Cell(rate, rate_xf(position, is_input=code != bid.currency)),
            Cell(_rate_note(layout.t, bid, code), Style.NOTE),
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
