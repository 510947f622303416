"""The catalogue pages in words a firm's sales person understands without training, in English and Danish.

Columns named as the firm's blank template names them, prices with their currency in the page's
language, counts a reader expects, compare offering only what can be compared, and the SHA-256 as a
technical detail.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.timezone import localtime

from bidkit.catalogue.contract.headers import DANISH, ENGLISH
from bidkit.portal.catalogues.compare import Wording
from bidkit.portal.catalogues.danish import in_danish
from bidkit.portal.catalogues.models import CatalogueVersion
from tests.helpers import template_head

BAD_ROW = ["P-9", "", "Pumps", "pcs", "abc", "DKK", 4, "DK", 12.5]  # two errors in one row
CHANGED = [["P-1", "Pump 40", "Pumps", "pcs", 1100, "DKK", 4, "DK", 12],
           ["P-2", "Pump 50", "Pumps", "pcs", 1500, "DKK", 4, "DK", 15],
           ["N-1", "New valve", "Valves", "pcs", 2300, "DKK", 2, "DK", 1]]  # fmt: skip


def _selected(page: str, name: str) -> tuple[str | None, list[str]]:
    """The selected option of the <select name=NAME> and every option's value."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select is not None, page
    options = re.findall(r'<option value="(\d+)"( selected)?>', select.group(1))
    chosen = [value for value, selected in options if selected]
    return (chosen[0] if chosen else None), [value for value, _ in options]


def test_compare_starts_at_the_newest_two_versions_without_errors(people: Any, upload: Any,
                                                                  good_rows: Any) -> None:  # fmt: skip
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", CHANGED)
    upload(client, "alpha", [*good_rows, BAD_ROW])  # version 3: rejected, the newest
    page = client.get("/catalogues/").content.decode()
    assert _selected(page, "old") == ("1", ["2", "1"])
    assert _selected(page, "new") == ("2", ["2", "1"])
    assert "Only versions without errors can be compared; the others are left out." in page
    page = client.get("/catalogues/alpha/compare/?old=1&new=2").content.decode()
    assert "From version 1 to version 2: 1 added, 1 removed, 1 changed." in page
    page = client.get("/catalogues/alpha/compare/?old=2&new=3").content.decode()
    assert "Version 3 has errors (or does not exist), so it cannot be compared." in page
    assert "<table" not in page


def test_one_version_without_errors_offers_no_compare(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", [*good_rows, BAD_ROW])
    assert '<select name="old"' not in client.get("/catalogues/").content.decode()


def _diff_rows(page: str) -> list[list[str]]:
    body = page[page.index('<table class="diff">'):page.index("</table>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr class=.*?</tr>", body)]


def test_the_compare_table_in_english(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", CHANGED)
    page = client.get("/catalogues/alpha/compare/?old=1&new=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _diff_rows(page) == [
        ["added", "N-1", "New valve", "", "", "2,300.00\xa0DKK", ""],
        ["removed", "V-1", "Valve", "", "200.00\xa0DKK", "", ""],
        ["changed", "P-1", "Pump 40", "Unit price", "1,000.00\xa0DKK", "1,100.00\xa0DKK", "+10 %"],
    ]


def test_the_compare_table_in_danish(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    upload(client, "alpha", [[*CHANGED[0][:6], 6, "DK", 12], *CHANGED[1:]])  # also a new lead time
    page = client.get("/catalogues/alpha/compare/?old=1&new=2", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Fra version 1 til version 2: 1 tilføjet, 1 fjernet, 1 ændret." in page
    assert _diff_rows(page) == [
        ["tilføjet", "N-1", "New valve", "", "", "2.300,00\xa0DKK", ""],
        ["fjernet", "V-1", "Valve", "", "200,00\xa0DKK", "", ""],
        ["ændret", "P-1", "Pump 40", "Enhedspris", "1.000,00\xa0DKK", "1.100,00\xa0DKK", "+10 %"],
        ["ændret", "P-1", "Pump 40", "Leveringstid (uger)", "4", "6", ""],
    ]


def test_problems_name_the_columns_as_the_firms_workbook_does(people: Any, upload: Any) -> None:
    client = people.client("member_a")
    for number, (language, names) in enumerate((("en", ENGLISH), ("da", DANISH)), start=1):
        upload(client, "alpha", [BAD_ROW], head=template_head(language))
        assert [p["message"] for p in CatalogueVersion.objects.get(number=number).problems] == [
            f"{names['name']} is empty", f"{names['unit_price']} 'abc' is not a number"]
    english = client.get("/catalogues/alpha/versions/1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>Unit price &#x27;abc&#x27; is not a number</td>" in english
    danish = client.get("/catalogues/alpha/versions/2/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "<td>Enhedspris &#x27;abc&#x27; er ikke et tal</td>" in danish
    assert "<td>Navn er tom</td>" in danish


def test_missing_columns_are_named_as_the_template_names_them_in_each_language(people: Any,
                                                                               upload: Any) -> None:  # fmt: skip
    client = people.client("member_a")
    upload(client, "alpha", [["P-1", "Pump", "pcs"]], head=["Varenummer", "Navn", "Enhed"])
    [problem] = CatalogueVersion.objects.get(number=1).problems
    assert problem["message"] == "required column(s) missing from the header row: Unit price"
    assert in_danish(problem["message"]) == "kolonne(r) mangler i overskriftsrækken: Enhedspris"
    assert in_danish("there is no 'Origin country' column; bids need each component's country of origin") == (
        "der er ingen kolonne 'Oprindelsesland'; bud skal kende hver komponents oprindelsesland")


def test_a_rejected_version_counts_its_rows_with_errors(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", [*good_rows, BAD_ROW, ["P-8", "Pump 8", "Pumps", "", 5, "DKK", 4, "DK", 1]])
    page = client.get("/catalogues/alpha/versions/1/").content.decode()
    assert "<dt>Rows with errors</dt><dd>2</dd>" in page  # three errors, in two rows
    assert "<dt>Components without errors</dt><dd>3</dd>" in page
    assert "<dt>Components</dt>" not in page
    versions = client.get("/catalogues/").content.decode()
    assert '<td class="num">—</td><td class="num">3</td>' in versions  # components of a rejected version: none


def test_the_versions_table_shows_the_day_on_one_line(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    sent = localtime(CatalogueVersion.objects.get(number=1).uploaded_at)
    page = client.get("/catalogues/").content.decode()
    assert re.search(f'<td class="date"><time datetime="[^"]+" title="{sent:%Y-%m-%d %H:%M}">{sent:%Y-%m-%d}</time></td>',
                     page)  # fmt: skip
    assert f'version 1 of <span class="nowrap">{sent:%Y-%m-%d}</span>, with 3 components' in page


def test_the_sha256_is_a_technical_detail(people: Any, upload: Any, good_rows: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", good_rows)
    version = CatalogueVersion.objects.get(number=1)
    page = client.get("/catalogues/alpha/versions/1/").content.decode()
    assert "<dt>SHA-256</dt>" not in page
    technical = re.search(r'<p class="technical">(.*?)</p>', page, re.DOTALL)
    assert technical is not None
    assert technical.group(1) == (f'Technical details: {filesizeformat(version.size)}, '
                                  f'SHA-256 <span class="hash">{version.sha256}</span>')
    assert page.index("<dl") < page.index('<p class="technical">')


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Name", "Currency", "Lead time (weeks)", "Price breaks", "Farve", "+2.5 %", "-12.25 %",
            "12,345.5"]),
    ("da", ["Firmanavn", "Valuta", "Leveringstid (uger)", "Mængderabatter", "Farve", "+2,5 %", "-12,25 %",
            "12.345,5"]),
])  # fmt: skip
def test_the_compare_table_words_in_each_language(language: str, expected: list[str]) -> None:
    words = Wording(language)
    with translation.override(language):
        shown = [words.field("name", member=True), words.field("currency", member=True),
                 words.field("lead_time_weeks"), words.field("price_breaks"),
                 words.field("Farve"),  # a column of the firm's own: as the firm titled it
                 words.pct(Decimal("2.5")), words.pct(Decimal("-12.25")), words.value(Decimal("12345.5"))]  # fmt: skip
    assert shown == expected
