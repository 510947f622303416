"""Hostile and broken workbooks from the corpus (tests/corpus/make_corpus.py), uploaded to the portal.

Each gets exactly the lines ``bidkit catalogue check`` prints for it (the corpus's documented
outcome), is kept as a rejected version when it has errors, and the portal keeps serving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bidkit.portal.accounts.models import Firm
from bidkit.portal.catalogues.models import CatalogueVersion
from tests.corpus.make_corpus import CASES, Case

pytestmark = pytest.mark.django_db
CHECKED = [case for case in CASES if case.args[:2] == ("catalogue", "check")]


def _lines(case: Case, version: CatalogueVersion) -> list[str]:
    """The version's problems as catalogue check prints them."""
    lines = []
    for problem in version.problems:
        where = f":{problem['where']}" if problem["where"] else ""
        kind = "warning: " if problem["severity"] == "warning" else ""
        lines.append(f"{case.name}{where}: {kind}{problem['message']}")
    return lines


def test_the_corpus_has_catalogue_cases() -> None:
    assert len(CHECKED) >= 25
    assert {"zip-bomb.xlsx", "xxe.xlsx", "bomb-in-sheet.xlsx", "encrypted.xlsx"} <= {c.name for c in CHECKED}


@pytest.mark.parametrize("case", CHECKED, ids=[case.name for case in CHECKED])
def test_a_corpus_file_gets_the_same_lines_as_catalogue_check(case: Case, people: Any, tmp_path: Path) -> None:
    from bidkit.portal.accounts.models import Profile

    corpus = Firm.objects.create(id="corpus", name="Corpus Components A/S", country="DK", currency="EUR")
    Profile.objects.filter(user=people.member_a).update(firm=corpus)
    case.make(tmp_path)
    data = (tmp_path / case.name).read_bytes()
    client = people.client("member_a")
    response = client.post("/catalogues/", {"file": SimpleUploadedFile(case.name, data)})
    assert response.status_code == 302
    version = CatalogueVersion.objects.get(firm=corpus)
    expected = case.stdout.splitlines()[:-1]  # the last line is check's count
    assert _lines(case, version) == expected
    assert version.status == ("rejected" if case.code else "accepted")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert client.get("/catalogues/").status_code == 200  # still serving
