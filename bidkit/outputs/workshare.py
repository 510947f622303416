"""Work-share packs: one workbook per consortium member holding its own part of the bid, and nothing else.

A member sees its own lines (quantity, its catalogue price and currency, the line's cost in the bid
currency), its total, the delivery weeks asked of it and its part of each payment milestone.  It
sees nothing of the other members: their SKUs, line names, prices and margins never enter its file,
not even as cached values or shared strings.  By default it sees neither the bid's sell prices nor
the markups either (the lead company's margin is commercially sensitive towards its members too);
``show_sell`` adds them.

Figures (README, "Work-share packs"):

* the member's total = the sum of its section lines' ``line_cost`` (options apart, as in the bid);
* delivery weeks asked = the longest ``lead_time_weeks`` among its section lines;
* its part of each payment milestone = round2(member total x share), the last taking the remainder,
  so the parts add up to the member's total exactly (the bid's own milestones follow the same rule).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bidkit.files import MAX_NAME_LENGTH, NAME_PATTERN
from bidkit.money import ZERO, spread
from bidkit.outputs.workbook.package import BookInfo, SheetPart, package
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header
from bidkit.outputs.workbook.styles import Style, styles_xml
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter
from bidkit.pricing.model import MemberShare, PricedBid, PricedLine

SHEET = "Work share"


@dataclass(frozen=True, slots=True)
class MemberPart:
    """One member's part of a bid: its lines, its total and its share of each payment milestone."""

    member: MemberShare
    lines: tuple[tuple[str, PricedLine], ...]  # its section lines: (the section's title, line)
    option_lines: tuple[tuple[str, PricedLine], ...]  # its option lines: ("Option: <title>", line)
    total: Decimal  # sum of its section lines' line_cost
    options_total: Decimal  # sum of its option lines' line_cost
    delivery_weeks: int | None
    payments: tuple[tuple[str, Decimal, Decimal], ...]  # (milestone, share as a fraction, its part)


def member_part(bid: PricedBid, member: str) -> MemberPart:
    """The part of ``bid`` that belongs to ``member`` (an id of ``bid.members``)."""
    share = next(m for m in bid.members if m.id == member)
    base = [(s.title, x) for s in bid.sections for x in s.lines if x.member == member]
    options = [(f"Option: {o.title}", x) for o in bid.options for x in o.lines if x.member == member]
    total = sum((x.line_cost for _, x in base), ZERO)
    weeks = [x.lead_time_weeks for _, x in base if x.lead_time_weeks is not None]
    parts = spread(total, [m.share for m in bid.payment])
    return MemberPart(
        member=share, lines=tuple(base), option_lines=tuple(options), total=total,
        options_total=sum((x.line_cost for _, x in options), ZERO),
        delivery_weeks=max(weeks) if weeks else None,
        payments=tuple((m.milestone, m.share, part) for m, part in zip(bid.payment, parts, strict=True)),
    )  # fmt: skip


def render_pack(bid: PricedBid, member: str, show_sell: bool = False) -> bytes:
    """The work-share workbook of ``member`` as .xlsx bytes (same bid, same bytes)."""
    part = member_part(bid, member)
    strings = SharedStrings()
    sheet = _sheet(bid, part, show_sell, strings)
    footer = f"&L{bid.id.replace('&', '&&')} - {part.member.id.replace('&', '&&')}&RPage &P of &N"
    xml = sheet.xml(selected=True, footer=footer, drawing=False)
    parts = [SheetPart(SHEET, xml, (), None)]
    info = BookInfo(title=bid.title, subject=f"Work share of {part.member.name} in bid {bid.id}",
                    created=bid.date, names=())  # fmt: skip
    return package(parts, info, styles_xml(bid.currency, list(bid.rates)), strings.xml(), [])


def _titles(currency: str, show_sell: bool) -> list[str]:
    titles = ["Part of the bid", "SKU", "Name", "Unit", "Quantity", "Catalogue price", "Currency",
              f"Line cost {currency}"]  # fmt: skip
    return titles + (["Markup", f"Unit sell {currency}", f"Line total {currency}"] if show_sell else [])


def _sheet(bid: PricedBid, part: MemberPart, show_sell: bool, strings: SharedStrings) -> Sheet:
    member, cur = part.member, bid.currency
    sheet = Sheet(SHEET, strings, min_widths={1: 24, 3: 30})
    sheet.append([Cell(f"Work share of {member.name} ({member.id})", Style.TITLE)], height=24, measure=False)
    sheet.append([Cell(f"Bid {bid.file_stem}: {bid.title}", Style.NOTE)], measure=False)
    info: Sequence[tuple[str, Cell]] = (
        ("Client", Cell(bid.client.name, Style.INFO)),
        ("Lead company", Cell(bid.lead.name, Style.INFO)),
        ("Your role", Cell("lead" if member.id == bid.lead.id else "member", Style.INFO)),
        ("Bid date", Cell(bid.date, Style.INFO_DATE)),
        ("Delivery terms", Cell(bid.incoterm, Style.INFO)),
        ("Currency of the costs", Cell(cur, Style.INFO)),
        ("Delivery weeks asked of you",
         Cell(part.delivery_weeks if part.delivery_weeks is not None else "none given", Style.INFO)),
    )  # fmt: skip
    for label, cell in info:
        sheet.append([Cell(label, Style.BOLD), cell])
    sheet.append([])
    titles = _titles(cur, show_sell)
    sheet.append(header(titles, range(5, len(titles) + 1)), height=30)
    first = sheet.row_count + 1
    for where, line in (*part.lines, *part.option_lines):
        row = [Cell(where), Cell(line.sku), Cell(line.name), Cell(line.unit), Cell(line.qty),
               Cell(line.catalogue_price, Style.PRICE), Cell(line.catalogue_currency),
               Cell(line.line_cost, Style.MONEY)]  # fmt: skip
        if show_sell:
            row += [Cell(line.markup, Style.PERCENT), Cell(line.unit_sell, Style.MONEY),
                    Cell(line.line_total, Style.MONEY)]  # fmt: skip
        sheet.append(row)
    last = sheet.row_count
    cost = column_letter(8)
    base_rows = len(part.lines)
    total_row = sheet.append([
        Cell("Your total (the bid's scope, options apart)", Style.BOLD), *[None] * 6,
        formula(f"ROUND(SUM({cost}{first}:{cost}{first + base_rows - 1}),2)" if base_rows else "0",
                part.total, Style.MONEY_TOTAL),
    ])  # fmt: skip
    if part.option_lines:
        sheet.append([Cell("Options, if the client takes them", Style.BOLD), *[None] * 6,
                      formula(f"ROUND(SUM({cost}{first + base_rows}:{cost}{last}),2)", part.options_total,
                              Style.MONEY_BOLD)])  # fmt: skip
    _payments(sheet, part, total_row, cur)
    return sheet


def _payments(sheet: Sheet, part: MemberPart, total_row: int, currency: str) -> None:
    """Each milestone's part of the member's total; the last takes the remainder."""
    if not part.payments:
        return
    sheet.append([])
    sheet.append(header(["Payment milestone", "Share", f"Your part {currency}"], (2, 3)), height=30)
    first = sheet.row_count + 1
    for i, (milestone, share, amount) in enumerate(part.payments):
        r = first + i
        expr = (f"ROUND($H${total_row}-SUM(C{first}:C{r - 1}),2)" if i and i == len(part.payments) - 1
                else f"ROUND($H${total_row}*B{r},2)")  # fmt: skip
        sheet.append([Cell(milestone), Cell(share, Style.PERCENT), formula(expr, amount, Style.MONEY)])


def pack_documents(
    bid: PricedBid, stem: str, folder: Path, show_sell: bool = False
) -> dict[str, tuple[Path, bytes]]:
    """Every member's pack, by output key (``workshare-<member id>``): its path and its bytes."""
    return {
        f"workshare-{m.id}": (folder / f"{stem}-workshare-{m.id}.xlsx", render_pack(bid, m.id, show_sell))
        for m in bid.members
    }


def packs_on_disk(stem: str, folder: Path) -> dict[str, Path]:
    """The packs an earlier build left in ``folder``, by output key, so a build can replace or remove them.

    Only names a build could have written count (``<stem>-workshare-<member id>.xlsx`` with a valid
    member id); any other file is not bidkit's and is left alone.
    """
    prefix, found = f"{stem}-workshare-", {}
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:  # no folder yet, or not a folder: the build reports it when it writes
        return {}
    for name in names:
        member = name.removeprefix(prefix).removesuffix(".xlsx")
        ours = name == f"{prefix}{member}.xlsx" and len(member) <= MAX_NAME_LENGTH
        if ours and re.match(NAME_PATTERN, member):
            found[f"workshare-{member}"] = folder / name
    return found
