"""The CO2e sheet: embodied CO2e by section, option and member, as formulas over the Lines sheet.

Each figure is ``SUMPRODUCT`` of quantity times CO2e per unit over the matching lines (a line
without a figure has an empty cell and adds nothing), not rounded, as the JSON summary gives it
(docs/pricing.md, "CO2e").  The coverage is the share of section lines with a figure.  A native
bar chart draws the sections' figures from this sheet.
"""

from __future__ import annotations

from bidkit.money import HUNDRED
from bidkit.outputs.workbook.chart import Chart
from bidkit.outputs.workbook.layout import Layout
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings

CO2E = "CO2e"
SECTIONS_FIRST = 3  # the first section's row: a title row, then the header


def co2e_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid = layout.bid
    kind, group = layout.lines_range("kind"), layout.lines_range("group")
    member, qty, co2e = layout.lines_range("member"), layout.lines_range("qty"), layout.lines_range("co2e")
    weight = f"{qty}*{co2e}"
    sheet = Sheet(CO2E, strings, min_widths={1: 16, 2: 30})
    title = "Embodied CO2e (kg CO2 equivalent, from the catalogues' figures per unit)"
    sheet.append([Cell(title, Style.TITLE)], height=24, measure=False)
    sheet.append(header(["Section", "Title", "CO2e kg"], (3,)), height=30)
    for s in bid.sections:
        r = sheet.row_count + 1
        sheet.append([Cell(s.id), Cell(s.title),
                      formula(f"SUMPRODUCT(({kind}=\"Section\")*EXACT({group},$A{r})*{weight})", s.co2e_kg)])
    last = sheet.row_count
    sheet.append([Cell("Total", Style.BOLD), None,
                  formula(f"SUM(C{SECTIONS_FIRST}:C{last})", bid.co2e_kg, Style.BOLD)])  # fmt: skip
    r = sheet.row_count + 1
    with_figure = f'SUMPRODUCT(({kind}="Section")*ISNUMBER({co2e}))'
    count = f'SUMPRODUCT(--({kind}="Section"))'
    sheet.append([Cell("Coverage", Style.BOLD), Cell("section lines with a CO2e figure", Style.NOTE),
                  formula(f"IF({count}=0,0,ROUND({with_figure}/{count},4))", bid.co2e_coverage / HUNDRED,
                          Style.PERCENT)])  # fmt: skip
    if bid.options:
        sheet.append([])
        sheet.append(header(["Option", "Title", "CO2e kg"], (3,)), height=30)
        for o in bid.options:
            r = sheet.row_count + 1
            expr = f"SUMPRODUCT(({kind}=\"Option\")*EXACT({group},$A{r})*{weight})"
            sheet.append([Cell(o.id), Cell(o.title), formula(expr, o.co2e_kg)])
    sheet.append([])
    sheet.append(header(["Member", "Name", "CO2e kg"], (3,)), height=30)
    for m in bid.members:
        r = sheet.row_count + 1
        sheet.append([Cell(m.id), Cell(m.name),
                      formula(f"SUMPRODUCT(({kind}=\"Section\")*EXACT({member},$A{r})*{weight})", m.co2e_kg)])
    return sheet


def co2e_chart(layout: Layout) -> Chart:
    """CO2e by section, right of the sheet's tables."""
    bid = layout.bid
    last = SECTIONS_FIRST + len(bid.sections) - 1
    titles, values = f"{CO2E}!$B${SECTIONS_FIRST}:$B${last}", f"{CO2E}!$C${SECTIONS_FIRST}:$C${last}"
    return Chart(
        "CO2e by section (kg)", "CO2e kg", titles, values,
        [s.title for s in bid.sections], [s.co2e_kg for s in bid.sections],
        (4, 1, 11, max(16, len(bid.sections) + 8)),
    )  # fmt: skip
