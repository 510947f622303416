"""The review workbook of `bidkit diff --xlsx`: numbers, a change column, field names, page setup."""

from __future__ import annotations

import io
from decimal import Decimal as D
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.outputs.diff_report import diff_workbook
from bidkit.review.diff import Diff, FigureChange


@pytest.fixture(scope="module")
def sheet() -> Any:
    diff = Diff(
        currency="EUR",
        removed=[{"group": "section", "group_id": "network", "bundle": "", "ref": "isopipe/BEND-100",
                  "name": "Pre-insulated bend DN100", "line_total": "5698.56"}],
        added=[{"group": "option", "group_id": "scada", "ref": "nordheat/GW-2", "name": "Gateway",
                "line_total": 1250.5}],
        changed=[
            ({"group_id": "substations", "bundle": "substation-150", "ref": "pumpco/CP-40", "name": "Pump"},
             {"qty": ("240", "3000"), "catalogue_price": ("5620.00", "5590.1234"), "markup": ("0.08", "0.075"),
              "unit_sell": ("813.93", "810.16"), "line_total": ("195343.20", "2430480.00")}),
            ({"group_id": "services", "ref": "Site supervision", "name": "Site supervision"},
             {"unit_cost": ("n/a", "950.00")}),
        ],
        sections=[FigureChange("network", "Service pipe connections", D("236438.16"), D("230739.60")),
                  FigureChange("services", "Installation", D("79420.16"), D("79420.16"))],
        members=[FigureChange("isopipe", "IsoPipe Denmark A/S", D("236438.16"), D("230739.60"))],
        totals=[FigureChange("subtotal", "subtotal", D("1089791.12"), D("1084092.56")),
                FigureChange("total", "total", D("1100000.00"), D("1094300.00"))],
    )  # fmt: skip
    return load_workbook(io.BytesIO(diff_workbook(diff)))["Changes"]


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_header_and_field_names_as_a_reader_names_them(sheet: Any) -> None:
    rows = _rows(sheet)
    assert rows[0] == ("Kind", "Section/option", "Bundle", "Reference", "Name", "Field", "Old", "New", "Change",
                       "Comment")  # fmt: skip
    assert [r[5] for r in rows[1:]] == [
        "Line total", "Line total", "Qty", "Catalogue price", "Markup", "Unit sell", "Line total", "Unit cost",
        "Subtotal", "Sell", "Amount", "Amount",
    ]
    assert not any("_" in str(r[5]) for r in rows[1:])
    # The unchanged section is left out; the totals are named, not given as raw keys.
    assert [(r[0], r[1], r[4]) for r in rows[9:]] == [
        ("section", "network", "Service pipe connections"), ("member", "isopipe", "IsoPipe Denmark A/S"),
        ("total", None, "Subtotal"), ("total", None, "Total"),
    ]


def test_amounts_are_numbers_with_their_change(sheet: Any) -> None:
    rows = {(r[0], r[3], r[5]): r[6:9] for r in _rows(sheet)[1:]}
    assert rows[("removed", "isopipe/BEND-100", "Line total")] == (5698.56, None, -5698.56)
    assert rows[("added", "nordheat/GW-2", "Line total")] == (None, 1250.5, 1250.5)
    assert rows[("changed", "pumpco/CP-40", "Qty")] == (240, 3000, 2760)
    assert rows[("changed", "pumpco/CP-40", "Markup")] == (0.08, 0.075, -0.005)
    assert rows[("changed", "pumpco/CP-40", "Line total")] == (195343.2, 2430480, 2235136.8)
    assert rows[("total", None, "Amount")] == (1100000, 1094300, -5700)
    # A value that is no number stays text, and then there is no change to compute.
    assert rows[("changed", "Site supervision", "Unit cost")] == ("n/a", 950, None)
    cells = [c for row in sheet.iter_rows(min_row=2, min_col=7, max_col=9) for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"n", "s"} and [c.value for c in cells if c.data_type == "s"] == ["n/a"]


def test_number_formats_follow_the_field(sheet: Any) -> None:
    formats = {(r[0].value, r[3].value, r[5].value): (r[6].number_format, r[8].number_format)
               for r in sheet.iter_rows(min_row=2)}  # fmt: skip
    money = '#,##0.00 "EUR"'
    assert formats[("removed", "isopipe/BEND-100", "Line total")][1] == money
    assert formats[("changed", "pumpco/CP-40", "Qty")] == ("#,##0", "#,##0")  # 3,000 with its separator
    assert formats[("changed", "pumpco/CP-40", "Catalogue price")] == ("#,##0.00##", "#,##0.00##")
    assert formats[("changed", "pumpco/CP-40", "Markup")] == ("0.00##%", "0.00##%")
    assert formats[("changed", "pumpco/CP-40", "Unit sell")] == (money, money)
    assert formats[("section", None, "Subtotal")] == (money, money)


def test_prints_landscape_fitted_to_the_width_with_the_header_on_every_page(sheet: Any) -> None:
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
    assert sheet.oddFooter.right.text == "Page &P of &N" and sheet.oddFooter.center.text == "&A"
    assert sheet.auto_filter.ref == "A1:J13"
    assert sheet["J2"].alignment.wrap_text  # room for the reviewer's comment
