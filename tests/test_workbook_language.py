"""The cost workbook speaks the bid's language: sheet names, headers, labels, notes, footer, charts."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.outputs.proposal.i18n import LANGUAGES
from bidkit.outputs.workbook import render_workbook
from bidkit.outputs.workbook.labels import labels
from bidkit.pipeline import price_bid
from bidkit.pricing.model import PricedBid
from tests.helpers import example_copy
from tests.recalc import exact, named, reconcile

GERMAN_SHEETS = ["Übersicht", "Positionen", "Abschnitte", "Mitglieder", "Optionen", "Kundensicht", "Wechselkurse",
                 "Pakete", "Herkunft", "CO2e"]  # fmt: skip


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[PricedBid, bytes]:
    priced, _ = price_bid(example_copy(tmp_path_factory.mktemp("de"), "de"))
    return priced, render_workbook(priced)


def _wb(data: bytes, data_only: bool = False) -> Any:
    return load_workbook(io.BytesIO(data), data_only=data_only)


def test_every_language_has_every_label() -> None:
    keys = set(labels("en"))
    fields = {k: set(re.findall(r"\{(\w+)\}", v)) for k, v in labels("en").items()}
    for language in LANGUAGES:
        t = labels(language)
        assert set(t) == keys, language
        assert {k: set(re.findall(r"\{(\w+)\}", v)) for k, v in t.items()} == fields, language
        names = [v for k, v in t.items() if k.startswith("sheet_")]
        assert len(set(names)) == len(names), language
        # Excel refuses sheet names over 31 characters or holding any of : \ / ? * [ ]
        assert all(len(n) <= 31 and not set(n) & set(":\\/?*[]") for n in names), language


def test_a_german_bid_gets_a_german_workbook(german: tuple[PricedBid, bytes]) -> None:
    data = german[1]
    wb = _wb(data)
    assert wb.sheetnames == GERMAN_SHEETS
    lines = wb["Positionen"]
    assert [c.value for c in lines[1]][:6] == ["Art", "Abschnitt / Option", "Paket", "Mitglied", "Referenz", "Name"]
    assert lines["M1"].value == "Wechselkurs" and lines["N1"].value == "Stückkosten EUR"
    assert {lines.cell(r, 1).value for r in range(2, lines.max_row + 1)} == {"Abschnitt", "Option"}
    summary = {r[0].value: r[2].value for r in wb["Übersicht"].iter_rows(max_col=3) if r[0].value}
    assert summary["Aufschlag für PumpCo Nordic ApS (sample)"] == (
        "Mitglied pumpco, sofern kein Positions- oder Kategorieaufschlag gilt"
    )
    assert summary["Gesamtpreis"] == "der Angebotspreis"
    assert summary["Rundung"] == "auf volle 100 EUR, Hälften aufwärts"
    assert [r[0].value for r in wb["Übersicht"].iter_rows(min_row=4, max_row=5)] == ["Angebot", "Kunde"]
    assert wb["Übersicht"]["B12"].value == "ENTWURF - nicht freigegeben"
    assert wb["Mitglieder"]["G1"].value == "Anteil an der Zwischensumme"
    assert wb["Wechselkurse"]["C3"].value == "Wechselkurs aus dem Angebot, Stand 2026-11-20"
    assert wb["Kundensicht"]["A3"].value == "Dem Kunden gezeigt: Rabatt."
    assert "Seite &P von &N" in wb["Positionen"].oddFooter.right.text
    # Number formats stay Excel's: the reader's Excel shows 3.000,00 in Germany.
    assert lines["S2"].number_format == '#,##0.00 "EUR"'


def test_formulas_name_the_german_sheets_and_words(german: tuple[PricedBid, bytes]) -> None:
    priced, data = german
    wb = _wb(data)
    lines = wb["Positionen"]
    assert lines["M2"].value == "=Wechselkurse!$B$3"
    member_markup = next(c for c in lines["O"] if c.value and str(c.value).startswith("='"))
    assert re.fullmatch(r"='Übersicht'!\$B\$\d+", member_markup.value)
    assert wb["Mitglieder"]["E2"].value.startswith('=ROUND(SUMPRODUCT((LinesKind="Abschnitt")*')
    assert {n: str(wb.defined_names[n].attr_text) for n in ("Total", "LinesTotal")} == {
        "Total": f"'Übersicht'!$B${wb.defined_names['Total'].attr_text.rsplit('$', 1)[1]}",
        "LinesTotal": f"Positionen!$S$2:$S${len(priced.lines + priced.option_lines) + 1}",
    }
    assert lines.print_title_rows == "$1:$1" and lines.print_title_cols == "$E:$E"
    cached = _wb(data, data_only=True)
    assert reconcile(cached, priced) == [] and exact(named(cached, "Total")) == priced.total


def test_charts_and_properties_in_german(german: tuple[PricedBid, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(german[1])) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        core = zf.read("docProps/core.xml").decode()
    assert "Kosten nach Abschnitt (EUR)" in chart and "<c:v>Kosten</c:v>" in chart
    assert "<c:f>Abschnitte!$B$2:$B$4</c:f>" in chart
    assert '<c:lang val="de-DE"/>' in chart and 'lang="en' not in chart
    assert "Kostenarbeitsmappe zum Angebot LEC-2027-014" in core


def test_a_danish_bid_gets_danish_sheet_names(tmp_path: Path) -> None:
    priced, _ = price_bid(example_copy(tmp_path, "da"))
    wb = _wb(render_workbook(priced))
    assert wb.sheetnames == ["Oversigt", "Linjer", "Afsnit", "Medlemmer", "Optioner", "Kundens priser",
                             "Valutakurser", "Pakker", "Oprindelse", "CO2e"]  # fmt: skip
    assert wb["Linjer"]["J1"].value == "Antal" and wb["Oversigt"]["A4"].value == "Tilbud"
    assert reconcile(_wb(render_workbook(priced), data_only=True), priced) == []
