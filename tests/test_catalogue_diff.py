"""``bidkit catalogue diff OLD NEW``: added, removed and changed components, in three forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import write_catalogue

HEAD = ["sku", "name", "unit", "unit_price", "currency", "lead_time_weeks", "note"]
OLD = [
    ["CP-40", "Circulation pump DN40", "pcs", 5980, None, 4, ""],
    ["CP-65", "Circulation pump DN65", "pcs", 14350, None, 6, "=cmd|' /C calc'!A0"],
    ["EXP-50", "Expansion vessel 50 l", "pcs", 1240, None, 2, ""],
    ["OLD-1", "Discontinued valve", "pcs", 99.5, None, 1, ""],
]
NEW = [
    ["CP-40", "Circulation pump DN40", "pcs", 6250, None, 4, ""],  # +4.52 %
    ["CP-65", "Circulation pump DN65", "pcs", 1450, "EUR", 8, "=cmd|' /C calc'!A0"],  # currency: no %
    ["EXP-50", "Expansion vessel 50 l", "pcs", 1240, None, 2, "ships from Italy"],
    ["NEW-1", "Heat meter <DN25> & [bold]M-Bus[/bold]", "pcs", 265, None, 4, ""],
]


def as_text(path: Path, *cells: str) -> None:
    """Store formula-looking values as the text they are (openpyxl would write them as formulas)."""
    wb = load_workbook(path)
    for ref in cells:
        wb["Components"][ref].data_type = "s"
    wb.save(path)


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    member = {"id": "pumpco", "name": "PumpCo ApS", "currency": "DKK"}
    write_catalogue(tmp_path / "old.xlsx", OLD, head=HEAD, member=member, breaks=[["CP-40", 100, 5620]])
    write_catalogue(tmp_path / "new.xlsx", NEW, head=HEAD, member={**member, "name": "PumpCo Nordic ApS"},
                    breaks=[["CP-40", 100, 5890], ["CP-40", 250, 5700]])  # fmt: skip
    as_text(tmp_path / "old.xlsx", "G3")
    as_text(tmp_path / "new.xlsx", "G3")
    return "old.xlsx", "new.xlsx"


def test_json_lists_every_change(pair: tuple[str, str], run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("catalogue", "diff", *pair, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "old": "old.xlsx", "new": "new.xlsx", "member": "pumpco",
        "summary": {"added": 1, "removed": 1, "changed": 3},
        "member_changes": [{"field": "name", "old": "PumpCo ApS", "new": "PumpCo Nordic ApS"}],
        "added": [{"sku": "NEW-1", "name": "Heat meter <DN25> & [bold]M-Bus[/bold]", "unit_price": "265.00",
                   "currency": "DKK"}],
        "removed": [{"sku": "OLD-1", "name": "Discontinued valve", "unit_price": "99.50", "currency": "DKK"}],
        "changed": [
            {"sku": "CP-40", "name": "Circulation pump DN40", "changes": [
                {"field": "unit_price", "old": "5980.00", "new": "6250.00", "change_pct": "4.52"},
                {"field": "price_breaks", "old": "from 100: 5620.00",
                 "new": "from 100: 5890.00; from 250: 5700.00"},
            ]},
            {"sku": "CP-65", "name": "Circulation pump DN65", "changes": [
                {"field": "unit_price", "old": "14350.00", "new": "1450.00", "change_pct": None},
                {"field": "currency", "old": "DKK", "new": "EUR"},
                {"field": "lead_time_weeks", "old": 6, "new": 8},
            ]},
            {"sku": "EXP-50", "name": "Expansion vessel 50 l", "changes": [
                {"field": "note", "old": "", "new": "ships from Italy"},
            ]},
        ],
    }  # fmt: skip


def test_terminal_table_shows_text_as_text(pair: tuple[str, str], run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("catalogue", "diff", *pair)
    assert code == 0
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert rows == [
        ["member", "", "", "name", "PumpCo ApS", "PumpCo Nordic ApS", ""],
        ["added", "NEW-1", "Heat meter <DN25> & [bold]M-Bus[/bold]", "", "", "265.00 DKK", ""],
        ["removed", "OLD-1", "Discontinued valve", "", "99.50 DKK", "", ""],
        ["changed", "CP-40", "Circulation pump DN40", "unit_price", "5980.00", "6250.00", "+4.52%"],
        ["changed", "CP-40", "Circulation pump DN40", "price_breaks", "from 100: 5620.00",
         "from 100: 5890.00; from 250: 5700.00", ""],
        ["changed", "CP-65", "Circulation pump DN65", "unit_price", "14350.00", "1450.00", ""],
        ["changed", "CP-65", "Circulation pump DN65", "currency", "DKK", "EUR", ""],
        ["changed", "CP-65", "Circulation pump DN65", "lead_time_weeks", "6", "8", ""],
        ["changed", "EXP-50", "Expansion vessel 50 l", "note", "", "ships from Italy", ""],
    ]  # fmt: skip
    assert out.splitlines()[-1] == "pumpco: 1 added, 1 removed, 3 changed (old.xlsx -> new.xlsx)"


def test_workbook_carries_the_same_rows_with_text_never_a_formula(pair: tuple[str, str], run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("catalogue", "diff", *pair, "--xlsx", "changes.xlsx")
    assert (code, err) == (0, "wrote changes.xlsx\n")
    wb = load_workbook("changes.xlsx")
    assert wb.sheetnames == ["Summary", "Changes"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary == {"Member": "pumpco", "Old catalogue": "old.xlsx", "New catalogue": "new.xlsx",
                       "Added": 1, "Removed": 1, "Changed": 3}  # fmt: skip
    ws = wb["Changes"]
    assert [c.value for c in ws[1]] == ["Change", "SKU", "Name", "Field", "Old", "New", "Change %"]
    assert [c.value for c in ws[5]] == ["changed", "CP-40", "Circulation pump DN40", "unit_price", 5980, 6250,
                                        pytest.approx(0.0452)]  # fmt: skip
    assert ws["G5"].number_format == "+0.00%;-0.00%;0.00%"
    assert [c.value for c in ws[9]][3:6] == ["lead_time_weeks", 6, 8]
    assert ws.freeze_panes == "A2"


def test_a_formula_like_text_is_written_as_text(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    member = {"id": "x", "name": "X A/S", "currency": "DKK"}
    write_catalogue(tmp_path / "a.xlsx", [["X", "old name", "pcs", 1, None, 1, ""]], head=HEAD, member=member)
    write_catalogue(tmp_path / "b.xlsx", [["X", '=HYPERLINK("http://evil")', "pcs", 1, None, 1, ""]], head=HEAD,
                    member=member)  # fmt: skip
    as_text(tmp_path / "b.xlsx", "B2")
    assert run_cli("catalogue", "diff", "a.xlsx", "b.xlsx", "--xlsx", "d.xlsx")[0] == 0
    cell = load_workbook("d.xlsx")["Changes"]["F2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://evil")', "s", True)


def test_two_different_members_are_compared_with_a_warning(
    pair: tuple[str, str], tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    write_catalogue(tmp_path / "other.xlsx", OLD[:1], head=HEAD)
    code, out, err = run_cli("catalogue", "diff", "other.xlsx", "new.xlsx", "--json")
    assert code == 0
    assert err == "warning: these are catalogues of two different members (other and pumpco)\n"
    assert json.loads(out)["member_changes"][0] == {"field": "id", "old": "other", "new": "pumpco"}


def test_no_changes(pair: tuple[str, str], run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("catalogue", "diff", "old.xlsx", "old.xlsx") == (
        0,
        "pumpco: no changes between old.xlsx and old.xlsx\n",
        "",
    )


def test_an_unreadable_catalogue_stops_the_diff(pair: tuple[str, str], tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken.xlsx").write_bytes(b"")
    code, out, err = run_cli("catalogue", "diff", "old.xlsx", "broken.xlsx", "--xlsx", "d.xlsx")
    assert (code, out) == (1, "")
    assert err == ("broken.xlsx: the file is empty (0 bytes); save the workbook again from Excel or LibreOffice "
                   "and resend it\n1 error; nothing was written.\n")  # fmt: skip
    assert not (tmp_path / "d.xlsx").exists()
