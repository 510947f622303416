"""The Summary sheet: what the bid is, the inputs a cost engineer changes, and the totals.

Every total is a formula over the Sections sheet and the inputs (by their
defined names), never a pasted value; the engine's figure is the cached result.
"""

from __future__ import annotations

from decimal import Decimal

from bidkit.money import HUNDRED, format_percent
from bidkit.outputs.workbook.layout import (
    INFO_FIRST,
    INFO_LABELS,
    OPTION_COLS,
    OPTIONS,
    SECTION_COLS,
    SECTIONS,
    SUMMARY,
    Layout,
)
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings, absolute
from bidkit.pricing.model import PricedBid

# Column C explains each figure in words, for the reader who does not open the formula.
_TOTALS = {
    "subtotal": ("Subtotal", "sum of the sections (Sections sheet)"),
    "contingency": ("Contingency", "subtotal x contingency"),
    "discount": ("Discount", "(subtotal + contingency) x discount, deducted"),
    "before": ("Before rounding", "subtotal + contingency - discount"),
    "rounding": ("Rounding", "{rounding}"),
    "total": ("Total", "the bid price"),
    "cost": ("Cost", "sum of the line costs of the sections"),
    "margin": ("Margin", "total - cost"),
    "margin_pct": ("Margin %", "margin / total"),
}


def _info(bid: PricedBid) -> list[Cell]:
    rates_taken = Cell(bid.rates_date, Style.INFO_DATE) if bid.rates_date else Cell("not stated", Style.INFO)
    # An unapproved revision must be impossible to mistake for the approved one.
    status = (
        Cell("DRAFT - not approved", Style.DRAFT)
        if bid.draft
        else Cell(bid.approval or "approved", Style.INFO)
    )
    values: list[Cell] = [
        Cell(bid.id, Style.INFO), Cell(bid.client.name, Style.INFO),
        Cell(bid.tender_ref or None, Style.INFO), Cell(bid.revision or None, Style.INFO),
        Cell(bid.date, Style.INFO_DATE), Cell(bid.currency, Style.INFO), rates_taken,
        Cell(bid.incoterm, Style.INFO), Cell(f"{bid.validity_days} days", Style.INFO),
        status,
    ]  # fmt: skip
    assert len(values) == len(INFO_LABELS)
    return values


def _put(sheet: Sheet, row: int, cells: list[Cell | None], measure: bool = True) -> None:
    """Append blank rows up to ``row`` and then the row itself, so rows land where Layout put them."""
    while sheet.row_count < row - 1:
        sheet.append([])
    assert sheet.row_count == row - 1, f"Summary row {row} is out of order"
    sheet.append(cells, measure=measure)


def _heading(sheet: Sheet, row: int, text: str) -> None:
    _put(sheet, row, [Cell(text, Style.HEADING), Cell(None, Style.HEADING), Cell(None, Style.HEADING)],
         measure=False)  # fmt: skip


def _inputs(sheet: Sheet, layout: Layout, members: dict[str, str]) -> None:
    bid, inputs = layout.bid, layout.inputs
    _heading(sheet, inputs["heading"], "Inputs (yellow: change one and every amount recalculates)")
    _put(sheet, inputs["markup"], [
        Cell("Default markup"), Cell(bid.markup, Style.INPUT_PERCENT),
        Cell("on cost, unless a line, category or member markup applies", Style.NOTE),
    ])  # fmt: skip
    for member, (markup, row) in layout.member_markups.items():
        _put(sheet, row, [
            Cell(f"Markup for member {member}"), Cell(markup, Style.INPUT_PERCENT),
            Cell(f"{members.get(member, member)}, unless a line or category markup applies", Style.NOTE),
        ])  # fmt: skip
    for category, (markup, row) in layout.category_markups.items():
        _put(sheet, row, [
            Cell(f"Markup for category {category}"), Cell(markup, Style.INPUT_PERCENT),
            Cell("unless a line has its own markup", Style.NOTE),
        ])  # fmt: skip
    _put(sheet, inputs["contingency"], [Cell("Contingency"), Cell(bid.contingency_rate, Style.INPUT_PERCENT),
                                        Cell("of the subtotal", Style.NOTE)])  # fmt: skip
    _put(sheet, inputs["discount"], [Cell("Discount"), Cell(bid.discount_rate, Style.INPUT_PERCENT),
                                     Cell("of subtotal + contingency", Style.NOTE)])  # fmt: skip
    _put(sheet, inputs["round_to"], [
        Cell(f"Round the total to ({bid.currency})"), Cell(bid.round_to, Style.INPUT_NUMBER),
        Cell("nearest multiple, halves up; empty for no rounding", Style.NOTE),
    ])  # fmt: skip


def _totals(sheet: Sheet, layout: Layout) -> None:
    bid = layout.bid
    n = len(bid.sections)
    sums = {key: layout.table_range(SECTIONS, SECTION_COLS[key], n) for key in ("cost", "subtotal")}
    exprs: dict[str, tuple[str, Decimal]] = {
        "subtotal": (f"ROUND(SUM({sums['subtotal']}),2)", bid.subtotal),
        "contingency": ("ROUND(Subtotal*ContingencyRate,2)", bid.contingency),
        "discount": ("-ROUND((Subtotal+Contingency)*DiscountRate,2)", -bid.discount),
        "before": ("ROUND(Subtotal+Contingency+Discount,2)", bid.subtotal + bid.contingency - bid.discount),
        "rounding": ("IF(RoundTo>0,ROUND(ROUND(ROUND(BeforeRounding/RoundTo,0)*RoundTo,2)"
                     "-BeforeRounding,2),0)", bid.rounding),
        "total": ("ROUND(BeforeRounding+Rounding,2)", bid.total),
        "cost": (f"ROUND(SUM({sums['cost']}),2)", bid.cost),
        "margin": ("ROUND(Total-Cost,2)", bid.margin),
        "margin_pct": ("IF(Total=0,0,ROUND(Margin/Total,4))", bid.margin_pct / HUNDRED),
    }  # fmt: skip
    rounding = (
        f"to the nearest {bid.round_to:f} {bid.currency}, halves up" if bid.round_to else "no rounding asked"
    )
    _heading(sheet, layout.totals["heading"], f"Totals ({bid.currency})")
    for key, (expr, cached) in exprs.items():
        label, note = _TOTALS[key]
        style = {"total": Style.MONEY_TOTAL, "margin_pct": Style.PERCENT}.get(key, Style.MONEY)
        _put(sheet, layout.totals[key], [
            Cell(label, Style.BOLD if key == "total" else Style.DEFAULT),
            formula(expr, cached, style), Cell(note.format(rounding=rounding), Style.NOTE),
        ])  # fmt: skip


def _options(sheet: Sheet, layout: Layout) -> None:
    bid = layout.bid
    if not bid.options:
        return
    contingency = format_percent(bid.contingency_rate)
    discount = format_percent(bid.discount_rate)
    _heading(sheet, layout.options_heading, f"Options ({bid.currency}, priced apart, not in the total)")
    for i, o in enumerate(bid.options, start=2):
        ref = absolute(OPTIONS, OPTION_COLS["total"], i)
        _put(sheet, layout.options_heading + i - 1, [
            Cell(o.title), formula(ref, o.total, Style.MONEY),
            Cell(f"own contingency {contingency}, discount {discount} (Options sheet)", Style.NOTE),
        ])  # fmt: skip


def summary_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    sheet = Sheet(SUMMARY, strings, min_widths={1: 30, 2: 18})
    sheet.append([Cell(bid.title, Style.TITLE)], height=24, measure=False)
    note = (f"Cost workbook of bid {bid.id}, amounts in {bid.currency}. Yellow cells are inputs; "
            "every other amount is a formula over the Lines sheet.")  # fmt: skip
    sheet.append([Cell(note, Style.NOTE)], measure=False)
    for i, (label, value) in enumerate(zip(INFO_LABELS, _info(bid), strict=True)):
        _put(sheet, INFO_FIRST + i, [Cell(label), value], measure=False)  # long text runs on into C
    _inputs(sheet, layout, {m.id: m.name for m in bid.members})
    _totals(sheet, layout)
    _options(sheet, layout)
    return sheet
