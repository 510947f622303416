"""The portal's main flows in Chromium, against ``bidkit portal serve``, on SQLite and on PostgreSQL.

A member sends a catalogue with errors, sees the cells, fixes it, sends it again and compares the
versions; a member of another firm reaches none of it; the export department sees both firms.
Every catalogue is a real .xlsx written by tests/helpers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import PortalServer
from tests.browser.steps import (
    FIRST,
    FIXED,
    NORDHEAT,
    NORDHEAT_ROWS,
    PUMPCO,
    VERSION_URL,
    WITH_ERRORS,
    SignIn,
    send,
)
from tests.helpers import write_catalogue

pytestmark = pytest.mark.browser


def test_a_member_fixes_a_catalogue_and_compares_its_versions(
    portal: PortalServer, sign_in: SignIn, tmp_path: Path
) -> None:
    page = sign_in("anna")
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
                             [f"{rejected}", "rejected: has errors", "anna", "—", "2", "0"],
                             [f"{first}", "accepted", "anna", "3", "0", "0"]]  # fmt: skip

    compare = page.locator("form:has(select[name=old])")  # it starts at the newest two versions without errors
    expect(compare.locator("select[name=old]")).to_have_value(str(first))
    expect(compare.locator("select[name=new]")).to_have_value(str(fixed))
    expect(compare.locator(f"option[value='{rejected}']")).to_have_count(0)
    compare.locator("[type=submit]").click()
    expect(page).to_have_url(f"{portal.url}/catalogues/pumpco/compare/?old={first}&new={fixed}")
    expect(page.locator("main")).to_contain_text(f"From version {first} to version {fixed}: 1 added, 0 removed, 1 changed.")
    diff = page.locator("table.diff tbody tr")
    expect(diff).to_have_count(2)
    texts = sorted(" | ".join(row.locator("td").all_inner_texts()) for row in diff.all())
    assert texts == ["added | PC-SENSOR-10 | Pressure sensor 0-10 bar |  |  | 210.00\xa0EUR | ",
                     "changed | PC-PUMP-40 | Circulation pump DN40 | Unit price | 1,200.00\xa0EUR | 1,320.00\xa0EUR "
                     "| +10 %"]  # fmt: skip

    page.goto(f"{portal.url}/catalogues/pumpco/compare/?old={first}&new={rejected}")
    expect(page.locator("main ul.errorlist")).to_have_text(
        f"Version {rejected} has errors (or does not exist), so it cannot be compared.")


def firm_addresses(page: Page, portal: PortalServer, firm: str) -> set[str]:
    """Every address of ``firm``'s own that its member's pages link to, with a comparison's."""
    page.goto(f"{portal.url}/catalogues/")
    found: set[str] = set()
    pending = [page.url]
    while pending:
        page.goto(pending.pop())
        for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
            address = href.split("#")[0]
            if address.startswith(f"{portal.url}/catalogues/{firm}/") and address not in found:
                found.add(address)
                if not address.endswith(("/download/", "/template/")):
                    pending.append(address)
    numbers = sorted(int(m[2]) for m in map(VERSION_URL.search, found) if m)
    found.add(f"{portal.url}/catalogues/{firm}/compare/?old={numbers[0]}&new={numbers[-1]}")
    return found


def two_firms_with_catalogues(sign_in: SignIn, portal: PortalServer, tmp_path: Path) -> tuple[Page, Page]:
    """Anna (PumpCo) and Bo (NordHeat) signed in, each firm with a catalogue in use."""
    anna = sign_in("anna")
    send(anna, portal, write_catalogue(tmp_path / "a" / "pumpco.xlsx", FIRST, member=PUMPCO))
    send(anna, portal, write_catalogue(tmp_path / "b" / "pumpco.xlsx", FIXED, member=PUMPCO))
    bo = sign_in("bo")
    send(bo, portal, write_catalogue(tmp_path / "c" / "nordheat.xlsx", NORDHEAT_ROWS, member=NORDHEAT))
    return anna, bo


def test_a_member_of_another_firm_reaches_nothing_of_the_first_firms(
    portal: PortalServer, sign_in: SignIn, tmp_path: Path
) -> None:
    anna, bo = two_firms_with_catalogues(sign_in, portal, tmp_path)
    copied = firm_addresses(anna, portal, "pumpco")
    kinds = {re.sub(r"\d+", "N", address.removeprefix(portal.url).split("?")[0]) for address in copied}
    assert kinds == {"/catalogues/pumpco/", "/catalogues/pumpco/template/", "/catalogues/pumpco/compare/",
                     "/catalogues/pumpco/versions/N/", "/catalogues/pumpco/versions/N/download/",
                     "/catalogues/pumpco/versions/N/impact/"}  # fmt: skip
    for address in sorted(copied):
        assert anna.request.get(address, max_redirects=0).status == 200, address
        answer = bo.request.get(address, max_redirects=0)
        assert answer.status in (403, 404), f"{address}: {answer.status}"
        assert b"PC-PUMP-40" not in answer.body() and b"PumpCo" not in answer.body(), address
    for address in sorted(copied):  # and in the browser, as a pasted address
        bo.goto(address)
        expect(bo.locator("body")).not_to_contain_text("PumpCo")
        expect(bo.locator("body")).not_to_contain_text("PC-PUMP-40")
    bo.goto(f"{portal.url}/catalogues/")
    expect(bo.locator("main h1")).to_contain_text("NordHeat ApS")
    expect(bo.locator("main")).not_to_contain_text("PumpCo")
    assert bo.request.get(f"{portal.url}/overview/", max_redirects=0).status == 403


def test_the_export_department_sees_both_firms(portal: PortalServer, sign_in: SignIn, tmp_path: Path) -> None:
    anna, bo = two_firms_with_catalogues(sign_in, portal, tmp_path)
    eva = sign_in("eva")
    eva.locator("header nav").get_by_role("link", name="Overview").click()
    expect(eva).to_have_url(f"{portal.url}/overview/")
    for firm, name, components in (("pumpco", "PumpCo A/S", "4"), ("nordheat", "NordHeat ApS", "1")):
        row = eva.locator("main table tbody tr", has_text=name)
        expect(row).to_have_count(1)
        cells = row.locator("td")
        expect(cells.nth(3)).to_have_text(components)
        row.get_by_role("link", name=name).click()
        expect(eva).to_have_url(f"{portal.url}/catalogues/{firm}/")
        expect(eva.locator("main h1")).to_contain_text(name)
        eva.go_back()
    for address in firm_addresses(anna, portal, "pumpco") | firm_addresses(bo, portal, "nordheat"):
        assert eva.request.get(address, max_redirects=0).status == 200, address


def test_on_a_phone_a_member_signs_in_and_sends_a_catalogue(
    portal: PortalServer, sign_in: SignIn, tmp_path: Path
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
             "has_touch": True}  # fmt: skip
    page = sign_in("anna", **phone)
    assert_fits_the_screen(page)
    send(page, portal, write_catalogue(tmp_path / "pumpco.xlsx", WITH_ERRORS, member=PUMPCO))
    expect(page.locator("table.problems td.cell").first).to_be_visible()
    assert_fits_the_screen(page)
    page.goto(f"{portal.url}/catalogues/")
    assert_fits_the_screen(page)
    for target in (page.locator("input[type=file]"), page.locator("form:has(input[type=file]) [type=submit]")):
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def assert_fits_the_screen(page: Page) -> None:
    """The page needs no sideways scrolling: wide tables scroll inside their own box."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px screen"
