"""``bidkit catalogue new``: the workbook guides the firm, and the loader reads back what it writes."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bidkit.catalogue import load_catalogue
from bidkit.catalogue.contract.columns import COMPONENT_COLUMNS
from bidkit.catalogue.contract.headers import DANISH, ENGLISH
from bidkit.catalogue.tools.template import new_catalogue
from bidkit.errors import CatalogueError
from tests.helpers import convert

SHEETS = {
    "en": ["Instructions", "Member", "Components", "PriceBreaks", "Lists"],
    "da": ["Vejledning", "Medlem", "Komponenter", "Mængderabat", "Lister"],
}


def make(tmp_path: Path, language: str) -> Path:
    path = tmp_path / f"pumpco-{language}.xlsx"
    path.write_bytes(new_catalogue("pumpco", "PumpCo Nordic ApS", "dkk", language=language,
                                   today=date(2026, 11, 27)))  # fmt: skip
    return path


def fill(path: Path) -> None:
    """Type two components and a price break as a firm would (values only)."""
    wb = load_workbook(path)
    components, breaks = wb.worksheets[2], wb.worksheets[3]
    components.append(["CP-40", "Circulation pump DN40", "EC motor", "Pumps", "pcs", 5980.5, None, 4, 10, "DK",
                       "0841370", 12.5, 95, "https://example.com/cp-40.pdf", date(2027, 6, 30)])  # fmt: skip
    components.append(
        ["EXP-50", "Expansion vessel", None, "Accessories", "pcs", 1240, "EUR", None, None, "IT"]
    )
    breaks.append(["CP-40", 100, 5620])
    wb.save(path)


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_new_workbook_loads_empty_with_its_member(tmp_path: Path, language: str) -> None:
    catalogue, problems = load_catalogue(make(tmp_path, language))
    assert problems == []
    assert catalogue is not None
    member = catalogue.member
    assert (member.id, member.name, member.currency, member.country) == (
        "pumpco",
        "PumpCo Nordic ApS",
        "DKK",
        "DK",
    )
    assert (member.catalogue_date, catalogue.components) == (date(2026, 11, 27), {})


@pytest.mark.parametrize("language", ["en", "da"])
def test_what_a_firm_types_into_it_loads_exactly(tmp_path: Path, language: str) -> None:
    path = make(tmp_path, language)
    fill(path)
    catalogue, problems = load_catalogue(path)
    assert problems == []
    assert catalogue is not None
    pump, vessel = catalogue.components["CP-40"], catalogue.components["EXP-50"]
    assert {f.name: getattr(pump, f.name) for f in fields(pump) if f.name not in ("price_breaks", "extra")} == {
        "member": "pumpco", "sku": "CP-40", "name": "Circulation pump DN40", "unit": "pcs",
        "unit_price": D("5980.50"), "currency": "DKK", "description": "EC motor", "category": "Pumps",
        "lead_time_weeks": 4, "min_order_qty": D(10), "origin_country": "DK", "hs_code": "0841370",
        "weight_kg": D("12.5"), "co2e_kg": D(95), "datasheet": "https://example.com/cp-40.pdf",
        "valid_until": date(2027, 6, 30), "row": 2,
    }  # fmt: skip
    assert pump.price_for(D(100)) == D("5620.00")
    assert (vessel.currency, vessel.unit_price, vessel.row) == ("EUR", D("1240.00"), 3)
    headers = DANISH if language == "da" else ENGLISH
    assert catalogue.titles == {c.field: headers[c.field] for c in COMPONENT_COLUMNS}


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_workbook_guides_the_firm(tmp_path: Path, language: str) -> None:
    wb = load_workbook(make(tmp_path, language))
    assert wb.sheetnames == SHEETS[language]
    assert wb.active.title == SHEETS[language][0]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 4 + ["hidden"]
    lists = wb.worksheets[4]
    currencies = {lists.cell(row=r, column=1).value for r in range(2, lists.max_row + 1)} - {None}
    countries = {lists.cell(row=r, column=2).value for r in range(2, lists.max_row + 1)} - {None}
    assert {"DKK", "EUR", "UAH"} <= currencies and {"DK", "UA", "DE"} <= countries
    comp = wb.worksheets[2]
    headers = DANISH if language == "da" else ENGLISH
    assert [c.value for c in comp[1]] == [headers[c.field] for c in COMPONENT_COLUMNS]
    assert comp.freeze_panes == "A2"
    rules = {}
    for dv in comp.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            rules[str(rng)] = (dv.type, dv.operator, dv.formula1, dv.formula2)
    lists_name = SHEETS[language][4]
    assert rules["E2:E1048576"][0] == "list"  # unit: a suggestion list
    assert rules["F2:F1048576"] == ("decimal", "greaterThanOrEqual", "0", None)  # unit price
    assert rules["G2:G1048576"] == ("list", None, f"'{lists_name}'!$A$2:$A${len(currencies) + 1}", None)
    assert rules["H2:H1048576"] == ("whole", "between", "0", "520")  # lead time in whole weeks
    assert rules["J2:J1048576"] == ("list", None, f"'{lists_name}'!$B$2:$B${len(countries) + 1}", None)
    assert rules["O2:O1048576"][0] == "date"
    assert rules["A1"][0] is None  # the header cells carry input messages only
    member = wb.worksheets[1]
    member_rules = {
        str(r): dv.formula1 for dv in member.data_validations.dataValidation for r in dv.sqref.ranges
    }
    assert member_rules == {"B4": f"'{lists_name}'!$B$2:$B${len(countries) + 1}",
                            "B5": f"'{lists_name}'!$A$2:$A${len(currencies) + 1}"}  # fmt: skip
    breaks = wb.worksheets[3]
    assert [c.value for c in breaks[1]] == [headers["sku"], headers["min_qty"], headers["unit_price"]]
    assert breaks.max_row == 1
    text = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None]
    for spec in COMPONENT_COLUMNS:
        assert spec.header(language) in text and spec.help(language) in text
    assert "CP-40" in text and date(2027, 6, 30) in [v.date() if hasattr(v, "date") else v for v in text]


def test_new_on_the_command_line(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    args = [
        "catalogue",
        "new",
        "pumpco.xlsx",
        "--member-id",
        "pumpco",
        "--name",
        "PumpCo",
        "--currency",
        "DKK",
    ]
    assert run_cli(*args) == (0, "wrote pumpco.xlsx\n", "")
    assert run_cli(*args)[1:] == ("", "pumpco.xlsx: the file already exists; choose another name or add --force\n"
                                      "1 error; nothing was written.\n")  # fmt: skip
    assert run_cli(*args, "--force", "--language", "da")[0] == 0
    assert load_workbook("pumpco.xlsx").sheetnames[0] == "Vejledning"
    assert run_cli("catalogue", "check", "pumpco.xlsx")[1] == (
        "pumpco.xlsx: 0 components, 0 price breaks, 0 errors, 0 warnings\n"
    )
    code, _, err = run_cli(
        "catalogue", "new", "pumpco.csv", "--member-id", "x", "--name", "X", "--currency", "DKK"
    )
    assert code == 2 and "the file name must end in .xlsx" in err


@pytest.mark.parametrize(
    ("member_id", "name", "currency", "message"),
    [
        ("pump co", "X", "DKK", "member id 'pump co' may hold only letters, digits, '.', '_' and '-' "
                                "(bids refer to it as member-id/SKU)"),
        ("pumpco", " ", "DKK", "the firm's name is empty"),
        ("pumpco", "X", "Kroner", "currency 'KRONER' is not an ISO 4217 code (e.g. DKK, EUR)"),
    ],
)  # fmt: skip
def test_new_refuses_what_the_loader_would_refuse(
    member_id: str, name: str, currency: str, message: str
) -> None:
    with pytest.raises(CatalogueError) as info:
        new_catalogue(member_id, name, currency)
    assert str(info.value) == message


@pytest.mark.libreoffice
def test_libreoffice_keeps_it_loadable(soffice: str, tmp_path: Path) -> None:
    path = make(tmp_path, "da")
    fill(path)
    saved = convert(soffice, path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", tmp_path / "profile")
    before, _ = load_catalogue(path)
    after, problems = load_catalogue(saved)
    assert problems == []
    assert before is not None and after is not None
    assert after.components == before.components
    wb = load_workbook(saved)
    assert wb.worksheets[4].sheet_state == "hidden"
    formulas = {dv.formula1 for dv in wb.worksheets[2].data_validations.dataValidation}
    assert any(f and f.startswith("Lister!$A$2") for f in formulas)  # the currency list survived
