"""The CO2e sheet: embodied CO2e by section, option and member, as formulas over the Lines sheet.

Each figure is ``SUMPRODUCT`` of quantity times CO2e per unit over the matching lines (a line
without a figure has an empty cell and adds nothing), not rounded, as the JSON summary gives it
(docs/pricing.md, "CO2e").  The coverage is the share of section lines with a figure.  A native
bar chart draws the sections' figures from this sheet.  Figures show thousands separators and
their own decimals, like the Lines sheet's quantities.  Labels, the sheet's name and the line kinds
the formulas match are in the bid's language (:mod:`.labels`).
"""

from __future__ import annotations

from decimal import Decimal

from bidkit.money import HUNDRED
from bidkit.outputs.workbook.chart import Chart
from bidkit.outputs.workbook.layout import CO2E, Layout
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header, share_of
from bidkit.outputs.workbook.styles import Style, count_xf
from bidkit.outputs.workbook.xmltext import SharedStrings, sheet_ref

SECTIONS_FIRST = 3  # the first section's row: a title row, then the header


def _kg(expr: str, cached: Decimal) -> Cell:
    """A CO2e figure: thousands separators and the figure's own decimals."""
    return formula(expr, cached, count_xf(cached))


def co2e_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, t = layout.bid, layout.t
    kind, group = layout.lines_range("kind"), layout.lines_range("group")
    member, qty, co2e = layout.lines_range("member"), layout.lines_range("qty"), layout.lines_range("co2e")
    weight = f"{qty}*{co2e}"
    section, option = f"({kind}={layout.kind('section')})", f"({kind}={layout.kind('option')})"
    sheet = Sheet(layout.name(CO2E), strings, min_widths={1: 16, 2: 30})
    sheet.append([Cell(t["co2e_title"], Style.TITLE)], height=24, measure=False)
    sheet.append(header([t["col_section"], t["col_title"], t["co2e_col"]], (3,)), height=30)
    for s in bid.sections:
        r = sheet.row_count + 1
        sheet.append([Cell(s.id), Cell(s.title),
                      _kg(f"SUMPRODUCT({section}*EXACT({group},$A{r})*{weight})", s.co2e_kg)])
    last = sheet.row_count
    sheet.append([Cell(t["total"], Style.BOLD), None, _kg(f"SUM(C{SECTIONS_FIRST}:C{last})", bid.co2e_kg)])
    with_figure = f"SUMPRODUCT({section}*ISNUMBER({co2e}))"
    count = f"SUMPRODUCT(--{section})"
    sheet.append([Cell(t["co2e_coverage"], Style.BOLD), Cell(t["co2e_coverage_note"], Style.NOTE),
                  formula(share_of(with_figure, count), bid.co2e_coverage / HUNDRED,
                          Style.PERCENT)])  # fmt: skip
    if bid.options:
        sheet.append([])
        sheet.append(header([t["col_option"], t["col_title"], t["co2e_col"]], (3,)), height=30)
        for o in bid.options:
            r = sheet.row_count + 1
            expr = f"SUMPRODUCT({option}*EXACT({group},$A{r})*{weight})"
            sheet.append([Cell(o.id), Cell(o.title), _kg(expr, o.co2e_kg)])
    sheet.append([])
    sheet.append(header([t["col_member"], t["col_name"], t["co2e_col"]], (3,)), height=30)
    for m in bid.members:
        r = sheet.row_count + 1
        sheet.append([Cell(m.id), Cell(m.name),
                      _kg(f"SUMPRODUCT({section}*EXACT({member},$A{r})*{weight})", m.co2e_kg)])
    return sheet


def co2e_chart(layout: Layout) -> Chart:
    """CO2e by section, right of the sheet's tables, its texts in the bid's language."""
    bid, t, name = layout.bid, layout.t, sheet_ref(layout.name(CO2E))
    last = SECTIONS_FIRST + len(bid.sections) - 1
    titles, values = f"{name}!$B${SECTIONS_FIRST}:$B${last}", f"{name}!$C${SECTIONS_FIRST}:$C${last}"
    return Chart(
        t["chart_co2e"], t["co2e_col"], titles, values,
        [s.title for s in bid.sections], [s.co2e_kg for s in bid.sections],
        (4, 1, 11, max(16, len(bid.sections) + 8)), layout.chart_lang,
    )  # fmt: skip
