"""Chromium from Debian starts under Playwright and shows a page served on 127.0.0.1.

When this fails and the portal's browser tests fail too, the browser is the cause, not the portal.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def local_page(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>Smoke</title><h1>Hello from 127.0.0.1</h1><p id=w></p>"
        "<script>document.getElementById('w').textContent = String(window.innerWidth)</script>",
        encoding="utf-8",
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


def test_chromium_shows_a_local_page_and_runs_its_script(page: Page, local_page: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(local_page)
    expect(page).to_have_title("Smoke")
    expect(page.locator("h1")).to_have_text("Hello from 127.0.0.1")
    expect(page.locator("#w")).to_have_text("390")
