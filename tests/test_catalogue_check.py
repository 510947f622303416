"""``bidkit catalogue check``: every problem with its cell, suspicious values as warnings, a count per file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bidkit.catalogue import load_catalogue
from bidkit.catalogue.tools.check import check_catalogue
from tests.helpers import write_catalogue

HEAD = ["sku", "name", "category", "unit", "unit_price", "lead_time_weeks", "origin_country", "valid_until"]
ROWS = [
    ["P1", "Pump 1", "Pumps", "pcs", 100, 4, "DK", date(2027, 6, 30)],
    ["P2", "Pump 2", "Pumps", "pcs", 110, 60, "DE", None],
    ["P3", "Pump 3", "Pumps", "pcs", 120, 4, None, date(2026, 1, 31)],
    ["P4", "Pump 4", "Pumps", "pcs", 12000, 52, "DK", None],  # 12000 / median 115 = 104 times
    ["V1", "Valve 1", "Valves", "pcs", 10, 1, "DK", None],
    ["V2", "Valve 2", "Valves", "pcs", 5000, 1, "DK", None],  # two prices make no median worth the name
    ["S1", "Service", "", "day", 99999, None, "DK", None],  # no category, no comparison
]


@pytest.fixture
def pumpco(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_catalogue(tmp_path / "pumpco.xlsx", ROWS, head=HEAD, breaks=[["P1", 10, 95], ["P1", 50, 90]])


def test_suspicious_values_are_warnings_at_their_cells(pumpco: Path) -> None:
    catalogue, problems = load_catalogue(pumpco, "pumpco.xlsx")
    assert catalogue is not None and problems == []
    assert [str(p) for p in check_catalogue(catalogue, date(2026, 11, 27))] == [
        "pumpco.xlsx:Components!F3: warning: lead_time_weeks 60 is more than a year; is it in weeks (not days)?",
        "pumpco.xlsx:Components!G4: warning: origin_country is empty; bids need the country of origin",
        "pumpco.xlsx:Components!H4: warning: valid_until 2026-01-31 is in the past; update the price or the date",
        "pumpco.xlsx:Components!E5: warning: unit_price 12,000.00 is 104 times the median of category 'Pumps' "
        "(115.00 DKK); is a decimal separator missing?",
    ]


def test_a_missing_origin_column_is_one_warning(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "c.xlsx", [["A", "a", "pcs", 1]], head=["Varenummer", "Navn", "Enhed", "Pris"],
                           above_header=[["Prisliste"]])  # fmt: skip
    catalogue, _ = load_catalogue(path, "c.xlsx")
    assert catalogue is not None
    assert [str(p) for p in check_catalogue(catalogue, date(2026, 11, 27))] == [
        "c.xlsx:Components!A2: warning: there is no 'Origin country' column; "
        "bids need each component's country of origin"
    ]


def test_warnings_use_the_firms_own_column_names(tmp_path: Path) -> None:
    head = ["Varenummer", "Navn", "Enhed", "Enhedspris", "Leveringstid (uger)", "Oprindelsesland"]
    path = write_catalogue(tmp_path / "c.xlsx", [["A", "a", "stk", 1, 100, ""]], head=head)
    catalogue, _ = load_catalogue(path, "c.xlsx")
    assert catalogue is not None
    assert [str(p) for p in check_catalogue(catalogue, date(2026, 11, 27))] == [
        "c.xlsx:Components!E2: warning: Leveringstid (uger) 100 is more than a year; is it in weeks (not days)?",
        "c.xlsx:Components!F2: warning: Oprindelsesland is empty; bids need the country of origin",
    ]


def test_check_prints_warnings_and_a_count_and_exits_0(pumpco: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("catalogue", "check", "pumpco.xlsx")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1] == "pumpco.xlsx: 7 components, 2 price breaks, 0 errors, 4 warnings"
    assert lines[0].startswith("pumpco.xlsx:Components!F3: warning: lead_time_weeks 60")


def test_check_exits_1_on_any_error_and_counts_each_file(pumpco: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_catalogue(tmp_path / "cat" / "bad.xlsx", [["A", "a", "pcs", "1,234", "DK"], ["B", "b", "pcs", 5, "DK"]],
                    head=["sku", "name", "unit", "unit_price", "origin_country"])  # fmt: skip
    write_catalogue(tmp_path / "cat" / "pumpco-copy.xlsx", [["A", "a", "pcs", 1, "DK"]],
                    head=["sku", "name", "unit", "unit_price", "origin_country"],
                    member={"id": "pumpco", "name": "PumpCo", "currency": "DKK"})  # fmt: skip
    code, out, _ = run_cli("catalogue", "check", "cat", "missing.xlsx")
    assert code == 1
    assert out.splitlines() == [
        "missing.xlsx: catalogue file or folder not found",
        "cat/bad.xlsx:Components!D2: unit_price '1,234' is ambiguous: it could be 1234 or 1.234; "
        "type it as a number, or write the decimals too (1.234,00 or 1,234.00)",
        "cat/bad.xlsx: 1 component, 0 price breaks, 1 error, 0 warnings",
        "cat/pumpco-copy.xlsx: 1 component, 0 price breaks, 0 errors, 0 warnings",
    ]
    code, out, _ = run_cli("catalogue", "check", "pumpco.xlsx", "cat/pumpco-copy.xlsx")
    assert code == 1
    assert out.splitlines()[-2:] == [
        "cat/pumpco-copy.xlsx:Member: member id 'pumpco' is also used by pumpco.xlsx",
        "cat/pumpco-copy.xlsx: 1 component, 0 price breaks, 1 error, 0 warnings",
    ]


def test_check_needs_a_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("catalogue", "check")
    assert code == 2
    assert "Missing argument 'PATHS...'" in err


def test_list_shows_every_member(pumpco: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_catalogue(tmp_path / "nordheat.xlsx", [["A", "a", "pcs", 1]], head=["sku", "name", "unit", "unit_price"],
                    member={"id": "nordheat", "name": "NordHeat", "currency": "EUR", "catalogue_date": date(2026, 11, 1)})  # fmt: skip
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))
    code, out, err = run_cli("catalogue", "list")
    assert code == 1
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert [[cell.strip() for cell in r.split("│")[1:7]] for r in rows] == [
        ["nordheat", "NordHeat", "nordheat.xlsx", "1", "EUR", "2026-11-01"],
        ["pumpco", "Pumpco A/S", "pumpco.xlsx", "7", "DKK", ""],
    ]
    assert err == "old.xls: not loaded (1 error); run `bidkit catalogue check old.xls`\n"
