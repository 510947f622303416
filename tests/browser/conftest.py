"""Browser fixtures: Debian's Chromium driven by Playwright, and the portal started as a user starts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.server import PortalServer, start_portal
from tests.browser.steps import SignIn
from tests.helpers import chromium_path, missing
from tests.postgres import PostgresMissing, PostgresServer, temporary_postgres

# A page may take a while on a loaded two-core CI machine (a catalogue is checked on upload):
# wait up to 20 s for what a test expects to see, not Playwright's 5 s.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright's own browser download cannot be reached: launch the system's Chromium.

    Tests run as root, where Chromium's sandbox cannot start, hence ``--no-sandbox``.
    """
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throw-away PostgreSQL server for the session; skip (outside CI) or fail (in CI) without it."""
    try:
        with temporary_postgres() as server:
            yield server
    except PostgresMissing as absent:
        missing(str(absent))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def portal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    """The portal with two member firms and their people, served by ``bidkit portal serve``.

    Once on SQLite in its data folder and once on PostgreSQL, each with a data folder of its own.
    """
    database = None
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        database = server.new_database("portal")
    home: Path = tmp_path_factory.mktemp(f"portal-{request.param}")
    with start_portal(home, database) as running:
        yield running


@pytest.fixture
def sign_in(browser: Browser, portal: PortalServer) -> Iterator[SignIn]:
    """Sign a person in at /login/ in a browser of their own (own cookies; options as for a context)."""
    contexts: list[BrowserContext] = []

    def signed_in(username: str, **options: Any) -> Page:
        contexts.append(browser.new_context(**options))
        page = contexts[-1].new_page()
        page.goto(f"{portal.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", portal.password)
        page.locator("main form [type=submit]").click()
        expect(page).to_have_url(f"{portal.url}/catalogues/")
        return page

    yield signed_in
    for context in contexts:
        context.close()
