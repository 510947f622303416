"""The Summary sheet: what the bid is, the inputs a cost engineer changes, and the totals.

Every total is a formula over the Sections sheet and the inputs (by their
defined names), never a pasted value; the engine's figure is the cached result.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from bidkit.money import HUNDRED
from bidkit.outputs.proposal.jinja import locale_of, number, percent
from bidkit.outputs.workbook.layout import (
    INFO_FIRST,
    LINES,
    OPTION_COLS,
    OPTIONS,
    SECTION_COLS,
    SECTIONS,
    SUMMARY,
    Layout,
)
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings
from bidkit.pricing.model import PricedBid

# Each total: its label key, and column C's note explaining it in words (for the reader who does
# not open the formula).
_TOTALS = {
    "subtotal": ("subtotal", "subtotal_note"),
    "contingency": ("contingency", "contingency_total_note"),
    "discount": ("discount", "discount_total_note"),
    "before": ("before_rounding", "before_rounding_note"),
    "rounding": ("rounding", "rounding_note"),
    "total": ("total_price", "total_price_note"),
    "cost": ("cost", "cost_note"),
    "margin": ("margin", "margin_note"),
    "margin_pct": ("margin_pct", "margin_pct_note"),
}


def status_cell(bid: PricedBid, t: Mapping[str, str]) -> Cell:
    """The bid's status: draft (in red), or who approved it and when.

    An unapproved revision must be impossible to mistake for the approved one, in the cost
    workbook and in every member's work-share pack.
    """
    return Cell(t["draft"], Style.DRAFT) if bid.draft else Cell(bid.approval or t["approved"], Style.INFO)


def _info(bid: PricedBid, t: Mapping[str, str]) -> dict[str, Cell]:
    """The bid's details by key of :data:`INFO_KEYS` (Layout leaves out the empty ones)."""
    taken = Cell(bid.rates_date, Style.INFO_DATE) if bid.rates_date else Cell(t["not_stated"], Style.INFO)
    status = status_cell(bid, t)
    return {
        "bid": Cell(bid.id, Style.INFO), "client": Cell(bid.client.name, Style.INFO),
        "tender_ref": Cell(bid.tender_ref, Style.INFO), "revision": Cell(bid.revision, Style.INFO),
        "date": Cell(bid.date, Style.INFO_DATE), "currency": Cell(bid.currency, Style.INFO),
        "rates_date": taken, "incoterm": Cell(bid.incoterm, Style.INFO),
        "validity": Cell(t["days"].format(days=bid.validity_days), Style.INFO), "status": status,
    }  # fmt: skip


def _put(sheet: Sheet, row: int, cells: list[Cell | None], measure: bool = True) -> None:
    """Append blank rows up to ``row`` and then the row itself, so rows land where Layout put them."""
    while sheet.row_count < row - 1:
        sheet.append([])
    assert sheet.row_count == row - 1, f"Summary row {row} is out of order"
    sheet.append(cells, measure=measure)


def _heading(sheet: Sheet, row: int, text: str) -> None:
    _put(sheet, row, [Cell(text, Style.HEADING), Cell(None, Style.HEADING), Cell(None, Style.HEADING)],
         measure=False)  # fmt: skip


def _input(sheet: Sheet, row: int, label: str, value: Decimal | None, note: str,
           style: Style = Style.INPUT_PERCENT) -> None:  # fmt: skip
    _put(sheet, row, [Cell(label), Cell(value, style), Cell(note, Style.NOTE)])


def _round_to_style(round_to: Decimal | None) -> Style:
    """A whole round_to shows with separators (1,000); a fraction of a unit (0.05) as it is."""
    whole = round_to is None or round_to == round_to.to_integral_value()
    return Style.INPUT_COUNT if whole else Style.INPUT_NUMBER


def _inputs(sheet: Sheet, layout: Layout, members: dict[str, str]) -> None:
    """The yellow inputs; a member markup is labelled with the member's name, its id in the note."""
    bid, inputs, t = layout.bid, layout.inputs, layout.t
    _heading(sheet, inputs["heading"], t["inputs_heading"])
    _input(sheet, inputs["markup"], t["markup_default"], bid.markup, t["markup_default_note"])
    for member, (markup, row) in layout.member_markups.items():
        label = t["markup_member"].format(name=members.get(member, member))
        _input(sheet, row, label, markup, t["markup_member_note"].format(id=member))
    for category, (markup, row) in layout.category_markups.items():
        label = t["markup_category"].format(category=category)
        _input(sheet, row, label, markup, t["markup_category_note"])
    _input(sheet, inputs["contingency"], t["contingency"], bid.contingency_rate, t["contingency_note"])
    _input(sheet, inputs["discount"], t["discount"], bid.discount_rate, t["discount_note"])
    _input(sheet, inputs["round_to"], t["round_to"].format(currency=bid.currency), bid.round_to,
           t["round_to_note"], _round_to_style(bid.round_to))  # fmt: skip


def _totals(sheet: Sheet, layout: Layout) -> None:
    bid, t = layout.bid, layout.t
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
    step = number(bid.round_to, locale_of(bid.language)) if bid.round_to else ""
    fill = {"sections": layout.name(SECTIONS), "step": step, "currency": bid.currency}
    _heading(sheet, layout.totals["heading"], t["totals_heading"].format(currency=bid.currency))
    for key, (expr, cached) in exprs.items():
        label, note = _TOTALS[key]
        if key == "rounding" and not bid.round_to:
            note = "no_rounding"
        style = {"total": Style.MONEY_TOTAL, "margin_pct": Style.PERCENT}.get(key, Style.MONEY)
        _put(sheet, layout.totals[key], [
            Cell(t[label], Style.BOLD if key == "total" else Style.DEFAULT),
            formula(expr, cached, style), Cell(t[note].format(**fill), Style.NOTE),
        ])  # fmt: skip


def _options(sheet: Sheet, layout: Layout) -> None:
    bid, t = layout.bid, layout.t
    if not bid.options:
        return
    locale = locale_of(bid.language)
    note = t["option_note"].format(
        contingency=percent(bid.contingency_rate, locale),
        discount=percent(bid.discount_rate, locale),
        options=layout.name(OPTIONS),
    )
    _heading(sheet, layout.options_heading, t["options_heading"].format(currency=bid.currency))
    for i, o in enumerate(bid.options, start=2):
        ref = layout.ref(OPTIONS, OPTION_COLS["total"], i)
        _put(sheet, layout.options_heading + i - 1, [
            Cell(o.title), formula(ref, o.total, Style.MONEY), Cell(note, Style.NOTE),
        ])  # fmt: skip


def summary_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, t = layout.bid, layout.t
    sheet = Sheet(layout.name(SUMMARY), strings, min_widths={1: 30, 2: 18})
    sheet.append([Cell(bid.title, Style.TITLE)], height=24, measure=False)
    note = t["summary_note"].format(id=bid.id, currency=bid.currency, lines=layout.name(LINES))
    sheet.append([Cell(note, Style.NOTE)], measure=False)
    info = _info(bid, t)
    for i, key in enumerate(layout.info_keys):
        # long text runs on into C, so these rows are not measured
        _put(sheet, INFO_FIRST + i, [Cell(t[f"info_{key}"]), info[key]], measure=False)
    _inputs(sheet, layout, {m.id: m.name for m in bid.members})
    _totals(sheet, layout)
    _options(sheet, layout)
    return sheet
