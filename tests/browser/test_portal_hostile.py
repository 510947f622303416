"""Every hostile or broken catalogue of the corpus, sent through the browser to ``bidkit portal serve``.

Each gets on its version page exactly the lines ``bidkit catalogue check`` prints for it (the
corpus's documented outcome), and the server, a real WSGI process, keeps serving through all of
them: zip and XML bombs, encrypted and renamed files, 1,048,576 rows.  The pages do not depend on the
database, so this runs on SQLite; tests/portal/test_portal_hostile.py checks the same in-process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.server import PortalServer
from tests.browser.steps import SignIn, send
from tests.corpus.make_corpus import CASES

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("portal", ["sqlite"], indirect=True)]

CHECKED = [case for case in CASES if case.args[:2] == ("catalogue", "check")]


def test_the_server_answers_every_corpus_file_as_catalogue_check_does(
    portal: PortalServer, sign_in: SignIn, tmp_path: Path
) -> None:
    assert {"zip-bomb.xlsx", "xxe.xlsx", "bomb-in-sheet.xlsx", "encrypted.xlsx"} <= {c.name for c in CHECKED}
    carl = sign_in("carl", locale="en-GB")
    for case in CHECKED:
        case.make(tmp_path)
        send(carl, portal, tmp_path / case.name)
        expect(carl.locator("main h1")).to_contain_text("Version")
        shown = []
        for row in carl.locator("table.problems tbody tr").all():
            cell, message = row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text()
            where = "" if cell == "—" else f":{cell}"
            kind = "warning: " if "warning" in (row.get_attribute("class") or "") else ""
            shown.append(f"{case.name}{where}: {kind}{message}")
        expected = case.stdout.splitlines()[:-1]  # the last line is check's count
        assert sorted(shown) == sorted(expected), case.name
    carl.goto(f"{portal.url}/catalogues/")
    expect(carl.locator("main table tbody tr")).to_have_count(len(CHECKED))
