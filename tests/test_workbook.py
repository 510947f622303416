"""The cost workbook as written: sheets, live formulas, cached engine figures, safe text, layout."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import build, price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import RISKY_NAMES, ROOT, write_bid, write_catalogue, write_generated_bid
from tests.recalc import exact, named, reconcile, table

EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"
SHEETS = ["Summary", "Lines", "Sections", "Members", "Options", "Client view", "Rates", "Bundles", "Origin",
          "CO2e"]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[PricedBid, Path]:
    result = build(EXAMPLE, tmp_path_factory.mktemp("out"))
    return result.priced, result.outputs["costs"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[PricedBid, Path]:
    root = tmp_path_factory.mktemp("generated")
    result = build(write_generated_bid(root), root / "out")
    return result.priced, result.outputs["costs"]


def test_sheets_in_order_with_summary_first(example: tuple[PricedBid, Path]) -> None:
    wb = load_workbook(example[1])
    assert wb.sheetnames == SHEETS
    assert wb.active.title == "Summary"


@pytest.mark.parametrize("which", ["example", "generated"])
def test_cached_values_are_the_engine_figures(which: str, request: pytest.FixtureRequest) -> None:
    priced, path = request.getfixturevalue(which)
    wb = load_workbook(path, data_only=True)
    assert reconcile(wb, priced) == []
    assert exact(named(wb, "Total")) == priced.total  # reconcile checks this too; here it is in plain sight


def test_every_amount_is_a_formula(example: tuple[PricedBid, Path]) -> None:
    wb = load_workbook(example[1])
    names = ("Subtotal", "Contingency", "Discount", "BeforeRounding", "Rounding", "Total", "Cost", "Margin",
             "MarginPct")  # fmt: skip
    assert all(str(named(wb, n)).startswith("=") for n in names)
    assert named(wb, "Contingency") == "=ROUND(Subtotal*ContingencyRate,2)"
    assert named(wb, "Rounding") == (
        "=IF(RoundTo>0,ROUND(ROUND(ROUND(BeforeRounding/RoundTo,0)*RoundTo,2)-BeforeRounding,2),0)"
    )
    lines = wb["Lines"]
    head = [c.value for c in lines[1]]
    row = {h: c.value for h, c in zip(head, lines[2], strict=True)}
    assert row["Unit cost EUR"] == "=ROUND(K2*M2,2)"  # catalogue price x rate
    assert row["Unit sell EUR"] == "=ROUND(N2*(1+O2),2)"  # unit cost x (1 + markup)
    assert row["Line cost EUR"] == "=ROUND(J2*N2,2)"
    assert row["Line total EUR"] == "=ROUND(J2*Q2,2)"
    assert row["Exchange rate"] == "=Rates!$B$3"  # DKK, from the Rates sheet
    assert wb["Rates"]["A3"].value == "DKK" and exact(wb["Rates"]["B3"].value) == D("0.1341")
    for sheet in ("Sections", "Members", "Options"):
        ws = wb[sheet]
        cols = [c.column for c in ws[1] if "EUR" in c.value or c.value in ("Lines", "Share of subtotal")]
        amounts = [ws.cell(r, c) for r in range(2, ws.max_row + 1) for c in cols if ws.cell(r, c).value]
        assert amounts and all(c.data_type == "f" for c in amounts), sheet


def test_markups_link_to_the_input_that_chose_them(example: tuple[PricedBid, Path]) -> None:
    priced, path = example
    wb = load_workbook(path)
    lines = wb["Lines"]
    summary = {r[0].value: r[1].coordinate for r in wb["Summary"].iter_rows() if r[0].value}
    expected = {
        "default": "=DefaultMarkup",
        "member": "=Summary!$B${}".format(summary["Markup for PumpCo Nordic ApS (sample)"][1:]),
        "category": "=Summary!$B${}".format(summary["Markup for category Services"][1:]),
    }
    seen = set()
    for r, line in enumerate(priced.lines + priced.option_lines, start=2):
        cell = lines.cell(r, 15)
        if line.markup_source == "line":
            assert exact(cell.value) == line.markup and cell.data_type == "n"  # an input on the row
        else:
            assert cell.value == expected[line.markup_source], (r, line.ref)
        seen.add(line.markup_source)
    assert seen == {"line", "default", "member", "category"}
    inputs = {n: exact(named(wb, n)) for n in ("DefaultMarkup", "ContingencyRate", "DiscountRate", "RoundTo")}
    assert inputs == {"DefaultMarkup": D("0.12"), "ContingencyRate": D("0.03"), "DiscountRate": D("0.02"),
                      "RoundTo": D(100)}  # fmt: skip


def test_catalogue_text_is_text_never_a_formula(generated: tuple[PricedBid, Path]) -> None:
    wb = load_workbook(generated[1])
    names = {}
    for row in wb["Lines"].iter_rows(min_row=2):
        names.setdefault(row[5].value, row[5])
    risky = [n for n in RISKY_NAMES if not n.startswith("_x")]
    for text in risky:
        cell = names[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix == (text[0] in "=+-@"), text
    assert not any(c.data_type == "f" for c in wb["Lines"]["F"])
    client = wb["Summary"]["B5"]
    assert (client.value, client.data_type, client.quotePrefix) == ("=Client & Co <test>", "s", True)
    assert wb["Sections"]["B4"].value == "+Controls" and wb["Sections"]["B4"].quotePrefix


def test_text_that_xml_cannot_carry_is_replaced_visibly(example: tuple[PricedBid, Path]) -> None:
    priced, _ = example
    first = priced.sections[0]
    odd = replace(first.lines[0], name="bad\x01char\ttab", description="keep _x0041_ as is", category="x" * 40000)
    section = replace(first, lines=(odd, *first.lines[1:]))
    bid = replace(priced, sections=(section, *priced.sections[1:]))
    wb = load_workbook(io.BytesIO(render_workbook(bid)))
    assert wb["Lines"]["F2"].value == "bad\ufffdchar\ttab"
    category = wb["Lines"]["H2"].value
    assert len(category) == 32767 and category.endswith("x [cut: 40000 characters in all]")  # Excel's limit
    with zipfile.ZipFile(io.BytesIO(render_workbook(bid))) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
    # Excel and LibreOffice read _xHHHH_ as a character code; the literal text is escaped for them.
    assert "keep _x005F_x0041_ as is" in strings


def test_same_bid_same_bytes(example: tuple[PricedBid, Path]) -> None:
    priced, _ = example
    assert render_workbook(priced) == render_workbook(priced)


def test_view_print_and_names(example: tuple[PricedBid, Path]) -> None:
    wb = load_workbook(example[1])
    lines = wb["Lines"]
    assert lines.freeze_panes == "A2"
    assert lines.auto_filter.ref == f"A1:V{len(example[0].lines + example[0].option_lines) + 1}"
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        if ws.title != "Lines":  # the small sheets fit the page width
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
            assert ws.page_setup.fitToHeight == 0
    assert lines.column_dimensions["F"].width > 20  # names fit
    assert lines.cell(2, 19).number_format == '#,##0.00 "EUR"'
    assert {"LinesGroup", "LinesTotal", "Total", "ContingencyRate"} <= set(wb.defined_names)


def test_cost_charts_by_section_and_member(example: tuple[PricedBid, Path]) -> None:
    with zipfile.ZipFile(example[1]) as zf:
        charts = sorted(n for n in zf.namelist() if n.startswith("xl/charts/"))
        texts = [zf.read(n).decode() for n in charts]
    assert len(texts) == 3  # the third is the CO2e sheet's (tests/test_workbook_content.py)
    assert "<c:f>Sections!$B$2:$B$4</c:f>" in texts[0] and "<c:f>Sections!$D$2:$D$4</c:f>" in texts[0]
    assert "<c:f>Members!$B$2:$B$5</c:f>" in texts[1] and "<c:f>Members!$E$2:$E$5</c:f>" in texts[1]
    assert "Cost by section (EUR)" in texts[0] and "696408" in texts[0]


def test_no_round_to_means_a_blank_input_and_no_rounding(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "pcs", 19.99, None, 4, "DK", 1]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, """
        pricing: {markup: 12%}
        sections: [{id: s, title: S, items: [{item: alpha/A, qty: 7}]}]
        """)  # fmt: skip
    priced, _ = price_bid(bid)
    wb = load_workbook(io.BytesIO(render_workbook(priced)), data_only=True)
    assert named(wb, "RoundTo") is None and named(wb, "Rounding") == 0
    assert exact(named(wb, "Total")) == D("156.73")
    assert table(wb, "Options") == {"This bid has no options.": {"Option": "This bid has no options.",
            "Title": None, "Lines": None, "Cost EUR": None, "Subtotal EUR": None,
            "Contingency EUR": None, "Discount EUR": None, "Total EUR": None}}  # fmt: skip
