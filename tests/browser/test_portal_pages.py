"""The main pages as a person sees them, in English and in Danish (the browser's language), and on a phone.

Each page is checked for its words in that language; with ``BIDKIT_SCREENSHOTS=FOLDER`` a screenshot
of each is saved to FOLDER (the ones in docs/portal/ are made this way).  The pages do not depend on
the database, so these run on SQLite only; the flows in test_portal_flows.py run on both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.server import FIRMS, PortalServer
from tests.browser.steps import FIRST, FIXED, NORDHEAT, NORDHEAT_ROWS, PUMPCO, WITH_ERRORS, SignIn, send
from tests.helpers import template_head, write_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("portal", ["sqlite"], indirect=True)]

ENGLISH = {"locale": "en-GB"}
DANISH = {"locale": "da-DK"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}  # fmt: skip

# Per language: the sign-in heading and button, the upload button, the error headline's start, the
# first problem (the firm's workbook titled as the blank template in that language), the compare
# heading, the changed price's row and the overview heading.
WORDS = {
    "en": ("Sign in", "Check and send", "This version has 2 errors", "Unit price 'on request' is not a number",
           "Compare versions", "changed | PC-PUMP-40 | Circulation pump DN40 | Unit price | 1,200.00\xa0EUR | "
           "1,320.00\xa0EUR | +10 %", "Overview"),
    "da": ("Log ind", "Kontrollér og send", "Denne version har 2 fejl", "Enhedspris 'on request' er ikke et tal",
           "Sammenlign versioner", "ændret | PC-PUMP-40 | Circulation pump DN40 | Enhedspris | 1.200,00\xa0EUR | "
           "1.320,00\xa0EUR | +10 %", "Overblik"),
}  # fmt: skip


def screenshot(page: Page, name: str) -> None:
    """Save the whole page as FOLDER/name.png when BIDKIT_SCREENSHOTS=FOLDER."""
    folder = os.environ.get("BIDKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


@pytest.mark.parametrize(("language", "context"), [("en", ENGLISH), ("da", DANISH)])
def test_the_main_pages_speak_the_browsers_language(
    portal: PortalServer, browser: Browser, sign_in: SignIn, tmp_path: Path, language: str,
    context: dict[str, str],
) -> None:
    sign_in_title, send_button, rejected, problem, compare_title, changed, overview_title = WORDS[language]
    head = template_head(language)
    signed_out = browser.new_context(**context)
    login = signed_out.new_page()
    login.goto(f"{portal.url}/catalogues/")
    expect(login).to_have_url(f"{portal.url}/login/?next=/catalogues/")
    expect(login.locator("html")).to_have_attribute("lang", language)
    expect(login.locator("main h1")).to_have_text(sign_in_title)
    screenshot(login, f"login-{language}")
    signed_out.close()

    anna = sign_in("anna", **context)
    first = send(anna, portal, write_catalogue(tmp_path / "1" / "pumpco.xlsx", FIRST, member=PUMPCO, head=head))
    send(anna, portal, write_catalogue(tmp_path / "2" / "pumpco.xlsx", WITH_ERRORS, member=PUMPCO, head=head))
    expect(anna.locator("main p.error")).to_contain_text(rejected)
    expect(anna.locator("table.problems td.cell")).to_have_text(["Components!E3", "Components!D4"])
    expect(anna.locator("table.problems tbody tr").first).to_contain_text(problem)
    screenshot(anna, f"version-with-errors-{language}")
    fixed = send(anna, portal, write_catalogue(tmp_path / "3" / "pumpco.xlsx", FIXED, member=PUMPCO, head=head))

    anna.goto(f"{portal.url}/catalogues/")
    expect(anna.locator("form:has(input[type=file]) [type=submit]")).to_have_text(send_button)
    screenshot(anna, f"catalogues-{language}")
    anna.goto(f"{portal.url}/catalogues/pumpco/compare/?old={first}&new={fixed}")
    expect(anna.locator("main h1")).to_have_text(compare_title)
    expect(anna.locator("table.diff tbody tr")).to_have_count(2)
    expect(anna.locator("table.diff tbody tr.changed td")).to_have_text(changed.split(" | "))
    screenshot(anna, f"compare-{language}")

    bo = sign_in("bo", **context)
    send(bo, portal, write_catalogue(tmp_path / "4" / "nordheat.xlsx", NORDHEAT_ROWS, member=NORDHEAT))
    eva = sign_in("eva", **context)
    eva.goto(f"{portal.url}/overview/")
    expect(eva.locator("main h1")).to_have_text(overview_title)
    expect(eva.locator("main table tbody tr")).to_have_count(len(FIRMS))
    screenshot(eva, f"overview-{language}")


def test_the_problems_of_a_catalogue_on_a_phone(portal: PortalServer, sign_in: SignIn, tmp_path: Path) -> None:
    anna = sign_in("anna", **PHONE, **ENGLISH)
    head = template_head("en")
    send(anna, portal, write_catalogue(tmp_path / "1" / "pumpco.xlsx", FIRST, member=PUMPCO, head=head))
    send(anna, portal, write_catalogue(tmp_path / "2" / "pumpco.xlsx", WITH_ERRORS, member=PUMPCO, head=head))
    cells = anna.locator("table.problems td.cell")
    expect(cells).to_have_text(["Components!E3", "Components!D4"])
    expect(cells.first).to_be_in_viewport()
    screenshot(anna, "version-with-errors-phone")
    anna.goto(f"{portal.url}/catalogues/")
    expect(anna.locator("input[type=file]")).to_be_in_viewport()
    dates = anna.locator("main table td.date time")
    expect(dates.nth(1)).to_be_attached()  # at least the two sent here (the server is shared)
    for when in dates.all():  # each day on one line (one box), not broken over three
        assert when.evaluate("element => element.getClientRects().length") == 1
    screenshot(anna, "catalogues-phone")
