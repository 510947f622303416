"""The cost workbook's Origin and CO2e sheets and the Members roles, with figures computed by hand.

The bid is tests/helpers.py's content bid: base cost 1600 by DK 440, DE 398, UA 202, SE 200, US 200,
CN 100, unknown 60; net-zero lines (Heat, Upgrading, Pumps) 860; CO2e 34 + 17.75.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidkit.pipeline import build
from tests.helpers import write_content_bid
from tests.recalc import differing_cells, recalc_profile, recalculate


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = load_workbook(path, data_only=True)[sheet]
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def costs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    return build(write_content_bid(root), root / "out", today=date(2026, 11, 27)).outputs["costs"]


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
    import zipfile

    with zipfile.ZipFile(costs) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
    assert any("CO2e!$C$3:$C$4" in c and "CO2e by section (kg)" in c for c in charts)


def test_the_members_sheet_shows_role_country_and_share(costs: Path) -> None:
    rows = _rows(costs, "Members")
    # sell = cost (no markup): alpha 300 + 100 + 140 + 398 = 938 of 1600 = 58.63%; beta 662 = 41.38%
    assert rows[1] == ["alpha", "Alpha A/S", "DK", "lead", 938, 938, 0.5863, "Lead company"]
    assert rows[2] == ["beta", "Beta AB", "SE", "member", 662, 662, 0.4138, ""]  # no consortium: text


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_recalculates_the_origin_and_co2e_figures_to_the_cached_ones(
    costs: Path, soffice: str, tmp_path: Path
) -> None:
    src = shutil.copy(costs, tmp_path / "src.xlsx")
    fresh = recalculate(soffice, [Path(src)], tmp_path / "fresh", recalc_profile(tmp_path / "p"))[Path(src)]
    assert differing_cells(Path(src), fresh) == []
    assert _rows(fresh, "Origin")[1] == ["DK", 440, 0.275]
