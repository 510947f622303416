"""Who may open what: every URL of the URL configuration × every role, and nothing of firm B for A.

The URLs are enumerated from the URL configuration itself: a new URL without an expected outcome
here fails :func:`test_every_url_has_an_expected_outcome`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from bidkit.portal.catalogues.models import CatalogueVersion
from tests.helpers import write_catalogue

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member_a", "member_b", "export", "reviewer")
PAGE, LOGIN, FORBIDDEN, MISSING, NOT_ALLOWED, AWAY, STAFF = (
    "page", "login", "403", "404", "405", "redirect", "staff")  # fmt: skip
# Firm-scoped pages of firm alpha: its member and export see them; for anyone else they do not exist.
ALPHA = {"anonymous": LOGIN, "member_a": PAGE, "member_b": MISSING, "export": PAGE, "reviewer": MISSING}
SIGNED_IN = {"anonymous": LOGIN, "member_a": PAGE, "member_b": PAGE, "export": PAGE, "reviewer": PAGE}
EXPORT = {"anonymous": LOGIN, "member_a": FORBIDDEN, "member_b": FORBIDDEN, "export": PAGE, "reviewer": FORBIDDEN}
# The admin: only the export department is staff; the rest are sent to the admin's login.
ADMIN = {"anonymous": LOGIN, "member_a": LOGIN, "member_b": LOGIN, "export": STAFF, "reviewer": LOGIN}
EXPECTED: dict[str, dict[str, str]] = {
    "home": dict.fromkeys(ROLES, AWAY),
    "accounts:login": {"anonymous": PAGE, "member_a": AWAY, "member_b": AWAY, "export": AWAY, "reviewer": AWAY},
    "accounts:logout": dict.fromkeys(ROLES, NOT_ALLOWED),  # GET; signing out is a POST
    "accounts:profile": SIGNED_IN,
    "catalogues:catalogues": SIGNED_IN,
    "catalogues:firm": ALPHA,
    "catalogues:template": ALPHA,
    "catalogues:compare": ALPHA,
    "catalogues:version": ALPHA,
    "catalogues:download": ALPHA,
    "catalogues:impact": ALPHA,
    "catalogues:overview": EXPORT,
    "audit": EXPORT,
    "admin:login": {"anonymous": PAGE, "member_a": PAGE, "member_b": PAGE, "export": AWAY, "reviewer": PAGE},
    # GET; the admin sends anyone not staff to its index (and that to its login)
    "admin:logout": {**dict.fromkeys(ROLES, AWAY), "export": NOT_ALLOWED},
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern itself when it has none
    pattern: str  # the path with <name> for each parameter

    def url(self, values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], self.pattern)


def _regex_to_route(regex: str) -> str:
    """A regex pattern as a route: named groups become <name>, anchors and escapes go."""
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", regex.lstrip("^").rstrip("$"))
    return text.replace("\\", "")


def routes(patterns: list[Any] | None = None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the portal, walked from the root URL configuration."""
    found: list[Route] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        raw = str(entry.pattern)
        part = _regex_to_route(raw) if isinstance(entry.pattern, RegexPattern) else raw
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            found += routes(entry.url_patterns, prefix + part, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else f"{namespace}:{prefix}{part}"
            found.append(Route(name, prefix + part))
    return found




def expected(route: Route, role: str) -> str:
    if route.name in EXPECTED:
        return EXPECTED[route.name][role]
    if route.name.startswith("admin:"):
        return ADMIN[role]
    raise AssertionError(f"no expected outcome for {route.name} ({route.pattern}): add it to EXPECTED")


def test_every_url_has_an_expected_outcome() -> None:
    all_routes = routes()
    assert len(all_routes) > 40  # the admin's own and the portal's
    assert all("(" not in r.pattern and "$" not in r.pattern for r in all_routes)  # every one can be opened
    names = {r.name for r in all_routes}
    assert set(EXPECTED) <= names, set(EXPECTED) - names
    for route in all_routes:
        for role in ROLES:
            assert expected(route, role) in (PAGE, LOGIN, FORBIDDEN, MISSING, NOT_ALLOWED, AWAY, STAFF)


@pytest.fixture
def world(people: Any, upload: Any, good_rows: Any, rows_with_errors: Any) -> dict[str, str]:
    """Firm alpha with a good and a rejected version, firm beta with one; the values to fill URLs with."""
    upload(people.client("member_a"), "alpha", good_rows)
    upload(people.client("member_a"), "alpha", rows_with_errors)
    upload(people.client("member_b"), "beta", [["BETA-SECRET-1", "Beta pipe", "Pipes", "m", 987654, "DKK"]])
    upload(people.client("member_b"), "beta", [["BETA-SECRET-2", "Beta bend", "Pipes", "m", "zzz-beta-price", "DKK"]])
    user_pk = str(people.member_a.pk)
    return {"firm": "alpha", "number": "1", "object_id": user_pk, "id": user_pk, "app_label": "accounts",
            "content_type_id": "1", "url": "nothing-here/"}  # fmt: skip


def outcome(response: Any, login_url: str) -> str:
    code = response.status_code
    if code in (301, 302):
        location = response["Location"]
        return LOGIN if location.startswith(login_url) else AWAY
    return {200: PAGE, 403: FORBIDDEN, 404: MISSING, 405: NOT_ALLOWED}.get(code, str(code))


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(role: str, people: Any, world: dict[str, str]) -> None:
    client = people.client(None if role == "anonymous" else role)
    wrong = []
    for route in routes():
        want = expected(route, role)
        url = route.url({**world, "object_id": _object_id(route, people)})
        response = client.get(url)
        admin = route.name.startswith("admin:")
        got = outcome(response, "/admin/login/" if admin else "/login/")
        if want == STAFF:
            ok = got in (PAGE, AWAY, FORBIDDEN, MISSING) and response.status_code != 500
        else:
            ok = got == want
        if not ok:
            wrong.append(f"{route.name} {url}: expected {want}, got {got}")
    assert wrong == []


def _object_id(route: Route, people: Any) -> str:
    """An existing object for the admin's change, history and delete pages of each model."""
    if "accounts_firm" in route.name:
        return "alpha"
    if "catalogueversion" in route.name:
        return str(CatalogueVersion.objects.get(firm_id="alpha", number=1).pk)
    return str(people.member_a.pk)


BETA_SECRETS = ("BETA-SECRET-1", "BETA-SECRET-2", "987654", "987,654", "Beta pipe", "Beta bend",
                "zzz-beta-price")  # a price, SKUs, names, and the problem list of a rejected version


def test_member_a_never_receives_firm_bs_catalogue(people: Any, world: dict[str, str]) -> None:
    """Every URL with firm beta's id and every version number, and A's URLs with B's hash as a parameter."""
    beta = CatalogueVersion.objects.get(firm_id="beta", number=1)
    secrets = (*BETA_SECRETS, beta.sha256, beta.stored_as)
    client = people.client("member_a")
    for route in routes():
        if route.name.startswith("admin:"):
            continue  # member A is not staff: every admin page sends them to its login (the matrix)
        for number in ("1", "2", "3", str(beta.pk)):
            for query in ("", f"?old=1&new={number}", f"?sha256={beta.sha256}", "?firm=beta"):
                url = route.url({**world, "firm": "beta", "number": number}) + query
                response = client.get(url)
                body = b"".join(response) if response.streaming else response.content
                if "<firm>" in route.pattern:
                    assert response.status_code == 404, url
                assert hashlib.sha256(body).hexdigest() != beta.sha256, url
                for secret in secrets:
                    assert secret.encode() not in body, (url, secret)
    for query in (f"?sha256={beta.sha256}", f"?file={beta.stored_as}", "?firm=beta", "?old=1&new=1"):
        for url in ("/catalogues/alpha/versions/1/download/", "/catalogues/alpha/compare/",
                    "/catalogues/", "/catalogues/alpha/versions/1/"):  # fmt: skip
            response = client.get(url + query)
            body = b"".join(response) if response.streaming else response.content
            assert hashlib.sha256(body).hexdigest() != beta.sha256, url + query
            for secret in secrets:
                assert secret.encode() not in body, (url + query, secret)


# What a POST does, per role, on the pages that change something.
POSTS = {
    "/catalogues/": {"anonymous": LOGIN, "member_a": "400", "member_b": "400", "export": FORBIDDEN,
                     "reviewer": FORBIDDEN},
    "/profile/": {"anonymous": LOGIN, "member_a": AWAY, "member_b": AWAY, "export": AWAY, "reviewer": AWAY},
    "/logout/": dict.fromkeys(ROLES, LOGIN),  # signed out, back to the login page
}


@pytest.mark.parametrize("role", ROLES)
def test_state_changes_by_role(role: str, people: Any, world: dict[str, str]) -> None:
    """Only a member sends a catalogue (an empty form comes back, 400, with its error)."""
    got = {}
    for url in POSTS:
        client = people.client(None if role == "anonymous" else role)
        got[url] = outcome(client.post(url, {"language": "en"}), "/login/")
    assert got == {url: want[role] for url, want in POSTS.items()}
    assert CatalogueVersion.objects.filter(firm_id="alpha").count() == 2  # nothing new was stored


def test_a_reviewer_sees_only_its_own_firms_catalogue(people: Any, upload: Any, good_rows: Any,
                                                     tmp_path: Any) -> None:  # fmt: skip
    from bidkit.portal.accounts.models import Profile

    upload(people.client("member_a"), "alpha", good_rows)
    Profile.objects.filter(user=people.reviewer).update(firm=people.alpha)
    client = people.client("reviewer")
    assert client.get("/catalogues/alpha/versions/1/").status_code == 200
    assert client.get("/catalogues/beta/").status_code == 404
    page = client.get("/catalogues/").content.decode()
    assert "Alpha Pumps A/S" in page
    assert 'type="file"' not in page  # a reviewer looks; the member uploads
    assert upload(client, "alpha", good_rows).status_code == 403


def test_export_sees_both_firms(people: Any, world: dict[str, str]) -> None:
    client = people.client("export")
    page = client.get("/catalogues/").content.decode()
    assert "Alpha Pumps A/S" in page and "Beta Pipes GmbH" in page
    beta = CatalogueVersion.objects.get(firm_id="beta", number=1)
    download = client.get("/catalogues/beta/versions/1/download/")
    assert hashlib.sha256(download.content).hexdigest() == beta.sha256
    assert "Beta Pipes GmbH" in client.get("/catalogues/beta/").content.decode()


def test_state_changes_need_the_csrf_token(people: Any, good_rows: Any, tmp_path: Path) -> None:
    client = people.client("member_a", csrf=True)
    data = write_catalogue(tmp_path / "alpha.xlsx", good_rows, member={
        "id": "alpha", "name": "Alpha", "country": "DK", "currency": "DKK"}).read_bytes()
    assert client.post("/catalogues/", {"file": SimpleUploadedFile("alpha.xlsx", data)}).status_code == 403
    assert client.post("/profile/", {"language": "da"}).status_code == 403
    assert client.post("/logout/").status_code == 403
    assert people.client(None, csrf=True).post("/login/", {"username": "anna", "password": "x"}).status_code == 403
    assert not CatalogueVersion.objects.exists()
    client.get("/catalogues/")  # the page sets the token's cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/catalogues/", {"file": SimpleUploadedFile("alpha.xlsx", data),
                                            "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert CatalogueVersion.objects.count() == 1
