"""Catalogues in the portal: upload and check, history, compare, download, template, impact, overview."""

from __future__ import annotations

from typing import Any

import pytest

from bidkit.portal.catalogues.models import CatalogueVersion

pytestmark = pytest.mark.django_db


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
