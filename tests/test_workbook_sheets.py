"""What each sheet of the cost workbook shows and how it prints: labels, number formats, page setup."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal as D
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import EXAMPLE
from tests.recalc import exact, table


@pytest.fixture(scope="module")
def priced() -> PricedBid:
    return price_bid(EXAMPLE / "bid.yaml")[0]


def _book(priced: PricedBid, data_only: bool = False) -> Any:
    return load_workbook(io.BytesIO(render_workbook(priced)), data_only=data_only)


def _column(ws: Any, title: str) -> list[Any]:
    """The cells of the column whose header (row 1) is ``title``, header excluded."""
    col = next(c.column for c in ws[1] if c.value == title)
    return [ws.cell(r, col) for r in range(2, ws.max_row + 1)]


def test_lines_print_at_full_size_over_as_many_pages_as_needed(priced: PricedBid) -> None:
    lines = _book(priced)["Lines"]
    assert lines.page_setup.orientation == "landscape" and lines.page_setup.paperSize == 9
    # Not squeezed onto one page width (that made 4-5 pt text): no fit-to-page, full scale.
    assert lines.sheet_properties.pageSetUpPr is None or not lines.sheet_properties.pageSetUpPr.fitToPage
    assert lines.page_setup.fitToWidth is None and lines.page_setup.scale is None
    assert lines.page_setup.pageOrder == "overThenDown"  # a block of lines across, then the next
    # Every page repeats the header row, and the reference column says which line a page shows.
    assert lines.print_title_rows == "$1:$1"
    assert lines.print_title_cols == "$E:$E" and lines["E1"].value == "Reference"


def test_the_bid_file_position_is_not_in_the_workbook(priced: PricedBid) -> None:
    lines = _book(priced)["Lines"]
    heads = [c.value for c in lines[1]]
    assert heads[-3:] == ["Lead time (weeks)", "Origin", "CO2e kg per unit"]
    assert lines.max_column == 22 and not any("line:col" in str(h) for h in heads)
    assert all(c.value != priced.lines[0].source for row in lines.iter_rows() for c in row)


def test_quantities_have_thousands_separators_and_their_own_decimals(priced: PricedBid) -> None:
    wb = _book(priced)
    qty = {c.value: c.number_format for c in _column(wb["Lines"], "Qty")}
    assert qty[3000] == "#,##0" and qty[120] == "#,##0"  # shown 3,000 as in the proposal
    co2e = {c.value: c.number_format for c in _column(wb["Lines"], "CO2e kg per unit") if c.value}
    assert co2e[31.5] == "#,##0.0" and co2e[4.1] == "#,##0.0" and co2e[210] == "#,##0"
    lead = {c.number_format for c in _column(wb["Lines"], "Lead time (weeks)") if c.value}
    assert lead == {"#,##0"}
    bundles = {c.value: c.number_format for c in _column(wb["Bundles"], "Qty per bundle") if c.value}
    assert bundles == {1: "#,##0", 2: "#,##0", 25: "#,##0", 3: "#,##0"}
    sections = wb["Sections"]
    assert [c.number_format for c in sections["C"][1:]] == ["#,##0"] * 4  # lines per section, and in all
    round_to = _summary_cell(wb, "Round the total to (EUR)")
    assert (round_to.value, round_to.number_format) == (100, "#,##0")  # 1,000 would show as such
    nickel = _summary_cell(_book(replace(priced, round_to=D("0.05"))), "Round the total to (EUR)")
    assert (nickel.value, nickel.number_format) == (0.05, "General")
    odd = replace(priced.sections[0].lines[0], qty=D("1234.125"))
    bid = replace(priced, sections=(replace(priced.sections[0], lines=(odd,)), *priced.sections[1:]))
    assert _book(bid)["Lines"]["J2"].number_format == "#,##0.000"


def test_exchange_rates_say_what_they_mean(priced: PricedBid) -> None:
    wb = _book(priced)
    rates = wb["Rates"]
    assert [c.value for c in rates[1]] == ["Currency", "Exchange rate", "Note"]
    assert rates["A3"].value == "DKK" and exact(rates["B3"].value) == D("0.1341")
    # The cell keeps the number; its format shows it as 1 DKK = 0.1341 EUR.
    assert rates["B3"].number_format == '"1 DKK = "0.0000######" EUR"'
    assert rates["B2"].number_format == '"1 EUR = "0.0000######" EUR"'
    assert rates["B3"].fill.fgColor.rgb == "FFFFF2CC" and rates["B2"].fill.fill_type is None  # input / fixed
    assert rates.column_dimensions["B"].width >= len("1 DKK = 0.1341 EUR")
    lines = wb["Lines"]
    assert lines["M1"].value == "Exchange rate"
    formats = {(c.value, c.number_format) for c in _column(lines, "Exchange rate")}
    assert formats == {("=Rates!$B$2", '"1 EUR = "0.0000######" EUR"'),
                       ("=Rates!$B$3", '"1 DKK = "0.0000######" EUR"')}  # fmt: skip


def test_bundle_ids_are_not_cut_off(priced: PricedBid) -> None:
    bundles = _book(priced)["Bundles"]
    ids = [c.value for c in bundles["A"][1:] if c.value]
    assert ids == ["substation-150", "service-connection"]
    assert bundles.column_dimensions["A"].width >= len("service-connection") + 1


def _summary_cell(wb: Any, label: str) -> Any:
    return next(r[1] for r in wb["Summary"].iter_rows() if r[0].value == label)


def _summary(wb: Any) -> dict[str, Any]:
    return {r[0].value: r[1].value for r in wb["Summary"].iter_rows(max_col=2) if r[0].value}


def test_summary_has_no_empty_revision_row(priced: PricedBid) -> None:
    assert priced.revision is None
    rows = [c.value for c in _book(priced)["Summary"]["A"][3:12]]
    assert rows == ["Bid", "Client", "Tender reference", "Bid date", "Currency", "Exchange rates taken",
                    "Delivery terms", "Valid for", "Status"]  # fmt: skip
    summary = _summary(_book(replace(priced, revision="B", tender_ref="")))
    assert summary["Revision"] == "B" and "Tender reference" not in summary  # no empty row either


def test_member_markups_are_labelled_with_the_member_name(priced: PricedBid) -> None:
    ws = _book(priced)["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value and "PumpCo" in r[0].value)
    assert [c.value for c in row[:3]] == [
        "Markup for PumpCo Nordic ApS (sample)", 0.08, "member pumpco, unless a line or category markup applies"
    ]
    assert not any(str(c.value).startswith("Markup for member") for c in ws["A"] if c.value)


def test_members_total_row_shows_the_whole_subtotal(priced: PricedBid) -> None:
    wb = _book(priced, data_only=True)
    total = table(wb, "Members")["Total"]
    assert total["Share of subtotal"] == 1 and exact(total["Sell EUR"]) == priced.subtotal
    ws = _book(priced)["Members"]
    last = ws.max_row
    assert ws.cell(last, 7).value == f"=IF(Subtotal=0,0,ROUND(F{last}/Subtotal,4))"
    assert ws.cell(last, 7).number_format == "0.00%" and ws.cell(last, 7).font.b
