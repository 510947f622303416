"""The portal's tests run on the database DATABASE_URL names: PostgreSQL in make test's second run.

Guards against a second run that silently falls back to SQLite.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from bidkit.portal.accounts.models import Firm


@pytest.mark.django_db
def test_the_tests_use_the_database_that_database_url_names() -> None:
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    Firm.objects.create(id="pumpco", name="PumpCo A/S", country="DK")
    assert list(Firm.objects.values_list("id", flat=True)) == ["pumpco"]
