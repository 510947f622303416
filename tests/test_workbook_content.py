"""The cost workbook's Origin and CO2e sheets and the Members roles, with figures computed by hand,
in English and in German (sheet names, words and the line kinds the formulas match), and recalculated
by LibreOffice in Danish too.

The bid is tests/helpers.py's content bid: base cost 1600 by DK 440, DE 398, UA 202, SE 200, US 200,
CN 100, unknown 60; net-zero lines (Heat, Upgrading, Pumps) 860; CO2e 34 + 17.75.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.pipeline import BuildResult, build
from tests.helpers import ooxml_problems, package_problems, write_content_bid
from tests.recalc import differing_cells, recalc_profile, recalculate, reconcile


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = load_workbook(path, data_only=True)[sheet]
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The content bid in English, German and Danish."""
    out = {}
    for language in ("en", "de", "da"):
        root = tmp_path_factory.mktemp(f"content-{language}")
        out[language] = build(write_content_bid(root, language=language), root / "out", today=date(2026, 11, 27))
    return out


@pytest.fixture(scope="module")
def costs(built: dict[str, BuildResult]) -> Path:
    return built["en"].outputs["costs"]


@pytest.fixture(scope="module")
def german(built: dict[str, BuildResult]) -> Path:
    return built["de"].outputs["costs"]


def test_the_origin_sheet_shows_each_country_share_rule_and_limit(costs: Path) -> None:
    rows = _rows(costs, "Origin")
    # shares are fractions rounded to 4 places: 440 / 1600 = 0.275; 398 / 1600 = 0.24875 -> 0.2488; ...
    assert rows[1:9] == [
        ["DK", 440, 0.275], ["DE", 398, 0.2488], ["UA", 202, 0.1263], ["SE", 200, 0.125], ["US", 200, 0.125],
        ["CN", 100, 0.0625], ["unknown", 60, 0.0375], ["Base scope (options apart)", 1600],
    ]  # fmt: skip
    assert ["Domestic country", "DK", 0.275] in rows and ["Client's country", "UA", 0.1263] in rows
    # net-zero: Heat 100 + 200, Upgrading 200, Pumps 300 + 60 = 860; by country DK 300 (34.88%),
    # SE 200 and US 200 (23.26%), CN 100 (11.63%); the unknown 60 is no country
    assert ["Heat", 300] in rows and ["Upgrading", 200] in rows and ["Pumps", 360] in rows
    assert ["Net-zero lines", 860] in rows
    assert ["DK", 300, 0.3488, "yes"] in rows and ["US", 200, 0.2326, "no"] in rows
    assert ["CN", 100, 0.1163, "no"] in rows
    assert ["Largest non-EU share", 0.2326] in rows
    assert ["Domestic share at least", 0.3, 0.275, "no"] in rows
    assert ["Share from the client's country at most", 0.1263, 0.1263, "yes"] in rows
    assert ["Largest non-EU share of the net-zero lines at most", 0.2325, 0.2326, "no"] in rows


def test_the_co2e_sheet_sums_qty_times_co2e_and_has_a_native_chart(costs: Path) -> None:
    rows = _rows(costs, "CO2e")
    assert ["s1", "One", 34] in rows and ["s2", "Two", 17.75] in rows and ["Total", 51.75] in rows
    assert ["Coverage", "section lines with a CO2e figure", 0.625] in rows  # 5 of 8 lines
    assert ["o", "Spare", 10] in rows
    assert ["alpha", "Alpha A/S", 34] in rows and ["beta", "Beta AB", 17.75] in rows
    with zipfile.ZipFile(costs) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
    assert any("CO2e!$C$3:$C$4" in c and "CO2e by section (kg)" in c for c in charts)


def test_the_members_sheet_shows_role_country_and_share(costs: Path) -> None:
    rows = _rows(costs, "Members")
    # sell = cost (no markup): alpha 300 + 100 + 140 + 398 = 938 of 1600 = 58.63%; beta 662 = 41.38%
    assert rows[1] == ["alpha", "Alpha A/S", "DK", "lead", 938, 938, 0.5863, "Lead company"]
    assert rows[2] == ["beta", "Beta AB", "SE", "member", 662, 662, 0.4138, ""]  # no consortium: text


def test_the_origin_sheet_in_german_has_german_words_and_formulas(german: Path) -> None:
    rows = _rows(german, "Herkunft")
    assert rows[0] == ["Ursprungsland", "Kosten EUR", "Anteil an den Kosten des Grundumfangs"]
    assert rows[7:9] == [["unbekannt", 60, 0.0375], ["Grundumfang (ohne Optionen)", 1600]]
    assert ["Heimatland", "DK", 0.275] in rows and ["Land des Kunden", "UA", 0.1263] in rows
    assert ["DK", 300, 0.3488, "ja"] in rows and ["US", 200, 0.2326, "nein"] in rows
    assert ["Größter Anteil außerhalb der EU", 0.2326] in rows
    assert ["Anteil des Heimatlands mindestens", 0.3, 0.275, "nein"] in rows
    assert ["Anteil aus dem Land des Kunden höchstens", 0.1263, 0.1263, "ja"] in rows
    ws = load_workbook(german)["Herkunft"]
    assert ws["B2"].value.startswith('=ROUND(SUMPRODUCT((Positionen!$A$2:$A$10="Abschnitt")*EXACT(Positionen!$U$2:')
    met = next(c for c in ws["D"] if isinstance(c.value, str) and c.value.startswith("=IF(C"))
    assert met.value.endswith(',"ja","nein")')
    # yes/no sits centred, clear of the share to its left
    eu = next(c for c in ws["D"] if c.value == "ja")
    assert met.alignment.horizontal == eu.alignment.horizontal == "center"


def test_the_co2e_sheet_and_chart_in_german(german: Path) -> None:
    rows = _rows(german, "CO2e")
    assert rows[1] == ["Abschnitt", "Titel", "CO2e kg"]
    assert ["Summe", 51.75] in rows
    assert ["Abdeckung", "Abschnittspositionen mit CO2e-Angabe", 0.625] in rows
    assert ["Option", "Titel", "CO2e kg"] in rows and ["o", "Spare", 10] in rows
    assert ["Mitglied", "Name", "CO2e kg"] in rows
    ws = load_workbook(german)["CO2e"]
    assert ws["C3"].value.startswith('=SUMPRODUCT((Positionen!$A$2:$A$10="Abschnitt")*')
    assert (ws["C3"].number_format, ws["C4"].number_format) == ("#,##0", "#,##0.00")  # 34 and 17.75 kg
    with zipfile.ZipFile(german) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
    co2e = next(c for c in charts if "CO2e!$C$3:$C$4" in c)
    assert "CO2e nach Abschnitt (kg)" in co2e and '<c:lang val="de-DE"/>' in co2e and 'lang="en' not in co2e


@pytest.mark.parametrize("language", ["en", "de", "da"])
def test_the_content_workbook_follows_the_schemas(built: dict[str, BuildResult], language: str) -> None:
    path = built[language].outputs["costs"]
    assert ooxml_problems(path) == []
    assert package_problems(path) == []


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_recalculates_the_origin_and_co2e_figures_to_the_engine_ones(
    built: dict[str, BuildResult], soffice: str, tmp_path: Path
) -> None:
    """In English, German ("Abschnitt" on the "Positionen" sheet) and Danish ("Afsnit", also a sheet's name)."""
    sources = {lang: Path(shutil.copy(r.outputs["costs"], tmp_path / f"{lang}.xlsx")) for lang, r in built.items()}
    fresh = recalculate(soffice, list(sources.values()), tmp_path / "fresh", recalc_profile(tmp_path / "p"))
    for language, src in sources.items():
        assert differing_cells(src, fresh[src]) == [], language
        assert reconcile(load_workbook(fresh[src], data_only=True), built[language].priced) == [], language
    assert _rows(fresh[sources["en"]], "Origin")[1] == ["DK", 440, 0.275]
    assert _rows(fresh[sources["de"]], "Herkunft")[1] == ["DK", 440, 0.275]
    assert ["Indlejret CO2e (kg CO2-ækvivalent, ud fra katalogernes tal pr. enhed)"] in _rows(fresh[sources["da"]], "CO2e")
