"""Hardening: check --deploy, cookies, headers, the upload limit, signing in, throttling, the audit log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bidkit.portal.audit.models import Event
from bidkit.portal.catalogues.models import CatalogueVersion
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _manage(tmp_path: Path, settings: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "BIDKIT_PORTAL_HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT), "BIDKIT_PORTAL_SECRET_KEY": "k3y-" + os.urandom(32).hex()}  # fmt: skip
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bidkit.portal.manage", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    run = _manage(tmp_path, "bidkit.portal.settings_production", "check", "--deploy", "--fail-level", "WARNING")
    assert (run.returncode, run.stdout, run.stderr) == (0, "System check identified no issues (0 silenced).\n", "")


def test_the_production_settings_make_cookies_secure() -> None:
    from bidkit.portal import settings_production as prod

    assert (prod.SESSION_COOKIE_SECURE, prod.CSRF_COOKIE_SECURE, prod.SESSION_COOKIE_HTTPONLY) == (True, True, True)
    assert prod.SESSION_COOKIE_SAMESITE == "Lax"


def test_every_page_sends_the_security_headers(people: Any) -> None:
    for who, url in ((None, "/login/"), ("member_a", "/catalogues/"), ("export", "/overview/"),
                     ("export", "/admin/")):  # fmt: skip
        response = people.client(who).get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def test_templates_hold_no_inline_script_or_style() -> None:
    folder = ROOT / "bidkit" / "portal" / "templates"
    for template in folder.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "<style" not in text, template
        assert not re.search(r"\sstyle=|\son[a-z]+=", text), template


def test_signing_in_at_login_with_the_standard_fields(people: Any) -> None:
    client = people.client(None)
    response = client.post("/login/", {"username": "anna", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/catalogues/")
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/catalogues/").status_code == 200
    assert Event.objects.filter(kind="login", who="anna").count() == 1


def test_a_wrong_password_is_refused_and_logged(people: Any) -> None:
    response = people.client(None).post("/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert Event.objects.filter(kind="login failed", who="anna").exists()


def test_logins_are_throttled_after_five_failures(people: Any) -> None:
    client = people.client(None)
    for _ in range(5):
        client.post("/login/", {"username": "anna", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post("/login/", {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "Signing in failed too many times." in response.content.decode()
    assert Event.objects.filter(kind="login locked", who="anna").exists()
    assert "sessionid" not in client.cookies


def test_the_upload_size_limit(people: Any, settings: Any) -> None:
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    client = people.client("member_a")
    big = SimpleUploadedFile("alpha.xlsx", b"PK\x03\x04" + b"\0" * (1024 * 1024))
    response = client.post("/catalogues/", {"file": big})
    assert response.status_code == 400
    assert "The file is larger than 1 MB; a catalogue is far smaller. Is it the right file?" in response.content.decode()
    assert not CatalogueVersion.objects.exists()


def test_uploads_logins_and_permission_changes_are_in_the_audit_log(people: Any, upload: Any,
                                                                    good_rows: Any) -> None:  # fmt: skip
    from bidkit.portal.accounts.models import Profile, Role

    upload(people.client("member_a"), "alpha", good_rows)
    profile = Profile.objects.get(user=people.member_b)
    profile.role, profile.firm = Role.REVIEWER, people.lead
    profile.save()
    people.member_b.is_active = False
    people.member_b.save()
    events = [(e.kind, e.who, e.firm) for e in Event.objects.order_by("id")]
    assert ("upload", "anna", "alpha") in events
    assert ("role changed", "bernd", "leadco") in events
    assert ("permissions changed", "bernd", "") in events
    texts = {(e.kind, e.who): e.text for e in Event.objects.all()}
    assert texts["role changed", "bernd"] == "role member -> reviewer, firm beta -> leadco"
    assert texts["permissions changed", "bernd"] == "is_active True -> False"
    assert texts["permissions changed", "erik"] == "is_staff False -> True, is_superuser False -> True"
    assert re.fullmatch(r"version 1 \(alpha\.xlsx, sha256 [0-9a-f]{64}\): accepted, 3 components, "
                        r"0 errors, 0 warnings", texts["upload", "anna"])  # fmt: skip
    page = people.client("export").get("/audit/").content.decode()
    assert "role member -&gt; reviewer, firm beta -&gt; leadco" in page
    assert people.client("member_a").get("/audit/").status_code == 403


def test_export_people_are_staff_and_nobody_else_is(people: Any) -> None:
    assert people.export.is_staff and people.export.is_superuser
    for user in (people.member_a, people.member_b, people.reviewer):
        user.refresh_from_db()
        assert not user.is_staff and not user.is_superuser


def test_behind_the_proxy_logins_are_throttled_by_the_address_it_saw() -> None:
    from django.test import RequestFactory

    from bidkit.portal.proxy import client_address

    factory = RequestFactory()
    spoofed = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert client_address(spoofed) == "203.0.113.7"
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
