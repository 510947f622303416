"""Django for the portal's tests (pytest-django), with firms A and B and a person per role.

Settings: tests/portal/settings.py.  The database comes from ``DATABASE_URL`` when it is set
(PostgreSQL), else SQLite in memory.  Every test stores files in its own temporary folder.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
import pytest

if "BIDKIT_PORTAL_HOME" not in os.environ:  # the settings need a data folder; the tests keep files apart
    _HOME = tempfile.mkdtemp(prefix="bidkit-portal-tests-")
    atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
    os.environ["BIDKIT_PORTAL_HOME"] = _HOME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.portal.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from bidkit.portal.accounts.models import Firm, Profile, Role  # noqa: E402
from tests.helpers import COMPONENT_HEAD, write_catalogue  # noqa: E402


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Path) -> None:
    """Each test keeps uploaded files in its own folder."""
    storages = dict(settings.STORAGES)
    storages["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                           "OPTIONS": {"location": str(tmp_path / "files")}}  # fmt: skip
    settings.STORAGES = storages


@dataclass(frozen=True)
class People:
    alpha: Firm
    beta: Firm
    lead: Firm
    member_a: User
    member_b: User
    export: User
    reviewer: User

    def client(self, who: str | None, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        if who is not None:
            client.force_login(getattr(self, who))
        return client


def _person(name: str, role: str, firm: Firm | None) -> User:
    user = User.objects.create_user(name, password="correct horse battery staple")
    Profile.objects.create(user=user, role=role, firm=firm)
    return user


@pytest.fixture
def people(db: None) -> People:
    alpha = Firm.objects.create(id="alpha", name="Alpha Pumps A/S", country="DK", currency="DKK", language="da")
    beta = Firm.objects.create(id="beta", name="Beta Pipes GmbH", country="DE", currency="EUR")
    lead = Firm.objects.create(id="leadco", name="Lead Heat A/S", country="DK", currency="DKK")
    return People(alpha, beta, lead, _person("anna", Role.MEMBER, alpha), _person("bernd", Role.MEMBER, beta),
                  _person("erik", Role.EXPORT, None), _person("rita", Role.REVIEWER, lead))


def catalogue_bytes(folder: Path, member: str, rows: list[list[object]], name: str = "",
                    head: Sequence[str] = COMPONENT_HEAD) -> bytes:  # fmt: skip
    """A catalogue workbook of ``member`` (currency DKK) with these component rows, as bytes."""
    path = write_catalogue(folder / (name or f"{member}.xlsx"), rows, head=head,
                           member={"id": member, "name": f"{member.title()} A/S", "country": "DK",
                                   "currency": "DKK"})  # fmt: skip
    return path.read_bytes()


@pytest.fixture
def good_rows() -> list[list[object]]:
    return [["P-1", "Pump 40", "Pumps", "pcs", 1000, "DKK", 4, "DK", 12],
            ["P-2", "Pump 50", "Pumps", "pcs", 1500, "DKK", 4, "DK", 15],
            ["V-1", "Valve", "Valves", "pcs", 200, "DKK", 2, "DK", 1]]  # fmt: skip


@pytest.fixture
def rows_with_errors(good_rows: list[list[object]]) -> list[list[object]]:
    """The good rows and one with two errors (no name, a price that is not a number): a rejected version."""
    return [*good_rows, ["P-9", "", "Pumps", "pcs", "abc", "DKK"]]


@pytest.fixture
def upload(tmp_path: Path) -> Iterator[object]:
    """upload(client, member, rows, name=...) posts a catalogue to /catalogues/; returns the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(client: Client, member: str, rows: list[list[object]], name: str = "",
             head: Sequence[str] = COMPONENT_HEAD) -> object:  # fmt: skip
        data = catalogue_bytes(tmp_path, member, rows, name, head)
        return client.post("/catalogues/", {"file": SimpleUploadedFile(name or f"{member}.xlsx", data)})

    yield post
