"""Spreadsheets as member firms really write them: headers, text prices, dates, and exact cells."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bidkit.catalogue import load_catalogue, load_catalogues
from bidkit.catalogue.contract.model import Component
from tests.helpers import write_catalogue

HEAD = ["sku", "name", "unit", "unit_price", "currency"]


def load(path: Path) -> tuple[dict[str, Component], list[str]]:
    catalogue, problems = load_catalogue(path, path.name)
    return (catalogue.components if catalogue else {}), [str(p) for p in problems]


def one_price(tmp_path: Path, price: Any, currency: Any = None, member_currency: str = "DKK") -> list[str]:
    path = write_catalogue(tmp_path / "cat.xlsx", [["A", "Alpha", "pcs", price, currency]], head=HEAD,
                           member={"id": "cat", "name": "Cat A/S", "currency": member_currency})  # fmt: skip
    return load(path)[1]


def test_danish_headers_any_case_extra_spaces_and_a_title_above(tmp_path: Path) -> None:
    head = ["  VARENUMMER ", "Betegnelse", "beskrivelse", "Kategori", "ENHED", "Enhedspris", "Valuta",
            "Leveringstid (uger)", "Oprindelsesland", "Vægt (kg)", "CO₂e (kg)", "Mærke"]  # fmt: skip
    row = ["P-1", "Pumpe", "EC-motor", "Pumper", "stk", "1.234,50", "", 6, "dk", "12,5", 40, "Grundfos"]
    path = write_catalogue(tmp_path / "cat.xlsx", [row], head=head,
                           above_header=[["PumpCo ApS: prisliste 2027"], [], ["Alle priser ekskl. moms"]])  # fmt: skip
    components, problems = load(path)
    assert problems == []
    comp = components["P-1"]
    assert (comp.name, comp.description, comp.category, comp.unit) == ("Pumpe", "EC-motor", "Pumper", "stk")
    assert (comp.unit_price, comp.currency, comp.lead_time_weeks) == (D("1234.50"), "DKK", 6)
    assert (comp.origin_country, comp.weight_kg, comp.co2e_kg) == ("DK", D("12.5"), D(40))
    assert comp.extra == {"Mærke": "Grundfos"}
    assert comp.row == 5
    assert all(type(v) is D for v in (comp.unit_price, comp.weight_kg, comp.co2e_kg))


def test_danish_sheet_names_are_read(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Medlem"
    for row in (["Felt", "Værdi"], ["Medlems-id", "pumpco"], ["Firmanavn", "PumpCo"], ["Valuta", "dkk"]):
        wb.active.append(row)
    comp = wb.create_sheet("Komponenter")
    comp.append(["Varenummer", "Navn", "Enhed", "Pris"])
    comp.append(["A", "Alfa", "stk", 10])
    breaks = wb.create_sheet("Mængderabat")
    breaks.append(["Varenummer", "Fra antal", "Enhedspris"])
    breaks.append(["A", 10, "9,50"])
    wb.save(tmp_path / "pumpco.xlsx")
    catalogue, problems = load_catalogue(tmp_path / "pumpco.xlsx")
    assert problems == []
    assert catalogue is not None
    assert (catalogue.member.id, catalogue.member.currency, catalogue.sheet) == (
        "pumpco",
        "DKK",
        "Komponenter",
    )
    assert catalogue.components["A"].price_for(D(10)) == D("9.50")


@pytest.mark.parametrize(
    ("price", "currency", "expected"),
    [
        ("1.234,50", None, D("1234.50")),
        ("1 234,50", None, D("1234.50")),
        ("1\u00a0234,50", None, D("1234.50")),
        ("1,234.50", None, D("1234.50")),
        ("kr. 1.234,50", None, D("1234.50")),
        ("€ 950", "EUR", D("950.00")),
        ("950,-", None, D("950.00")),
        (19.99, None, D("19.99")),
        (19.989999999999998, None, D("19.99")),  # float noise, not a fraction of a cent
        (5, None, D("5.00")),
    ],
)
def test_prices_as_people_write_them(tmp_path: Path, price: Any, currency: Any, expected: D) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", [["A", "Alpha", "pcs", price, currency]], head=HEAD)
    components, problems = load(path)
    assert problems == []
    assert components["A"].unit_price == expected


@pytest.mark.parametrize(
    ("price", "currency", "message"),
    [
        ("1,234", None, "cat.xlsx:Components!D2: unit_price '1,234' is ambiguous: it could be 1234 or 1.234; "
                        "type it as a number, or write the decimals too (1.234,00 or 1,234.00)"),
        ("1.234", None, "cat.xlsx:Components!D2: unit_price '1.234' is ambiguous: it could be 1234 or 1.234; "
                        "type it as a number, or write the decimals too (1.234,00 or 1,234.00)"),
        ("€ 950", None, "cat.xlsx:Components!D2: unit_price '€ 950' is in EUR but the catalogue's currency "
                        "(Member sheet) is DKK; write the price in DKK or give the row its own currency"),
        ("kr. 950", "EUR", "cat.xlsx:Components!D2: unit_price 'kr. 950' is in DKK/ISK/NOK/SEK but the row's "
                           "currency is EUR; write the price in EUR or give the row its own currency"),
        ("ca. 950", None, "cat.xlsx:Components!D2: unit_price 'ca. 950' is not a number"),
        ("12,345", None, "cat.xlsx:Components!D2: unit_price '12,345' is ambiguous: it could be 12345 or "
                         "12.345; type it as a number, or write the decimals too (12.345,00 or 12,345.00)"),
        (-5, None, "cat.xlsx:Components!D2: unit_price -5 is negative"),
        (19.999, None, "cat.xlsx:Components!D2: unit_price 19.999 has fractions of a cent; use whole cents"),
        (True, None, "cat.xlsx:Components!D2: unit_price 'TRUE' is not a number"),
        ("9" * 40, None, f"cat.xlsx:Components!D2: unit_price {'9' * 40} is too large"),
        (datetime(2027, 1, 1), None, "cat.xlsx:Components!D2: unit_price '2027-01-01' is not a number"),
        ("", None, "cat.xlsx:Components!D2: unit_price is empty"),
        (5, "EURO", "cat.xlsx:Components!E2: currency 'EURO' is not an ISO 4217 code (e.g. DKK, EUR)"),
    ],
)  # fmt: skip
def test_price_errors_name_the_cell(tmp_path: Path, price: Any, currency: Any, message: str) -> None:
    assert one_price(tmp_path, price, currency) == [message]


def test_the_sign_agrees_with_the_row_currency_not_the_member_currency(tmp_path: Path) -> None:
    assert one_price(tmp_path, "€ 950", "eur") == []
    assert one_price(tmp_path, "kr 950", None, member_currency="SEK") == []


def test_every_problem_of_a_sheet_is_reported_with_its_cell(tmp_path: Path) -> None:
    head = ["sku", "name", "unit", "unit_price", "lead_time_weeks", "origin_country", "valid_until", "moq"]
    rows = [
        ["A", "Alpha", "pcs", 10, 2.5, "DK", "2027-06-30", 1],
        ["B", "", "pcs", 10, 4, "Denmark", "30.06.2027", "1,5"],
        ["A", "Alpha again", "pcs", 12, None, None, 46203, None],
        ["C", "Gamma", "pcs", 1, "6 uger", "de", "June 2027", -1],
    ]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=head)
    assert load(path) == ({}, [
        "cat.xlsx:Components!E2: lead_time_weeks 2.5 is not a whole number of weeks",
        "cat.xlsx:Components!B3: name is empty",
        "cat.xlsx:Components!F3: origin_country 'Denmark' is not an ISO 3166 code (e.g. DK, DE)",
        "cat.xlsx:Components!A4: sku 'A' appears twice (first on row 2)",
        "cat.xlsx:Components!E5: lead_time_weeks '6 uger' is not a number",
        "cat.xlsx:Components!G5: valid_until 'June 2027' is not a date; write it as YYYY-MM-DD (2027-06-30)",
        "cat.xlsx:Components!H5: moq -1 is negative",
    ])  # fmt: skip


def test_dates_as_cells_as_day_numbers_and_as_text(tmp_path: Path) -> None:
    head = ["sku", "name", "unit", "unit_price", "valid_until"]
    rows = [["A", "a", "pcs", 1, date(2027, 6, 30)], ["B", "b", "pcs", 1, datetime(2027, 6, 30, 0, 0)],
            ["C", "c", "pcs", 1, 46568], ["D", "d", "pcs", 1, "30.06.2027"], ["E", "e", "pcs", 1, "2027-06-30"],
            ["F", "f", "pcs", 1, "30-06-2027"]]  # fmt: skip
    components, problems = load(write_catalogue(tmp_path / "cat.xlsx", rows, head=head))
    assert problems == []
    assert {c.valid_until for c in components.values()} == {date(2027, 6, 30)}


def test_booleans_and_numbers_in_text_columns_are_text(tmp_path: Path) -> None:
    head = ["sku", "name", "unit", "unit_price", "hs_code", "in stock"]
    rows = [[1001, "Alpha", "pcs", 10, 841370.0, True]]
    components, problems = load(write_catalogue(tmp_path / "cat.xlsx", rows, head=head))
    assert problems == []
    comp = components["1001"]
    assert (comp.hs_code, comp.extra) == ("841370", {"in stock": "TRUE"})


def test_a_header_repeated_in_the_data_is_skipped(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "pcs", 1, None], [], HEAD, ["B", "Beta", "pcs", 2, None]]
    components, problems = load(write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD))
    assert sorted(components) == ["A", "B"]
    assert problems == [
        "cat.xlsx:Components!A4: warning: this row repeats the header row (as printed lists do); skipped"
    ]


def test_header_problems(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "a.xlsx", [["A", "Alpha", "pcs"]], head=["sku", "name", "unit"])
    assert load(path)[1] == [
        "a.xlsx:Components!A1: required column(s) missing from the header row: Unit price"
    ]
    path = write_catalogue(tmp_path / "b.xlsx", [["A", 1]], head=["item", "cost"])
    assert load(path)[1] == [
        "b.xlsx:Components!A1: no header row found in the first 50 rows: the sheet needs the columns "
        "SKU, Name, Unit, Unit price (in Danish: Varenummer, Navn, Enhed, Enhedspris)"
    ]
    path = write_catalogue(tmp_path / "c.xlsx", [], head=[])
    assert load(path)[1] == [
        "c.xlsx:Components!A1: the sheet is empty; it needs a header row with the columns "
        "SKU, Name, Unit, Unit price (in Danish: Varenummer, Navn, Enhed, Enhedspris)"
    ]
    path = write_catalogue(
        tmp_path / "d.xlsx", [["A", "a", "pcs", 1, 2]], head=["sku", "name", "unit", "pris", "Price"]
    )
    assert load(path)[1] == ["d.xlsx:Components!E1: column 'Price' appears twice in the header"]


def test_member_sheet_problems(tmp_path: Path) -> None:
    member = {"id": "x", "name": "", "currency": "Kroner", "country": "Danmark", "catalogue_date": "1. marts",
              "Firmaets logo": "logo.png", "Bemærk": None}  # fmt: skip
    path = write_catalogue(tmp_path / "m.xlsx", [["A", "a", "pcs", 1]], head=HEAD[:4], member=member)
    assert load(path)[1] == [
        "m.xlsx:Member!B3: member name is missing",
        "m.xlsx:Member!B4: currency 'Kroner' is not an ISO 4217 code (e.g. DKK, EUR)",
        "m.xlsx:Member!B5: country 'Danmark' is not an ISO 3166 code (e.g. DK)",
        "m.xlsx:Member!B6: catalogue_date '1. marts' is not a date; write it as YYYY-MM-DD (2027-06-30)",
        "m.xlsx:Member!A7: warning: unknown member key 'Firmaets logo' (ignored)",
    ]


def test_member_currency_is_required(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "m.xlsx", [["A", "a", "pcs", 1]], head=HEAD[:4], member={"name": "M"})
    assert load(path)[1] == ["m.xlsx:Member!A1: member currency is missing"]


def test_missing_sheets_are_named(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Prisliste"
    wb.save(tmp_path / "x.xlsx")
    assert load(tmp_path / "x.xlsx")[1] == [
        "x.xlsx: no sheet named 'Member' or 'Medlem' (sheets found: Prisliste)",
        "x.xlsx: no sheet named 'Components' or 'Komponenter' (sheets found: Prisliste)",
    ]


def test_price_break_problems(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "pcs", 10, None], ["B", "Beta", "pcs", "1,234", None]]
    breaks = [["A", 10, "9,50"], ["A", 10, 9], ["Z", 5, 1], ["A", "", 8], ["B", 5, 1], ["A", 20, "€ 8"]]
    path = write_catalogue(tmp_path / "p.xlsx", rows, head=HEAD, breaks=breaks)
    wb = load_workbook(path)
    wb["PriceBreaks"]["D1"] = "valid from"
    wb.save(path)
    assert load(path)[1] == [
        "p.xlsx:Components!D3: unit_price '1,234' is ambiguous: it could be 1234 or 1.234; type it as a "
        "number, or write the decimals too (1.234,00 or 1,234.00)",
        "p.xlsx:PriceBreaks!D1: warning: column 'valid from' is not part of PriceBreaks (ignored)",
        "p.xlsx:PriceBreaks!B3: sku 'A' has two price breaks from 10",
        "p.xlsx:PriceBreaks!A4: sku 'Z' is not on the Components sheet",
        "p.xlsx:PriceBreaks!B5: min_qty is empty",
        "p.xlsx:PriceBreaks!C7: unit_price '€ 8' is in EUR but A is priced in DKK",
    ]


def test_a_folder_reports_spreadsheets_it_cannot_read_instead_of_skipping_them(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha", "pcs", 1, None]], head=HEAD)
    (tmp_path / "cat" / "beta.csv").write_text("sku,name\nA,Alpha\n", encoding="utf-8")
    (tmp_path / "cat" / "~$alpha.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file: skipped
    (tmp_path / "cat" / "notes.txt").write_text("not a catalogue", encoding="utf-8")  # not a spreadsheet name
    write_catalogue(tmp_path / "cat" / "gamma.xlsx", [["A", "Alpha", "pcs", 1, None]], head=HEAD,
                    member={"id": "alpha", "name": "Gamma A/S", "currency": "DKK"})  # fmt: skip
    found, problems = load_catalogues([tmp_path / "cat"], base=tmp_path)
    assert list(found) == ["alpha"]
    assert [str(p) for p in problems] == [
        "cat/beta.csv: this is a text (CSV) file, not a workbook; a catalogue needs its Member and "
        "Components sheets: start from `bidkit catalogue new` and paste the rows in",
        "cat/gamma.xlsx:Member: member id 'alpha' is also used by cat/alpha.xlsx",
    ]
