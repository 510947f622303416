"""The cost workbook: live formulas a cost engineer can work in, cached with the engine's figures.

Sheets: Summary (inputs and totals), Lines (every priced line), Sections,
Members, Options, Client view (the internal figures reconciled with the
client's schedule), Rates, Bundles, Origin (where the value comes from) and CO2e;
docs/workbook.md says what each is for.
Sheet names, headers and notes are in the bid's language (:mod:`.labels`).
The workbook is written as SpreadsheetML text (see :mod:`.xmltext`) because no
library writes a formula together with its cached value quickly enough for a
ten-thousand-line bid.
"""

from __future__ import annotations

from bidkit.outputs.workbook.bundles import bundles_sheet
from bidkit.outputs.workbook.chart import Chart, chart_xml, drawing_xml
from bidkit.outputs.workbook.client import client_sheet
from bidkit.outputs.workbook.co2e import co2e_chart, co2e_sheet
from bidkit.outputs.workbook.layout import CO2E, SUMMARY, Layout
from bidkit.outputs.workbook.lines import lines_sheet
from bidkit.outputs.workbook.origin import origin_sheet
from bidkit.outputs.workbook.package import BookInfo, SheetPart, package
from bidkit.outputs.workbook.sheet import Sheet
from bidkit.outputs.workbook.styles import styles_xml
from bidkit.outputs.workbook.summary import summary_sheet
from bidkit.outputs.workbook.tables import (
    chart_ranges,
    members_sheet,
    options_sheet,
    rates_sheet,
    sections_sheet,
)
from bidkit.outputs.workbook.xmltext import SharedStrings, column_letter
from bidkit.pricing.model import PricedBid


def _charts(layout: Layout) -> list[Chart]:
    """Cost by section and cost by member, one above the other, right of the Summary's figures."""
    bid, ranges, t = layout.bid, chart_ranges(layout), layout.t
    top = layout.inputs["heading"] - 1
    height = max(14, len(bid.sections) + 8, len(bid.members) + 8)
    series, lang = t["cost"], layout.chart_lang
    return [
        Chart(t["chart_sections"].format(currency=bid.currency), series, *ranges["section"],
              [s.title for s in bid.sections], [s.cost for s in bid.sections], (4, top, 10, top + height),
              lang),
        Chart(t["chart_members"].format(currency=bid.currency), series, *ranges["member"],
              [m.name for m in bid.members], [m.cost for m in bid.members],
              (4, top + height + 1, 10, top + 2 * height + 1), lang),
    ]  # fmt: skip


def _part(sheet: Sheet, index: int, layout: Layout, charts: list[str]) -> SheetPart:
    bid_id = layout.bid.id.replace("&", "&&")
    footer = f"&L{bid_id}&C&A&R{layout.t['footer_page']}"
    titles = [f"${c}:${c}" for c in sheet.title_columns]
    titles += [f"$1:${sheet.header_rows}"] if sheet.header_rows else []
    last_col = column_letter(sheet.max_col)
    filter_range = f"$A$1:${last_col}${sheet.row_count}" if sheet.autofilter else None
    xml = sheet.xml(selected=index == 0, footer=footer, drawing=bool(charts))
    return SheetPart(sheet.name, xml, titles, filter_range, charts)


def render_workbook(bid: PricedBid) -> bytes:
    """The cost workbook of a priced bid as .xlsx bytes (same bid, same bytes)."""
    layout = Layout.of(bid)
    strings = SharedStrings()
    builders = (summary_sheet, lines_sheet, sections_sheet, members_sheet, options_sheet, client_sheet,
                rates_sheet, bundles_sheet, origin_sheet, co2e_sheet)  # fmt: skip
    sheets = [build(layout, strings) for build in builders]
    charts = {layout.name(SUMMARY): _charts(layout), layout.name(CO2E): [co2e_chart(layout)]}
    parts = [
        _part(sheet, i, layout, [chart_xml(c) for c in charts.get(sheet.name, [])])
        for i, sheet in enumerate(sheets)
    ]
    info = BookInfo(title=bid.title, subject=layout.t["subject"].format(id=bid.id), created=bid.date,
                    names=layout.defined_names())  # fmt: skip
    drawings = [drawing_xml(charts[sheet.name]) for sheet in sheets if sheet.name in charts]
    return package(parts, info, styles_xml(bid.currency, list(bid.rates)), strings.xml(), drawings)


__all__ = ["render_workbook"]
