"""The portal's main flows in Chromium, against ``bidkit portal serve``, on SQLite and on PostgreSQL.

A member sends a catalogue with errors, sees the cells, fixes it, sends it again and compares the
versions; a member of another firm reaches none of it; the export department sees both firms.
Every catalogue is a real .xlsx written by tests/helpers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.server import PortalServer
from tests.helpers import write_catalogue

pytestmark = pytest.mark.browser

PUMPCO = {"id": "pumpco", "name": "PumpCo A/S", "country": "DK", "currency": "EUR"}
NORDHEAT = {"id": "nordheat", "name": "NordHeat ApS", "country": "DK", "currency": "EUR"}

FIRST = [
    ["PC-PUMP-40", "Circulation pump DN40", "Pumps", "pcs", 1200, None, 6, "DK", 85],
    ["PC-VALVE-25", "Balancing valve DN25", "Valves", "pcs", 85.5, None, 2, "DE", None],
    ["PC-MOTOR-22", "Pump motor 2.2 kW", "Motors", "pcs", 640, None, 4, "DK", None],
]
# The second version: a new price for the pump, a price not given, an empty unit.
WITH_ERRORS = [
    ["PC-PUMP-40", "Circulation pump DN40", "Pumps", "pcs", 1320, None, 6, "DK", 85],
    ["PC-VALVE-25", "Balancing valve DN25", "Valves", "pcs", "on request", None, 2, "DE", None],
    ["PC-MOTOR-22", "Pump motor 2.2 kW", "Motors", None, 640, None, 4, "DK", None],
]
FIXED = [
    ["PC-PUMP-40", "Circulation pump DN40", "Pumps", "pcs", 1320, None, 6, "DK", 85],
    ["PC-VALVE-25", "Balancing valve DN25", "Valves", "pcs", 85.5, None, 2, "DE", None],
    ["PC-MOTOR-22", "Pump motor 2.2 kW", "Motors", "pcs", 640, None, 4, "DK", None],
    ["PC-SENSOR-10", "Pressure sensor 0-10 bar", "Sensors", "pcs", 210, None, 3, "DK", None],
]
NORDHEAT_ROWS = [["NH-EXCH-200", "Plate heat exchanger 200 kW", "Exchangers", "pcs", 4100, None, 8, "DK", None]]

VERSION_URL = re.compile(r"/catalogues/([^/]+)/versions/(\d+)/$")


def sign_in(browser: Browser, portal: PortalServer, username: str, **context: object) -> Page:
    """A new browser (own cookies) in which ``username`` has signed in at /login/."""
    page = browser.new_context(**context).new_page()  # type: ignore[arg-type]
    page.goto(f"{portal.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", portal.password)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(f"{portal.url}/catalogues/")
    return page


def send(page: Page, portal: PortalServer, workbook: Path) -> int:
    """Send ``workbook`` on /catalogues/ as a person does; the number of the version it became."""
    page.goto(f"{portal.url}/catalogues/")
    upload = page.locator("form:has(input[type=file])")
    expect(upload.locator("input[type=file]")).to_have_count(1)
    expect(upload.locator("[type=submit]")).to_have_count(1)
    upload.locator("input[type=file]").set_input_files(workbook)
    upload.locator("[type=submit]").click()
    expect(page).to_have_url(VERSION_URL)
    found = VERSION_URL.search(page.url)
    assert found is not None
    return int(found[2])


def test_a_member_fixes_a_catalogue_and_compares_its_versions(
    portal: PortalServer, browser: Browser, tmp_path: Path
) -> None:
    page = sign_in(browser, portal, "anna")
    first = send(page, portal, write_catalogue(tmp_path / "1" / "pumpco.xlsx", FIRST, member=PUMPCO))
    expect(page.locator("main")).to_contain_text("No errors: this version is now the catalogue in use.")

    rejected = send(page, portal, write_catalogue(tmp_path / "2" / "pumpco.xlsx", WITH_ERRORS, member=PUMPCO))
    expect(page.locator("main p.error")).to_contain_text("This version has 2 errors, so it is kept but not used.")
    problems = page.locator("table.problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0).locator("td.cell")).to_have_text("Components!E3")
    expect(problems.nth(0)).to_contain_text("on request")  # the row's values, to find the row
    expect(problems.nth(0)).to_contain_text("Balancing valve DN25")
    expect(problems.nth(1).locator("td.cell")).to_have_text("Components!D4")
    expect(problems.nth(1)).to_contain_text("Pump motor 2.2 kW")

    fixed = send(page, portal, write_catalogue(tmp_path / "3" / "pumpco.xlsx", FIXED, member=PUMPCO))
    assert (first, rejected, fixed) == (first, first + 1, first + 2)
    expect(page.locator("main")).to_contain_text("No errors: this version is now the catalogue in use.")

    page.goto(f"{portal.url}/catalogues/")
    expect(page.locator("main")).to_contain_text(f"The catalogue in use is version {fixed} of")
    versions = [row.locator("td").all_inner_texts() for row in page.locator("main table").first.locator("tbody tr").all()]
    without_dates = [cells[:2] + cells[3:] for cells in versions[:3]]
    assert without_dates == [[f"{fixed} in use", "accepted", "anna", "4", "0", "0"],
                             [f"{rejected}", "rejected: has errors", "anna", "1", "2", "0"],
                             [f"{first}", "accepted", "anna", "3", "0", "0"]]  # fmt: skip

    compare = page.locator("form:has(select[name=old])")
    compare.locator("select[name=old]").select_option(str(first))
    compare.locator("select[name=new]").select_option(str(fixed))
    compare.locator("[type=submit]").click()
    expect(page).to_have_url(f"{portal.url}/catalogues/pumpco/compare/?old={first}&new={fixed}")
    expect(page.locator("main")).to_contain_text(f"From version {first} to version {fixed}: 1 added, 0 removed, 1 changed.")
    diff = page.locator("table.diff tbody tr")
    expect(diff).to_have_count(2)
    texts = sorted(" | ".join(row.locator("td").all_inner_texts()) for row in diff.all())
    assert texts == ["added | PC-SENSOR-10 | Pressure sensor 0-10 bar |  |  | 210.00 EUR | ",
                     "changed | PC-PUMP-40 | Circulation pump DN40 | unit_price | 1200.00 | 1320.00 | +10.00 %"]  # fmt: skip

    page.goto(f"{portal.url}/catalogues/pumpco/compare/?old={first}&new={rejected}")
    expect(page.locator("main p.error")).to_have_text("A version with errors cannot be compared:")
