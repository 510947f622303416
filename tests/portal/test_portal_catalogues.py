"""Catalogues in the portal: upload and check, history, compare, download, template, impact, overview."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bidkit.portal.catalogues.models import Bid, CatalogueVersion
from tests.helpers import write_bid, write_catalogue

pytestmark = pytest.mark.django_db

BAD_ROW = ["P-9", "", "Pumps", "pcs", "abc", "DKK", 4, "DK", 12.5]


def test_a_good_catalogue_becomes_the_firms_current_version(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    response = upload(client, "alpha", good_rows)
    assert response.status_code == 302
    assert response["Location"] == "/catalogues/alpha/versions/1/"
    version = CatalogueVersion.objects.get(firm_id="alpha", number=1)
    assert (version.status, version.components, version.errors, version.uploader) == ("accepted", 3, 0, "anna")
    page = client.get("/catalogues/alpha/versions/1/").content.decode()
    assert "No errors: this version is now the catalogue in use." in page
    home = client.get("/catalogues/").content.decode()
    assert "The catalogue in use is version 1" in home
    assert "with 3 components" in home


def test_the_upload_page_has_one_file_input_and_one_button(people: Any) -> None:
    page = people.client("member_a").get("/catalogues/").content.decode()
    form = page[page.index('enctype="multipart/form-data"'):]
    form = form[:form.index("</form>")]
    assert form.count("<input") == 2  # the file and the CSRF token
    assert 'type="file"' in form and 'name="file"' in form
    assert form.count("<button") == 1


def test_every_problem_is_listed_with_its_cell_and_the_rows_values(people: Any, upload: Any,
                                                                   good_rows: Any) -> None:  # fmt: skip
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    response = upload(client, "alpha", [*good_rows, BAD_ROW])
    assert response["Location"] == "/catalogues/alpha/versions/2/"
    version = CatalogueVersion.objects.get(firm_id="alpha", number=2)
    assert (version.status, version.errors, version.components) == ("rejected", 2, 3)
    row = [["A", "P-9"], ["C", "Pumps"], ["D", "pcs"], ["E", "abc"], ["F", "DKK"], ["G", "4"], ["H", "DK"],
           ["I", "12.5"]]  # fmt: skip
    assert version.problems == [
        {"severity": "error", "message": "name is empty", "where": "Components!B5", "row": row},
        {"severity": "error", "message": "unit_price 'abc' is not a number", "where": "Components!E5", "row": row},
    ]
    page = client.get("/catalogues/alpha/versions/2/").content.decode()
    assert "This version has 2 errors, so it is kept but not used." in page
    assert "Components!E5" in page and "unit_price &#x27;abc&#x27; is not a number" in page
    assert '<span class="value here"><span class="col">E</span> abc</span>' in page  # the cell at fault
    assert '<span class="value"><span class="col">A</span> P-9</span>' in page
    # version 1 stays in use
    assert "The catalogue in use is version 1" in client.get("/catalogues/").content.decode()


def test_another_members_catalogue_is_refused(people: Any, upload: Any, good_rows: Any) -> None:
    upload(people.client("member_a"), "beta", good_rows, name="alpha.xlsx")
    version = CatalogueVersion.objects.get(firm_id="alpha")
    assert version.status == "rejected"
    assert version.problems[0]["message"] == (
        "this catalogue is for member 'beta', but it was uploaded for 'alpha'; write 'alpha' as the member id")


def test_history_keeps_every_version_unchanged(people: Any, upload: Any, good_rows: Any, tmp_path: Path) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", [*good_rows, BAD_ROW])
    upload(client, "alpha", good_rows[:2], name="smaller.xlsx")
    versions = list(CatalogueVersion.objects.filter(firm_id="alpha").order_by("number"))
    assert [(v.number, v.status, v.components, v.uploader, v.file_name) for v in versions] == [
        (1, "accepted", 3, "anna", "alpha.xlsx"), (2, "rejected", 3, "anna", "alpha.xlsx"),
        (3, "accepted", 2, "anna", "smaller.xlsx")]  # fmt: skip
    for version in versions:
        download = client.get(f"/catalogues/alpha/versions/{version.number}/download/")
        assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert download["Content-Disposition"] == f'attachment; filename="alpha-version-{version.number}.xlsx"'
        assert hashlib.sha256(download.content).hexdigest() == version.sha256
        assert version.stored_as == f"catalogues/{version.sha256[:2]}/{version.sha256}.xlsx"
    page = client.get("/catalogues/alpha/").content.decode()
    for version in versions:
        assert f'href="/catalogues/alpha/versions/{version.number}/"' in page
    assert "version 3" in client.get("/catalogues/").content.decode()


def test_two_versions_compare_as_catalogue_diff(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    changed = [["P-1", "Pump 40", "Pumps", "pcs", 1100, "DKK", 4, "DK", 12], good_rows[1],
               ["N-1", "New valve", "Valves", "pcs", 300, "DKK", 2, "DK", 1]]  # fmt: skip
    upload(client, "alpha", changed)
    page = client.get("/catalogues/alpha/compare/?old=1&new=2").content.decode()
    assert "From version 1 to version 2: 1 added, 1 removed, 1 changed." in page
    cells = ["<td>added</td><td>N-1</td><td>New valve</td><td></td><td></td><td>300.00\xa0DKK</td>",
             "<td>removed</td><td>V-1</td><td>Valve</td><td></td><td>200.00\xa0DKK</td><td></td>",
             "<td>changed</td><td>P-1</td><td>Pump 40</td><td>Unit price</td><td>1,000.00\xa0DKK</td>"
             '<td>1,100.00\xa0DKK</td><td class="num">+10 %</td>']  # fmt: skip
    for row in cells:
        assert row in page


def test_a_rejected_version_cannot_be_compared(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", [*good_rows, BAD_ROW])
    page = client.get("/catalogues/alpha/compare/?old=1&new=2").content.decode()
    assert "Version 2 has errors (or does not exist), so it cannot be compared." in page
    assert "<table" not in page


def test_the_blank_template_is_in_the_firms_language(people: Any) -> None:
    response = people.client("member_a").get("/catalogues/alpha/template/")
    assert response["Content-Disposition"] == 'attachment; filename="alpha-catalogue.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Medlem", "Komponenter"} <= set(book.sheetnames)  # alpha's template language is Danish
    response = people.client("export").get("/catalogues/beta/template/")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Member", "Components"} <= set(book.sheetnames)


def _bid(tmp_path: Path) -> Path:
    write_catalogue(tmp_path / "bid" / "cat" / "alpha.xlsx",
                    [["P-1", "Pump 40", "Pumps", "pcs", 100, "EUR"], ["V-1", "Valve", "Valves", "pcs", 20, "EUR"]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    return write_bid(tmp_path / "bid", """
        pricing: {markup: 10%}
        sections: [{id: s, title: S, items: [{item: alpha/P-1, qty: 3}, {item: alpha/V-1, qty: 1}]}]
        """)  # fmt: skip


def test_impact_shows_the_lines_and_totals_a_new_version_would_change(people: Any, upload: Any,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    bid_file = _bid(tmp_path)
    Bid.objects.create(id="T-1", title="Test bid", path=str(bid_file), lead=people.alpha)
    Bid.objects.create(id="T-0", title="Closed bid", path=str(bid_file), is_open=False)
    before = sorted(p.name for p in bid_file.parent.iterdir())
    client = people.client("member_a")
    rows = [["P-1", "Pump 40", "Pumps", "pcs", 120, "EUR"], ["V-1", "Valve", "Valves", "pcs", 20, "EUR"]]
    write_catalogue(tmp_path / "new" / "alpha.xlsx", rows,
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (tmp_path / "new" / "alpha.xlsx").read_bytes()
    client.post("/catalogues/", {"file": SimpleUploadedFile("alpha.xlsx", data)})
    for who in ("member_a", "export"):
        page = people.client(who).get("/catalogues/alpha/versions/1/impact/").content.decode()
        # 3 x 100 x 1.10 + 20 x 1.10 = 352.00 now; 3 x 120 x 1.10 + 22.00 = 418.00 with version 1
        assert "Total 352.00 → 418.00 EUR (66.00, 18.75 %)." in page
        assert ('<td>alpha/P-1</td><td>Pump 40</td><td class="num">3</td><td class="num">100.00</td>'
                '<td class="num">120.00</td><td class="num">330.00</td><td class="num">396.00</td>') in page
        assert "alpha/V-1" not in page
        assert "Closed bid" not in page
    assert sorted(p.name for p in bid_file.parent.iterdir()) == before  # no lock written, nothing changed


def test_impact_says_when_a_bid_would_no_longer_price(people: Any, upload: Any, tmp_path: Path) -> None:
    Bid.objects.create(id="T-1", title="Test bid", path=str(_bid(tmp_path)))
    upload(people.client("member_a"), "alpha", [["P-1", "Pump 40", "Pumps", "pcs", 120, "EUR"]])
    for who in ("member_a", "export"):
        page = people.client(who).get("/catalogues/alpha/versions/1/impact/").content.decode()
        assert "With this version the bid could not be priced:" in page
        assert ("<li>bid.yaml:10:72: alpha has no component &#x27;V-1&#x27; in version 1; did you mean "
                "&#x27;P-1&#x27;?</li>") in page  # fmt: skip
        assert str(tmp_path) not in page


def test_a_firm_never_sees_why_a_bid_fails_for_others(people: Any, upload: Any, good_rows: Any,
                                                      tmp_path: Path) -> None:  # fmt: skip
    bid_file = _bid(tmp_path)
    write_catalogue(bid_file.parent / "cat" / "beta.xlsx", [["B-1", "Beta bend", "Pipes", "m", "zzz-beta", "EUR"]],
                    member={"id": "beta", "name": "Beta", "country": "DE", "currency": "EUR"})  # fmt: skip
    Bid.objects.create(id="T-1", title="Test bid", path=str(bid_file))
    upload(people.client("member_a"), "alpha", [["P-1", "Pump 40", "Pumps", "pcs", 120, "EUR"],
                                                ["V-1", "Valve", "Valves", "pcs", 20, "EUR"]])  # fmt: skip
    page = people.client("member_a").get("/catalogues/alpha/versions/1/impact/").content.decode()
    assert "No open bid would change." in page
    assert "Test bid" not in page and "zzz-beta" not in page and "beta" not in page
    page = people.client("export").get("/catalogues/alpha/versions/1/impact/").content.decode()
    assert "<li>beta.xlsx:Components!E2: unit_price &#x27;zzz-beta&#x27; is not a number</li>" in page


def test_the_overview_shows_each_firms_status_and_who_is_behind(people: Any, upload: Any,
                                                                good_rows: Any) -> None:  # fmt: skip
    upload(people.client("member_a"), "alpha", good_rows)
    upload(people.client("member_b"), "beta", [["B-1", "Pipe", "Pipes", "m", 10, "DKK"]])
    CatalogueVersion.objects.filter(firm_id="beta").update(uploaded_at=timezone.now() - timedelta(days=200))
    page = people.client("export").get("/overview/?months=6").content.decode()
    rows = {firm: page[page.index(name):].split("</tr>")[0] for firm, name in
            (("alpha", "Alpha Pumps A/S"), ("beta", "Beta Pipes GmbH"), ("leadco", "Lead Heat A/S"))}  # fmt: skip
    assert "needs an update" not in rows["alpha"] and '<td class="num">3</td>' in rows["alpha"]
    assert "needs an update" in rows["beta"] and '<td class="num">200</td>' in rows["beta"]
    assert "needs an update" in rows["leadco"] and "none yet" in rows["leadco"]
    assert "2 firms have not sent a catalogue in 6 months or more." in page
    danish = people.client("export").get("/overview/?months=12", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "1 virksomhed har ikke sendt et katalog i 12 måneder eller mere." in danish
    assert "needs an update" not in people.client("export").get("/overview/?months=12").content.decode().split(
        "Beta Pipes GmbH")[1].split("</tr>")[0]
