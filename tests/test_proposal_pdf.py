"""`bidkit build --pdf` (LibreOffice) and the templates shipping inside the wheel."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from bidkit.outputs.proposal.i18n import texts
from bidkit.pipeline import price_bid
from tests.helpers import example_copy


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; `make test` installs it")
    done = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.replace("\u00a0", " ")


@pytest.mark.libreoffice
@pytest.mark.parametrize("language", ["en", "de"])
def test_build_pdf_carries_total_client_and_a_filled_in_contents(
    run_cli,
    soffice: str,
    tmp_path: Path,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    bid = example_copy(tmp_path / "bid", language)
    code, out, err = run_cli("build", str(bid), "--out", str(tmp_path / "out"), "--pdf")
    assert code == 0, err
    priced, _ = price_bid(bid)
    pdf = tmp_path / "out" / f"{priced.id}-proposal.pdf"
    assert f"wrote {pdf}" in out.splitlines()
    text = pdf_text(pdf)
    locale = {"en": "en_GB", "de": "de_DE"}[language]
    assert f"{format_decimal(priced.total, format='#,##0.00', locale=locale)} {priced.currency}" in text
    assert priced.client.name in text
    # LibreOffice filled in the table of contents: the price schedule's entry ends in a page number.
    t = texts(language)
    assert re.search(rf"^\s*{re.escape(t['price_schedule'])}\s*\.{{5,}}\s*\d+\s*$", text, re.M), text[:3000]
    assert f"{t['page']} 2 {t['page_of']} " in text


def test_build_pdf_without_libreoffice_says_what_to_install(
    run_cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("BIDKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    bid = example_copy(tmp_path / "bid", "en")
    code, _, err = run_cli("build", str(bid), "--out", str(tmp_path / "out"), "--pdf")
    assert code == 1
    assert err.splitlines()[0].startswith("LibreOffice is needed for --pdf but 'soffice' was not found on PATH; "
                                          "install it (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui;")  # fmt: skip
    assert err.splitlines()[-1] == "1 error; nothing was written."
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in err
