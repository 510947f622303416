"""The library's catalogue problems shown in Danish (bidkit/portal/catalogues/danish.py).

Every pattern must meet a real message: the messages come from the corpus's catalogue cases and
from the workbooks below, each made to produce a kind of problem; every one of them has Danish.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bidkit.catalogue.tools.check import check_workbook
from bidkit.catalogue.xlsx.sniff import MESSAGES
from bidkit.portal.catalogues.danish import KINDS, PATTERNS, in_danish
from tests.corpus.make_corpus import CASES
from tests.helpers import write_catalogue

HEAD = ["sku", "name", "category", "unit", "unit_price", "currency", "lead_time_weeks", "origin_country",
        "valid_until"]  # fmt: skip
MEMBER = {"id": "dk", "name": "DK A/S", "country": "DK", "currency": "DKK"}
UPLOADED_FOR_ANOTHER = "this catalogue is for member 'beta', but it was uploaded for 'alpha'; write 'alpha' as the member id"


def _workbooks(folder: Path) -> list[Path]:
    """Workbooks that make the library say each kind of problem the corpus does not."""
    books = [
        write_catalogue(folder / "errors.xlsx", [
            ["E-1", "Negative", "C", "pcs", -5, "DKK", 2, "DK", None],
            ["E-3", "Weeks", "C", "pcs", 5, "DKK", 2.5, "DK", None],
            ["E-4", "Date", "C", "pcs", 5, "DKK", 2, "DK", "soon"],
            ["E-4", "Twice", "C", "pcs", 5, "DKK", 2, "DK", None],
            ["E-5", "Text", "C", "pcs", "abc", "DKK", 2, "DK", None]], head=HEAD, member=MEMBER, breaks=[["NOPE", 10, 4]]),
        write_catalogue(folder / "member.xlsx", [["A", "a", "C", "pcs", 1, "DKK", 1, "DK", None]], head=HEAD,
                        member={"id": "dk", "country": "QQ", "currency": "XYZ"}),
        write_catalogue(folder / "warnings.xlsx", [
            ["W-1", "Old", "C", "pcs", 10, "DKK", 2, "DK", datetime.date(2020, 1, 1)],
            ["W-2", "Slow", "C", "pcs", 10, "DKK", 60, "DK", None],
            ["W-3", "Where", "C", "pcs", 10, "DKK", 2, None, None],
            ["W-4", "Typo", "C", "pcs", 100000, "DKK", 2, "DK", None]], head=HEAD, member=MEMBER),
        write_catalogue(folder / "no-origin.xlsx", [["A", "a", "C", "pcs", 1, "DKK"]], member=MEMBER,
                        head=["sku", "name", "category", "unit", "unit_price", "currency"]),
        write_catalogue(folder / "columns.xlsx", [["A", "a", "pcs", "x"]], member=MEMBER,
                        head=["sku", "name", "unit", "name"]),
    ]  # fmt: skip
    only_member = Workbook()
    only_member.active.title = "Member"
    only_member.save(folder / "sheets.xlsx")
    hidden = Workbook()
    member = hidden.active
    member.title = "Member"
    for row in (["key", "value"], *([key, value] for key, value in MEMBER.items())):
        member.append(row)
    member.sheet_state = "hidden"
    components = hidden.create_sheet("Components")
    components.append(["sku", "name", "unit", "unit_price", "currency", "origin_country"])
    components.append(["A", "a", "pcs", 1, "DKK", "DK"])
    components.column_dimensions["B"].hidden = True
    hidden.save(folder / "hidden.xlsx")
    return [*books, folder / "sheets.xlsx", folder / "hidden.xlsx"]


def _messages(folder: Path) -> list[str]:
    found = [UPLOADED_FOR_ANOTHER]
    for path in _workbooks(folder):
        found += [p.message for p in check_workbook(path, path.name, datetime.date(2026, 12, 1)).problems]
    for case in CASES:
        if case.args[:2] == ("catalogue", "check"):
            for line in case.stdout.splitlines()[:-1]:  # name[:where]: [warning: ]message
                found.append(re.fullmatch(r"[^:]+(?::\S*)?: (?:warning: )?(.*)", line, re.DOTALL).group(1))  # type: ignore[union-attr]
    return found


def test_every_message_has_danish_and_every_pattern_meets_one(tmp_path: Path) -> None:
    messages = _messages(tmp_path)
    assert len(set(messages)) > 40
    untranslated = sorted({m for m in messages if in_danish(m) == m})
    assert untranslated == []
    unused = [pattern for pattern, _ in PATTERNS
              if not any(re.fullmatch(pattern, m, re.DOTALL) for m in messages)]  # fmt: skip
    assert unused == []


def test_every_file_kind_has_danish() -> None:
    assert set(KINDS) == set(MESSAGES)
    for kind, text in MESSAGES.items():
        assert in_danish(text) == KINDS[kind]


def test_values_stay_as_the_firm_wrote_them() -> None:
    assert in_danish("enhedspris '12,40,5' is not a number") == "enhedspris '12,40,5' er ikke et tal"
    assert in_danish("Komponenter: something new") == "Komponenter: something new"  # unknown: as written


@pytest.mark.django_db
def test_a_danish_page_shows_the_problems_in_danish(people: Any, upload: Any, rows_with_errors: Any) -> None:
    client = people.client("member_a")
    upload(client, "alpha", rows_with_errors)
    page = client.get("/catalogues/alpha/versions/1/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "<td>name er tom</td>" in page
    assert "<td>unit_price &#x27;abc&#x27; er ikke et tal</td>" in page
    page = client.get("/catalogues/alpha/versions/1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>unit_price &#x27;abc&#x27; is not a number</td>" in page
