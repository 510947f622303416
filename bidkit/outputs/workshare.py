"""Work-share packs: one workbook per consortium member holding its own part of the bid, and nothing else.

A member sees its own lines (quantity, its catalogue price and currency, the line's cost in the bid
currency), its total, the delivery weeks asked of it and its part of each payment milestone.  It
sees nothing of the other members: their SKUs, line names, prices and margins never enter its file,
not even as cached values or shared strings.  By default it sees neither the bid's sell prices nor
the markups either (the lead company's margin is commercially sensitive towards its members too);
``show_sell`` adds them.

The pack is in the bid's language unless the bid's ``member_packs_language`` names another: the bid's
language is the client's, and a member firm may read another (README, "Work-share packs").  Its
words come from the workbook's catalogues (``pack_*`` and the cost workbook's column labels).

Figures (README, "Work-share packs"):

* the member's total = the sum of its section lines' ``line_cost`` (options apart, as in the bid);
* delivery weeks asked = the longest ``lead_time_weeks`` among its section lines;
* its part of each payment milestone = round2(member total x share), the last taking the remainder,
  so the parts add up to the member's total exactly (the bid's own milestones follow the same rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bidkit.money import ZERO, spread
from bidkit.outputs.workbook.labels import labels
from bidkit.outputs.workbook.package import BookInfo, SheetPart, package
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header
from bidkit.outputs.workbook.styles import Style, styles_xml
from bidkit.outputs.workbook.summary import status_cell
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter
from bidkit.pricing.model import MemberShare, PricedBid, PricedLine


@dataclass(frozen=True, slots=True)
class MemberPart:
    """One member's part of a bid: its lines, its total and its share of each payment milestone."""

    member: MemberShare
    lines: tuple[tuple[str, PricedLine], ...]  # its section lines: (the section's title, line)
    option_lines: tuple[tuple[str, PricedLine], ...]  # its option lines: (the option's title, line)
    total: Decimal  # sum of its section lines' line_cost
    options_total: Decimal  # sum of its option lines' line_cost
    delivery_weeks: int | None
    payments: tuple[tuple[str, Decimal, Decimal], ...]  # (milestone, share as a fraction, its part)


def member_part(bid: PricedBid, member: str) -> MemberPart:
    """The part of ``bid`` that belongs to ``member`` (an id of ``bid.members``)."""
    share = next(m for m in bid.members if m.id == member)
    base = [(s.title, x) for s in bid.sections for x in s.lines if x.member == member]
    options = [(o.title, x) for o in bid.options for x in o.lines if x.member == member]
    total = share.cost  # pricing's sum of its section lines' line_cost
    weeks = [x.lead_time_weeks for _, x in base if x.lead_time_weeks is not None]
    parts = spread(total, [m.share for m in bid.payment])
    return MemberPart(
        member=share, lines=tuple(base), option_lines=tuple(options), total=total,
        options_total=sum((x.line_cost for _, x in options), ZERO),
        delivery_weeks=max(weeks) if weeks else None,
        payments=tuple((m.milestone, m.share, part) for m, part in zip(bid.payment, parts, strict=True)),
    )  # fmt: skip


def render_pack(bid: PricedBid, member: str, show_sell: bool = False, language: str | None = None) -> bytes:
    """The work-share workbook of ``member`` as .xlsx bytes (same bid, same bytes).

    ``language`` is the pack's (en, da or de); None: the bid's.
    """
    part, t = member_part(bid, member), labels(language or bid.language)
    strings = SharedStrings()
    sheet = _sheet(bid, part, show_sell, strings, t)
    footer = f"&L{bid.id.replace('&', '&&')} - {part.member.id.replace('&', '&&')}&R{t['footer_page']}"
    xml = sheet.xml(selected=True, footer=footer, drawing=False)
    parts = [SheetPart(sheet.name, xml, (), None)]
    info = BookInfo(title=bid.title, subject=t["pack_subject"].format(name=part.member.name, id=bid.id),
                    created=bid.date, names=())  # fmt: skip
    return package(parts, info, styles_xml(bid.currency, list(bid.rates)), strings.xml(), [])


def _titles(t: Mapping[str, str], currency: str, show_sell: bool) -> list[str]:
    keys = ["pack_col_where", "pack_col_sku", "col_name", "col_unit", "col_qty", "col_price", "col_currency",
            "col_line_cost"]  # fmt: skip
    keys += ["col_markup", "col_unit_sell", "col_line_total"] if show_sell else []
    return [t[k].format(currency=currency) for k in keys]


def _sheet(
    bid: PricedBid, part: MemberPart, show_sell: bool, strings: SharedStrings, t: Mapping[str, str]
) -> Sheet:
    member, cur = part.member, bid.currency
    sheet = Sheet(t["sheet_workshare"], strings, min_widths={1: 24, 3: 30, 7: 18})
    sheet.append([Cell(t["pack_title"].format(name=member.name, id=member.id), Style.TITLE)], height=24,
                 measure=False)  # fmt: skip
    sheet.append([Cell(t["pack_bid"].format(stem=bid.file_stem, title=bid.title), Style.NOTE)], measure=False)
    weeks = part.delivery_weeks
    info: Sequence[tuple[str, Cell]] = (
        (t["info_client"], Cell(bid.client.name, Style.INFO)),
        (t["pack_lead"], Cell(bid.lead.name, Style.INFO)),
        (t["pack_role"], Cell(t["role_lead" if member.id == bid.lead.id else "role_member"], Style.INFO)),
        (t["info_date"], Cell(bid.date, Style.INFO_DATE)),
        (t["info_incoterm"], Cell(bid.incoterm, Style.INFO)),
        (t["pack_currency"], Cell(cur, Style.INFO)),
        (t["pack_weeks"], Cell(weeks if weeks is not None else t["pack_no_weeks"], Style.INFO)),
        (t["info_status"], status_cell(bid, t)),
    )  # fmt: skip
    for label, cell in info:
        sheet.append([Cell(label, Style.BOLD), cell])
    sheet.append([])
    titles = _titles(t, cur, show_sell)
    currency_col = 7  # the catalogue currency, centred: it would touch the price to its left
    numeric = [c for c in range(5, len(titles) + 1) if c != currency_col]
    sheet.append(header(titles, numeric, (currency_col,)), height=30)
    first = sheet.row_count + 1
    options = [(t["pack_option"].format(title=title), line) for title, line in part.option_lines]
    for where, line in (*part.lines, *options):
        row = [Cell(where), Cell(line.sku), Cell(line.name), Cell(line.unit), Cell(line.qty),
               Cell(line.catalogue_price, Style.PRICE), Cell(line.catalogue_currency, Style.FLAG),
               Cell(line.line_cost, Style.MONEY)]  # fmt: skip
        if show_sell:
            row += [Cell(line.markup, Style.PERCENT), Cell(line.unit_sell, Style.MONEY),
                    Cell(line.line_total, Style.MONEY)]  # fmt: skip
        sheet.append(row)
    last = sheet.row_count
    cost = column_letter(8)
    base_rows = len(part.lines)
    total_row = sheet.append([
        Cell(t["pack_total"], Style.BOLD), *[None] * 6,
        formula(f"ROUND(SUM({cost}{first}:{cost}{first + base_rows - 1}),2)" if base_rows else "0",
                part.total, Style.MONEY_TOTAL),
    ])  # fmt: skip
    if part.option_lines:
        sheet.append([Cell(t["pack_options"], Style.BOLD), *[None] * 6,
                      formula(f"ROUND(SUM({cost}{first + base_rows}:{cost}{last}),2)", part.options_total,
                              Style.MONEY_BOLD)])  # fmt: skip
    _payments(sheet, part, total_row, t, cur)
    return sheet


def _payments(sheet: Sheet, part: MemberPart, total_row: int, t: Mapping[str, str], currency: str) -> None:
    """Each milestone's part of the member's total; the last takes the remainder."""
    if not part.payments:
        return
    sheet.append([])
    titles = [t["pack_col_milestone"], t["pack_col_share"], t["pack_col_part"].format(currency=currency)]
    sheet.append(header(titles, (2, 3)), height=30)
    first = sheet.row_count + 1
    for i, (milestone, share, amount) in enumerate(part.payments):
        r = first + i
        expr = (f"ROUND($H${total_row}-SUM(C{first}:C{r - 1}),2)" if i and i == len(part.payments) - 1
                else f"ROUND($H${total_row}*B{r},2)")  # fmt: skip
        sheet.append([Cell(milestone), Cell(share, Style.PERCENT), formula(expr, amount, Style.MONEY)])


def pack_documents(
    bid: PricedBid, stem: str, folder: Path, show_sell: bool = False, language: str | None = None
) -> dict[str, tuple[Path, bytes]]:
    """Every member's pack, by output key (``workshare-<member id>``): its path and its bytes."""
    return {
        f"workshare-{m.id}": (folder / f"{stem}-workshare-{m.id}.xlsx",
                              render_pack(bid, m.id, show_sell, language))
        for m in bid.members
    }  # fmt: skip

