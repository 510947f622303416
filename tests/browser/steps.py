"""Steps the browser tests share: the catalogues the firms send, and sending one on /catalogues/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.server import PortalServer

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

# sign_in("anna", **context options): a page of a new browser context in which that person has signed in.
SignIn = Callable[..., Page]

VERSION_URL = re.compile(r"/catalogues/([^/]+)/versions/(\d+)/$")


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
